// The weights view fits a deep network's histograms into its tile: columns
// chosen for the tile's shape, every histogram inside it, and miniatures
// without axis labels when a cell is too small for them (Qt Charts would
// elide every label to "…"); room brings the axes back.

#include "view_testing.h"

#include "views/weights_view.h"

#include <QChart>
#include <QChartView>
#include <QValueAxis>
#include <QtTest>

using namespace hs;

class TestWeightsViewLayout : public QObject {
    Q_OBJECT

private slots:
    void deepNetworkFitsItsTile();
    void cellsAreEqual();
};

namespace {


QList<QChartView*> histogramViews(const WeightsView& view)
{
    return view.findChildren<QChartView*>();
}

} // namespace

void TestWeightsViewLayout::deepNetworkFitsItsTile()
{
    RunModel model;
    WeightsView view(&model);
    view.resize(700, 260);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    testing::trainInto(model, testing::deepSigmoidConfig());
    QCOMPARE(view.layerCount(), 11);
    // A wide, short tile: more columns than a square grid's four.
    QTRY_VERIFY(view.columns() >= 5);
    QVERIFY(view.miniature());
    const QList<QChartView*> charts = histogramViews(view);
    QCOMPARE(charts.size(), 11);
    for (QChartView* chart : charts) {
        // Every histogram inside the view, none cut off at its bottom.
        const QRect r(chart->mapTo(&view, QPoint(0, 0)), chart->size());
        QVERIFY2(view.rect().contains(r), qPrintable(QStringLiteral("%1 outside").arg(chart->chart()->title())));
        for (QAbstractAxis* axis : chart->chart()->axes())
            QVERIFY(!axis->labelsVisible());
    }

    // Room brings the axes back.
    view.resize(1500, 1000);
    QTRY_VERIFY(!view.miniature());
    QCOMPARE(view.columns(), 4); // 11 cells of 4 : 3 in a 3 : 2 area
    for (QChartView* chart : histogramViews(view))
        for (QAbstractAxis* axis : chart->chart()->axes())
            QVERIFY(axis->labelsVisible());
}

void TestWeightsViewLayout::cellsAreEqual()
{
    // Three layers side by side in a wide tile: one width for all, though
    // their titles differ in length.
    RunModel model;
    WeightsView view(&model);
    view.resize(600, 215); // a tile of the default window
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    RunConfig config = testing::circleConfig();
    config.model.hidden = {8, 8};
    testing::trainInto(model, config);
    QTRY_COMPARE(view.columns(), 3);
    // As the main window's splitters do at start-up: larger, then the tile.
    view.resize(1400, 500);
    QTest::qWait(50);
    view.resize(600, 215);
    QTest::qWait(50);
    const QList<QChartView*> charts = histogramViews(view);
    QCOMPARE(charts.size(), 3);
    for (QChartView* chart : charts)
        QVERIFY2(std::abs(chart->width() - charts.first()->width()) <= 2,
                 qPrintable(QStringLiteral("%1 against %2").arg(chart->width()).arg(charts.first()->width())));
}

QTEST_MAIN(TestWeightsViewLayout)
#include "test_weights_view_layout.moc"
