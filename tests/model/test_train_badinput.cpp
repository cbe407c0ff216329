// Bad input at training time: a learning rate that must diverge, NaN in the
// data, one class, constant features, a batch larger than the data, one
// sample, absurd network shapes and data sizes. Each either trains with a
// finite history (a divergence is a result: "diverged at epoch E, step S")
// or is refused with a message naming the setting and what is allowed.

#include "data/data_error.h"
#include "train/trainer.h"

#include <QtTest>

#include <cmath>
#include <filesystem>
#include <fstream>

using namespace hs;

namespace {

class Quiet : public TrainingObserver {};

RunSummary runToEnd(Trainer& t)
{
    Quiet quiet;
    RunControl control;
    return t.run(quiet, control);
}

void verifyFiniteHistory(const Trainer& t)
{
    for (const EpochEntry& r : t.history()) {
        QVERIFY(std::isfinite(r.trainLoss));
        QVERIFY(!r.valLoss || std::isfinite(*r.valLoss));
        QVERIFY(std::isfinite(r.lr));
        QVERIFY(std::isfinite(r.penalty));
        for (const LayerStats& s : r.layers) {
            QVERIFY(std::isfinite(s.gradNorm));
            QVERIFY(std::isfinite(s.updateRatio));
            QVERIFY(std::isfinite(s.weightNorm));
        }
    }
    for (const auto& p : t.stepHistory().points()) {
        QVERIFY(std::isfinite(p.loss));
        QVERIFY(std::isfinite(p.lr));
    }
    QVERIFY(t.network().parameters().allFinite());
}

RunConfig csvRun(const std::string& path)
{
    RunConfig c;
    c.data.dataset = "csv";
    c.data.path = path;
    c.model.hidden = {4};
    c.training.epochs = 3;
    return c;
}

// Messages of whatever a bad setting throws (ConfigError, DataError, ...).
template <typename F>
QString messageOf(F&& f)
{
    try {
        f();
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

} // namespace

class TestTrainBadInput : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir_;
    std::string file(const std::string& name, const std::string& content)
    {
        const std::string path = (std::filesystem::path(dir_.path().toStdString()) / name).string();
        std::ofstream(path, std::ios::binary) << content;
        return path;
    }

private slots:
    void hugeLearningRateDivergesWithAFiniteHistory_data()
    {
        QTest::addColumn<QString>("activation");
        QTest::addColumn<QString>("optimizer");
        QTest::addColumn<QString>("task");
        // tanh: bounded activations and a loss from logits stay finite, but the
        // loss explodes (Trainer::kExplosionFactor); ReLU: nothing bounds it.
        QTest::newRow("tanh, sgd") << "tanh" << "sgd" << "classification";
        QTest::newRow("tanh, adam") << "tanh" << "adam" << "classification";
        QTest::newRow("sigmoid, momentum") << "sigmoid" << "momentum" << "classification";
        QTest::newRow("relu, sgd") << "relu" << "sgd" << "classification";
        QTest::newRow("tanh, sgd, regression") << "tanh" << "sgd" << "regression";
    }
    void hugeLearningRateDivergesWithAFiniteHistory()
    {
        QFETCH(QString, activation);
        QFETCH(QString, optimizer);
        QFETCH(QString, task);
        RunConfig c;
        c.data.dataset = task == "regression" ? "ripple" : "moons";
        c.data.samples = 200;
        c.model.task = task.toStdString();
        c.model.hidden = {8};
        c.model.activation = activation.toStdString();
        c.training.optimizer.type = optimizer.toStdString();
        c.training.optimizer.lr = 1e6;
        c.training.epochs = 50;
        Trainer t(c);
        const RunSummary s = runToEnd(t);
        QVERIFY2(s.status == RunStatus::Diverged, s.message.c_str());
        QVERIFY(s.divergedEpoch >= 1);
        QVERIFY(s.divergedStep >= 1 && s.divergedStep <= t.stepsPerEpoch());
        const QString expected = QString("diverged at epoch %1, step %2: ").arg(s.divergedEpoch).arg(s.divergedStep);
        QVERIFY2(QString::fromStdString(s.message).startsWith(expected), s.message.c_str());
        QVERIFY(QString::fromStdString(s.message).contains("try a smaller learning rate"));
        QCOMPARE(static_cast<int>(t.history().size()), s.divergedEpoch - 1);
        verifyFiniteHistory(t);
        const Evaluation e = t.evaluate(t.reportSubset());
        QVERIFY(e.valid || !e.problem.empty());
    }

    void ordinaryRunsDoNotCountAsExploded()
    {
        // Noisy but sane runs stay far below the explosion bound: SGD at 8
        // (the lr_too_high lesson: oscillation), batch 1, and a start near
        // zero loss (regression on a plane that a linear net fits at once).
        RunConfig high;
        high.data.dataset = "circle";
        high.data.samples = 300;
        high.training.optimizer.type = "sgd";
        high.training.optimizer.lr = 8.0;
        high.training.epochs = 30;
        RunConfig single = high;
        single.training.optimizer.lr = 0.05;
        single.training.batchSize = 1;
        single.training.epochs = 5;
        RunConfig plane;
        plane.data.dataset = "plane";
        plane.data.samples = 200;
        plane.model.task = "regression";
        plane.model.hidden = {};
        plane.training.epochs = 20;
        for (const RunConfig& c : {high, single, plane}) {
            Trainer t(c);
            const RunSummary s = runToEnd(t);
            QVERIFY2(s.status == RunStatus::Finished, s.message.c_str());
        }
    }

    void largestAllowedLearningRateWithAdam()
    {
        RunConfig c;
        c.data.dataset = "circle";
        c.data.samples = 200;
        c.model.hidden = {8};
        c.training.optimizer.lr = 1e9;   // the largest validate() allows
        c.training.epochs = 5;
        Trainer t(c);
        const RunSummary s = runToEnd(t);
        QVERIFY(s.status == RunStatus::Finished || s.status == RunStatus::Diverged);
        verifyFiniteHistory(t);
    }

    void nanInTheInputsIsADataError()
    {
        const std::string path = file("nan.csv", "a,b,label\n1,2,x\n3,nan,y\n4,5,x\n");
        const QString m = messageOf([&] { Trainer t(csvRun(path)); });
        QVERIFY2(m.contains("nan.csv, line 3, column 2 (\"b\"): missing value \"nan\": expected a finite number"), qPrintable(m));
        const std::string inf = file("inf.csv", "a,b,label\n1,2,x\n3,-inf,y\n");
        QVERIFY(messageOf([&] { Trainer t(csvRun(inf)); }).contains("line 3, column 2 (\"b\"): infinite value"));
    }

    void oneClassIsRefused()
    {
        const std::string path = file("one.csv", "a,label\n1,sick\n2,sick\n3,sick\n");
        QVERIFY(messageOf([&] { Trainer t(csvRun(path)); }).contains("has a single class \"sick\": classification needs at least 2 classes"));
        RunConfig c;
        c.data.dataset = "blobs";
        c.data.classes = 1;
        QVERIFY(messageOf([&] { Trainer t(c); }).contains("data.classes = 1 is out of range: must be between 2 and 100"));
    }

    void aClassMissingFromTheTestSet()
    {
        // 30 of one class, 2 of the other: the rare class lands in training
        // only, so the test set holds one class (AUC undefined, not a crash).
        std::string text = "a,b,label\n";
        for (int i = 0; i < 30; ++i)
            text += std::to_string(i % 5) + "," + std::to_string(i % 3) + ",common\n";
        text += "9,9,rare\n8,9,rare\n";
        Trainer t(csvRun(file("rare.csv", text)));
        runToEnd(t);
        verifyFiniteHistory(t);
        const Evaluation e = t.evaluate(Subset::Test);
        QVERIFY(e.valid);
        QVERIFY((e.labels.array() == 0).all());
        QVERIFY(!e.classification.rocAuc.has_value());
    }

    void constantFeaturesTrain()
    {
        std::string text = "a,b,label\n";
        for (int i = 0; i < 40; ++i)
            text += std::string("5,-2,") + (i % 2 ? "x" : "y") + "\n";
        for (const char* normalize : {"zscore", "minmax", "none"}) {
            RunConfig c = csvRun(file("constant.csv", text));
            c.data.normalize = normalize;
            Trainer t(c);
            runToEnd(t);
            verifyFiniteHistory(t);
            QVERIFY(t.data().split.train.x.allFinite());
        }
    }

    void batchLargerThanTheDataIsAFullBatchAndSaysSo()
    {
        RunConfig c;
        c.data.dataset = "moons";
        c.data.samples = 100;
        c.training.batchSize = 5000;
        c.training.epochs = 2;
        Trainer t(c);
        const Eigen::Index n = t.data().split.train.samples();
        QCOMPARE(t.batchSize(), static_cast<int>(n));
        QCOMPARE(t.stepsPerEpoch(), 1);
        QCOMPARE(t.data().notes.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(t.data().notes[0]),
                 QString("training.batch_size = 5000 is more than the %1 training samples: every step uses the full batch of %1").arg(n));
        runToEnd(t);
        verifyFiniteHistory(t);
    }

    void oneSample()
    {
        // The smallest data sets there are: a single regression sample (with
        // batch norm over it), two classification samples.
        for (const bool batchNorm : {false, true}) {
            RunConfig c = csvRun(file("single.csv", "a,b,y\n1,2,0.5\n"));
            c.model.task = "regression";
            c.model.batchNorm = batchNorm;
            Trainer t(c);
            QCOMPARE(t.data().split.train.samples(), Eigen::Index(1));
            runToEnd(t);
            verifyFiniteHistory(t);
            QCOMPARE(toString(t.reportSubset()), toString(Subset::Train));
            QVERIFY(t.evaluate(t.reportSubset()).valid);
        }
        Trainer two(csvRun(file("two.csv", "a,label\n1,x\n2,y\n")));
        runToEnd(two);
        verifyFiniteHistory(two);
        QVERIFY(messageOf([&] { Trainer t(csvRun(file("none.csv", "a,label\n"))); }).contains("the file has a header row only"));
        RunConfig c;
        c.data.samples = 1;
        QVERIFY(messageOf([&] { Trainer t(c); }).contains("data.samples = 1 is out of range: must be between 4 and"));
    }

    void wideAndDeepNetworks()
    {
        RunConfig wide;
        wide.data.dataset = "moons";
        wide.data.samples = 200;
        wide.model.hidden = {10000};   // works: 40,000 parameters
        wide.training.epochs = 1;
        Trainer w(wide);
        runToEnd(w);
        verifyFiniteHistory(w);

        RunConfig deep = wide;
        deep.model.hidden.assign(200, 4);   // 200 layers: vanishing, but finite (or a clean divergence)
        deep.training.epochs = 2;
        for (const char* activation : {"tanh", "relu", "sigmoid"}) {
            deep.model.activation = activation;
            Trainer d(deep);
            QCOMPARE(d.network().layerCount(), 201);
            const RunSummary s = runToEnd(d);
            QVERIFY(s.status == RunStatus::Finished || s.status == RunStatus::Diverged);
            verifyFiniteHistory(d);
        }

        RunConfig huge = wide;
        huge.model.hidden = {10000, 10000};
        QVERIFY(messageOf([&] { Trainer t(huge); }).contains("at most 20,000,000 are allowed"));
        huge.model.hidden.assign(256, 65536);
        QVERIFY(messageOf([&] { Trainer t(huge); }).contains("at most 20,000,000 are allowed"));
    }

    void networkTooLargeForTheRealInputWidth()
    {
        // validate() cannot know a CSV's width; the trainer refuses before allocating.
        std::string text;
        for (int c = 0; c < 5000; ++c)
            text += "f" + std::to_string(c) + ",";
        text += "label\n";
        for (int r = 0; r < 4; ++r) {
            for (int c = 0; c < 5000; ++c)
                text += "1,";
            text += r % 2 ? "a\n" : "b\n";
        }
        RunConfig c = csvRun(file("wide.csv", text));
        c.model.hidden = {5000};
        QVERIFY(c.validate().empty());
        const QString m = messageOf([&] { Trainer t(c); });
        QVERIFY2(m.contains("model.hidden = [5000] on 5,000 inputs makes a network of 25,010,001 parameters: at most 20,000,000"),
                 qPrintable(m));
    }

    void dataTooLargeIsRefused()
    {
        RunConfig c;
        c.data.dataset = "moons";
        c.data.samples = 1000000;
        c.data.noiseFeatures = 1024;   // 10^9 values (4 GB) if it were allowed
        const QString m = messageOf([&] { Trainer t(c); });
        QVERIFY2(m.contains("data.noise_features = 1024 with 1000000 samples of 2 features is out of range"), qPrintable(m));
        c.data.dataset = "blobs";
        c.data.noiseFeatures = 0;
        c.data.dimensions = 1024;
        QVERIFY(messageOf([&] { Trainer t(c); }).contains("samples x dimensions must be at most"));
    }
};

QTEST_GUILESS_MAIN(TestTrainBadInput)
#include "test_train_badinput.moc"
