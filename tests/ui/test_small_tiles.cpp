// Every view of a run in a tile as small as the main window's grid makes
// them on a 1600 × 1000 screen with the run history open (about 340 × 190):
// the view takes the tile's size and every part of it stays inside (a view
// that kept a larger minimum was cut off at the tile's bottom: the
// confusion matrix lost its last row, the weights their last histograms),
// and no text of its charts is elided to "…" (Qt Charts elides a label or
// axis title that its axis has no room for).

#include "view_testing.h"

#include "views/confusion_view.h"
#include "views/curves_view.h"
#include "views/decision_boundary_view.h"
#include "views/gradient_view.h"
#include "views/learning_rate_view.h"
#include "views/loss_view.h"
#include "views/weights_view.h"

#include <QChartView>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsTextItem>
#include <QtTest>

#include <functional>
#include <memory>

using namespace hs;

class TestSmallTiles : public QObject {
    Q_OBJECT

private slots:
    void everyPartInside_data();
    void everyPartInside();
    void noChartTextElided_data();
    void noChartTextElided();
    void confusionCountsStayReadable();
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

void TestSmallTiles::noChartTextElided_data()
{
    everyPartInside_data();
}

namespace {

// The first visible text of the view's charts that Qt Charts elided, or "".
QString firstElidedText(const ViewBase* view)
{
    for (QChartView* chartView : view->findChildren<QChartView*>()) {
        if (!chartView->isVisibleTo(view))
            continue;
        for (QGraphicsItem* item : chartView->scene()->items()) {
            if (!item->isVisible())
                continue;
            QString text;
            if (auto* t = dynamic_cast<QGraphicsTextItem*>(item))
                text = t->toPlainText();
            else if (auto* t = dynamic_cast<QGraphicsSimpleTextItem*>(item))
                text = t->text();
            if (text.contains(QChar(0x2026)) || text.contains(QStringLiteral("...")))
                return text;
        }
    }
    return {};
}

} // namespace

// Trains a binary, a ten-class and an eleven-layer run into the view at the
// grid's smallest tile and at the size of the curves' tile under a lesson
// banner. (The charts settle over a few layouts: the ticks are fitted to
// their new size, then titles give way where text is still elided.)
void TestSmallTiles::noChartTextElided()
{
    QFETCH(MakeView, make);
    for (const QSize size : {QSize(340, 190), QSize(365, 185)}) {
        for (const RunConfig& config :
             {testing::circleConfig(), testing::blobsConfig(), testing::deepSigmoidConfig()}) {
            RunModel model;
            std::unique_ptr<ViewBase> view(make(&model));
            view->resize(size);
            view->show();
            QVERIFY(QTest::qWaitForWindowExposed(view.get()));
            testing::trainInto(model, config);
            QTRY_VERIFY2_WITH_TIMEOUT(firstElidedText(view.get()).isEmpty(),
                                      qPrintable(QStringLiteral("\"%1\" in a %2×%3 view, %4 classes, %5 layers")
                                                     .arg(firstElidedText(view.get()))
                                                     .arg(size.width())
                                                     .arg(size.height())
                                                     .arg(config.data.classes)
                                                     .arg(config.model.hidden.size() + 1)),
                                      5000);
        }
    }
}

// A 2 × 2 matrix in the grid's tile has ~37-px cells: the count alone, at a
// readable size, rather than a count and a percentage of 7 px each.
void TestSmallTiles::confusionCountsStayReadable()
{
    const auto small = ConfusionHeatMap::cellLayout(37, 3);
    QVERIFY(small.text);
    QVERIFY(!small.twoLines);
    QVERIFY2(small.countPx >= 12, qPrintable(QString::number(small.countPx)));
    // Both lines where the percentage is at least 9 px.
    const auto large = ConfusionHeatMap::cellLayout(120, 3);
    QVERIFY(large.twoLines);
    QVERIFY(large.percentPx >= 9 && large.countPx >= large.percentPx);
    QVERIFY(large.countPx <= 22);
    // Five digits still fit the cell's width; a sliver of a cell shows none.
    const auto wide = ConfusionHeatMap::cellLayout(37, 5);
    QVERIFY(wide.text && wide.countPx * 0.62 * 5 <= 33 + 1e-9);
    QVERIFY(!ConfusionHeatMap::cellLayout(6, 1).text);
    for (double cell = 8; cell <= 400; cell += 1) {
        const auto l = ConfusionHeatMap::cellLayout(cell, 4);
        QVERIFY(!l.twoLines || l.percentPx >= 9);
        QVERIFY(!l.text || l.countPx >= 7);
    }
}

QTEST_MAIN(TestSmallTiles)
#include "test_small_tiles.moc"
