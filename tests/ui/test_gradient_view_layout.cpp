// The gradients view stays readable in a tile: decade labels thin out
// before Qt Charts would elide them all to "…", a deep network's layers are
// keyed by the numbered bars instead of a legend that would be cut off, and
// the bars' layer numbers thin out when they would not fit under the bars.

#include "view_testing.h"

#include "views/gradient_view.h"
#include "views/view_style.h"

#include <QChart>
#include <QLabel>
#include <QLegend>
#include <QLegendMarker>
#include <QLogValueAxis>
#include <QValueAxis>
#include <QXYSeries>
#include <QtTest>

#include <cmath>

using namespace hs;

class TestGradientViewLayout : public QObject {
    Q_OBJECT

private slots:
    void decadeRangeThinsOutLabels();
    void decadeRangeKeepsEveryDecadeWhenThereIsRoom();
    void deepNetworkIsKeyedByBars();
    void shallowNetworkKeepsItsLegend();
    void logAxisOfASmallTileHasFewLabels();
};

namespace {

QValueAxis* barAxisOf(QChart* chart)
{
    return qobject_cast<QValueAxis*>(chart->axes(Qt::Horizontal).value(0));
}

QLogValueAxis* logAxisOf(QChart* chart)
{
    for (QAbstractAxis* a : chart->axes(Qt::Vertical))
        if (auto* log = qobject_cast<QLogValueAxis*>(a))
            return log;
    return nullptr;
}

// Labels a log axis draws: the powers of its base in its range.
int decadeLabels(const QLogValueAxis* axis)
{
    const double b = std::log10(axis->base());
    const double lo = std::ceil(std::log10(axis->min()) / b - 1e-6);
    const double hi = std::floor(std::log10(axis->max()) / b + 1e-6);
    return int(hi - lo) + 1;
}


} // namespace

void TestGradientViewLayout::decadeRangeThinsOutLabels()
{
    QLogValueAxis axis;
    // Eleven decades, six labels at most: a tick every third decade, at
    // multiples of three, the data inside.
    style::setDecadeRange(&axis, 3e-11, 0.5, 6);
    QCOMPARE(axis.base(), 1000.0);
    QVERIFY(std::abs(std::log10(axis.min()) + 12) < 1e-6);
    QVERIFY(std::abs(std::log10(axis.max())) < 1e-6);
    QCOMPARE(decadeLabels(&axis), 5);
    QCOMPARE(axis.minorTickCount(), 0);
    // Two labels: one stride over the whole range.
    style::setDecadeRange(&axis, 2e-6, 0.5, 2);
    QCOMPARE(axis.base(), 1e6);
    QCOMPARE(decadeLabels(&axis), 2);
    // Six decades in three labels: 1e-3, 1, 1e3.
    style::setDecadeRange(&axis, 2e-3, 500, 3);
    QCOMPARE(axis.base(), 1000.0);
    QCOMPARE(decadeLabels(&axis), 3);
    // Around 10^0 no stride gives two labels: three, the fewest there are.
    style::setDecadeRange(&axis, 2e-3, 500, 2);
    QCOMPARE(decadeLabels(&axis), 3);
}

void TestGradientViewLayout::decadeRangeKeepsEveryDecadeWhenThereIsRoom()
{
    QLogValueAxis axis;
    style::setDecadeRange(&axis, 3e-11, 0.5, 12);
    QCOMPARE(axis.base(), 10.0);
    QVERIFY(std::abs(std::log10(axis.min()) + 11) < 1e-6);
    QCOMPARE(decadeLabels(&axis), 12);
    // Within one decade: powers of two, whatever the room.
    style::setDecadeRange(&axis, 0.3, 0.9, 2);
    QCOMPARE(axis.base(), 2.0);
    // A few decades keep their minor ticks.
    style::setDecadeRange(&axis, 1e-3, 1.0, 12);
    QCOMPARE(axis.base(), 10.0);
    QCOMPARE(axis.minorTickCount(), 8);
}

