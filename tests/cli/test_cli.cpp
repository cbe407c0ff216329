// hyperscope-cli end to end: the real binary, its exit codes, messages and files.

#include <QtTest>

#ifdef HYPERSCOPE_CLI_CHARTS
#include <QImage>
#endif
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>

namespace {

struct Result {
    int exitCode = -1;
    QString out, err;
};

Result cli(const QStringList& args)
{
    QProcess p;
    p.start(QStringLiteral(HYPERSCOPE_CLI), args);
    if (!p.waitForFinished(120000))
        qFatal("hyperscope-cli did not finish");
    return {p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()), QString::fromUtf8(p.readAllStandardError())};
}

QByteArray read(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll();
}

QJsonObject json(const QString& path) { return QJsonDocument::fromJson(read(path)).object(); }

QStringList lines(const QString& path)
{
    return QString::fromUtf8(read(path)).split('\n', Qt::SkipEmptyParts);
}

void write(const QString& path, const QByteArray& content)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(content);
}

const char* kTiny = R"({"data": {"dataset": "moons", "samples": 200},
  "model": {"hidden": [6]},
  "training": {"epochs": 7, "batch_size": 16}})";

} // namespace

class TestCli : public QObject {
    Q_OBJECT
private:
    QTemporaryDir dir;
    QString path(const QString& name) const { return dir.filePath(name); }

private slots:
    void initTestCase()
    {
        QVERIFY(dir.isValid());
        write(path("tiny.json"), kTiny);
    }

