// Learning-rate schedules: every type against values worked out by hand,
// warm-up composition, preview(), plateau bookkeeping basics, argument checks
// and validation messages that name the field. Comparisons with
// torch.optim.lr_scheduler are in test_optim_schedule_torch.cpp.

#include "optim/schedule.h"
#include "optim_testing.h"

#include <QtTest/QtTest>

#include <cmath>
#include <stdexcept>

using hs::LearningRateSchedule;
using hs::ScheduleSpec;
using namespace optim_testing;

namespace {

struct Point {
    int epoch;
    int step;
    double lr;
};

} // namespace

Q_DECLARE_METATYPE(ScheduleSpec)
Q_DECLARE_METATYPE(std::vector<Point>)

class TestOptimSchedule : public QObject {
    Q_OBJECT
private slots:
    void typesAndMonitors();
    void handComputed_data();
    void handComputed();
    void warmupComposesWithEveryType_data();
    void warmupComposesWithEveryType();
    void plateauResetAndOtherTypes();
    void previewIsTheRunWithoutReductions_data();
    void previewIsTheRunWithoutReductions();
    void invalidSpecsThrow_data();
    void invalidSpecsThrow();
    void learningRateChecksArguments();
    void extremeValidSpecsStayFinite();
};

void TestOptimSchedule::typesAndMonitors()
{
    const std::vector<std::string> types{"constant",     "step",   "multistep", "exponential",
                                         "inverse_time", "cosine", "cyclic",    "plateau"};
    QCOMPARE(hs::scheduleTypes(), types);
    QVERIFY(hs::isMaximizedMetric("val_accuracy"));
    QVERIFY(hs::isMaximizedMetric("train_accuracy"));
    QVERIFY(!hs::isMaximizedMetric("val_loss"));
    QVERIFY(!hs::isMaximizedMetric("train_loss"));
    QVERIFY(!hs::isMaximizedMetric("accuracy_drop"));
}

