// Every view on real runs: circle (2 classes), blobs (10 classes) and plane
// (regression), trained synchronously and loaded into a RunModel. Checks what
// is plotted (series, points, cells), the empty states, long histories
// (decimated, bounded) and the shared decision threshold.

#include "view_testing.h"

#include "metrics/classification.h"
#include "views/confusion_view.h"
#include "views/curves_view.h"
#include "views/decision_boundary_view.h"
#include "views/gradient_view.h"
#include "views/learning_rate_view.h"
#include "views/loss_view.h"
#include "views/series_sync.h"
#include "views/weights_view.h"

#include <QChart>
#include <QDoubleSpinBox>
#include <QPainter>
#include <QSlider>
#include <QTableWidget>
#include <QXYSeries>
#include <QtTest>

using namespace hs;

class TestViews : public QObject {
    Q_OBJECT

private slots:
    void emptyStatesBeforeTraining();
    void evaluationViewsSayWhenThereIsNothingHeldOut();
    void lossView();
    void lossViewInASmallTile();
    void lossViewGrowsEpochByEpoch();
    void lossViewLogScale();
    void longHistoryStaysBounded();
    void learningRateView();
    void gradientView();
    void confusionViewBinary();
    void confusionViewTenClasses();
    void curvesViewBinary();
    void curvesViewTenClasses();
    void decisionBoundary();
    void decisionBoundaryNeeds2D();
    void decisionBoundaryCachesItsPoints();
    void weightsView();
    void regressionViews();
    void divergedRuns_data();
    void divergedRuns();
    void thresholdFollowsSliderAndSpinBox_data();
    void thresholdFollowsSliderAndSpinBox();
};

namespace {

int csvRows(const QString& csv)
{
    return int(csv.split('\n', Qt::SkipEmptyParts).size()) - 1;
}

EpochRecord syntheticEpoch(int epoch, int layers)
{
    EpochRecord r;
    r.epoch = epoch;
    r.steps = epoch * 10;
    r.trainLoss = 1.0 / (1.0 + 0.001 * epoch) + (epoch == 7777 ? 5.0 : 0.0);
    r.valLoss = r.trainLoss * 1.1;
    r.trainAccuracy = 1.0 - r.trainLoss / 2;
    r.valAccuracy = 1.0 - *r.valLoss / 2;
    r.lr = 0.01;
    r.layers.resize(std::size_t(layers));
    for (int l = 0; l < layers; ++l)
        r.layers[std::size_t(l)].gradNorm = std::pow(10.0, -l) / (1.0 + 0.0001 * epoch);
    return r;
}

} // namespace

void TestViews::emptyStatesBeforeTraining()
{
    RunModel model;
    LossView loss(&model);
    LearningRateView lr(&model);
    GradientView grad(&model);
    ConfusionView confusion(&model);
    CurvesView curves(&model);
    DecisionBoundaryView boundary(&model);
    WeightsView weights(&model);
    for (ViewBase* v : std::initializer_list<ViewBase*>{&loss, &lr, &grad, &confusion, &curves, &boundary, &weights}) {
        QVERIFY2(v->isEmptyState(), qPrintable(v->title()));
        QVERIFY(v->emptyText().contains("Train"));
    }
    QCOMPARE(loss.emptyText(), QStringLiteral("Press Train to see the loss curves"));
    QCOMPARE(loss.csvData(), QStringLiteral("epoch,train_loss,val_loss,train_accuracy,val_accuracy,lr,lr_reduced\n"));
}

void TestViews::evaluationViewsSayWhenThereIsNothingHeldOut()
{
    RunModel model;
    ConfusionView confusion(&model);
    CurvesView curves(&model);
    RunConfig c = testing::circleConfig();
    c.data.split = {1.0, 0.0, 0.0};
    testing::trainInto(model, c);
    QVERIFY(!model.history().empty());
    for (ViewBase* v : std::initializer_list<ViewBase*>{&confusion, &curves}) {
        QVERIFY2(v->isEmptyState(), qPrintable(v->title()));
        QVERIFY2(v->emptyText().contains("no validation or test samples"), qPrintable(v->emptyText()));
    }
    c.data.split = {0.8, 0.0, 0.2}; // a test set alone is enough
    testing::trainInto(model, c);
    QVERIFY(!confusion.isEmptyState());
    QVERIFY(!curves.isEmptyState());
}

