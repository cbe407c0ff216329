// Every lesson preset runs and shows the effect its description claims.

#include "io/presets.h"
#include "train/trainer.h"

#include <QtTest>

#include <cmath>
#include <map>

using namespace hs;

namespace {

struct Outcome {
    RunConfig config;
    std::vector<EpochRecord> history;
    RunSummary summary;
    Evaluation test;
    std::vector<Vector> weights; ///< per dense layer, column-major
    int stepsPerEpoch = 0;
    Evaluation testAt(double) const;
};

// Runs each preset once per test binary; several checks compare presets.
const Outcome& outcome(const std::string& name)
{
    static std::map<std::string, Outcome> cache;
    auto it = cache.find(name);
    if (it != cache.end())
        return it->second;
    const Preset* preset = findPreset(name);
    if (!preset)
        qFatal("preset %s is missing", name.c_str());
    Outcome o;
    o.config = presetConfig(*preset);
    Trainer t(o.config);
    TrainingObserver quiet;
    RunControl control;
    o.summary = t.run(quiet, control);
    o.history = t.history().toVector();
    o.test = t.evaluate(Subset::Test);
    o.stepsPerEpoch = t.stepsPerEpoch();
    for (int l = 0; l < t.network().layerCount(); ++l) {
        const auto w = t.network().weight(l);
        o.weights.emplace_back(Eigen::Map<const Vector>(w.data(), w.size()));
    }
    return cache.emplace(name, std::move(o)).first->second;
}

double firstToLastGradientRatio(const Outcome& o)
{
    const auto& layers = o.history.back().layers;
    return layers.front().gradNorm / layers.back().gradNorm;
}

double nearZeroFraction(const Vector& w) { return static_cast<double>((w.array().abs() < 1e-3f).count()) / w.size(); }

} // namespace

class TestPresets : public QObject {
    Q_OBJECT
private slots:
    void catalog()
    {
        const auto& presets = presetCatalog();
        QVERIFY(presets.size() >= 25);
        for (const auto& p : presets) {
            QVERIFY2(!p.title.empty() && p.title != p.name, p.name.c_str());
            // two to four sentences
            int sentences = 0;
            for (std::size_t i = 0; i + 1 < p.description.size(); ++i)
                sentences += p.description[i] == '.' && p.description[i + 1] == ' ';
            sentences += p.description.ends_with('.');
            QVERIFY2(sentences >= 2 && sentences <= 5, p.name.c_str());
            const RunConfig c = presetConfig(p); // throws if invalid
            QVERIFY(c.validate().empty());
        }
        QVERIFY(findPreset("lr_too_high"));
        QVERIFY(!findPreset("no_such_preset"));
    }

    void learningRate()
    {
        const auto& high = outcome("lr_too_high");
        const auto& low = outcome("lr_too_low");
        const auto& good = outcome("lr_well_chosen");
        QVERIFY(high.summary.status == RunStatus::Diverged || high.history.back().trainLoss > high.history.front().trainLoss);
        QVERIFY(low.history.back().trainLoss > 0.6);
        QVERIFY(good.history.back().trainLoss < 0.2);
        QVERIFY(good.test.classification.accuracy > 0.9);
        QVERIFY(low.test.classification.accuracy < 0.75);
    }

    void schedules()
    {
        const auto& step = outcome("schedule_step");
        QVERIFY(std::abs(step.history.back().lr - 0.03 * std::pow(0.5, 4)) < 1e-12);
        const auto& exponential = outcome("schedule_exponential");
        QVERIFY(std::abs(exponential.history.back().lr - 0.03 * std::pow(0.98, 199)) < 1e-9);
        const auto& cosine = outcome("schedule_cosine");
        QVERIFY(cosine.history.front().lr < 0.03); // still warming up
        QVERIFY(cosine.history.back().lr < 1e-4);
        const auto& plateau = outcome("schedule_plateau");
        int drops = 0;
        for (const auto& e : plateau.history)
            drops += e.lrReduced;
        QVERIFY(drops >= 1);
        QVERIFY(plateau.history.back().lr < 0.03);
    }

    void batchSizes()
    {
        QCOMPARE(outcome("batch_full").stepsPerEpoch, 1);
        QCOMPARE(outcome("batch_mini").stepsPerEpoch, 18);
        QCOMPARE(outcome("batch_one").stepsPerEpoch, 560);
        // more updates per epoch: lower loss after the same number of epochs
        QVERIFY(outcome("batch_one").history[4].trainLoss < outcome("batch_mini").history[4].trainLoss);
        QVERIFY(outcome("batch_mini").history[4].trainLoss < outcome("batch_full").history[4].trainLoss);
    }