void TestOptimSchedule::handComputed_data()
{
    QTest::addColumn<ScheduleSpec>("spec");
    QTest::addColumn<double>("lr0");
    QTest::addColumn<int>("epochs");
    QTest::addColumn<int>("stepsPerEpoch");
    QTest::addColumn<std::vector<Point>>("points");

    QTest::newRow("constant") << ScheduleSpec{} << 0.1 << 10 << 4
                              << std::vector<Point>{{0, 0, 0.1}, {7, 3, 0.1}, {12, 1, 0.1}};
    // 0.1·0.5^⌊e/3⌋
    QTest::newRow("step") << ScheduleSpec{.type = "step", .stepSize = 3, .gamma = 0.5} << 0.1 << 12 << 2
                          << std::vector<Point>{{0, 0, 0.1}, {2, 1, 0.1}, {3, 0, 0.05},
                                                {8, 1, 0.025}, {9, 0, 0.0125}};
    // 0.1·0.1^(milestones ≤ e), milestones 2, 5, 8
    QTest::newRow("multistep")
        << ScheduleSpec{.type = "multistep", .gamma = 0.1, .milestones = {2, 5, 8}} << 0.1 << 10 << 1
        << std::vector<Point>{{1, 0, 0.1}, {2, 0, 0.01}, {4, 0, 0.01}, {5, 0, 0.001}, {9, 0, 1e-4}};
    // A repeated milestone counts twice (PyTorch's Counter): 0.1·0.5² from epoch 3.
    QTest::newRow("multistep repeated")
        << ScheduleSpec{.type = "multistep", .gamma = 0.5, .milestones = {3, 3}} << 0.1 << 5 << 1
        << std::vector<Point>{{2, 0, 0.1}, {3, 0, 0.025}};
    QTest::newRow("multistep empty")
        << ScheduleSpec{.type = "multistep", .gamma = 0.5} << 0.1 << 5 << 1
        << std::vector<Point>{{4, 0, 0.1}};
    // 0.1·0.9^e
    QTest::newRow("exponential") << ScheduleSpec{.type = "exponential", .gamma = 0.9} << 0.1 << 5 << 3
                                 << std::vector<Point>{{0, 2, 0.1}, {1, 0, 0.09}, {3, 1, 0.0729}};
    // 0.1/(1 + 0.5·e/10): e 4 → 0.1/1.2, e 10 → 0.1/1.5
    QTest::newRow("inverse_time")
        << ScheduleSpec{.type = "inverse_time", .decayRate = 0.5, .decaySteps = 10} << 0.1 << 20 << 2
        << std::vector<Point>{{0, 1, 0.1}, {4, 0, 0.1 / 1.2}, {10, 1, 0.1 / 1.5}};
    // Whole run (T_max = epochs = 10), η_min 0: e 3 → 0.05·(1 + cos 0.3π) = 0.05·1.587785252
    QTest::newRow("cosine whole run")
        << ScheduleSpec{.type = "cosine"} << 0.1 << 10 << 2
        << std::vector<Point>{{0, 0, 0.1}, {3, 1, 0.05 * (1.0 + 0.5877852522924731)}, {5, 0, 0.05}};
    // T_max 4, η_min 0.01: e 2 → 0.01 + 0.09·(1 + 0)/2 = 0.055; from e 4 on, η_min.
    QTest::newRow("cosine period")
        << ScheduleSpec{.type = "cosine", .period = 4, .minLr = 0.01} << 0.1 << 10 << 1
        << std::vector<Point>{{2, 0, 0.055}, {4, 0, 0.01}, {7, 0, 0.01}, {9, 0, 0.01}};
    // SGDR T_0 3, T_mult 2: cycles [0, 3), [3, 9), [9, 21); e 4 → T_cur 1 of T_i 6.
    QTest::newRow("sgdr")
        << ScheduleSpec{.type = "cosine", .period = 3, .restarts = true, .periodMult = 2, .minLr = 0.001}
        << 0.1 << 25 << 1
        << std::vector<Point>{{3, 0, 0.1}, {4, 0, cosineLr(0.1, 0.001, 1, 6)}, {9, 0, 0.1},
                              {20, 0, cosineLr(0.1, 0.001, 11, 12)}, {21, 0, 0.1}};
    // Non-integer T_mult 1.5, T_0 2 (PyTorch insists on integers; stepping rule as there):
    // cycles [0, 2), [2, 5), [5, 9.5), then T_cur = 10 − 9.5 = 0.5 of T_i 6.75.
    QTest::newRow("sgdr fractional mult")
        << ScheduleSpec{.type = "cosine", .period = 2, .restarts = true, .periodMult = 1.5}
        << 0.1 << 12 << 1
        << std::vector<Point>{{2, 0, 0.1}, {4, 0, cosineLr(0.1, 0, 2, 3)}, {5, 0, 0.1},
                              {9, 0, cosineLr(0.1, 0, 4, 4.5)}, {10, 0, cosineLr(0.1, 0, 0.5, 6.75)}};
    // SGDR with period 0 restarts after the whole run only.
    QTest::newRow("sgdr whole run")
        << ScheduleSpec{.type = "cosine", .restarts = true} << 0.1 << 8 << 1
        << std::vector<Point>{{4, 0, 0.05}, {8, 0, 0.1}};
    // Triangular, 0.01 → 0.1, half cycle round(2·3) = 6 steps; gs = 3e + s.
    //   gs 3: x = |0.5 − 2 + 1| = 0.5 → 0.01 + 0.09·0.5 = 0.055;  gs 6 → 0.1;  gs 12 → 0.01
    QTest::newRow("cyclic")
        << ScheduleSpec{.type = "cyclic", .maxLr = 0.1, .cycleEpochs = 2} << 0.01 << 10 << 3
        << std::vector<Point>{{0, 0, 0.01}, {1, 0, 0.055}, {2, 0, 0.1}, {3, 0, 0.055},
                              {4, 0, 0.01}, {4, 2, 0.04}};
    // Half cycle round(0.1·3) = 0 → 1 step: base, max, base, ...
    QTest::newRow("cyclic shortest")
        << ScheduleSpec{.type = "cyclic", .maxLr = 0.5, .cycleEpochs = 0.1} << 0.1 << 2 << 3
        << std::vector<Point>{{0, 0, 0.1}, {0, 1, 0.5}, {0, 2, 0.1}, {1, 0, 0.5}};
    // Warm-up over W = round(1.5·2) = 3 steps from 0.2: f = 0.2 + 0.8·gs/3
    QTest::newRow("constant warm-up")
        << ScheduleSpec{.warmupEpochs = 1.5, .warmupStartFactor = 0.2} << 0.1 << 4 << 2
        << std::vector<Point>{{0, 0, 0.02}, {0, 1, 0.1 * (0.2 + 0.8 / 3)},
                              {1, 0, 0.1 * (0.2 + 1.6 / 3)}, {1, 1, 0.1}, {3, 1, 0.1}};
    // Warm-up shorter than a step after rounding (0.2·2 → 0 steps): off.
    QTest::newRow("warm-up rounds to nothing")
        << ScheduleSpec{.warmupEpochs = 0.2} << 0.1 << 4 << 2 << std::vector<Point>{{0, 0, 0.1}};
    QTest::newRow("plateau before any epoch")
        << ScheduleSpec{.type = "plateau"} << 0.3 << 4 << 2 << std::vector<Point>{{0, 0, 0.3}, {3, 1, 0.3}};
}