void TestViews::lossView()
{
    RunModel model;
    LossView view(&model);
    testing::trainInto(model, testing::circleConfig());
    const int epochs = int(model.history().size());
    QCOMPARE(epochs, 12);
    QVERIFY(!view.isEmptyState());
    QCOMPARE(view.pointCount("train_loss"), epochs);
    QCOMPARE(view.pointCount("val_loss"), epochs);
    QCOMPARE(view.pointCount("train_accuracy"), epochs);
    QCOMPARE(view.pointCount("val_accuracy"), epochs);
    QCOMPARE(view.pointCount("best_epoch"), 1);
    QCOMPARE(view.markedBestEpoch(), model.summary()->bestEpoch);
    QCOMPARE(view.pointCount("stopped"), -1); // not stopped early: hidden
    QCOMPARE(view.pointCount("diverged"), -1);
    QCOMPARE(view.findSeries("train_loss")->at(0), QPointF(1, model.history()[0].trainLoss));
    QCOMPARE(csvRows(view.csvData()), epochs);

}

void TestViews::lossViewInASmallTile()
{
    // Laid out while still empty, then trained: a short tile shows the loss
    // alone, a tall one both charts.
    RunModel model;
    LossView view(&model);
    view.resize(500, 250);
    view.show();
    QVERIFY(view.isCompact());
    testing::trainInto(model, testing::circleConfig());
    QVERIFY(!view.isEmptyState());
    QVERIFY(!view.accuracyShown());
    // ... with the validation accuracy on its right-hand axis instead.
    QCOMPARE(view.pointCount("accuracy_overlay"), 12); // shown (hidden series count -1)
    QCOMPARE(view.findSeries("accuracy_overlay")->at(0).y(), *model.history()[0].valAccuracy);
    QVERIFY(view.charts().at(0)->title().isEmpty()); // the tile's frame has the title
    view.resize(900, 700);
    QTRY_VERIFY(view.accuracyShown());
    QVERIFY(!view.isCompact());
    QCOMPARE(view.pointCount("accuracy_overlay"), -1);
    QCOMPARE(view.charts().at(0)->title(), QStringLiteral("Loss per epoch"));
}

void TestViews::lossViewGrowsEpochByEpoch()
{
    RunModel model;
    LossView view(&model);
    Trainer trainer(testing::circleConfig());
    testing::NullObserver observer;
    model.reset(makeSetup(trainer));
    model.setRunning(true);
    QVERIFY(view.isEmptyState());
    QVERIFY(view.emptyText().startsWith("Training"));
    UpdateContents light;
    light.evaluations = light.field = light.weights = false;
    for (int e = 1; e <= 5; ++e) {
        QVERIFY(trainer.stepEpoch(observer));
        model.apply(makeUpdate(trainer, light));
        // The model reads the trainer's own log: no per-epoch copy.
        QCOMPARE(model.historyLog().get(), trainer.sharedHistory().get());
        QCOMPARE(model.history().size(), std::size_t(e));
        QCOMPARE(view.pointCount("train_loss"), e);
        QCOMPARE(view.pointCount("val_loss"), e);
    }
    QCOMPARE(view.findSeries("train_loss")->at(4).x(), 5.0);
}

void TestViews::lossViewLogScale()
{
    RunModel model;
    LossView view(&model);
    testing::trainInto(model, testing::circleConfig());
    view.setLogScale(true);
    QVERIFY(view.logScale());
    QCOMPARE(view.pointCount("train_loss"), 12);
    QCOMPARE(view.pointCount("best_epoch"), 1);
    view.setLogScale(false);
    QCOMPARE(view.pointCount("val_loss"), 12);
}

