// Learning-rate schedules against torch.optim.lr_scheduler (PyTorch 1.13;
// values from tests/model/reference/optim_torch.py, each with its torch call):
// StepLR, MultiStepLR, ExponentialLR, CosineAnnealingLR (closed form),
// CosineAnnealingWarmRestarts, CyclicLR (triangular), LinearLR as warm-up, and
// ReduceLROnPlateau on scripted monitored sequences.

#include "optim/schedule.h"
#include "optim_testing.h"

#include <QtTest/QtTest>

#include <cmath>

using hs::LearningRateSchedule;
using hs::ScheduleSpec;
using namespace optim_testing;

Q_DECLARE_METATYPE(ScheduleSpec)
Q_DECLARE_METATYPE(std::vector<double>)

class TestOptimScheduleTorch : public QObject {
    Q_OBJECT
private slots:
    void matchesTorchPerEpoch_data();
    void matchesTorchPerEpoch();
    void cyclicMatchesTorch();
    void warmupMatchesLinearLR();
    void plateauMatchesTorch_data();
    void plateauMatchesTorch();
    void sgdrFollowsTorchStepping();
};

void TestOptimScheduleTorch::matchesTorchPerEpoch_data()
{
    QTest::addColumn<ScheduleSpec>("spec");
    QTest::addColumn<std::vector<double>>("torch");   // lr per epoch, base lr 0.1

    // StepLR(step_size=3, gamma=0.5)
    QTest::newRow("StepLR") << ScheduleSpec{.type = "step", .stepSize = 3, .gamma = 0.5}
                            << std::vector<double>{0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.025, 0.025, 0.025, 0.0125};
    // MultiStepLR(milestones=[2, 5, 8], gamma=0.1)
    QTest::newRow("MultiStepLR")
        << ScheduleSpec{.type = "multistep", .gamma = 0.1, .milestones = {2, 5, 8}}
        << std::vector<double>{0.1, 0.1, 0.010000000000000002, 0.010000000000000002, 0.010000000000000002,
                               0.0010000000000000002, 0.0010000000000000002, 0.0010000000000000002,
                               0.00010000000000000003, 0.00010000000000000003};
    // ExponentialLR(gamma=0.9)
    QTest::newRow("ExponentialLR")
        << ScheduleSpec{.type = "exponential", .gamma = 0.9}
        << std::vector<double>{0.1, 0.09000000000000001, 0.08100000000000002, 0.0729, 0.06561,
                               0.05904900000000001, 0.05314410000000001, 0.04782969000000001,
                               0.04304672100000001, 0.03874204890000001};
    // CosineAnnealingLR(T_max=10, eta_min=0.001), _get_closed_form_lr()
    QTest::newRow("CosineAnnealingLR")
        << ScheduleSpec{.type = "cosine", .period = 10, .minLr = 0.001}
        << std::vector<double>{0.1, 0.09757729755661011, 0.0905463412215599, 0.07959536998847742,
                               0.0657963412215599, 0.0505, 0.03520365877844011, 0.021404630011522586,
                               0.010453658778440109, 0.0034227024433899004, 0.001};
    // CosineAnnealingWarmRestarts(T_0=3, T_mult=2, eta_min=0.001), sched.step() once per epoch
    QTest::newRow("CosineAnnealingWarmRestarts T_mult 2")
        << ScheduleSpec{.type = "cosine", .period = 3, .restarts = true, .periodMult = 2, .minLr = 0.001}
        << std::vector<double>{0.1, 0.07525000000000001, 0.025750000000000012, 0.1, 0.09336825748732973,
                               0.07525000000000001, 0.0505, 0.025750000000000012, 0.007631742512670284,
                               0.1, 0.09831332840130888, 0.09336825748732973, 0.0855017856687341,
                               0.07525000000000001, 0.06331154273257478, 0.0505, 0.03768845726742523,
                               0.025750000000000012, 0.0154982143312659, 0.007631742512670284,
                               0.0026866715986911243, 0.1, 0.09957652063800362, 0.09831332840130888,
                               0.0962320368593087};
    // CosineAnnealingWarmRestarts(T_0=4, T_mult=1)
    QTest::newRow("CosineAnnealingWarmRestarts T_mult 1")
        << ScheduleSpec{.type = "cosine", .period = 4, .restarts = true}
        << std::vector<double>{0.1, 0.08535533905932738, 0.05, 0.014644660940672627, 0.1,
                               0.08535533905932738, 0.05, 0.014644660940672627, 0.1, 0.08535533905932738};
}

void TestOptimScheduleTorch::matchesTorchPerEpoch()
{
    QFETCH(ScheduleSpec, spec);
    QFETCH(std::vector<double>, torch);
    const int epochs = int(torch.size());
    const int stepsPerEpoch = 3;   // epoch-based: the same lr for every step of an epoch
    const LearningRateSchedule schedule(spec, 0.1, epochs, stepsPerEpoch);
    for (int e = 0; e < epochs; ++e)
        for (int s = 0; s < stepsPerEpoch; ++s) {
            const double lr = schedule.learningRate(e, s);
            QVERIFY2(close(lr, torch[e]), qPrintable(describe(e, s, lr, torch[e])));
        }
}