void TestOptimSchedule::handComputed()
{
    QFETCH(ScheduleSpec, spec);
    QFETCH(double, lr0);
    QFETCH(int, epochs);
    QFETCH(int, stepsPerEpoch);
    QFETCH(std::vector<Point>, points);
    const LearningRateSchedule schedule(spec, lr0, epochs, stepsPerEpoch);
    for (const Point& point : points) {
        const double lr = schedule.learningRate(point.epoch, point.step);
        QVERIFY2(close(lr, point.lr), qPrintable(describe(point.epoch, point.step, lr, point.lr)));
    }
}

void TestOptimSchedule::warmupComposesWithEveryType_data()
{
    QTest::addColumn<ScheduleSpec>("spec");
    const std::vector<ScheduleSpec> specs{
        {.type = "constant"},
        {.type = "step", .stepSize = 1, .gamma = 0.5},
        {.type = "multistep", .gamma = 0.5, .milestones = {1, 2}},
        {.type = "exponential", .gamma = 0.8},
        {.type = "inverse_time", .decayRate = 1, .decaySteps = 2},
        {.type = "cosine", .minLr = 0.01},
        {.type = "cosine", .period = 2, .restarts = true},
        {.type = "cyclic", .maxLr = 1.0, .cycleEpochs = 0.5},
        {.type = "plateau"}};
    for (ScheduleSpec spec : specs) {
        spec.warmupEpochs = 2.5;
        spec.warmupStartFactor = 0.1;
        const std::string name = spec.type + (spec.restarts ? " restarts" : "");
        QTest::newRow(name.c_str()) << spec;
    }
}

void TestOptimSchedule::warmupComposesWithEveryType()
{
    QFETCH(ScheduleSpec, spec);
    const double lr0 = 0.2;
    const int epochs = 6, stepsPerEpoch = 4;
    const LearningRateSchedule withWarmup(spec, lr0, epochs, stepsPerEpoch);
    spec.warmupEpochs = 0;
    const LearningRateSchedule without(spec, lr0, epochs, stepsPerEpoch);
    // W = round(2.5·4) = 10 steps; f = 0.1 + 0.9·min(1, gs/10)
    for (int e = 0; e < epochs; ++e)
        for (int s = 0; s < stepsPerEpoch; ++s) {
            const int gs = e * stepsPerEpoch + s;
            const double expected = without.learningRate(e, s) * (0.1 + 0.9 * std::min(1.0, gs / 10.0));
            const double lr = withWarmup.learningRate(e, s);
            QVERIFY2(close(lr, expected), qPrintable(describe(e, s, lr, expected)));
        }
}