void TestViews::longHistoryStaysBounded()
{
    // 12,000 synthetic epochs in chunks, as a long run would deliver them.
    RunModel model;
    RunSetup setup;
    setup.layerCount = 3;
    setup.featureNames = {"x1", "x2"};
    setup.classNames = {"0", "1"};
    setup.config.model.hidden = {8, 8};
    model.reset(setup);
    LossView loss(&model);
    loss.resize(1000, 700); // wide: the whole budget (two points per pixel)
    loss.show();
    QVERIFY(QTest::qWaitForWindowExposed(&loss));
    GradientView grad(&model);
    const int total = 12000, chunk = 500;
    for (int first = 1; first <= total; first += chunk) {
        TrainingUpdate u;
        for (int e = first; e < first + chunk; ++e)
            u.newEpochs.push_back(syntheticEpoch(e, 3));
        u.epoch = first + chunk - 1;
        model.apply(std::move(u));
    }
    QCOMPARE(int(model.history().size()), total);
    for (const char* id : {"train_loss", "val_loss", "train_accuracy"}) {
        const int n = loss.pointCount(id);
        QVERIFY2(n > 1000 && n <= int(kDisplayBudget), qPrintable(QString("%1: %2").arg(id).arg(n)));
        auto* s = loss.findSeries(id);
        QCOMPARE(s->at(0).x(), 1.0);
        QCOMPARE(s->at(s->count() - 1).x(), double(total));
    }
    // The spike at epoch 7777 survives the decimation.
    bool spike = false;
    for (const QPointF& p : loss.findSeries("train_loss")->points())
        spike |= p.x() == 7777.0;
    QVERIFY(spike);
    // A narrow tile draws fewer points (two per pixel), still the whole run
    // and still the spike.
    loss.resize(300, 700);
    QTRY_VERIFY(loss.pointCount("train_loss") <= int(displayBudgetForWidth(300)));
    QVERIFY(loss.pointCount("train_loss") > int(displayBudgetForWidth(300)) / 2);
    QCOMPARE(loss.findSeries("train_loss")->points().back().x(), double(total));
    spike = false;
    for (const QPointF& p : loss.findSeries("train_loss")->points())
        spike |= p.x() == 7777.0;
    QVERIFY(spike);
    for (int l = 1; l <= 3; ++l)
        QVERIFY(grad.pointCount(QStringLiteral("layer_%1").arg(l)) <= int(kDisplayBudget));
    // The CSV still has every epoch.
    QCOMPARE(csvRows(loss.csvData()), total);
    QCOMPARE(csvRows(grad.csvData()), total);
}

void TestViews::learningRateView()
{
    RunModel model;
    LearningRateView view(&model);
    RunConfig config = testing::circleConfig();
    config.training.schedule.type = "cosine";
    Trainer trainer(config);
    model.reset(makeSetup(trainer));
    // Before training: the plan, dashed, for the whole run.
    QVERIFY(!view.isEmptyState());
    const int planned = int(model.setup().schedulePreview.size());
    QCOMPARE(planned, std::min(trainer.stepsPerEpoch() * config.training.epochs, int(kDisplayBudget)));
    QCOMPARE(view.pointCount("planned"), planned);
    QCOMPARE(view.pointCount("actual"), 0);
    QCOMPARE(view.findSeries("planned")->at(view.pointCount("planned") - 1).x(), double(config.training.epochs));
    testing::NullObserver observer;
    RunControl control;
    trainer.run(observer, control);
    model.apply(makeUpdate(trainer, {}));
    QCOMPARE(view.pointCount("actual"), int(model.steps().size()));
    view.setLogScale(true);
    QVERIFY(view.pointCount("actual") > 0);
    QVERIFY(view.csvData().startsWith("series,epoch,lr\n"));
}

void TestViews::gradientView()
{
    RunModel model;
    GradientView view(&model);
    RunConfig config = testing::circleConfig();
    config.model.hidden = {6, 4};
    testing::trainInto(model, config);
    const int epochs = int(model.history().size());
    QCOMPARE(model.setup().layerCount, 3);
    for (int l = 1; l <= 3; ++l) {
        QCOMPARE(view.pointCount(QStringLiteral("layer_%1").arg(l)), epochs);
        QCOMPARE(view.pointCount(QStringLiteral("bar_%1").arg(l)), 2);
    }
    QCOMPARE(view.findSeries("layer_1")->name(), QStringLiteral("L1 (2→6)"));
    QCOMPARE(view.findSeries("layer_3")->name(), QStringLiteral("L3 (4→1)"));
    // The bar's top is the latest epoch's value.
    QCOMPARE(view.findSeries("bar_2")->at(1).y(), model.history().back().layers[1].gradNorm);
    view.setMetric(GradientView::Metric::SaturatedFraction);
    QCOMPARE(view.pointCount("layer_1"), epochs);
    QCOMPARE(view.findSeries("layer_1")->at(0).y(), model.history()[0].layers[0].saturatedFraction);
    QVERIFY(view.csvData().startsWith("epoch,saturated_fraction_L1,saturated_fraction_L2,saturated_fraction_L3\n"));
    QCOMPARE(csvRows(view.csvData()), epochs);
}