    void optimizers()
    {
        const double sgd = outcome("optimizer_sgd").history.back().trainLoss;
        const double momentum = outcome("optimizer_momentum").history.back().trainLoss;
        const double adam = outcome("optimizer_adam").history.back().trainLoss;
        QVERIFY2(adam < momentum && momentum < sgd, qPrintable(QStringLiteral("%1 %2 %3").arg(adam).arg(momentum).arg(sgd)));
    }

    void overfittingAndItsRemedies()
    {
        const auto& over = outcome("overfitting");
        double best = INFINITY;
        for (const auto& e : over.history)
            best = std::min(best, *e.valLoss);
        QVERIFY(*over.history.back().valLoss > 1.3 * best);   // validation loss turned around
        QVERIFY(over.history.back().trainLoss < *over.history.back().valLoss);

        const auto& early = outcome("early_stopping");
        QCOMPARE(toString(early.summary.status), toString(RunStatus::StoppedEarly));
        QVERIFY(early.summary.restoredBest);
        QCOMPARE(early.summary.stoppedEpoch - early.summary.bestEpoch, 20);
        QVERIFY(early.test.loss < over.test.loss);

        const auto& dropout = outcome("dropout");
        QVERIFY(*dropout.history.back().valLoss < *over.history.back().valLoss);
    }

    void l1IsSparseL2IsSmall()
    {
        const double l1 = nearZeroFraction(outcome("l1_sparse").weights[0]);
        const double l2 = nearZeroFraction(outcome("l2_small").weights[0]);
        QVERIFY2(l1 > 0.5 && l1 > 3 * l2, qPrintable(QStringLiteral("%1 vs %2").arg(l1).arg(l2)));
        QVERIFY(outcome("l1_sparse").history.back().penalty > 0);
    }

    void vanishingGradientsAndTheirRemedies()
    {
        const double sigmoid = firstToLastGradientRatio(outcome("vanishing_sigmoid"));
        QVERIFY2(sigmoid < 1e-4, qPrintable(QString::number(sigmoid)));
        QVERIFY(firstToLastGradientRatio(outcome("vanishing_fixed_relu")) > 0.1);
        QVERIFY(firstToLastGradientRatio(outcome("vanishing_fixed_batch_norm")) > 0.1);
        QVERIFY(firstToLastGradientRatio(outcome("vanishing_fixed_residual")) > 1000 * sigmoid);
        QVERIFY(outcome("vanishing_sigmoid").test.classification.accuracy < 0.7);
        QVERIFY(outcome("vanishing_fixed_relu").test.classification.accuracy > 0.9);
        QVERIFY(outcome("vanishing_fixed_batch_norm").test.classification.accuracy > 0.9);
    }

    void explodingGradientsAndClipping()
    {
        const auto& exploding = outcome("exploding_gradients");
        QCOMPARE(toString(exploding.summary.status), toString(RunStatus::Diverged));
        QVERIFY(exploding.summary.divergedEpoch >= 1);
        const auto& clipped = outcome("exploding_clipped");
        QCOMPARE(toString(clipped.summary.status), toString(RunStatus::Finished));
        QVERIFY(clipped.history.back().trainLoss < clipped.history.front().trainLoss);
    }

    void zeroInitNeverBreaksSymmetry()
    {
        const auto& o = outcome("zero_init");
        // All weights are still identical (zero) in every layer.
        for (const auto& w : o.weights)
            QCOMPARE(w.maxCoeff(), w.minCoeff());
        QVERIFY(o.history.back().trainLoss > 0.6);
    }

    void accuracyHidesTheRareDisease()
    {
        const auto& r = outcome("imbalanced_rare_disease").test.classification;
        QVERIFY(r.accuracy >= 0.95);
        QVERIFY(r.recall < 0.5);
        QVERIFY(r.averagePrecision.has_value());
    }

    void breastCancerRecall()
    {
        const auto& e = outcome("breast_cancer_recall").test;
        QVERIFY(e.classification.accuracy > 0.9);
        const auto lower = evaluateClassification(e.labels, e.probabilities, 0.2);
        QVERIFY(lower.recall >= e.classification.recall);
        QVERIFY(lower.precision <= e.classification.precision);
    }

    void digits()
    {
        const auto& e = outcome("digits_confusion").test;
        QCOMPARE(e.classification.classes, 10);
        QVERIFY(e.classification.accuracy > 0.85);
    }
};

QTEST_APPLESS_MAIN(TestPresets)
#include "test_io_presets.moc"