void TestOptimSchedule::plateauResetAndOtherTypes()
{
    LearningRateSchedule plateau({.type = "plateau", .patience = 0}, 0.1, 10, 1);
    QVERIFY(!plateau.endEpoch(1.0));
    QVERIFY(plateau.endEpoch(1.0));   // patience 0: the first bad epoch reduces
    QVERIFY(close(plateau.learningRate(2, 0), 0.01));
    QVERIFY(plateau.endEpoch(std::nan("")));   // NaN is a bad epoch, never a NaN lr
    QVERIFY(close(plateau.learningRate(3, 0), 0.001));
    plateau.reset();
    QCOMPARE(plateau.learningRate(3, 0), 0.1);
    QVERIFY(!plateau.endEpoch(5.0));   // best was forgotten: 5 is an improvement on +inf

    for (const auto& type : hs::scheduleTypes()) {
        if (type == "plateau")
            continue;
        LearningRateSchedule schedule({.type = type, .milestones = {1}}, 0.1, 5, 2);
        const auto before = schedule.preview();
        for (int e = 0; e < 20; ++e)
            QVERIFY(!schedule.endEpoch(100.0 + e));
        QCOMPARE(schedule.preview(), before);
        QCOMPARE(schedule.learningRate(0, 0), before.front());
    }
}

void TestOptimSchedule::previewIsTheRunWithoutReductions_data()
{
    warmupComposesWithEveryType_data();
}

void TestOptimSchedule::previewIsTheRunWithoutReductions()
{
    QFETCH(ScheduleSpec, spec);
    spec.patience = 0;
    const int epochs = 7, stepsPerEpoch = 3;
    LearningRateSchedule schedule(spec, 0.05, epochs, stepsPerEpoch);
    const std::vector<double> preview = schedule.preview();
    QCOMPARE(preview.size(), std::size_t(epochs * stepsPerEpoch));
    for (int e = 0; e < epochs; ++e)
        for (int s = 0; s < stepsPerEpoch; ++s) {
            const double lr = preview[std::size_t(e * stepsPerEpoch + s)];
            QCOMPARE(lr, schedule.learningRate(e, s));
            QVERIFY(std::isfinite(lr) && lr > 0.0);
        }
    // Plateau reductions change learningRate() but never the preview.
    for (int e = 0; e < 3; ++e)
        schedule.endEpoch(1.0);
    QCOMPARE(schedule.preview(), preview);
    if (spec.type == "plateau")
        QVERIFY(schedule.learningRate(6, 0) < preview[6 * stepsPerEpoch]);
}

void TestOptimSchedule::invalidSpecsThrow_data()
{
    QTest::addColumn<ScheduleSpec>("spec");
    QTest::addColumn<QString>("message");
    auto row = [](const char* name, ScheduleSpec spec, const char* message) {
        QTest::newRow(name) << spec << QString::fromUtf8(message);
    };
    row("unknown type", {.type = "linear"}, "training.schedule.type = \"linear\" is out of range: must be one of constant, step");
    row("gamma 0", {.type = "step", .gamma = 0}, "training.schedule.gamma = 0 is out of range: must be in (0, 1]");
    row("gamma above 1", {.type = "exponential", .gamma = 1.5}, "training.schedule.gamma = 1.5 is out of range");
    row("gamma nan", {.type = "multistep", .gamma = NAN}, "training.schedule.gamma = nan is out of range");
    row("step size 0", {.type = "step", .stepSize = 0}, "training.schedule.step_size = 0 is out of range: must be at least 1");
    row("milestones descending", {.type = "multistep", .milestones = {5, 3}},
        "training.schedule.milestones[1] = 3 is out of range: must be at least the previous milestone");
    row("milestone negative", {.type = "multistep", .milestones = {-1}}, "training.schedule.milestones[0] = -1 is out of range");
    row("decay rate negative", {.type = "inverse_time", .decayRate = -0.5}, "training.schedule.decay_rate = -0.5 is out of range");
    row("decay steps 0", {.type = "inverse_time", .decaySteps = 0}, "training.schedule.decay_steps = 0 is out of range: must be finite and > 0");
    row("period negative", {.type = "cosine", .period = -2}, "training.schedule.period = -2 is out of range: must be at least 0");
    row("period mult below 1", {.type = "cosine", .restarts = true, .periodMult = 0.5}, "training.schedule.period_mult = 0.5 is out of range: must be finite and >= 1");
    row("min lr negative", {.type = "cosine", .minLr = -0.1}, "training.schedule.min_lr = -0.1 is out of range");
    row("max lr 0", {.type = "cyclic", .maxLr = 0}, "training.schedule.max_lr = 0 is out of range");
    row("cycle epochs inf", {.type = "cyclic", .cycleEpochs = INFINITY}, "training.schedule.cycle_epochs = inf is out of range");
    row("warm-up negative", {.warmupEpochs = -1}, "training.schedule.warmup_epochs = -1 is out of range");
    row("warm-up start 0", {.type = "cosine", .warmupEpochs = 1, .warmupStartFactor = 0}, "training.schedule.warmup_start_factor = 0 is out of range: must be in (0, 1]");
    row("monitor unknown", {.type = "plateau", .monitor = "test_loss"}, "training.schedule.monitor = \"test_loss\" is out of range: must be one of val_loss");
    row("factor 1", {.type = "plateau", .factor = 1}, "training.schedule.factor = 1 is out of range: must be in (0, 1)");
    row("patience negative", {.type = "plateau", .patience = -1}, "training.schedule.patience = -1 is out of range");
    row("cooldown negative", {.type = "plateau", .cooldown = -3}, "training.schedule.cooldown = -3 is out of range");
    row("threshold 1", {.type = "plateau", .threshold = 1}, "training.schedule.threshold = 1 is out of range: must be in [0, 1)");
    row("plateau min lr nan", {.type = "plateau", .minLr = NAN}, "training.schedule.min_lr = nan is out of range");
}