void TestViews::confusionViewBinary()
{
    RunModel model;
    ConfusionView view(&model);
    testing::trainInto(model, testing::circleConfig());
    QVERIFY(!view.isEmptyState());
    QCOMPARE(view.classCount(), 2);
    QVERIFY(view.shownSubset() == Subset::Validation);
    const auto& eval = *model.evaluation(Subset::Validation);
    const auto expected = evaluateClassification(eval.labels, eval.probabilities, 0.5).confusion;
    std::int64_t total = 0;
    for (int r = 0; r < 2; ++r)
        for (int c = 0; c < 2; ++c) {
            QCOMPARE(view.count(r, c), expected(r, c));
            total += view.count(r, c);
            const auto row = expected.row(r).sum();
            QCOMPARE(view.cellText(r, c),
                     expected(r, c) == 0 ? QStringLiteral("0")
                                         : QStringLiteral("%1\n%2%").arg(expected(r, c)).arg(QString::number(
                                               100.0 * double(expected(r, c)) / double(row), 'f', 1)));
        }
    QCOMPARE(total, std::int64_t(eval.labels.size()));
    QCOMPARE(view.metricsTable()->rowCount(), 4);
    QCOMPARE(view.metricsTable()->item(1, 1)->text(),
             QString::number(view.report()->perClass[1].recall, 'f', 3));
    view.setSubset(Subset::Test);
    QVERIFY(view.shownSubset() == Subset::Test);
    QCOMPARE(csvRows(view.csvData()), 4);
}

void TestViews::confusionViewTenClasses()
{
    RunModel model;
    ConfusionView view(&model);
    testing::trainInto(model, testing::blobsConfig());
    QCOMPARE(view.classCount(), 10);
    const auto& eval = *model.evaluation(Subset::Validation);
    const auto& expected = eval.classification.confusion;
    for (int r = 0; r < 10; ++r)
        for (int c = 0; c < 10; ++c)
            QCOMPARE(view.count(r, c), expected(r, c));
    QCOMPARE(view.metricsTable()->rowCount(), 12);
    QCOMPARE(view.metricsTable()->verticalHeaderItem(11)->text(), QStringLiteral("weighted avg"));
    QCOMPARE(csvRows(view.csvData()), 100);
}

void TestViews::curvesViewBinary()
{
    RunModel model;
    CurvesView view(&model);
    testing::trainInto(model, testing::circleConfig());
    QVERIFY(!view.isEmptyState());
    QCOMPARE(view.curveCount(), 1);
    QVERIFY(view.pointCount("roc_1") >= 2);
    QVERIFY(view.pointCount("pr_1") >= 2);
    QCOMPARE(view.pointCount("chance"), 2);
    QCOMPARE(view.pointCount("no_skill"), 2);
    QCOMPARE(view.pointCount("roc_point"), 1);
    QCOMPARE(view.pointCount("pr_point"), 1);
    QVERIFY(view.thresholdSlider()->isVisibleTo(&view));
    const auto& eval = *model.evaluation(Subset::Validation);
    QVERIFY(view.findSeries("roc_1")->name().contains(QString::number(*eval.classification.rocAuc, 'f', 3)));
    QVERIFY(view.metricsText().contains("specificity"));
    QVERIFY(view.csvData().startsWith("curve,class,x,y,threshold\n"));
}

