// Run folders read back exactly what was written (history.csv, steps.csv,
// metrics.json, roc.csv, pr.csv), the archive is all-or-nothing, and bad
// files end in RunFolderError naming the file, the line and the problem.

#include "io/atomic_file.h"
#include "io/run_archive.h"
#include "io/run_reader.h"
#include "io/run_writer.h"
#include "history_testing.h"
#include "train/trainer.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <filesystem>
#include <thread>

using namespace hs;
namespace fs = std::filesystem;

namespace {

class Quiet : public TrainingObserver {};

RunConfig tinyConfig()
{
    RunConfig c;
    c.data.dataset = "circle";
    c.data.samples = 200;
    c.model.hidden = {5, 4};
    c.training.epochs = 6;
    c.training.batchSize = 16;
    return c;
}

void train(Trainer& t)
{
    Quiet q;
    RunControl control;
    t.run(q, control);
}

} // namespace

class TestIoRunReader : public QObject {
    Q_OBJECT
private slots:
    void roundTripIsExact()
    {
        QTemporaryDir tmp;
        Trainer t(tinyConfig());
        train(t);
        const fs::path dir = archiveRun(tmp.path().toStdString(), "run", t, "{}\n");
        QCOMPARE(QString::fromStdString(dir.filename().string()), QStringLiteral("run"));
        const RunFolder f = readRunFolder(dir);
        QCOMPARE(f.layers, t.network().layerCount());
        QCOMPARE(f.history.size(), t.history().size());
        // Shortest round-trip text: bit for bit.
        for (std::size_t i = 0; i < f.history.size(); ++i) {
            testing::compareEpochs(f.history[i], t.history()[i]);
            if (QTest::currentTestFailed())
                return;
        }
        const auto& steps = t.stepHistory().points();
        QCOMPARE(f.steps.size(), steps.size());
        for (std::size_t i = 0; i < steps.size(); ++i) {
            QCOMPARE(f.steps[i].step, steps[i].step);
            QCOMPARE(f.steps[i].loss, steps[i].loss);
            QCOMPARE(f.steps[i].lr, steps[i].lr);
        }
        QVERIFY(f.summary.status == t.summary().status);
        QCOMPARE(f.summary.epochsRun, t.summary().epochsRun);
        QCOMPARE(f.summary.bestEpoch, t.summary().bestEpoch);
        QCOMPARE(f.roc.size(), std::size_t(1));
        QVERIFY(f.roc.front().x.size() >= 2);
        QCOMPARE(f.pr.size(), std::size_t(1));
        QVERIFY(f.hasWeights);
        QVERIFY(f.hasInitialWeights);
        QCOMPARE(f.config.training.epochs, 6);
    }

    void archiveNeverOverwrites()
    {
        QTemporaryDir tmp;
        Trainer t(tinyConfig());
        train(t);
        const fs::path a = archiveRun(tmp.path().toStdString(), "same", t, {});
        const fs::path b = archiveRun(tmp.path().toStdString(), "same", t, {});
        QVERIFY(a != b);
        QCOMPARE(QString::fromStdString(b.filename().string()), QStringLiteral("same-2"));
        QVERIFY(!fs::exists(b / "initial_weights.json"));
        // A crash mid-write leaves only a hidden partial folder, which is cleared.
        fs::create_directories(fs::path(tmp.path().toStdString()) / ".partial-crashed");
        removePartialFolders(tmp.path().toStdString());
        QVERIFY(!fs::exists(fs::path(tmp.path().toStdString()) / ".partial-crashed"));
        QVERIFY(fs::exists(a / "history.csv"));
    }

    void concurrentArchivesGetTheirOwnFolders()
    {
        QTemporaryDir tmp;
        Trainer t(tinyConfig());
        train(t);
        constexpr int kWriters = 4;
        std::vector<fs::path> written(kWriters);
        std::vector<std::thread> threads;
        for (int i = 0; i < kWriters; ++i)
            threads.emplace_back([&, i] { written[i] = archiveRun(tmp.path().toStdString(), "same-ms", t, "{}\n"); });
        for (auto& th : threads)
            th.join();
        std::sort(written.begin(), written.end());
        QVERIFY(std::adjacent_find(written.begin(), written.end()) == written.end());
        for (const auto& dir : written)
            QCOMPARE(readRunFolder(dir).history.size(), t.history().size());
    }

