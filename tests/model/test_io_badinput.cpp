// Bad input to the run config and to the files a run reads and writes: every
// row ends in a clear message naming what was wrong, never in a crash, a
// hang, an exception of another kind or a half-written file.
//
// Config: every numeric field at 0, -1, a fraction, ±1e300 (and through text,
// 1e999 and NaN, which JSON cannot hold); wrong types; unknown keys; every
// truncation of a real config; nesting that would blow the stack; files of
// 100 MB and devices that never end. Files: unwritable folders, a full disk
// (RLIMIT_FSIZE), a failed save that must leave the old file intact, paths
// with spaces and non-ASCII characters, weights files that do not fit.

#include "io/atomic_file.h"
#include "io/config_json.h"
#include "io/run_writer.h"
#include "io/scores_file.h"
#include "io/weights_file.h"
#include "train/trainer.h"

#include <nlohmann/json.hpp>

#include <QtTest>

#include <csignal>
#include <filesystem>
#include <fstream>
#include <map>

#include <sys/resource.h>

using namespace hs;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

// A small, fast run that every field test starts from.
json smallRun()
{
    return json::parse(R"({"data": {"dataset": "moons", "samples": 80},
                           "model": {"hidden": [4]},
                           "training": {"epochs": 2, "batch_size": 16}})");
}

// Every numeric leaf of the resolved default config, as "a.b.c" or "a.b[i]".
void numericPaths(const json& j, const std::string& path, std::vector<std::string>& out)
{
    if (j.is_object()) {
        for (auto it = j.begin(); it != j.end(); ++it)
            numericPaths(*it, path.empty() ? it.key() : path + "." + it.key(), out);
    } else if (j.is_array()) {
        for (std::size_t i = 0; i < j.size(); ++i)
            numericPaths(j[i], path + "[" + std::to_string(i) + "]", out);
    } else if (j.is_number()) {
        out.push_back(path);
    }
}

// Sets "a.b[i]" in `j`.
void setPath(json& j, const std::string& path, const json& value)
{
    json* node = &j;
    std::size_t start = 0;
    while (start < path.size()) {
        std::size_t end = path.find_first_of(".[", start);
        if (end == std::string::npos)
            end = path.size();
        if (path[start] == '[') {
            const std::size_t close = path.find(']', start);
            node = &(*node)[std::stoul(path.substr(start + 1, close - start - 1))];
            start = close + 1;
        } else {
            node = &(*node)[path.substr(start, end - start)];
            start = end;
        }
        if (start < path.size() && path[start] == '.')
            ++start;
    }
    *node = value;
}

QString joined(const std::vector<std::string>& problems)
{
    QStringList l;
    for (const auto& p : problems)
        l << QString::fromStdString(p);
    return l.join(" | ");
}

struct TempDir {
    QTemporaryDir dir;
    fs::path path(const std::string& name) const { return fs::path(dir.path().toStdString()) / name; }
};

void writeText(const fs::path& p, std::string_view text)
{
    std::ofstream out(p, std::ios::binary);
    out << text;
}

std::string readText(const fs::path& p)
{
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// Files beside `p` that a failed atomic write could have left behind.
int leftovers(const fs::path& dir)
{
    int n = 0;
    for (const auto& e : fs::directory_iterator(dir))
        n += e.path().filename().string().find(".tmp-") != std::string::npos;
    return n;
}

// Lowers the file-size limit (a full disk, as far as write() can tell) for a scope.
class FileSizeLimit {
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        previousHandler_ = std::signal(SIGXFSZ, SIG_IGN);
        getrlimit(RLIMIT_FSIZE, &previous_);
        rlimit lower = previous_;
        lower.rlim_cur = bytes;
        setrlimit(RLIMIT_FSIZE, &lower);
    }
    ~FileSizeLimit()
    {
        setrlimit(RLIMIT_FSIZE, &previous_);
        std::signal(SIGXFSZ, previousHandler_);
    }

private:
    rlimit previous_{};
    void (*previousHandler_)(int) = nullptr;
};