void TestGradientViewLayout::deepNetworkIsKeyedByBars()
{
    RunModel model;
    GradientView view(&model);
    view.resize(640, 260); // a tile of the main window's grid
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    testing::trainInto(model, testing::deepSigmoidConfig());
    QCOMPARE(model.setup().layerCount, 11);

    // No legend (it would be cut off); the bands are named above the plot.
    QVERIFY(!view.charts().at(0)->legend()->isVisible());
    auto* note = view.findChild<QLabel*>("bandNote");
    QVERIFY(note);
    QTRY_VERIFY(note->isVisible());
    QVERIFY2(note->text().contains("vanishing"), qPrintable(note->text()));

    // Narrow bars: a label every second layer or fewer, numbers only.
    QValueAxis* layersAxis = barAxisOf(view.charts().at(1));
    QVERIFY(layersAxis);
    QCOMPARE(layersAxis->labelFormat(), QStringLiteral("%.0f"));
    QTRY_VERIFY(view.barLabelStep() >= 2);
    QCOMPARE(layersAxis->tickInterval(), double(view.barLabelStep()));
    QCOMPARE(layersAxis->tickAnchor(), 1.0);
    QCOMPARE(layersAxis->min(), 0.5);
    QCOMPARE(layersAxis->max(), 11.5);
    // Each bar stands on its layer's number.
    QCOMPARE(view.findSeries("bar_7")->at(0).x(), 7.0);

    // Room for all of them: every layer numbered.
    view.resize(1800, 400);
    QTRY_COMPARE(view.barLabelStep(), 1);
    QCOMPARE(layersAxis->tickInterval(), 1.0);
}

void TestGradientViewLayout::shallowNetworkKeepsItsLegend()
{
    RunModel model;
    GradientView view(&model);
    view.resize(900, 400);
    view.show();
    RunConfig config = testing::circleConfig();
    config.model.hidden = {6, 4};
    testing::trainInto(model, config);
    QChart* lines = view.charts().at(0);
    auto* line = view.findSeries("layer_2");
    QVERIFY(line);
    QVERIFY(lines->legend()->isVisible());
    QVERIFY(lines->legend()->markers(line).value(0)->isVisible());
    QVERIFY(!view.findChild<QLabel*>("bandNote")->isVisible());
    QTRY_COMPARE(view.barLabelStep(), 1);
    QCOMPARE(barAxisOf(view.charts().at(1))->labelFormat(), QStringLiteral("L%.0f"));
}

void TestGradientViewLayout::logAxisOfASmallTileHasFewLabels()
{
    // Gradient norms over eleven decades, as in a vanishing-gradient network.
    RunModel model;
    RunSetup setup;
    setup.layerCount = 12;
    setup.featureNames = {"x1", "x2"};
    setup.classNames = {"0", "1"};
    setup.config.model.hidden = std::vector<int>(11, 16);
    model.reset(setup);
    GradientView view(&model);
    view.resize(640, 240);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    TrainingUpdate u;
    for (int e = 1; e <= 20; ++e) {
        EpochRecord r;
        r.epoch = e;
        r.trainLoss = 0.7;
        r.layers.resize(12);
        for (int l = 0; l < 12; ++l)
            r.layers[std::size_t(l)].gradNorm = std::pow(10.0, -l);
        u.newEpochs.push_back(r);
    }
    u.epoch = 20;
    model.apply(std::move(u));
    QLogValueAxis* axis = logAxisOf(view.charts().at(0));
    QVERIFY(axis);
    // 240 px leave room for about seven labels, not twelve.
    QTRY_VERIFY(axis->base() > 10.0);
    QVERIFY2(decadeLabels(axis) <= 7, qPrintable(QString::number(decadeLabels(axis))));
    QVERIFY(axis->min() <= 1e-11 && axis->max() >= 1.0);
    // A tall view labels every decade.
    view.resize(640, 700);
    QTRY_COMPARE(axis->base(), 10.0);
}

QTEST_MAIN(TestGradientViewLayout)
#include "test_gradient_view_layout.moc"