    void cliFolderWithoutSteps()
    {
        QTemporaryDir tmp;
        Trainer t(tinyConfig());
        train(t);
        writeRunFolder(tmp.path().toStdString(), t);
        const RunFolder f = readRunFolder(tmp.path().toStdString());
        QVERIFY(f.steps.empty());
        QVERIFY(!f.hasInitialWeights);
        QCOMPARE(f.history.size(), std::size_t(6));
    }

    void badHistory_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << "" << "history.csv: empty file";
        QTest::newRow("no epoch") << "train_loss\n1\n" << "no 'epoch' column";
        QTest::newRow("not a number") << "epoch,train_loss\n1,abc\n" << "line 2: train_loss: 'abc' is not a number";
        QTest::newRow("ragged") << "epoch,train_loss\n1,0.5,7\n" << "line 2: 3 cells, but the header has 2";
        QTest::newRow("out of order") << "epoch,train_loss\n2,0.5\n1,0.4\n" << "line 3: epoch: 1 is out of order";
        QTest::newRow("zero epoch") << "epoch,train_loss\n0,0.5\n" << "epoch: 0 is out of order";
        QTest::newRow("fraction epoch") << "epoch,train_loss\n1.5,0.5\n" << "epoch: '1.5' is not a whole number";
        QTest::newRow("duplicate column") << "epoch,epoch,train_loss\n" << "column 'epoch' appears twice";
        QTest::newRow("quote") << "epoch,train_loss\n\"1,0.5\n" << "line 2: unclosed quote";
    }
    void badHistory()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        try {
            readHistoryCsv(text.toStdString(), "history.csv");
            QFAIL("accepted");
        } catch (const RunFolderError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
    }

    void goodHistoryVariants()
    {
        // BOM, CRLF, optional columns absent, empty cells.
        const auto h = readHistoryCsv("\xEF\xBB\xBF" "epoch,train_loss,val_loss\r\n1,0.5,\r\n2,0.25,0.3\r\n", "h");
        QCOMPARE(h.size(), std::size_t(2));
        QVERIFY(!h[0].valLoss);
        QCOMPARE(*h[1].valLoss, 0.3);
        const auto c = readCurveCsv("class,threshold,fpr,tpr\n\"a,b\",0.5,0,0\n\"a,b\",,1,1\n", "roc.csv", "fpr", "tpr");
        QCOMPARE(c.size(), std::size_t(1));
        QCOMPARE(QString::fromStdString(c[0].className), QStringLiteral("a,b"));
    }

    void badFolder_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("content");
        QTest::addColumn<QString>("message");
        QTest::newRow("config syntax") << "config.json" << "{" << "config.json";
        QTest::newRow("config key") << "config.json" << "{\"bogus\": 1}" << "bogus";
        QTest::newRow("metrics type") << "metrics.json" << "{\"status\": 3}" << "metrics.json: status: wrong type";
        QTest::newRow("metrics status") << "metrics.json" << "{\"status\": \"melted\"}" << "'melted' is not one of";
        QTest::newRow("metrics array") << "metrics.json" << "[]" << "metrics.json: expected a JSON object";
        QTest::newRow("steps") << "steps.csv" << "step,loss,lr\n1,x,0\n" << "steps.csv: line 2: loss";
        QTest::newRow("roc") << "roc.csv" << "class,threshold,fpr\n" << "roc.csv: line 1: no 'tpr' column";
        QTest::newRow("pr split") << "pr.csv" << "class,threshold,precision,recall\na,0,1,0\nb,0,1,0\na,0,1,1\n"
                                  << "class 'a' appears in two separate blocks";
    }
    void badFolder()
    {
        QFETCH(QString, file);
        QFETCH(QString, content);
        QFETCH(QString, message);
        QTemporaryDir tmp;
        Trainer t(tinyConfig());
        train(t);
        const fs::path dir = archiveRun(tmp.path().toStdString(), "run", t, {});
        writeFileAtomically(dir / file.toStdString(), content.toStdString());
        try {
            readRunFolder(dir);
            QFAIL("accepted");
        } catch (const RunFolderError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
    }

    void missingFiles()
    {
        QTemporaryDir tmp;
        try {
            readRunFolder(tmp.path().toStdString());
            QFAIL("accepted");
        } catch (const RunFolderError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("config.json")), e.what());
        }
        try {
            readRunFolder(fs::path(tmp.path().toStdString()) / "nowhere");
            QFAIL("accepted");
        } catch (const RunFolderError& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("not a folder")), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestIoRunReader)
#include "test_io_run_reader.moc"