RunConfig tinyConfig()
{
    RunConfig c;
    c.data.dataset = "blobs";
    c.data.classes = 3;
    c.data.samples = 90;
    c.model.hidden = {5};
    c.model.batchNorm = true;
    c.training.epochs = 2;
    return c;
}

} // namespace

class TestIoBadInput : public QObject {
    Q_OBJECT
private slots:
    // ---- config: every numeric field at 0, -1, 0.5, ±1e300 ----
    void everyNumericField_data()
    {
        QTest::addColumn<QString>("path");
        QTest::addColumn<double>("value");
        std::vector<std::string> paths;
        numericPaths(configToJson(RunConfig{}), "", paths);
        QVERIFY(paths.size() > 40);
        for (const auto& p : paths)
            for (const double v : {0.0, -1.0, 0.5, 1e300, -1e300})
                QTest::addRow("%s = %g", p.c_str(), v) << QString::fromStdString(p) << v;
    }
    void everyNumericField()
    {
        QFETCH(QString, path);
        QFETCH(double, value);
        json j = smallRun();
        // A whole number stays an integer in JSON, as a person would write it.
        const json v = value == std::floor(value) && std::abs(value) < 1e15 ? json(static_cast<long long>(value)) : json(value);
        setPath(j, path.toStdString(), v);
        const ConfigParse parsed = configFromJson(j);
        if (!parsed.ok()) {
            // Refused: the message names the field (or the rule it broke).
            std::string key = path.toStdString();
            const std::string field = key.substr(0, key.find('['));
            const QString all = joined(parsed.problems);
            QVERIFY2(all.contains(QString::fromStdString(field)) || all.contains("data.split fractions")
                         || all.contains("model.hidden ="),
                     qPrintable(all));
            return;
        }
        // Accepted: it must train (or diverge cleanly), with finite history.
        Trainer trainer(parsed.config);
        TrainingObserver quiet;
        RunControl control;
        const RunSummary s = trainer.run(quiet, control);
        QVERIFY2(s.status == RunStatus::Finished || s.status == RunStatus::StoppedEarly || s.status == RunStatus::Diverged,
                 qPrintable(QString::fromStdString(s.message)));
        for (const EpochEntry& r : trainer.history()) {
            QVERIFY(std::isfinite(r.trainLoss));
            QVERIFY(std::isfinite(r.lr));
        }
        if (s.status == RunStatus::Diverged)
            QVERIFY(QString::fromStdString(s.message).startsWith("diverged at epoch"));
    }

