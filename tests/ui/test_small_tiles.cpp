// Every view of a run in a tile as small as the main window's grid makes
// them on a 1600 × 1000 screen with the run history open (about 340 × 190):
// the view takes the tile's size and every part of it stays inside (a view
// that kept a larger minimum was cut off at the tile's bottom: the
// confusion matrix lost its last row, the weights their last histograms).

#include "view_testing.h"

#include "views/confusion_view.h"
#include "views/curves_view.h"
#include "views/decision_boundary_view.h"
#include "views/gradient_view.h"
#include "views/learning_rate_view.h"
#include "views/loss_view.h"
#include "views/weights_view.h"

#include <QtTest>

#include <functional>
#include <memory>

using namespace hs;

class TestSmallTiles : public QObject {
    Q_OBJECT

private slots:
    void everyPartInside_data();
    void everyPartInside();
};

using MakeView = std::function<ViewBase*(RunModel*)>;
Q_DECLARE_METATYPE(MakeView)

void TestSmallTiles::everyPartInside_data()
{
    QTest::addColumn<MakeView>("make");
    QTest::newRow("loss") << MakeView([](RunModel* m) -> ViewBase* { return new LossView(m); });
    QTest::newRow("learning rate") << MakeView([](RunModel* m) -> ViewBase* { return new LearningRateView(m); });
    QTest::newRow("confusion") << MakeView([](RunModel* m) -> ViewBase* { return new ConfusionView(m); });
    QTest::newRow("curves") << MakeView([](RunModel* m) -> ViewBase* { return new CurvesView(m); });
    QTest::newRow("gradients") << MakeView([](RunModel* m) -> ViewBase* { return new GradientView(m); });
    QTest::newRow("weights") << MakeView([](RunModel* m) -> ViewBase* { return new WeightsView(m); });
    QTest::newRow("decision boundary")
        << MakeView([](RunModel* m) -> ViewBase* { return new DecisionBoundaryView(m); });
}

void TestSmallTiles::everyPartInside()
{
    QFETCH(MakeView, make);
    RunModel model;
    std::unique_ptr<ViewBase> view(make(&model));
    view->resize(340, 190);
    view->show();
    QVERIFY(QTest::qWaitForWindowExposed(view.get()));
    RunConfig config = testing::circleConfig();
    config.model.hidden = std::vector<int>(6, 8);
    testing::trainInto(model, config);
    QTest::qWait(20);
    QCOMPARE(view->size(), QSize(340, 190));
    for (QWidget* part : view->findChildren<QWidget*>()) {
        if (!part->isVisibleTo(view.get()) || part->isWindow())
            continue;
        const QRect r(part->mapTo(view.get(), QPoint(0, 0)), part->size());
        QVERIFY2(view->rect().contains(r), qPrintable(QStringLiteral("%1 (%2) at %3,%4 %5×%6")
                                                          .arg(part->metaObject()->className(), part->objectName())
                                                          .arg(r.x())
                                                          .arg(r.y())
                                                          .arg(r.width())
                                                          .arg(r.height())));
    }
}

QTEST_MAIN(TestSmallTiles)
#include "test_small_tiles.moc"