void TestViews::curvesViewTenClasses()
{
    RunModel model;
    CurvesView view(&model);
    testing::trainInto(model, testing::blobsConfig());
    QCOMPARE(view.curveCount(), 10);
    for (int k = 0; k < 10; ++k) {
        QVERIFY(view.pointCount(QStringLiteral("roc_%1").arg(k)) >= 2);
        QVERIFY(view.pointCount(QStringLiteral("pr_%1").arg(k)) >= 2);
    }
    QCOMPARE(view.pointCount("roc_point"), -1);
    QVERIFY(!view.thresholdSlider()->isVisibleTo(&view));
    QVERIFY(view.charts().at(0)->title().contains("macro AUC"));
    // The macro-average curve: the engine's, point for point, ending at (1, 1).
    const Evaluation& eval = *model.evaluation(Subset::Validation);
    std::vector<RocCurve> perClass;
    for (int k = 0; k < 10; ++k) {
        std::vector<int> positive;
        std::vector<double> scores;
        for (Eigen::Index i = 0; i < eval.labels.size(); ++i) {
            positive.push_back(eval.labels[i] == k ? 1 : 0);
            scores.push_back(eval.probabilities(k, i));
        }
        perClass.push_back(rocCurve(positive, scores));
    }
    const RocCurve macro = macroAverageRoc(perClass);
    QCOMPARE(view.pointCount("roc_macro"), int(macro.fpr.size()));
    QCOMPARE(view.findSeries("roc_macro")->points().back(), QPointF(1, 1));
    QVERIFY(view.csvData().contains("roc,macro,"));
}

void TestViews::decisionBoundary()
{
    RunModel model;
    DecisionBoundaryView view(&model);
    testing::trainInto(model, testing::circleConfig());
    QVERIFY(!view.isEmptyState());
    QVERIFY(view.hasField());
    QCOMPARE(view.fieldSize(), QSize(120, 120));
    QCOMPARE(view.trainPointCount(), int(model.setup().trainPoints.cols()));
    QVERIFY(view.validationPointCount() > 0);
    // Binary colours: p = 0 is blue-ish, p = 1 orange-ish, p = 0.5 white.
    const QColor c0 = view.canvas()->colorFor(0.0f, 0), c1 = view.canvas()->colorFor(1.0f, 1),
                 mid = view.canvas()->colorFor(0.5f, 1);
    QVERIFY(c0.blue() > c0.red());
    QVERIFY(c1.red() > c1.blue());
    QCOMPARE(mid, QColor(Qt::white));
    QCOMPARE(csvRows(view.csvData()),
             120 * 120 + view.trainPointCount() + view.validationPointCount());

    RunModel blobs;
    DecisionBoundaryView many(&blobs);
    testing::trainInto(blobs, testing::blobsConfig());
    QVERIFY(many.hasField());
}

void TestViews::decisionBoundaryCachesItsPoints()
{
    // On screen the points come from a layer drawn once per run; it must
    // look like the points drawn directly (as exports draw them), survive a
    // new field, and give way to another run's points.
    RunModel model;
    DecisionBoundaryView view(&model);
    view.resize(640, 560);
    testing::trainInto(model, testing::circleConfig());
    auto* canvas = view.findChild<DecisionBoundaryCanvas*>();
    QVERIFY(canvas && canvas->pointLayer().isNull());
    const QImage shown = canvas->grab().toImage().convertToFormat(QImage::Format_RGB32);
    QVERIFY(!canvas->pointLayer().isNull());
    const qint64 layer = canvas->pointLayer().cacheKey();

    QImage direct(shown.size(), QImage::Format_RGB32);
    direct.fill(Qt::white);
    {
        QPainter p(&direct);
        p.setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
        canvas->paintContent(p, QRectF(QPointF(0, 0), QSizeF(shown.size())));
    }
    int worst = 0, differing = 0;
    for (int y = 0; y < shown.height(); ++y)
        for (int x = 0; x < shown.width(); ++x) {
            const QRgb a = shown.pixel(x, y), b = direct.pixel(x, y);
            const int d = std::max({std::abs(qRed(a) - qRed(b)), std::abs(qGreen(a) - qGreen(b)), std::abs(qBlue(a) - qBlue(b))});
            worst = std::max(worst, d);
            differing += d > 0;
        }
    // Compositing the layer rounds antialiased edges once more: 3 levels
    // at most, on ~1 % of the pixels (a shifted layer differs by 255).
    QVERIFY2(worst <= 4, qPrintable(QString("a pixel differs by %1").arg(worst)));
    QVERIFY(differing < shown.width() * shown.height() / 50);

    // A new field over the same points: the same layer.
    emit model.fieldChanged();
    canvas->grab();
    QCOMPARE(canvas->pointLayer().cacheKey(), layer);
    // Another run: its own points.
    testing::trainInto(model, testing::blobsConfig());
    QVERIFY(canvas->pointLayer().isNull());
    canvas->grab();
    QVERIFY(!canvas->pointLayer().isNull());
    QVERIFY(canvas->pointLayer().cacheKey() != layer);
}

