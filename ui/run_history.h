#pragma once
// The run history on disk: one run folder per ended run (the CLI's format,
// io/run_reader.h) under a root folder, by default
// QStandardPaths::AppDataLocation/runs, plus a small `run.json` per folder
// with what only the GUI knows: the name people gave the run, whether it is
// pinned and when it ended. Folders without run.json (imported CLI runs)
// get defaults from the folder.
//
// Every write is atomic (io/atomic_file.h for run.json; whole folders are
// renamed into place), so a crash never corrupts an earlier run. Deleting
// moves the folder to a hidden trash inside the root, so it can be undone
// until the history is opened again.

#include "io/config_diff.h"
#include "io/run_reader.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <nlohmann/json.hpp>

#include <optional>

namespace hs {

/// One run as the history lists it.
struct RunEntry {
    QString id;                 ///< folder name, unique in the root
    QString dir;                ///< absolute folder path
    QString name;
    bool pinned = false;
    QDateTime created;          ///< when the run ended (UTC)
    QString status;             ///< "finished", "stopped_early", "stopped", "diverged"
    std::optional<double> bestValLoss, bestValAccuracy, auc;
    int epochs = 0;
    bool hasInitialWeights = false;
    nlohmann::json config;      ///< resolved config, for differences
    QString problem;            ///< not empty: the folder is unreadable (listed so it can be deleted)
    bool hasMeta = false;       ///< run.json was there when the folder was read
};

class RunHistory : public QObject {
    Q_OBJECT
public:
    explicit RunHistory(QObject* parent = nullptr);

    /// AppDataLocation/runs.
    static QString defaultRoot();

    /// Opens the history at `root` (created if needed): empties the trash,
    /// removes partial folders a crash left, and lists every run. False with
    /// `error` when the root cannot be created.
    bool setRoot(const QString& root, QString* error = nullptr);
    QString root() const { return root_; }

    /// Oldest first.
    const QList<RunEntry>& runs() const { return runs_; }
    int indexOf(const QString& id) const;
    const RunEntry* find(const QString& id) const;

    /// Lists a folder already inside root() (written by the training worker)
    /// under the next free name ("Run 7"). False with `error` if unreadable.
    bool addFolder(const QString& dir, QString* error = nullptr);
    /// Copies a run folder from elsewhere (e.g. `hyperscope-cli train --out`)
    /// into the history after checking that it reads. Returns the new id, or
    /// empty with `error` naming the file and the problem.
    QString importFolder(const QString& source, QString* error = nullptr);

    bool rename(const QString& id, const QString& name, QString* error = nullptr);
    bool setPinned(const QString& id, bool pinned, QString* error = nullptr);
    /// Moves the run to the trash; undoRemove() brings back the last removed.
    bool remove(const QString& id, QString* error = nullptr);
    bool undoRemove(QString* error = nullptr);
    bool canUndoRemove() const { return !trash_.isEmpty(); }

    /// Everything in the run's folder. Throws RunFolderError naming the file.
    RunFolder read(const QString& id) const;
    /// The config differences from the run before `index` (none for the first).
    std::vector<ConfigChange> changesFromPrevious(int index) const;

signals:
    /// The list or an entry changed.
    void changed();

private:
    RunEntry scan(const QString& dir) const;
    bool writeMeta(const RunEntry& entry, QString* error) const;
    void insertSorted(RunEntry entry);
    /// The first "Run N" not taken, N ≥ from.
    QString nextName(int from) const;
    QString trashDir() const;

    QString root_;
    QList<RunEntry> runs_;
    QStringList trash_; // ids, last removed last
};

} // namespace hs