void TestOptimSchedule::invalidSpecsThrow()
{
    QFETCH(ScheduleSpec, spec);
    QFETCH(QString, message);
    try {
        hs::validate(spec);
        QFAIL("validate() accepted the spec");
    } catch (const std::invalid_argument& e) {
        QVERIFY2(QString::fromUtf8(e.what()).startsWith(message), e.what());
    }
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LearningRateSchedule(spec, 0.1, 10, 2));
}

void TestOptimSchedule::learningRateChecksArguments()
{
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LearningRateSchedule({}, 0.0, 10, 2));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LearningRateSchedule({}, 0.1, 0, 2));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, LearningRateSchedule({}, 0.1, 10, 0));
    // Fields a type does not use are not validated.
    QCOMPARE(LearningRateSchedule({.type = "constant", .gamma = 0}, 0.1, 1, 1).learningRate(0, 0), 0.1);
    const LearningRateSchedule schedule({}, 0.1, 10, 2);
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, schedule.learningRate(-1, 0));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, schedule.learningRate(0, 2));
    QVERIFY_THROWS_EXCEPTION(std::invalid_argument, schedule.learningRate(0, -1));
    QCOMPARE(schedule.learningRate(25, 1), 0.1);   // past the run: the formula continues
}

void TestOptimSchedule::extremeValidSpecsStayFinite()
{
    const std::vector<ScheduleSpec> specs{
        {.type = "exponential", .gamma = 1e-300},
        {.type = "step", .stepSize = 1, .gamma = 1e-10},
        {.type = "inverse_time", .decayRate = 1e300, .decaySteps = 1e-300},
        {.type = "cosine", .period = 1, .restarts = true, .periodMult = 1e10},
        {.type = "cosine", .period = 1, .restarts = true, .periodMult = 1.0000001},   // ~1e9 cycles by 2^30
        {.type = "cosine", .period = 1, .minLr = 1e300},
        {.type = "cyclic", .maxLr = 1e300, .cycleEpochs = 1e-300},
        {.type = "cyclic", .maxLr = 1e-300, .cycleEpochs = 1e300},
        {.warmupEpochs = 1e300, .warmupStartFactor = 1e-300},
        {.type = "plateau", .factor = 1e-300, .patience = 0, .threshold = 0}};
    for (const auto& spec : specs) {
        LearningRateSchedule schedule(spec, 0.1, 200, 5);
        for (int e = 0; e < 200; ++e)
            schedule.endEpoch(1.0);
        for (double lr : schedule.preview())
            QVERIFY2(std::isfinite(lr) && lr >= 0.0, spec.type.c_str());
        QVERIFY(std::isfinite(schedule.learningRate(199, 4)));
        QVERIFY(std::isfinite(schedule.learningRate(1 << 30, 4)));
    }
}

QTEST_APPLESS_MAIN(TestOptimSchedule)
#include "test_optim_schedule.moc"
