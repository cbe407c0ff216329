// The compact per-epoch history: records read back exactly as written
// (optionals keep their presence), across chunk boundaries, with a bounded
// and stated cost per epoch, and a trainer's log holding every epoch. Long
// logs move to a temporary file and keep the process's memory flat.

#include "train/epoch_log.h"
#include "train/trainer.h"

#include "history_testing.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <fstream>
#include <unistd.h>

using namespace hs;

namespace {

EpochRecord record(int epoch, int layers)
{
    EpochRecord r;
    r.epoch = epoch;
    r.steps = 70LL * epoch;
    r.trainLoss = 1.0 / (epoch + 0.1);
    if (epoch % 2)
        r.trainAccuracy = 0.5 + 1e-7 * epoch;
    if (epoch % 3)
        r.valLoss = std::nextafter(2.0 / epoch, 3.0);
    if (epoch % 5)
        r.valAccuracy = 0.25;
    r.penalty = 1e-300 * epoch;
    r.lr = 0.1 / epoch;
    r.epochSeconds = 1e-5 * epoch;
    r.lrReduced = epoch % 7 == 0;
    for (int l = 0; l < layers; ++l)
        r.layers.push_back({0.1 * l + epoch, 1e-3 / (l + 1), 3.0 + l, l == 0 ? 0.5 : 0.0, 1.0 / 3.0});
    return r;
}

// Resident memory of this process in bytes (Linux), 0 where unknown.
double residentBytes()
{
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return double(resident) * double(sysconf(_SC_PAGESIZE));
}

} // namespace

class TestTrainEpochLog : public QObject {
    Q_OBJECT
private slots:
    void readsBackExactlyAcrossChunks()
    {
        const int n = int(EpochLog::kChunkRows) * 2 + 17;
        EpochLog log(3, 10); // a capacity smaller than the records: the table grows
        for (int e = 1; e <= n; ++e)
            log.push_back(record(e, 3));
        QCOMPARE(log.size(), std::size_t(n));
        for (int e = 1; e <= n; ++e)
            testing::compareEpochs(log[std::size_t(e - 1)], record(e, 3));
        const EpochEntry last = log.back();
        testing::compareEpochs(last, record(n, 3));
        int expected = 0;
        for (const EpochEntry& entry : log.span())
            QCOMPARE(entry.epoch, ++expected);
        QCOMPARE(expected, n);
        const auto copies = log.toVector();
        QCOMPARE(copies.size(), log.size());
        testing::compareEpochs(log[100], copies[100]);
    }

