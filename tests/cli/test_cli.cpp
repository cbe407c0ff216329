// hyperscope-cli end to end: the real binary, its exit codes, messages and files.

#include <QtTest>

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
        QVERIFY(m["accuracy"].isNull());
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

    void presetsAreListed()
    {
        const Result r = cli({"presets"});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("imbalanced_rare_disease"));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "test_cli.moc"