void TestViews::decisionBoundaryNeeds2D()
{
    // More than 2 features: the field in the principal-component plane, with
    // every point projected onto it.
    RunModel model;
    DecisionBoundaryView view(&model);
    RunConfig config = testing::blobsConfig();
    config.data.dimensions = 5;
    config.data.classes = 3;
    testing::trainInto(model, config);
    QVERIFY(!view.isEmptyState());
    QVERIFY(model.setup().plane && model.setup().plane->principal);
    QVERIFY(view.hasField());
    QCOMPARE(view.fieldSize(), QSize(120, 120));
    Trainer probe(config);
    QCOMPARE(view.trainPointCount(), int(probe.data().split.train.samples()));
    QCOMPARE(model.field()->classes, 3);
    // One feature: no plane to draw.
    RunModel line;
    DecisionBoundaryView empty(&line);
    config.data.dimensions = 1;
    testing::trainInto(line, config);
    QVERIFY(empty.isEmptyState());
    QVERIFY(empty.emptyText().contains("at least 2 input features"));
    QVERIFY(empty.emptyText().contains("has 1"));
}

void TestViews::weightsView()
{
    RunModel model;
    WeightsView view(&model);
    testing::trainInto(model, testing::circleConfig());
    QCOMPARE(view.layerCount(), 2);
    for (int l = 0; l < 2; ++l) {
        const auto& h = view.layerHistogram(l);
        int sum = 0;
        for (int c : h.counts)
            sum += c;
        QCOMPARE(std::size_t(sum), model.weights()[std::size_t(l)].size());
        QCOMPARE(int(h.counts.size()), WeightsView::binsFor(model.weights()[std::size_t(l)].size()));
    }
    view.setSharedRange(true);
    QCOMPARE(view.layerHistogram(0).lo, view.layerHistogram(1).lo);
    QCOMPARE(view.layerHistogram(0).hi, view.layerHistogram(1).hi);
    // Near-zero share.
    const auto h = WeightsView::histogram({0.0f, 0.0005f, -0.0009f, 0.5f, -1.0f}, 4);
    QCOMPARE(h.nearZeroFraction, 0.6);
    QCOMPARE(h.counts.size(), std::size_t(4));
    QVERIFY(view.csvData().startsWith("layer,bin_start,bin_end,count\n"));
}

void TestViews::regressionViews()
{
    RunModel model;
    LossView loss(&model);
    ConfusionView confusion(&model);
    CurvesView curves(&model);
    DecisionBoundaryView boundary(&model);
    testing::trainInto(model, testing::planeConfig());
    QCOMPARE(loss.pointCount("train_loss"), 8);
    QCOMPARE(loss.pointCount("train_accuracy"), 0); // regression: no accuracy (its chart is hidden)
    QVERIFY(confusion.isEmptyState());
    QVERIFY(confusion.emptyText().contains("classification"));
    QVERIFY(curves.isEmptyState());
    QVERIFY(boundary.hasField());
    QVERIFY(!boundary.isEmptyState());
}

void TestViews::divergedRuns_data()
{
    // Plane regression with plain SGD and a rate far too high: the loss
    // explodes in the very first epoch, or (warming up to it over 4 epochs)
    // at epoch 4 once the rate is high enough.
    QTest::addColumn<double>("lr");
    QTest::addColumn<int>("warmup");
    QTest::addColumn<bool>("anyEpoch");
    QTest::newRow("late") << 1.4 << 4 << true;
    QTest::newRow("first epoch") << 1.8 << 0 << false;
}

