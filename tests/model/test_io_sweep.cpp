// Grid and random search: trial generation, parallel = sequential, sorting.

#include "io/sweep.h"

#include "train/trainer.h"

#include <QtTest>

#include <QTemporaryDir>

#include <cmath>

using namespace hs;
using nlohmann::json;

namespace {

json tinyBase()
{
    return json::parse(R"({"data": {"dataset": "circle", "samples": 120},
                           "model": {"hidden": [4]},
                           "training": {"epochs": 4, "batch_size": 16}})");
}

QStringList readLines(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
}

} // namespace

class TestSweep : public QObject {
    Q_OBJECT
private slots:
    void parsesAxes()
    {
        const GridAxis g = parseGridAxis("model.hidden=[8,8],[16],4");
        QCOMPARE(g.key, std::string("model.hidden"));
        QCOMPARE(g.values.size(), std::size_t(3));
        QCOMPARE(g.values[0], json::parse("[8,8]"));
        QCOMPARE(g.values[2], json(4));
        QCOMPARE(parseGridAxis("model.activation=relu,tanh").values[1], json("tanh"));
        const RandomAxis r = parseRandomAxis("training.optimizer.lr=1e-4:1:log");
        QVERIFY(r.log && !r.integer);
        QCOMPARE(r.lo, 1e-4);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseRandomAxis("x=1:0"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseRandomAxis("x=0:1:log"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseRandomAxis("x=a:1"));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, parseGridAxis("novalues"));
    }

