#include "run_history.h"

#include "io/atomic_file.h"
#include "io/config_json.h"
#include "io/run_archive.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

#include <algorithm>
#include <filesystem>

namespace hs {

namespace fs = std::filesystem;

namespace {

const char* const kMetaFile = "run.json";
const char* const kMetaFormat = "hyperscope-run-meta/1";
const char* const kTrash = ".trash";

fs::path pathOf(const QString& s)
{
    return fs::path(s.toStdString());
}

bool fail(QString* error, const QString& message)
{
    if (error)
        *error = message;
    return false;
}

} // namespace

RunHistory::RunHistory(QObject* parent)
    : QObject(parent)
{
}

QString RunHistory::defaultRoot()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation)).filePath(QStringLiteral("runs"));
}

QString RunHistory::trashDir() const
{
    return QDir(root_).filePath(QString::fromLatin1(kTrash));
}

bool RunHistory::setRoot(const QString& root, QString* error)
{
    runs_.clear();
    trash_.clear();
    root_ = QDir(root).absolutePath();
    if (!QDir().mkpath(root_)) {
        emit changed();
        return fail(error, tr("Cannot create the run history folder %1.").arg(QDir::toNativeSeparators(root_)));
    }
    std::error_code ec;
    fs::remove_all(pathOf(trashDir()), ec); // deletions of the last session become final
    removePartialFolders(pathOf(root_));
    const QFileInfoList dirs = QDir(root_).entryInfoList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QFileInfo& d : dirs)
        insertSorted(scan(d.absoluteFilePath()));
    // A run archived just before the app closed has no run.json yet: it gets
    // its name now, in the order the runs ended.
    for (int i = 0; i < runs_.size(); ++i)
        if (RunEntry& e = runs_[i]; !e.hasMeta && e.problem.isEmpty()) {
            e.name = nextName(i + 1);
            e.hasMeta = writeMeta(e, nullptr);
        }
    emit changed();
    return true;
}