    // ---- config: what JSON cannot hold, given as text or with --set ----
    void notANumberAndOverflow_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("1e999 in a file") << R"({"training": {"optimizer": {"lr": 1e999}}})"
                                         << "test.json:1:35: not valid JSON (the number 1e999 is too large";
        QTest::newRow("-1e999 in a file") << "{\"data\":\n {\"noise\": -1e999}}" << "test.json:2:12: not valid JSON";
        QTest::newRow("NaN literal") << R"({"training": {"epochs": NaN}})" << "test.json:1:25: not valid JSON";
        QTest::newRow("Infinity literal") << R"({"data": {"noise": Infinity}})" << "test.json:1:20: not valid JSON";
        QTest::newRow("nan as a string") << R"({"training": {"optimizer": {"lr": "nan"}}})"
                                         << "training.optimizer.lr = \"nan\" must be a number, not a string (JSON has no NaN or infinity";
        QTest::newRow("-inf as a string") << R"({"data": {"noise": "-inf"}})" << "(JSON has no NaN or infinity";
        QTest::newRow("huge integer") << R"({"training": {"epochs": 99999999999999999999999}})"
                                      << "training.epochs = 9.999999999999999e+22 is out of range";
        QTest::newRow("huge width") << R"({"model": {"hidden": [1e300]}})" << "model.hidden[0] = 1e+300 must be a whole number";
    }
    void notANumberAndOverflow()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const ConfigParse parsed = configFromText(text.toStdString(), "test.json");
        QVERIFY(!parsed.ok());
        QVERIFY2(joined(parsed.problems).contains(message), qPrintable(joined(parsed.problems)));
    }

    void setOverridesWithNanAndOverflow()
    {
        json j = json::object();
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, applyOverride(j, "training.optimizer.lr=1e999"));
        try {
            applyOverride(j, "training.optimizer.lr=1e999");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).contains("--set training.optimizer.lr=1e999: the number is too large"), e.what());
        }
        applyOverride(j, "training.optimizer.lr=nan");   // a string, then refused with a hint
        const ConfigParse parsed = configFromJson(j);
        QVERIFY(joined(parsed.problems).contains("JSON has no NaN or infinity"));

        json k = json::object();
        try {
            applyOverride(k, "data.path=\xff\xfe");
            QFAIL("invalid UTF-8 accepted");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString(e.what()).contains("not valid UTF-8"), e.what());
        }
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, applyOverride(k, "a=" + std::string(100, '[')));
        std::string longKey;
        for (int i = 0; i < 100; ++i)
            longKey += "k.";
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, applyOverride(k, longKey + "x=1"));
    }

    // ---- config: wrong types and unknown keys, each named ----
    void wrongTypesAndUnknownKeys_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("hidden as a string") << R"({"model": {"hidden": "8,8"}})" << "model.hidden = \"8,8\" must be an array of whole numbers";
        QTest::newRow("hidden element as text") << R"({"model": {"hidden": [8, "x"]}})" << "model.hidden[1] = \"x\" must be a whole number";
        QTest::newRow("batch size as boolean") << R"({"training": {"batch_size": true}})" << "training.batch_size = true must be a whole number";
        QTest::newRow("batch size as other text") << R"({"training": {"batch_size": "half"}})" << "training.batch_size = \"half\"";
        QTest::newRow("optimizer as a string") << R"({"training": {"optimizer": "adam"}})" << "training.optimizer must be an object, not a string";
        QTest::newRow("dataset as a number") << R"({"data": {"dataset": 3}})" << "data.dataset = 3 must be a string";
        QTest::newRow("shuffle as a number") << R"({"training": {"shuffle": 1}})" << "training.shuffle = 1 must be true or false";
        QTest::newRow("split as an array") << R"({"data": {"split": [0.7, 0.3]}})" << "data.split must be an object";
        QTest::newRow("seed as a fraction") << R"({"data": {"seed": 1.5}})" << "data.seed = 1.5 must be a whole number of at least 0";
        QTest::newRow("null epochs") << R"({"training": {"epochs": null}})" << "training.epochs = null must be a whole number";
        QTest::newRow("long text value is cut short") << ("{\"training\": {\"epochs\": \"" + QString(5000, 'x') + "\"}}")
                                                      << "training.epochs = \"" + QString(56, 'x') + "... must be a whole number";
        QTest::newRow("unknown optimizer key") << R"({"training": {"optimizer": {"learning_rate": 0.1}}})"
                                               << "unknown key training.optimizer.learning_rate: allowed keys here are";
        QTest::newRow("unknown schedule key") << R"({"training": {"schedule": {"type": "step", "step": 3}}})"
                                              << "unknown key training.schedule.step";
        QTest::newRow("unknown split key") << R"({"data": {"split": {"train": 1, "validation": 0}}})" << "unknown key data.split.validation";
        QTest::newRow("unknown top-level key") << R"({"trainig": {"epochs": 3}})" << "unknown key trainig";
        QTest::newRow("top level is a string") << R"("spiral")" << "a run config must be a JSON object, not a string";
        QTest::newRow("empty text") << "" << "test.json:1:1: not valid JSON";
        QTest::newRow("garbage bytes") << QString::fromLatin1("\x01\xff{") << "test.json:1:1: not valid JSON";
    }
    void wrongTypesAndUnknownKeys()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const ConfigParse parsed = configFromText(text.toStdString(), "test.json");
        QVERIFY(!parsed.ok());
        QVERIFY2(joined(parsed.problems).contains(message), qPrintable(joined(parsed.problems)));
        for (const auto& p : parsed.problems)
            QVERIFY2(p.size() < 400, p.c_str());   // one readable line, however long the input
    }

    // ---- config: split fractions, sizes ----
    void splitFractions_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("sum above 1") << R"({"data": {"split": {"train": 0.8, "val": 0.3, "test": 0.1}}})" << "data.split fractions sum to 1.2";
        QTest::newRow("sum below 1") << R"({"data": {"split": {"train": 0.5, "val": 0.1, "test": 0.1}}})" << "data.split fractions sum to 0.7";
        QTest::newRow("no training share") << R"({"data": {"split": {"train": 0, "val": 0.5, "test": 0.5}}})" << "data.split.train = 0 is out of range";
        QTest::newRow("negative val") << R"({"data": {"split": {"train": 1.2, "val": -0.2, "test": 0}}})" << "data.split.val = -0.2 is out of range";
    }
    void splitFractions()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        const ConfigParse parsed = configFromText(text.toStdString(), "test.json");
        QVERIFY2(joined(parsed.problems).contains(message), qPrintable(joined(parsed.problems)));
    }

    void networksTooLargeAreRefusedBeforeAllocating()
    {
        // 10,000 × 10,000 is 10^8 parameters (2.4 GB of training state): refused.
        ConfigParse parsed = configFromText(R"({"model": {"hidden": [10000, 10000]}})");
        QVERIFY2(joined(parsed.problems).contains("model.hidden = [10000, 10000] on 2 inputs makes a network of 100,050,001 parameters: at most 20,000,000"),
                 qPrintable(joined(parsed.problems)));
        // The largest widths and depth validate() allows one by one: 1.1 × 10^12 parameters.
        json j = json::object();
        j["model"]["hidden"] = std::vector<int>(256, 65536);
        parsed = configFromJson(j);
        QCOMPARE(parsed.problems.size(), std::size_t(1));
        QVERIFY(joined(parsed.problems).contains("at most 20,000,000 are allowed"));
        // Not refused: a wide single layer, and 200 narrow layers.
        QVERIFY(configFromText(R"({"model": {"hidden": [10000]}})").ok());
        j["model"]["hidden"] = std::vector<int>(200, 8);
        QVERIFY(configFromJson(j).ok());
    }

    // ---- config: truncation, nesting, size ----
    void everyTruncationIsALocatedSyntaxError()
    {
        const std::string full = configToText(RunConfig{});
        for (std::size_t n = 0; n + 1 < full.size(); ++n) {
            const std::string cut = full.substr(0, n);
            if (cut.find_first_not_of(" \n") == std::string::npos && n > 0)
                continue;
            const ConfigParse parsed = configFromText(cut, "cut.json");
            QVERIFY2(!parsed.ok(), cut.c_str());
            QVERIFY2(parsed.problems.front().starts_with("cut.json:"), parsed.problems.front().c_str());
            QVERIFY2(parsed.problems.front().find("not valid JSON") != std::string::npos, parsed.problems.front().c_str());
        }
    }

    void deepNestingIsRefusedNotRecursed()
    {
        // Each would otherwise reach recursive JSON code (dump for a message, copies).
        const std::string open(200000, '[');
        ConfigParse parsed = configFromText(open, "deep.json");
        QVERIFY2(joined(parsed.problems).contains("deep.json:1:65: JSON nested more than 64 levels deep"), qPrintable(joined(parsed.problems)));
        const std::string closed = R"({"data": {"samples": )" + std::string(100000, '[') + std::string(100000, ']') + "}}";
        parsed = configFromText(closed, "deep.json");
        QVERIFY(joined(parsed.problems).contains("nested more than 64 levels"));
        // Within the limit: an ordinary problem about the value.
        const std::string fine = R"({"data": {"samples": )" + std::string(60, '[') + std::string(60, ']') + "}}";
        parsed = configFromText(fine, "deep.json");
        QVERIFY2(joined(parsed.problems).contains("data.samples = [[[[[["), qPrintable(joined(parsed.problems)));
        // Brackets inside strings do not count.
        QVERIFY(configFromText("{\"title\": \"" + std::string(1000, '[') + "\"}").ok());
    }

    void hugeTextAndFilesAreRefusedUnread()
    {
        // 100 MB of text in memory (a paste, a wrong file): refused at once.
        std::string big = "{\"description\": \"";
        big.append(100000000, 'a');
        big += "\"}";
        QElapsedTimer timer;
        timer.start();
        ConfigParse parsed = configFromText(big, "big.json");
        QVERIFY2(joined(parsed.problems).contains("big.json: 100000 kB of text, but a run config is at most 1000 kB"),
                 qPrintable(joined(parsed.problems)));
        QVERIFY(timer.elapsed() < 5000);

        // A 100 MB file is not even read (sparse: no disk is used).
        TempDir t;
        const fs::path file = t.path("big.json");
        writeText(file, "{}");
        fs::resize_file(file, 100000000);
        try {
            readFile(file, kMaxConfigFileBytes, "a run config");
            QFAIL("a 100 MB config was read");
        } catch (const FileError& e) {
            QVERIFY2(QString(e.what()).contains("it holds 100 MB, but a run config is at most 1 MB: is it the right file?"), e.what());
        }
        // A device that never ends stops one byte past the limit.
        try {
            readFile("/dev/zero", kMaxConfigFileBytes, "a run config");
            QFAIL("/dev/zero was read");
        } catch (const FileError& e) {
            QVERIFY2(QString(e.what()).contains("/dev/zero: it holds more than 1 MB"), e.what());
        }
        QCOMPARE(readFile(t.path("big.json").parent_path() / "big.json", 200000000, "x").size(), std::size_t(100000000));
    }

    // ---- files: writing where one cannot ----
    void unwritableLocations_data()
    {
        QTest::addColumn<QString>("where");
        QTest::newRow("under a regular file") << "file";
        QTest::newRow("under /proc") << "/proc/hyperscope-test/run";
        QTest::newRow("under a device") << "/dev/null/run";
    }
    void unwritableLocations()
    {
        QFETCH(QString, where);
        TempDir t;
        writeText(t.path("plain"), "x");
        const fs::path target = where == "file" ? t.path("plain") / "run" : fs::path(where.toStdString());
        try {
            writeFileAtomically(target / "metrics.json", "{}");
            QFAIL("wrote where it cannot");
        } catch (const FileError& e) {
            QVERIFY2(QString(e.what()).startsWith("cannot write " + QString::fromStdString((target / "metrics.json").string()) + ": "), e.what());
        }
        Trainer trainer(tinyConfig());
        try {
            writeRunFolder(target, trainer);
            QFAIL("wrote a run folder where it cannot");
        } catch (const FileError& e) {
            QVERIFY2(QString(e.what()).contains(QString::fromStdString(target.string())), e.what());
        }
    }

    void fullDiskFailsCleanlyAndKeepsThePreviousFile()
    {
        TempDir t;
        const fs::path file = t.path("weights.json");
        writeFileAtomically(file, "previous content\n");
        {
            const FileSizeLimit full(4096);   // writes beyond 4 kB fail as on a full disk
            try {
                writeFileAtomically(file, std::string(100000, 'n'));
                QFAIL("a write past the limit succeeded");
            } catch (const FileError& e) {
                QVERIFY2(QString(e.what()).startsWith("cannot write " + QString::fromStdString(file.string()) + ": File too large"), e.what());
            }
        }
        QCOMPARE(readText(file), std::string("previous content\n"));
        QCOMPARE(leftovers(t.path("")), 0);
        // A whole run folder over an older one, the disk filling up part way:
        // every file is then either the old or the new one, never a torn one,
        // and the one that failed is the old one.
        RunConfig other = tinyConfig();
        other.training.seed = 7;
        Trainer first(tinyConfig()), second(other);
        TrainingObserver quiet;
        RunControl control;
        first.run(quiet, control);
        second.run(quiet, control);
        const char* files[] = {"config.json", "history.csv", "metrics.json", "roc.csv", "pr.csv", "weights.json"};
        writeRunFolder(t.path("new"), second);
        writeRunFolder(t.path("run"), first);
        std::map<std::string, std::string> before, after;
        std::uintmax_t largest = 0;
        for (const char* f : files) {
            before[f] = readText(t.path("run") / f);
            after[f] = readText(t.path("new") / f);
            largest = std::max<std::uintmax_t>(largest, after[f].size());
        }
        QString failed;
        {
            const FileSizeLimit full(largest - 1);   // the largest new file cannot be written
            try {
                writeRunFolder(t.path("run"), second);
                QFAIL("every file was written");
            } catch (const FileError& e) {
                failed = QString::fromUtf8(e.what());
            }
        }
        QVERIFY2(failed.contains("File too large"), qPrintable(failed));
        for (const char* f : files) {
            const std::string now = readText(t.path("run") / f);
            QVERIFY2(now == before[f] || now == after[f], f);
            if (failed.contains(QString("/") + f + ":"))
                QVERIFY2(now == before[f], f);
        }
        QCOMPARE(leftovers(t.path("run")), 0);
    }

    void failedRenameKeepsTheTarget()
    {
        TempDir t;
        fs::create_directories(t.path("target/inside"));   // a non-empty folder cannot be replaced by a file
        QVERIFY_THROWS_EXCEPTION(FileError, writeFileAtomically(t.path("target"), "data"));
        QVERIFY(fs::is_directory(t.path("target/inside")));
        QCOMPARE(leftovers(t.path("")), 0);
    }

    void pathsWithSpacesAndNonAscii()
    {
        TempDir t;
        const fs::path dir = t.path("runs with spaces/ünïcødé 日本語 ✓");
        Trainer trainer(tinyConfig());
        TrainingObserver quiet;
        RunControl control;
        trainer.run(quiet, control);
        writeRunFolder(dir, trainer);
        for (const char* f : {"config.json", "history.csv", "metrics.json", "roc.csv", "pr.csv", "weights.json"})
            QVERIFY2(fs::exists(dir / f), f);
        Network copy = trainer.network();
        copy.parameters().setZero();
        loadWeightsFile(dir / "weights.json", copy);
        QCOMPARE(copy.parameters(), trainer.network().parameters());
        const ConfigParse again = configFromText(readFile(dir / "config.json"), (dir / "config.json").string());
        QVERIFY(again.ok());
        // A CSV data set at such a path, named in the config.
        const fs::path csv = t.path("données d'entrée/ïris 🌸.csv");
        fs::create_directories(csv.parent_path());
        writeText(csv, "a,b,label\n1,2,x\n2,1,y\n3,3,x\n0,1,y\n1,1,x\n2,2,y\n");
        json j = json::parse(R"({"data": {"dataset": "csv"}, "model": {"hidden": [3]}, "training": {"epochs": 1}})");
        j["data"]["path"] = csv.string();
        const ConfigParse parsed = configFromText(j.dump());
        QVERIFY2(parsed.ok(), qPrintable(joined(parsed.problems)));
        Trainer fromCsv(parsed.config);
        QCOMPARE(fromCsv.data().featureNames.size(), std::size_t(2));
    }

    // ---- files: weights that do not fit ----
    void weightsThatDoNotFit_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("message");
        const QString head = R"({"format": "hyperscope-weights/1", "layers": [)";
        QTest::newRow("format is a number") << R"({"format": 1, "layers": []})" << "w.json is not a weights file";
        QTest::newRow("kind is a number") << head + R"({"kind": 1}]})" << "w.json: layer 1 is not a dense layer where the network has dense1";
        QTest::newRow("in as text") << head + R"({"kind": "dense", "in": "2", "out": 5}]})"
                                    << "w.json: dense1 needs \"in\" and \"out\" as whole numbers (the network has 2 and 5)";
        QTest::newRow("in beyond int") << head + R"({"kind": "dense", "in": 1e10, "out": 5}]})" << "needs \"in\" and \"out\" as whole numbers";
        QTest::newRow("in huge integer") << head + R"({"kind": "dense", "in": 18446744073709551615, "out": 5}]})" << "needs \"in\" and \"out\"";
        QTest::newRow("other architecture") << head + R"({"kind": "dense", "in": 2, "out": 6}]})"
                                            << "dense1 is 6×2 (out × in) in the file but 5×2 in the network: the architectures differ";
        QTest::newRow("layers not an array") << R"({"format": "hyperscope-weights/1", "layers": {}})" << "w.json has no \"layers\" array";
    }
    void weightsThatDoNotFit()
    {
        QFETCH(QString, text);
        QFETCH(QString, message);
        Trainer trainer(tinyConfig());
        Network network = trainer.network();
        const Vector before = network.parameters();
        try {
            loadWeights(parseJson(text.toStdString(), "w.json"), network, "w.json");
            QFAIL("loaded");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
        QCOMPARE(network.parameters(), before);
    }

    void weightValuesOutOfRange()
    {
        Trainer trainer(tinyConfig());
        json j = weightsToJson(trainer.network(), trainer.config());
        Network network = trainer.network();
        const auto refused = [&](const json& file, const QString& message) {
            try {
                loadWeights(file, network, "w.json");
            } catch (const std::invalid_argument& e) {
                return QString::fromUtf8(e.what()).contains(message);
            }
            return false;
        };
        json big = j;
        big["layers"][0]["weight"][3] = 1e300;   // finite as a double, not as a float
        QVERIFY(refused(big, "w.json: dense1: \"weight\"[3] = 1e+300 is out of range: must be a finite 32-bit float"));
        json negative = j;
        negative["layers"][1]["running_var"][0] = -1.0;
        QVERIFY(refused(negative, "batch_norm1: \"running_var\" has a negative value"));
        QCOMPARE(network.parameters(), trainer.network().parameters());
    }

    void weightsFileTooLargeForTheNetwork()
    {
        TempDir t;
        const fs::path file = t.path("w.json");
        writeText(file, "{}");
        fs::resize_file(file, 50000000);
        Trainer trainer(tinyConfig());
        Network network = trainer.network();
        try {
            loadWeightsFile(file, network);
            QFAIL("read");
        } catch (const FileError& e) {
            QVERIFY2(QString(e.what()).contains("it holds 50 MB, but the weights file of this network is at most 1"), e.what());
        }
    }

    // ---- the scores CSV of `evaluate` ----
    void scoresThatDoNotParse_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray() << "s.csv: the file is empty";
        QTest::newRow("no label column") << QByteArray("y,score\n0,0.5\n") << "s.csv:1: no \"label\" column";
        QTest::newRow("one score_ column") << QByteArray("label,score_0\n0,0.5\n") << "expected a \"score\" column, or \"score_0\"";
        QTest::newRow("header only") << QByteArray("label,score\n") << "s.csv: the file has a header but no rows";
        QTest::newRow("nan score") << QByteArray("label,score\n0,nan\n") << "s.csv:2:2: the value nan is not finite";
        QTest::newRow("label out of range") << QByteArray("label,score\n2,0.5\n") << "s.csv:2:1: label 2 is not a class index in 0 … 1";
        QTest::newRow("fractional label") << QByteArray("label,score\n0.5,0.5\n") << "label 0.5 is not a class index";
        QTest::newRow("binary garbage") << QByteArray("\x00\x01\xff,\n\x80", 6) << "s.csv:1: no \"label\" column";
        QTest::newRow("ragged row") << QByteArray("label,score\n1,0.5,3\n") << "s.csv:2: 3 fields, but the header has 2";
        // 100,000 score columns over 100,000 blank lines: 80 GB of scores if
        // allocated before the rows are checked.
        QByteArray wide("label");
        for (int k = 0; k < 100000; ++k)
            wide += ",score_" + QByteArray::number(k);
        wide += "\n" + QByteArray(100000, '\n') + "0\n";
        QTest::newRow("wide header over short lines") << wide << "s.csv:2: 1 fields, but the header has 100001";
    }
    void scoresThatDoNotParse()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        try {
            readScores(std::string_view(text.constData(), static_cast<std::size_t>(text.size())), "s.csv", 0.5);
            QFAIL("parsed");
        } catch (const std::invalid_argument& e) {
            QVERIFY2(QString::fromUtf8(e.what()).contains(message), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestIoBadInput)
#include "test_io_badinput.moc"