void TestOptimScheduleTorch::cyclicMatchesTorch()
{
    // CyclicLR(base_lr=0.01, max_lr=0.1, step_size_up=6, mode='triangular',
    //          cycle_momentum=False), one sched.step() per batch
    const std::vector<double> torch{
        0.01, 0.024999999999999988, 0.040000000000000015, 0.05500000000000001, 0.06999999999999999,
        0.08500000000000002, 0.1, 0.08499999999999998, 0.07000000000000003, 0.05500000000000001,
        0.03999999999999998, 0.02500000000000003, 0.01, 0.02499999999999995, 0.040000000000000056,
        0.05500000000000001, 0.06999999999999995, 0.08500000000000006, 0.1, 0.08500000000000006,
        0.06999999999999995, 0.05500000000000001, 0.040000000000000056, 0.02499999999999995, 0.01,
        0.02500000000000003, 0.03999999999999998, 0.05500000000000001, 0.07000000000000003,
        0.08499999999999998};
    // 3 steps per epoch, half cycle 2 epochs = 6 steps = step_size_up.
    const LearningRateSchedule schedule({.type = "cyclic", .maxLr = 0.1, .cycleEpochs = 2}, 0.01, 10, 3);
    for (int gs = 0; gs < int(torch.size()); ++gs) {
        const double lr = schedule.learningRate(gs / 3, gs % 3);
        QVERIFY2(close(lr, torch[gs]), qPrintable(describe(gs / 3, gs % 3, lr, torch[gs])));
    }
}

void TestOptimScheduleTorch::warmupMatchesLinearLR()
{
    // LinearLR(start_factor=0.25, total_iters=4), lr 0.1, one sched.step() per batch
    const std::vector<double> torch{0.025, 0.043750000000000004, 0.06250000000000001, 0.08125000000000002,
                                    0.10000000000000002, 0.10000000000000002, 0.10000000000000002,
                                    0.10000000000000002};
    // W = round(2 epochs · 2 steps) = 4 steps.
    const LearningRateSchedule schedule({.warmupEpochs = 2, .warmupStartFactor = 0.25}, 0.1, 4, 2);
    for (int gs = 0; gs < int(torch.size()); ++gs) {
        const double lr = schedule.learningRate(gs / 2, gs % 2);
        QVERIFY2(close(lr, torch[gs]), qPrintable(describe(gs / 2, gs % 2, lr, torch[gs])));
    }
}

void TestOptimScheduleTorch::plateauMatchesTorch_data()
{
    QTest::addColumn<QString>("monitor");
    QTest::addColumn<std::vector<double>>("monitored");
    QTest::addColumn<std::vector<double>>("torch");   // lr after each scheduler.step(value)

    // ReduceLROnPlateau(mode='min', factor=0.5, patience=2, cooldown=1, threshold=0.01,
    //                   min_lr=0.02), lr 0.1. Reductions after 0.91 (3 bad epochs), 0.87,
    // 0.73 (clamped to min_lr); 0.77 would go below min_lr: no change (old − new ≤ eps).
    QTest::newRow("min") << "val_loss"
                         << std::vector<double>{1.0, 0.9, 0.895, 0.9, 0.91, 0.85, 0.86, 0.86, 0.87, 0.88,
                                                0.7, 0.71, 0.72, 0.73, 0.74, 0.75, 0.76, 0.77}
                         << std::vector<double>{0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.025, 0.025,
                                                0.025, 0.025, 0.025, 0.02, 0.02, 0.02, 0.02, 0.02};
    // Same with mode='max' (0.604 is not 1 % better than 0.6).
    QTest::newRow("max") << "val_accuracy"
                         << std::vector<double>{0.5, 0.6, 0.6, 0.604, 0.59, 0.61, 0.8, 0.79, 0.78, 0.77,
                                                0.76, 0.75, 0.74, 0.73, 0.72, 0.71}
                         << std::vector<double>{0.1, 0.1, 0.1, 0.1, 0.05, 0.05, 0.05, 0.05, 0.05, 0.025,
                                                0.025, 0.025, 0.025, 0.02, 0.02, 0.02};
}

void TestOptimScheduleTorch::plateauMatchesTorch()
{
    QFETCH(QString, monitor);
    QFETCH(std::vector<double>, monitored);
    QFETCH(std::vector<double>, torch);
    ScheduleSpec spec{.type = "plateau", .minLr = 0.02, .monitor = monitor.toStdString(),
                      .factor = 0.5, .patience = 2, .cooldown = 1, .threshold = 0.01};
    LearningRateSchedule schedule(spec, 0.1, int(monitored.size()) + 1, 2);
    double previous = schedule.learningRate(0, 0);
    for (std::size_t e = 0; e < monitored.size(); ++e) {
        const bool reduced = schedule.endEpoch(monitored[e]);
        const double lr = schedule.learningRate(int(e) + 1, 1);
        QVERIFY2(close(lr, torch[e]), qPrintable(describe(int(e) + 1, 1, lr, torch[e])));
        QCOMPARE(reduced, lr < previous);
        previous = lr;
    }
}

// CosineAnnealingWarmRestarts.step() without an epoch argument, transcribed:
//   T_cur += 1; if T_cur >= T_i: T_cur -= T_i; T_i *= T_mult
void TestOptimScheduleTorch::sgdrFollowsTorchStepping()
{
    for (int t0 : {1, 2, 3, 5})
        for (double mult : {1.0, 2.0, 3.0, 1.5}) {
            const int epochs = 400;
            const LearningRateSchedule schedule(
                {.type = "cosine", .period = t0, .restarts = true, .periodMult = mult, .minLr = 0.001},
                0.1, epochs, 1);
            double tCur = 0, tI = t0;
            for (int e = 0; e < epochs; ++e) {
                const double expected = cosineLr(0.1, 0.001, tCur, tI);
                const double lr = schedule.learningRate(e, 0);
                QVERIFY2(close(lr, expected), qPrintable(describe(e, 0, lr, expected)
                                                         + QStringLiteral(" T_0 %1 T_mult %2").arg(t0).arg(mult)));
                tCur += 1;
                if (tCur >= tI) {
                    tCur -= tI;
                    tI *= mult;
                }
            }
        }
}

QTEST_APPLESS_MAIN(TestOptimScheduleTorch)
#include "test_optim_schedule_torch.moc"