RunEntry RunHistory::scan(const QString& dir) const
{
    RunEntry e;
    e.dir = QDir(dir).absolutePath();
    e.id = QFileInfo(dir).fileName();
    e.name = e.id;
    e.created = QFileInfo(QDir(dir).filePath(QStringLiteral("metrics.json"))).lastModified().toUTC();
    const fs::path metaPath = pathOf(dir) / kMetaFile;
    std::error_code ec;
    if (fs::exists(metaPath, ec)) {
        e.hasMeta = true;
        try {
            const auto meta = parseJson(readFile(metaPath, 100'000, "a run's metadata"), metaPath.string());
            if (meta.is_object()) {
                if (auto it = meta.find("name"); it != meta.end() && it->is_string() && !it->get<std::string>().empty())
                    e.name = QString::fromStdString(it->get<std::string>());
                if (auto it = meta.find("pinned"); it != meta.end() && it->is_boolean())
                    e.pinned = it->get<bool>();
                if (auto it = meta.find("created"); it != meta.end() && it->is_string()) {
                    const QDateTime t = QDateTime::fromString(QString::fromStdString(it->get<std::string>()), Qt::ISODateWithMs);
                    if (t.isValid())
                        e.created = t.toUTC();
                }
            }
        } catch (const std::exception&) {
            // A damaged run.json loses only the name and the pin: the run's
            // own files are what matter.
        }
    }
    try {
        const RunFolder f = readRunFolder(pathOf(dir));
        e.status = QString::fromStdString(std::string(toString(f.summary.status)));
        e.epochs = static_cast<int>(f.history.size());
        for (const auto& r : f.history) {
            if (r.valLoss && (!e.bestValLoss || *r.valLoss < *e.bestValLoss))
                e.bestValLoss = r.valLoss;
            if (r.valAccuracy && (!e.bestValAccuracy || *r.valAccuracy > *e.bestValAccuracy))
                e.bestValAccuracy = r.valAccuracy;
        }
        if (auto it = f.metrics.find("roc_auc"); it != f.metrics.end() && it->is_number())
            e.auc = it->get<double>();
        e.hasInitialWeights = f.hasInitialWeights;
        e.config = configToJson(f.config);
    } catch (const std::exception& ex) {
        e.problem = QString::fromStdString(ex.what());
        e.status = tr("unreadable");
    }
    return e;
}

void RunHistory::insertSorted(RunEntry entry)
{
    const auto at = std::upper_bound(runs_.begin(), runs_.end(), entry, [](const RunEntry& a, const RunEntry& b) {
        return a.created != b.created ? a.created < b.created : a.id < b.id;
    });
    runs_.insert(at, std::move(entry));
}

int RunHistory::indexOf(const QString& id) const
{
    for (int i = 0; i < runs_.size(); ++i)
        if (runs_[i].id == id)
            return i;
    return -1;
}

const RunEntry* RunHistory::find(const QString& id) const
{
    const int i = indexOf(id);
    return i < 0 ? nullptr : &runs_[i];
}

QString RunHistory::nextName(int from) const
{
    for (int n = from;; ++n) {
        const QString name = tr("Run %1").arg(n);
        if (std::none_of(runs_.begin(), runs_.end(), [&](const RunEntry& e) { return e.name == name; }))
            return name;
    }
}

bool RunHistory::writeMeta(const RunEntry& e, QString* error) const
{
    const nlohmann::json meta = {{"format", kMetaFormat},
                                 {"name", e.name.toStdString()},
                                 {"pinned", e.pinned},
                                 {"created", e.created.toUTC().toString(Qt::ISODateWithMs).toStdString()}};
    try {
        writeFileAtomically(pathOf(e.dir) / kMetaFile, meta.dump(2) + "\n");
    } catch (const FileError& ex) {
        return fail(error, QString::fromStdString(ex.what()));
    }
    return true;
}

bool RunHistory::addFolder(const QString& dir, QString* error)
{
    RunEntry e = scan(dir);
    if (!e.problem.isEmpty())
        return fail(error, e.problem);
    if (indexOf(e.id) >= 0)
        return true;
    e.name = nextName(static_cast<int>(runs_.size()) + 1);
    e.created = QDateTime::currentDateTimeUtc();
    if (!writeMeta(e, error))
        return false;
    e.hasMeta = true;
    insertSorted(std::move(e));
    emit changed();
    return true;
}

QString RunHistory::importFolder(const QString& source, QString* error)
{
    const fs::path from = pathOf(QDir(source).absolutePath());
    try {
        readRunFolder(from); // refuse a foreign or damaged folder before copying anything
    } catch (const std::exception& ex) {
        fail(error, QString::fromStdString(ex.what()));
        return {};
    }
    const QString base = QFileInfo(source).fileName().isEmpty() ? QStringLiteral("import") : QFileInfo(source).fileName();
    QString id = base;
    for (int i = 2; QFileInfo::exists(QDir(root_).filePath(id)); ++i)
        id = base + QStringLiteral("-%1").arg(i);
    const fs::path partial = pathOf(root_) / (".partial-" + id.toStdString());
    std::error_code ec;
    fs::remove_all(partial, ec);
    fs::copy(from, partial, fs::copy_options::recursive, ec);
    if (!ec)
        fs::rename(partial, pathOf(QDir(root_).filePath(id)), ec);
    if (ec) {
        fs::remove_all(partial, ec);
        fail(error, tr("Cannot copy %1 into the run history: %2").arg(QDir::toNativeSeparators(source),
                                                                         QString::fromStdString(ec.message())));
        return {};
    }
    RunEntry e = scan(QDir(root_).filePath(id));
    if (!QFileInfo::exists(QDir(e.dir).filePath(QString::fromLatin1(kMetaFile)))) {
        e.name = QFileInfo(source).fileName();
        e.hasMeta = writeMeta(e, nullptr); // without it the run still lists, under its folder name
    }
    insertSorted(std::move(e));
    emit changed();
    return id;
}

bool RunHistory::rename(const QString& id, const QString& name, QString* error)
{
    const int i = indexOf(id);
    if (i < 0)
        return fail(error, tr("There is no run %1.").arg(id));
    RunEntry e = runs_[i];
    e.name = name.trimmed().isEmpty() ? e.id : name.trimmed();
    if (!writeMeta(e, error))
        return false;
    runs_[i] = std::move(e);
    emit changed();
    return true;
}

bool RunHistory::setPinned(const QString& id, bool pinned, QString* error)
{
    const int i = indexOf(id);
    if (i < 0)
        return fail(error, tr("There is no run %1.").arg(id));
    RunEntry e = runs_[i];
    e.pinned = pinned;
    if (!writeMeta(e, error))
        return false;
    runs_[i] = std::move(e);
    emit changed();
    return true;
}

bool RunHistory::remove(const QString& id, QString* error)
{
    const int i = indexOf(id);
    if (i < 0)
        return fail(error, tr("There is no run %1.").arg(id));
    std::error_code ec;
    fs::create_directories(pathOf(trashDir()), ec);
    const fs::path to = pathOf(trashDir()) / id.toStdString();
    fs::remove_all(to, ec);
    fs::rename(pathOf(runs_[i].dir), to, ec);
    if (ec)
        return fail(error, tr("Cannot delete %1: %2").arg(QDir::toNativeSeparators(runs_[i].dir),
                                                          QString::fromStdString(ec.message())));
    runs_.removeAt(i);
    trash_ << id;
    emit changed();
    return true;
}

bool RunHistory::undoRemove(QString* error)
{
    if (trash_.isEmpty())
        return fail(error, tr("Nothing to undo."));
    const QString id = trash_.takeLast();
    const QString dir = QDir(root_).filePath(id);
    std::error_code ec;
    fs::rename(pathOf(trashDir()) / id.toStdString(), pathOf(dir), ec);
    if (ec)
        return fail(error, tr("Cannot restore %1: %2").arg(id, QString::fromStdString(ec.message())));
    insertSorted(scan(dir));
    emit changed();
    return true;
}

RunFolder RunHistory::read(const QString& id) const
{
    const RunEntry* e = find(id);
    if (!e)
        throw RunFolderError("there is no run " + id.toStdString() + " in the history");
    return readRunFolder(pathOf(e->dir));
}

std::vector<ConfigChange> RunHistory::changesFromPrevious(int index) const
{
    if (index <= 0 || index >= runs_.size() || runs_[index].config.is_null() || runs_[index - 1].config.is_null())
        return {};
    return configDiff(runs_[index - 1].config, runs_[index].config);
}

} // namespace hs