void TestViews::divergedRuns()
{
    QFETCH(double, lr);
    QFETCH(int, warmup);
    QFETCH(bool, anyEpoch);
    RunConfig config = testing::planeConfig();
    config.model.hidden = {16, 16};
    config.model.activation = "relu";
    config.training.batchSize = 8;
    config.training.epochs = 10;
    config.training.optimizer.type = "sgd";
    config.training.optimizer.lr = lr;
    config.training.schedule.warmupEpochs = warmup;
    RunModel model;
    LossView loss(&model);
    GradientView grad(&model);
    DecisionBoundaryView boundary(&model);
    WeightsView weights(&model);
    testing::trainInto(model, config);
    QVERIFY(model.summary()->status == RunStatus::Diverged);
    QCOMPARE(!model.history().empty(), anyEpoch);
    if (anyEpoch) {
        QCOMPARE(loss.pointCount("diverged"), 2);
        QVERIFY(loss.findSeries("diverged")->name().startsWith("diverged (epoch"));
        QVERIFY(loss.pointCount("train_loss") >= 1);
    } else {
        QVERIFY(loss.isEmptyState());
        QVERIFY2(loss.emptyText().contains("diverged"), qPrintable(loss.emptyText()));
        QVERIFY(grad.emptyText().contains("diverged"));
    }
    // Nothing throws while drawing or exporting the wreck.
    for (ViewBase* v : std::initializer_list<ViewBase*>{&loss, &grad, &boundary, &weights}) {
        QImage image(400, 300, QImage::Format_ARGB32);
        QPainter p(&image);
        v->renderTo(p, QRectF(0, 0, 400, 300));
        QVERIFY(!v->csvData().isEmpty());
    }

    // A classifier whose evaluation is not finite shows why instead of curves.
    RunModel broken;
    ConfusionView confusion(&broken);
    CurvesView curves(&broken);
    testing::trainInto(broken, testing::circleConfig());
    TrainingUpdate u;
    Evaluation e = *broken.evaluation(Subset::Validation);
    e.valid = false;
    e.problem = "the model's outputs are not finite numbers (the run diverged), so its metrics are undefined";
    e.probabilities.setConstant(std::numeric_limits<double>::quiet_NaN());
    u.validation = e;
    u.test = e;
    broken.apply(u);
    QVERIFY(confusion.isEmptyState());
    QVERIFY(confusion.emptyText().contains("not finite"));
    QVERIFY(curves.isEmptyState());
    QVERIFY(curves.emptyText().contains("not finite"));
    broken.setThreshold(0.3); // must not throw on the NaN probabilities
    QVERIFY(confusion.isEmptyState());
}

void TestViews::thresholdFollowsSliderAndSpinBox_data()
{
    QTest::addColumn<double>("threshold");
    QTest::newRow("0.2") << 0.2;
    QTest::newRow("0.35") << 0.35;
    QTest::newRow("0.5") << 0.5;
    QTest::newRow("0.8") << 0.8;
    QTest::newRow("0.999") << 0.999;
}

void TestViews::thresholdFollowsSliderAndSpinBox()
{
    QFETCH(double, threshold);
    RunModel model;
    CurvesView curves(&model);
    ConfusionView confusion(&model);
    testing::trainInto(model, testing::circleConfig());
    const auto& eval = *model.evaluation(Subset::Validation);
    auto check = [&] {
        QCOMPARE(model.threshold(), threshold);
        const auto expected = evaluateClassification(eval.labels, eval.probabilities, threshold).confusion;
        for (int r = 0; r < 2; ++r)
            for (int c = 0; c < 2; ++c)
                QCOMPARE(confusion.count(r, c), expected(r, c));
        const auto op = curves.operatingPointShown();
        QVERIFY(op.has_value());
        QCOMPARE(op->threshold, threshold);
        QCOMPARE(curves.findSeries("roc_point")->at(0), QPointF(op->fpr, op->tpr));
    };
    // The slider.
    curves.thresholdSlider()->setValue(int(std::lround(threshold * 1000)));
    check();
    QCOMPARE(curves.thresholdSpinBox()->value(), threshold);
    // Back to 0.5, then the spin box.
    model.setThreshold(0.5);
    QCOMPARE(curves.thresholdSlider()->value(), 500);
    curves.thresholdSpinBox()->setValue(threshold);
    check();
    QCOMPARE(curves.thresholdSlider()->value(), int(std::lround(threshold * 1000)));
}

QTEST_MAIN(TestViews)
#include "test_views.moc"