    // A mistyped grid is refused before any config is built, naming the sizes.
    void refusesMoreThanTheMaximumOfTrials()
    {
        SweepSpec s;
        s.base = tinyBase();
        for (int i = 0; i < 10; ++i)
            s.grid.push_back(parseGridAxis("training.seed=1,2,3,4,5,6,7,8,9,10"));
        QCOMPARE(sweepTrialCount(s), 1e10);
        try {
            sweepTrials(s);
            QFAIL("10^10 trials were accepted");
        } catch (const std::invalid_argument& e) {
            const QString message = QString::fromUtf8(e.what());
            QVERIFY2(message.contains("10000000000 trials (10 values of training.seed × 10 values"), e.what());
            QVERIFY2(message.contains("at most 100000"), e.what());
        }
        s.grid = {parseGridAxis("training.seed=1,2")};
        s.random = {parseRandomAxis("training.optimizer.lr=1e-4:1:log")};
        s.trials = 50001;
        QCOMPARE(sweepTrialCount(s), 100002.0);
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sweepTrials(s));
        s.trials = 3;
        QCOMPARE(sweepTrials(s).size(), std::size_t(6));
    }

    void gridIsTheCartesianProduct()
    {
        SweepSpec s;
        s.base = tinyBase();
        s.grid = {parseGridAxis("training.optimizer.lr=0.01,0.1,1"), parseGridAxis("model.hidden=[4],[8,8]")};
        const auto trials = sweepTrials(s);
        QCOMPARE(trials.size(), std::size_t(6));
        QCOMPARE(trials[0]["training"]["optimizer"]["lr"], json(0.01));
        QCOMPARE(trials[1]["model"]["hidden"], json::parse("[8,8]")); // last axis fastest
        QCOMPARE(trials[5]["training"]["optimizer"]["lr"], json(1));
        QCOMPARE(trials[5]["data"]["dataset"], json("circle")); // the base is kept
    }

    void randomDrawsStayInRange()
    {
        SweepSpec s;
        s.base = tinyBase();
        s.random = {parseRandomAxis("training.optimizer.lr=1e-4:1:log"), parseRandomAxis("training.epochs=2:6:int")};
        s.trials = 200;
        const auto trials = sweepTrials(s);
        QCOMPARE(trials.size(), std::size_t(200));
        int below = 0;
        for (const auto& t : trials) {
            const double lr = t["training"]["optimizer"]["lr"].get<double>();
            QVERIFY(lr >= 1e-4 && lr <= 1.0);
            below += lr < 1e-2;
            const int epochs = t["training"]["epochs"].get<int>();
            QVERIFY(epochs >= 2 && epochs <= 6);
        }
        // log-uniform: half of the draws fall in the lower two of four decades
        QVERIFY2(below > 70 && below < 130, qPrintable(QString::number(below)));
        s.seed = 2;
        QVERIFY(sweepTrials(s)[0] != trials[0]);
    }

    void invalidTrialsAreRefusedBeforeAnythingRuns()
    {
        SweepSpec s;
        s.base = tinyBase();
        s.grid = {parseGridAxis("training.optimizer.lr=0.1,-1")};
        try {
            sweepTrials(s);
            QFAIL("expected ConfigError");
        } catch (const ConfigError& e) {
            QVERIFY2(QString(e.what()).contains("trial 2: training.optimizer.lr = -1"), e.what());
        }
    }

    void parallelEqualsSequentialAndTableIsSorted()
    {
        QTemporaryDir dir;
        SweepSpec s;
        s.base = tinyBase();
        s.grid = {parseGridAxis("training.optimizer.lr=0.003,0.03,0.3"), parseGridAxis("model.activation=tanh,relu")};
        s.metric = "val_loss";
        RunControl control;
        const auto one = runSweep(s, dir.filePath("one").toStdString(), 1, control);
        const auto two = runSweep(s, dir.filePath("two").toStdString(), 2, control);
        QCOMPARE(one.size(), std::size_t(6));
        for (std::size_t i = 0; i < one.size(); ++i) {
            QCOMPARE(one[i].trial, two[i].trial);
            QCOMPARE(one[i].metrics, two[i].metrics);
        }
        const QStringList a = readLines(dir.filePath("one/results.csv"));
        QCOMPARE(a, readLines(dir.filePath("two/results.csv")));
        QCOMPARE(a.size(), 7);
        const QStringList header = a[0].split(',');
        const int column = header.indexOf("val_loss");
        QVERIFY(column > 0);
        for (int row = 2; row < a.size(); ++row)
            QVERIFY(a[row - 1].split(',')[column].toDouble() <= a[row].split(',')[column].toDouble());
        QVERIFY(QFile::exists(dir.filePath("one/trial_001/metrics.json")));
        QVERIFY(QFile::exists(dir.filePath("one/trial_006/history.csv")));
    }

    void trialsRunSeparatelyAreCollected()
    {
        // One trial per job, as a cluster array would run them, then collect.
        QTemporaryDir dir;
        SweepSpec s;
        s.base = tinyBase();
        s.grid = {parseGridAxis("training.optimizer.lr=0.01,0.1,1")};
        RunControl control;
        const auto all = runSweep(s, dir.filePath("live").toStdString(), 2, control);
        for (int trial : {1, 3})
            runSweep(s, dir.filePath("jobs").toStdString(), 1, control, {}, trial);
        QVERIFY(!QFile::exists(dir.filePath("jobs/results.csv")));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, runSweep(s, dir.filePath("jobs").toStdString(), 1, control, {}, 4));
        const auto collected = collectSweep(dir.filePath("jobs").toStdString());
        QCOMPARE(collected.size(), std::size_t(3));
        QCOMPARE(collected[1].status, std::string("missing"));
        for (int i : {0, 2}) {
            QCOMPARE(collected[i].status, all[i].status);
            QCOMPARE(collected[i].knobs, all[i].knobs);
            for (const char* key : {"val_loss", "val_accuracy", "accuracy", "roc_auc"})
                QVERIFY2(std::abs(collected[i].metrics.at(key) - all[i].metrics.at(key)) < 1e-12, key);
        }
        QCOMPARE(readLines(dir.filePath("jobs/results.csv")).size(), 4);
    }

    void cancelledMidwayKeepsWhatRan()
    {
        // 40 trials of a few hundred milliseconds on 2 threads, stopped as soon
        // as the first one is done: the trials that ran keep their folders,
        // the one still running ends "stopped" with its results, the rest never
        // start, and results.csv lists what ran; collect names the rest missing.
        QTemporaryDir dir;
        SweepSpec s;
        s.base = json::parse(R"({"data": {"dataset": "spiral", "samples": 600},
                                 "model": {"hidden": [16, 16]},
                                 "training": {"epochs": 400, "batch_size": 8}})");
        s.random = {parseRandomAxis("training.optimizer.lr=0.001:0.01:log")};
        s.trials = 40;
        RunControl control;
        QElapsedTimer timer;
        timer.start();
        const auto results = runSweep(s, dir.filePath("cancel").toStdString(), 2, control,
                                      [&](const TrialResult&, int, int) { control.requestStop(); });
        qInfo("stopped after %lld ms with %zu trials", static_cast<long long>(timer.elapsed()), results.size());
        QVERIFY(!results.empty() && results.size() < 40);
        for (const TrialResult& r : results) {
            QVERIFY2(r.status == "finished" || r.status == "stopped", r.status.c_str());
            QVERIFY(QFile::exists(QString::fromStdString((r.folder / "metrics.json").string())));
        }
        QCOMPARE(readLines(dir.filePath("cancel/results.csv")).size(), static_cast<int>(results.size()) + 1);
        QVERIFY(!QFile::exists(dir.filePath("cancel/trial_040")));
        const auto collected = collectSweep(dir.filePath("cancel").toStdString());
        QCOMPARE(collected.size(), std::size_t(40));
        QCOMPARE(std::count_if(collected.begin(), collected.end(), [](const TrialResult& r) { return r.status == "missing"; }),
                 static_cast<std::ptrdiff_t>(40 - results.size()));
    }

    void kFoldTrialsAverageTheirFolds()
    {
        // Every trial a 3-fold cross-validation: one run folder per fold, the
        // trial's metrics the means over its folds (checked against the folds'
        // own history.csv), the same on 1 and 2 threads and after collect.
        QTemporaryDir dir;
        SweepSpec s;
        s.base = tinyBase();
        s.grid = {parseGridAxis("training.optimizer.lr=0.03,0.3")};
        s.folds = 3;
        RunControl control;
        const auto one = runSweep(s, dir.filePath("one").toStdString(), 1, control);
        const auto two = runSweep(s, dir.filePath("two").toStdString(), 2, control);
        QCOMPARE(one.size(), std::size_t(2));
        for (std::size_t i = 0; i < one.size(); ++i) {
            QCOMPARE(one[i].folds, 3);
            QCOMPARE(one[i].metrics, two[i].metrics);
            QCOMPARE(one[i].status, std::string("finished"));
            double sum = 0.0;
            for (int k = 1; k <= 3; ++k) {
                const QString fold = QString::fromStdString((one[i].folder / ("fold_" + std::to_string(k))).string());
                double best = INFINITY;
                const QStringList rows = readLines(fold + "/history.csv");
                const int column = rows[0].split(',').indexOf("val_loss");
                QVERIFY(column > 0);
                for (int row = 1; row < rows.size(); ++row)
                    best = std::min(best, rows[row].split(',')[column].toDouble());
                sum += best;
            }
            QVERIFY(std::abs(one[i].metrics.at("val_loss") - sum / 3) < 1e-6 * sum);
            QCOMPARE(trialRunFolder(one[i]), one[i].folder / "fold_1");
            QVERIFY(std::filesystem::exists(one[i].folder / "cross_validation.json"));
        }
        QCOMPARE(sweepFromJson(sweepToJson(s)).folds, 3);
        const auto collected = collectSweep(dir.filePath("one").toStdString());
        for (std::size_t i = 0; i < one.size(); ++i) {
            QCOMPARE(collected[i].folds, 3);
            QCOMPARE(collected[i].status, one[i].status);
            for (const char* key : {"val_loss", "val_accuracy", "accuracy", "roc_auc"})
                QVERIFY2(std::abs(collected[i].metrics.at(key) - one[i].metrics.at(key)) < 1e-9, key);
        }
        json bad = sweepToJson(s);
        bad["folds"] = 1;
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, sweepFromJson(bad));
    }

    void maximizedMetricsSortDescending()
    {
        std::vector<TrialResult> r(3);
        for (int i = 0; i < 3; ++i) {
            r[i].trial = i + 1;
            r[i].status = "finished";
        }
        r[0].metrics["accuracy"] = 0.5;
        r[1].metrics["accuracy"] = 0.9;
        r[2].status = "failed"; // no metric: last
        const QStringList rows = QString::fromStdString(resultsCsv(r, "accuracy")).split('\n', Qt::SkipEmptyParts);
        QVERIFY(rows[1].startsWith("1,2,"));
        QVERIFY(rows[2].startsWith("2,1,"));
        QVERIFY(rows[3].startsWith("3,3,"));
    }
};

QTEST_GUILESS_MAIN(TestSweep)
#include "test_io_sweep.moc"