    void recordsWithFewerLayersKeepTheirCount()
    {
        EpochLog log = EpochLog::fromRecords({record(1, 2), record(2, 0), record(3, 1)}, 2);
        QCOMPARE(log.layers(), 2);
        QCOMPARE(log[0].layers.size(), std::size_t(2));
        QCOMPARE(log[1].layers.size(), std::size_t(0));
        testing::compareEpochs(log[2], record(3, 1));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, log.push_back(record(4, 3)));
        QCOMPARE(log.size(), std::size_t(3));
    }

    void aSpanShowsAPrefix()
    {
        EpochLog log(1);
        for (int e = 1; e <= 5; ++e)
            log.push_back(record(e, 1));
        const EpochSpan first(&log, 3);
        QCOMPARE(first.size(), std::size_t(3));
        QCOMPARE(first.back().epoch, 3);
        QVERIFY(EpochSpan().empty());
        QCOMPARE(EpochSpan(nullptr, 4).size(), std::size_t(0));
    }

    void costPerEpochIsBounded()
    {
        // The fixed numbers of an epoch in one row, 40 bytes per layer: the
        // 2 → 8 → 8 → 1 network of the playground keeps 192 bytes an epoch.
        QVERIFY(EpochLog::bytesPerEpoch(0) <= 72);
        QCOMPARE(EpochLog::bytesPerEpoch(3) - EpochLog::bytesPerEpoch(0), 3 * sizeof(LayerStats));
        QVERIFY(EpochLog::bytesPerEpoch(3) <= 192);
    }

    void aReleasedRegionKeepsItsData()
    {
        auto file = SpillFile::open();
        QVERIFY2(file, "no temporary file could be made");
        auto* p = static_cast<unsigned char*>(file->allocate(3 * 4096 + 1));
        QVERIFY(p);
        QVERIFY(file->size() >= 3 * 4096 + 1);
        QCOMPARE(int(p[100]), 0); // zero-filled
        for (int i = 0; i < 3 * 4096 + 1; ++i)
            p[i] = static_cast<unsigned char>(i * 7);
        SpillFile::release(p, 3 * 4096 + 1);
        for (int i = 0; i < 3 * 4096 + 1; ++i)
            QCOMPARE(int(p[i]), int(static_cast<unsigned char>(i * 7)));
        auto* q = static_cast<unsigned char*>(file->allocate(10));
        QVERIFY(q && q != p);
        q[9] = 1;
        QCOMPARE(int(p[9]), int(static_cast<unsigned char>(9 * 7)));
    }

    void longLogsMoveToDiskAndReadBackExactly()
    {
        const std::size_t chunks = EpochLog::kMemoryChunks + 3;
        const int n = int(EpochLog::kChunkRows * chunks) + 5;
        EpochLog log(3, std::size_t(n));
        for (int e = 1; e <= n; ++e) {
            log.push_back(record(e, 3));
            if (e % 3000 == 0) // readers in between map released chunks back
                testing::compareEpochs(log[std::size_t(e) / 2], record(e / 2 + 1, 3));
        }
        QCOMPARE(log.chunksOnDisk(), chunks + 1 - EpochLog::kMemoryChunks);
        for (int e = 1; e <= n; ++e)
            testing::compareEpochs(log[std::size_t(e - 1)], record(e, 3));
        EpochLog moved = std::move(log);
        testing::compareEpochs(moved.back(), record(n, 3));
        testing::compareEpochs(moved[EpochLog::kChunkRows * EpochLog::kMemoryChunks], record(int(EpochLog::kChunkRows * EpochLog::kMemoryChunks) + 1, 3));
    }

    void withoutATemporaryFileTheLogStaysInMemory()
    {
        const QByteArray before = qgetenv("TMPDIR");
        qputenv("TMPDIR", "/nonexistent-directory-for-this-test");
        const int n = int(EpochLog::kChunkRows * (EpochLog::kMemoryChunks + 1)) + 1;
        EpochLog log(2);
        for (int e = 1; e <= n; ++e)
            log.push_back(record(e, 2));
        if (before.isNull())
            qunsetenv("TMPDIR");
        else
            qputenv("TMPDIR", before);
        QCOMPARE(log.chunksOnDisk(), std::size_t(0));
        for (int e = 1; e <= n; ++e)
            testing::compareEpochs(log[std::size_t(e - 1)], record(e, 2));
    }

    void residentMemoryStaysFlatOverALongLog()
    {
        if (residentBytes() == 0)
            QSKIP("no /proc/self/statm here");
        // 20 layers: 872 bytes an epoch, 83 MiB for 100,000 epochs in memory.
        const int n = 100000, layers = 20;
        const EpochRecord proto = record(1, layers);
        EpochLog log(layers, std::size_t(n));
        EpochRecord r = proto;
        const double before = residentBytes();
        for (int e = 1; e <= n; ++e) {
            r.epoch = e;
            r.layers[0].gradNorm = e;
            log.push_back(r);
        }
        const double grown = residentBytes() - before;
        QVERIFY2(grown < 12.0 * 1024 * 1024,
                 qPrintable(QStringLiteral("resident memory grew by %1 MiB").arg(grown / 1048576.0)));
        QCOMPARE(log[n - 1].layers[0].gradNorm, double(n));
        QCOMPARE(log[12345].epoch, 12346);
    }

    void theTrainerLogsEveryEpoch()
    {
        RunConfig c;
        c.data.dataset = "circle";
        c.data.samples = 200;
        c.training.epochs = 7;
        c.training.batchSize = 50;
        Trainer t(c);
        TrainingObserver quiet;
        RunControl control;
        t.run(quiet, control);
        QCOMPARE(t.history().size(), std::size_t(7));
        QCOMPARE(t.sharedHistory().get(), &t.history());
        QCOMPARE(t.history().layers(), t.network().layerCount());
        for (std::size_t i = 0; i < t.history().size(); ++i) {
            QCOMPARE(t.history()[i].epoch, int(i) + 1);
            QCOMPARE(t.history()[i].layers.size(), std::size_t(t.network().layerCount()));
        }
    }
};

QTEST_APPLESS_MAIN(TestTrainEpochLog)
#include "test_train_epoch_log.moc"