    void help()
    {
        const Result r = cli({"--help"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("hyperscope-cli train"));
        QVERIFY(r.out.contains("evaluate"));
        QVERIFY(r.out.contains("gradcheck"));
    }

    void trainWritesEveryFile()
    {
        const Result r = cli({"train", path("tiny.json"), "--out", path("run"), "--quiet"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        for (const char* file : {"config.json", "history.csv", "metrics.json", "roc.csv", "pr.csv", "weights.json"})
            QVERIFY2(QFile::exists(path("run/") + file), file);

        const QStringList history = lines(path("run/history.csv"));
        QCOMPARE(history.size(), 1 + 7);
        QVERIFY(history[0].startsWith("epoch,train_loss,val_loss,train_accuracy,val_accuracy,lr,grad_norm_L1,grad_norm_L2,"));
        QVERIFY(history[0].contains("epoch_seconds"));
        QVERIFY(history[1].startsWith("1,"));

        const QJsonObject m = json(path("run/metrics.json"));
        for (const char* key : {"accuracy", "precision", "recall", "specificity", "f1", "roc_auc", "average_precision",
                                "confusion_matrix", "stopped_epoch", "best_epoch", "status", "per_class"})
            QVERIFY2(m.contains(key), key);
        QCOMPARE(m["status"].toString(), QStringLiteral("finished"));
        QCOMPARE(m["stopped_epoch"].toInt(), 7);
        QCOMPARE(m["subset"].toString(), QStringLiteral("test"));
        const QJsonArray confusion = m["confusion_matrix"].toArray();
        QCOMPARE(confusion.size(), 2);
        QCOMPARE(confusion[0].toArray()[0].toInt() + confusion[0].toArray()[1].toInt() + confusion[1].toArray()[0].toInt()
                     + confusion[1].toArray()[1].toInt(),
                 m["samples"].toInt());

        QCOMPARE(lines(path("run/roc.csv")).first(), QStringLiteral("class,threshold,fpr,tpr"));
        QVERIFY(lines(path("run/roc.csv")).size() > 3);
        QCOMPARE(lines(path("run/pr.csv")).first(), QStringLiteral("class,threshold,precision,recall"));

        const QJsonObject w = json(path("run/weights.json"));
        QCOMPARE(w["format"].toString(), QStringLiteral("hyperscope-weights/1"));
        const QJsonArray layers = w["layers"].toArray();
        QCOMPARE(layers.size(), 2);
        QCOMPARE(layers[0].toObject()["weight"].toArray().size(), 6 * 2);
        QCOMPARE(layers[0].toObject()["in"].toInt(), 2);
        QCOMPARE(layers[0].toObject()["out"].toInt(), 6);

        const QJsonObject config = json(path("run/config.json"));
        QCOMPARE(config["training"].toObject()["epochs"].toInt(), 7);
        QCOMPARE(config["data"].toObject()["dataset"].toString(), QStringLiteral("moons"));
    }

    void resolvedConfigReproducesTheRun()
    {
        const Result r = cli({"train", path("run/config.json"), "--out", path("again"), "--quiet"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(read(path("again/weights.json")), read(path("run/weights.json")));
        // identical except the wall-clock column
        const auto strip = [](QStringList l) {
            for (auto& s : l)
                s = s.section(',', 0, -2);
            return l;
        };
        QCOMPARE(strip(lines(path("again/history.csv"))), strip(lines(path("run/history.csv"))));
    }

    void setAndInitWeights()
    {
        Result r = cli({"train", path("tiny.json"), "--out", path("warm"), "--quiet", "--set", "training.epochs=1",
                        "--init-weights", path("run/weights.json")});
        QCOMPARE(r.exitCode, 0);
        const double warm = lines(path("warm/history.csv"))[1].section(',', 1, 1).toDouble();
        const double cold = lines(path("run/history.csv"))[1].section(',', 1, 1).toDouble();
        QVERIFY(warm < cold); // started from trained weights

        r = cli({"train", path("tiny.json"), "--out", path("mismatch"), "--set", "model.hidden=[7]", "--init-weights",
                 path("run/weights.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("architectures differ"), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
    }

    // --charts draws the desktop app's views (same code, offscreen).
    void chartsAreTheGuisViews_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QByteArray>("magic");
        QTest::newRow("png") << "png" << QByteArray("\x89PNG");
        QTest::newRow("svg") << "svg" << QByteArray("<?xml");
        QTest::newRow("pdf") << "pdf" << QByteArray("%PDF");
    }
    void chartsAreTheGuisViews()
    {
        QFETCH(QString, format);
        QFETCH(QByteArray, magic);
        write(path("tiny.json"), kTiny);
        const QString out = path("charts-" + format);
        const Result r = cli({"train", path("tiny.json"), "--out", out, "--charts", format, "--quiet"});
#ifndef HYPERSCOPE_CLI_CHARTS
        // A build without the GUI refuses before training.
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("built without the GUI"), qPrintable(r.err));
        QVERIFY(!QFile::exists(out));
        return;
#endif
        QCOMPARE(r.exitCode, 0);
        const QStringList stems{"loss", "learning_rate", "gradients", "confusion", "curves", "decision_boundary", "weights"};
        for (const QString& stem : stems) {
            const QByteArray bytes = read(out + "/charts/" + stem + "." + format);
            QVERIFY2(bytes.startsWith(magic), qPrintable(stem));
        }
        QCOMPARE(QDir(out + "/charts").entryList(QDir::Files).size(), stems.size());
        QVERIFY(QFile::exists(out + "/metrics.json"));   // the run folder is complete as well
#ifdef HYPERSCOPE_CLI_CHARTS
        if (format != "png")
            return;
        // A real drawing at the export size, not a blank page: the loss
        // curves put plenty of coloured pixels on it.
        const QImage loss(out + "/charts/loss.png");
        QCOMPARE(loss.size(), QSize(1200, 800));
        int coloured = 0;
        for (int y = 0; y < loss.height(); y += 3)
            for (int x = 0; x < loss.width(); x += 3)
                coloured += loss.pixelColor(x, y).saturation() > 80 ? 1 : 0;
        QVERIFY2(coloured > 300, qPrintable(QString::number(coloured)));
#endif
    }

    void chartsWithCrossValidationPerFold()
    {
        write(path("tiny.json"), kTiny);
        const Result r = cli({"train", path("tiny.json"), "--out", path("cv-charts"), "--folds", "2", "--charts", "svg", "--quiet"});
#ifndef HYPERSCOPE_CLI_CHARTS
        QSKIP("built without the GUI: no charts");
#endif
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QFile::exists(path("cv-charts/fold_1/charts/loss.svg")));
        QVERIFY(QFile::exists(path("cv-charts/fold_2/charts/confusion.svg")));
    }

    void chartsFolderIsCheckedBeforeTraining()
    {
        // charts/ is taken by a file: refused at once, nothing trained.
#ifndef HYPERSCOPE_CLI_CHARTS
        QSKIP("built without the GUI: no charts");
#endif
        write(path("tiny.json"), kTiny);
        QVERIFY(QDir().mkpath(path("charts-blocked")));
        QFile blocker(path("charts-blocked/charts"));
        QVERIFY(blocker.open(QIODevice::WriteOnly));
        blocker.close();
        const Result r = cli({"train", path("tiny.json"), "--out", path("charts-blocked"), "--charts", "png", "--quiet"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("charts-blocked/charts"), qPrintable(r.err));
        QVERIFY(!QFile::exists(path("charts-blocked/metrics.json")));
    }

    void chartsFormatIsChecked()
    {
        const Result r = cli({"train", "--out", path("never"), "--charts", "bmp"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("--charts bmp: the chart formats are png, svg and pdf"), qPrintable(r.err));
        QVERIFY(!QFile::exists(path("never")));
    }

    void evaluateScores()
    {
        // Hand-worked: positives score 0.35 and 0.8, negatives 0.1 and 0.4.
        // AUC = 3/4; AP = 0.5·1 + 0.5·(2/3) = 5/6.
        write(path("scores.csv"), "label,score\n0,0.1\n0,0.4\n1,0.35\n1,0.8\n");
        const Result r = cli({"evaluate", path("scores.csv"), "--out", path("eval"), "--quiet"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject m = json(path("eval/metrics.json"));
        QCOMPARE(m["roc_auc"].toDouble(), 0.75);
        QVERIFY(std::abs(m["average_precision"].toDouble() - 5.0 / 6.0) < 1e-12);
        QCOMPARE(m["accuracy"].toDouble(), 0.75); // at 0.5: predicts 0,0,0,1 for labels 0,0,1,1
        QCOMPARE(m["recall"].toDouble(), 0.5);

        const Result t = cli({"evaluate", path("scores.csv"), "--out", path("eval2"), "--threshold", "0.3", "--quiet"});
        QCOMPARE(t.exitCode, 0);
        QCOMPARE(json(path("eval2/metrics.json"))["recall"].toDouble(), 1.0);

        write(path("multi.csv"), "label,score_0,score_1,score_2\n0,0.7,0.2,0.1\n1,0.1,0.8,0.1\n2,0.2,0.2,0.6\n2,0.5,0.3,0.2\n");
        QCOMPARE(cli({"evaluate", path("multi.csv"), "--out", path("eval3"), "--quiet"}).exitCode, 0);
        QCOMPARE(json(path("eval3/metrics.json"))["accuracy"].toDouble(), 0.75);

        write(path("bad.csv"), "label,score\n0,0.1\n1,abc\n");
        const Result bad = cli({"evaluate", path("bad.csv"), "--out", path("eval4")});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY2(bad.err.contains("bad.csv:3:2"), qPrintable(bad.err));
    }

    void badInputGivesOneClearLine_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        QTest::newRow("no command") << QStringList{} << 2 << "no command";
        QTest::newRow("unknown command") << QStringList{"fly"} << 2 << "unknown command";
        QTest::newRow("no --out") << QStringList{"train"} << 2 << "--out";
        QTest::newRow("missing file") << QStringList{"train", "/nonexistent/c.json", "--out", "x"} << 1 << "/nonexistent/c.json";
        QTest::newRow("bad value") << QStringList{"train", "--out", "x", "--set", "training.epochs=0"} << 1 << "training.epochs = 0";
        QTest::newRow("unknown key") << QStringList{"train", "--out", "x", "--set", "training.epoch=3"} << 1 << "unknown key training.epoch";
        QTest::newRow("unknown preset") << QStringList{"train", "--out", "x", "--preset", "nope"} << 2 << "lr_too_high";
        QTest::newRow("bad threshold") << QStringList{"evaluate", "s.csv", "--out", "x", "--threshold", "2"} << 2 << "--threshold";
    }
    void badInputGivesOneClearLine()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        const Result r = cli(args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
    }

    void unwritableOutput()
    {
        write(path("a-file"), "x");
        const Result r = cli({"train", path("tiny.json"), "--out", path("a-file/run"), "--quiet"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("a-file/run"), qPrintable(r.err));
    }

    void divergedRunStillWritesItsResults()
    {
        const Result r = cli({"train", "--preset", "exploding_gradients", "--out", path("boom"), "--quiet"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.err.contains("diverged at epoch"));
        const QJsonObject m = json(path("boom/metrics.json"));
        QCOMPARE(m["status"].toString(), QStringLiteral("diverged"));
        QVERIFY(m["diverged_epoch"].toInt() >= 1);
        // The metrics of the weights the run diverged with: null where their
        // outputs are not finite, else what those weights really score.
        QVERIFY(m["accuracy"].isNull() || (m["accuracy"].toDouble() >= 0.0 && m["accuracy"].toDouble() <= 1.0));
    }

    void gradcheck()
    {
        Result r = cli({"gradcheck", "--preset", "vanishing_fixed_batch_norm"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("gradients agree"), qPrintable(r.out));
        QVERIFY(r.out.contains("gamma"));
        r = cli({"gradcheck", path("tiny.json"), "--set", "model.dropout=0.3", "--tolerance", "1e-20"});
        QCOMPARE(r.exitCode, 1); // nothing is that exact
        QVERIFY(r.err.contains("gradient check failed"));
    }

    void crossValidation()
    {
        const Result r = cli({"train", path("tiny.json"), "--folds", "3", "--out", path("cv"), "--quiet"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject cv = json(path("cv/cross_validation.json"));
        QCOMPARE(cv["folds"].toInt(), 3);
        QCOMPARE(cv["per_fold"].toArray().size(), 3);
        QVERIFY(cv["mean"].toObject().contains("accuracy"));
        QVERIFY(cv["std"].toObject()["accuracy"].toDouble() >= 0.0);
        QVERIFY(QFile::exists(path("cv/fold_3/metrics.json")));
    }

    void sweep()
    {
        const Result r = cli({"sweep", path("tiny.json"), "--grid", "training.optimizer.lr=0.01,0.1", "--grid",
                              "model.hidden=[3],[5,5]", "--jobs", "2", "--metric", "val_accuracy", "--out", path("sweep"),
                              "--quiet"});
        QCOMPARE(r.exitCode, 0);
        const QStringList rows = lines(path("sweep/results.csv"));
        QCOMPARE(rows.size(), 1 + 4);
        QVERIFY(rows[0].startsWith("rank,trial,model.hidden,training.optimizer.lr,status"));
        QVERIFY(QFile::exists(path("sweep/trial_004/weights.json")));
        const Result bad = cli({"sweep", path("tiny.json"), "--out", path("sweep2")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(bad.err.contains("--grid or --random"));
    }

    void sweepWithFolds()
    {
        const Result r = cli({"sweep", path("tiny.json"), "--grid", "training.optimizer.lr=0.01,0.1", "--folds", "2",
                              "--out", path("cvsweep"), "--quiet"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(lines(path("cvsweep/results.csv")).size(), 1 + 2);
        QVERIFY(QFile::exists(path("cvsweep/trial_002/fold_2/metrics.json")));
        QVERIFY(QFile::exists(path("cvsweep/trial_001/cross_validation.json")));
        QCOMPARE(cli({"collect", path("cvsweep"), "--quiet"}).exitCode, 0);
        QCOMPARE(lines(path("cvsweep/results.csv")).size(), 1 + 2);
        const Result one = cli({"sweep", path("tiny.json"), "--grid", "training.optimizer.lr=0.01", "--folds", "1",
                                "--out", path("cvsweep2")});
        QCOMPARE(one.exitCode, 2);
        QVERIFY(one.err.contains("--folds"));
    }

    void presetsAreListed()
    {
        const Result r = cli({"presets"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("imbalanced_rare_disease"));
    }

    // ---- Reliability: the bad-input matrix end to end (see also tests/model/test_*_badinput.cpp) ----

    void batchLargerThanTheDataIsNoted()
    {
        const Result r = cli({"train", path("tiny.json"), "--out", path("bigbatch"), "--set", "training.batch_size=100000",
                              "--set", "training.epochs=1"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("note: training.batch_size = 100000 is more than the 140 training samples: every step uses the full batch of 140"),
                 qPrintable(r.err));
    }

    void valuesJsonCannotHold_data()
    {
        QTest::addColumn<QString>("assignment");
        QTest::addColumn<QString>("message");
        QTest::newRow("nan") << "training.optimizer.lr=nan"
                             << "training.optimizer.lr = \"nan\" must be a number, not a string (JSON has no NaN or infinity: give a finite number)";
        QTest::newRow("inf") << "data.noise=inf" << "data.noise = \"inf\" must be a number, not a string (JSON has no NaN";
        QTest::newRow("1e999") << "training.optimizer.lr=1e999" << "--set training.optimizer.lr=1e999: the number is too large";
        QTest::newRow("10,000 x 10,000 network") << "model.hidden=[10000,10000]" << "at most 20,000,000 are allowed";
        QTest::newRow("empty key part") << "training..lr=1" << "has an empty part";
    }
    void valuesJsonCannotHold()
    {
        QFETCH(QString, assignment);
        QFETCH(QString, message);
        const Result r = cli({"train", path("tiny.json"), "--out", path("never"), "--set", assignment});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
    }

    void hugeOrEndlessConfigFilesAreRefusedUnread()
    {
        QFile big(path("big.json"));
        QVERIFY(big.open(QIODevice::WriteOnly));
        QVERIFY(big.resize(100000000));   // sparse: 100 MB without using the disk
        big.close();
        QElapsedTimer timer;
        timer.start();
        Result r = cli({"train", path("big.json"), "--out", path("never")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("it holds 100 MB, but a run config is at most 1 MB: is it the right file?"), qPrintable(r.err));
        QVERIFY(timer.elapsed() < 30000);
        r = cli({"train", "/dev/zero", "--out", path("never")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("/dev/zero: it holds more than 1 MB"), qPrintable(r.err));
        QVERIFY(!QFile::exists(path("never")));
    }

    void unwritableOutputFailsBeforeTraining_data()
    {
        QTest::addColumn<QString>("out");
        QTest::addColumn<QString>("message");
        QTest::newRow("under a regular file") << "a-file/run" << "cannot create folder";
        QTest::newRow("under /proc") << "/proc/hyperscope-test/run" << "cannot create folder /proc/hyperscope-test/run";
        QTest::newRow("under a device") << "/dev/null/run" << "cannot create folder /dev/null/run";
    }
    void unwritableOutputFailsBeforeTraining()
    {
        QFETCH(QString, out);
        QFETCH(QString, message);
        write(path("a-file"), "x");
        const QString target = out.startsWith('/') ? out : path(out);
        // A run of hours: the folder must be refused before it starts.
        QElapsedTimer timer;
        timer.start();
        const Result r = cli({"train", "--out", target, "--set", "training.epochs=1000000", "--set", "data.samples=100000"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
        QVERIFY(timer.elapsed() < 30000);
    }

    void fullDiskFailsCleanlyAndKeepsThePreviousFiles()
    {
        QVERIFY(cli({"train", path("tiny.json"), "--out", path("disk"), "--quiet"}).exitCode == 0);
        QMap<QString, QByteArray> before;
        const QStringList files{"config.json", "history.csv", "metrics.json", "roc.csv", "pr.csv", "weights.json"};
        for (const QString& f : files)
            before[f] = read(path("disk/") + f);
        // A file-size limit of 1 kB (ulimit -f counts 512-byte blocks in dash):
        // write() fails as on a full disk.
        QProcess p;
        p.start("/bin/sh", {"-c", "ulimit -f 2; exec \"$0\" \"$@\"", QStringLiteral(HYPERSCOPE_CLI), "train", path("tiny.json"),
                            "--out", path("disk"), "--set", "training.seed=5", "--quiet"});
        QVERIFY(p.waitForFinished(120000));
        const QString err = QString::fromUtf8(p.readAllStandardError());
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);   // not killed by SIGXFSZ
        QCOMPARE(p.exitCode(), 1);
        QVERIFY2(err.contains("File too large"), qPrintable(err));
        QCOMPARE(err.count('\n'), 1);
        for (const QString& f : files)
            if (err.contains("/" + f + ":"))
                QCOMPARE(read(path("disk/") + f), before[f]);   // the file that failed is the previous one, whole
        QCOMPARE(QDir(path("disk")).entryList({"*.tmp-*"}, QDir::Files | QDir::Hidden).size(), 0);
    }

    void pathsWithSpacesAndNonAscii()
    {
        const QString folder = path("my configs/données ünï 日本語");
        QVERIFY(QDir().mkpath(folder));
        write(folder + "/trainings daten.csv", "x 1,x 2,étiquette\n1,2,chat\n2,1,chien\n3,3,chat\n0,1,chien\n1,1,chat\n2,2,chien\n");
        QJsonObject data{{"dataset", "csv"}, {"path", folder + "/trainings daten.csv"}};
        QJsonObject config{{"data", data}, {"model", QJsonObject{{"hidden", QJsonArray{3}}}},
                           {"training", QJsonObject{{"epochs", 2}}}};
        write(folder + "/mon réglage.json", QJsonDocument(config).toJson());
        const QString out = path("runs with spaces/résultats 結果");
        const Result r = cli({"train", folder + "/mon réglage.json", "--out", out});
        QCOMPARE(r.exitCode, 0);
        for (const char* file : {"config.json", "history.csv", "metrics.json", "roc.csv", "pr.csv", "weights.json"})
            QVERIFY2(QFile::exists(out + "/" + file), file);
        QVERIFY2(r.out.contains("résultats 結果"), qPrintable(r.out));
        QVERIFY(json(out + "/metrics.json")["class_names"].toArray().contains(QJsonValue("chien")));
    }

    void nanInCsvDataNamesLineAndColumn()
    {
        write(path("nan.csv"), "a,b,label\n1,2,x\n3,NaN,y\n4,5,x\n");
        const Result r = cli({"train", "--out", path("never"), "--set", "data.dataset=csv", "--set", "data.path=" + path("nan.csv")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("nan.csv, line 3, column 2 (\"b\"): missing value \"NaN\": expected a finite number"), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
    }

    void weightsFileWithWrongTypes()
    {
        write(path("typed.json"), R"({"format": "hyperscope-weights/1", "layers": [{"kind": "dense", "in": "2", "out": 1e10}]})");
        const Result r = cli({"train", path("tiny.json"), "--out", path("never"), "--init-weights", path("typed.json")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("dense1 needs \"in\" and \"out\" as whole numbers (the network has 2 and 6)"), qPrintable(r.err));
        QCOMPARE(r.err.count('\n'), 1);
    }

    void hugeLearningRateDivergesAndStillWritesItsResults()
    {
        const Result r = cli({"train", path("tiny.json"), "--out", path("lr1e6"), "--quiet", "--set", "training.optimizer.type=sgd",
                              "--set", "training.optimizer.lr=1e6"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("diverged at epoch"), qPrintable(r.err));
        const QJsonObject m = json(path("lr1e6/metrics.json"));
        QCOMPARE(m["status"].toString(), QStringLiteral("diverged"));
        QVERIFY(m["diverged_epoch"].toInt() >= 1 && m["diverged_step"].toInt() >= 1);
        const QString history = QString::fromUtf8(read(path("lr1e6/history.csv")));
        QVERIFY(!history.contains("nan", Qt::CaseInsensitive) && !history.contains("inf", Qt::CaseInsensitive));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
