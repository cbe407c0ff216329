#pragma once
// Hyperparameter search in the desktop app: the knobs and options on the
// left (SweepEditor), the trials on the right as they end — a results table
// sortable by any column with the best trial highlighted, parallel
// coordinates of knobs → metric and a scatter of one knob against the
// metric. The trials run on a pool of threads (SweepRunner) from the config
// panel's current settings and are written as run folders, exactly what
// `hyperscope-cli sweep` writes; any trial opens as a normal run (Return or
// double-click). A sweep folder written by the CLI (or collected from a
// cluster) opens here too. A small search can instead race: its trials
// train in lockstep in the comparison window.

#include "io/sweep.h"
#include "train/run_config.h"

#include <QString>
#include <QWidget>

#include <functional>

class QAction;
class QLabel;
class QModelIndex;
class QProgressBar;
class QPushButton;
class QTabWidget;
class QTableView;
class QTimer;

namespace hs {

class KnobScatterView;
class ParallelCoordinatesView;
class SweepEditor;
class SweepResultsModel;
class SweepRunner;
class SweepSortProxy;

class SweepWindow : public QWidget {
    Q_OBJECT
public:
    /// What the window needs from the main window.
    struct Hooks {
        /// The config every trial starts from (the config panel's).
        std::function<nlohmann::json()> baseConfig;
        /// Opens a trial's run folder as a run under a name; false if it could not.
        std::function<bool(const QString& dir, const QString& name)> openRun;
        /// Trains configs in lockstep, watched live (empty: no racing).
        std::function<bool(const QList<RunConfig>& configs, const QStringList& names)> race;
        /// Keep the last search's knobs and options in QSettings for the next session.
        bool remember = false;
    };
    /// Most trials a race shows side by side.
    static constexpr int kMaxRacers = 8;

    explicit SweepWindow(Hooks hooks, QWidget* parent = nullptr);
    ~SweepWindow() override;

    /// A fresh folder under AppDataLocation/sweeps named by the time.
    static QString defaultOutputDirectory();

    /// Starts the editor's search from baseConfig() into its folder. False
    /// (with the reason shown and in `error`) if it cannot start.
    bool start(QString* error = nullptr);
    void stop();
    bool isRunning() const;
    /// Shows a sweep folder's trials (collect: results.csv is rewritten). False with the reason.
    bool openSweepFolder(const QString& dir, QString* error = nullptr);
    /// Opens the trial in the table's model row `row` as a run.
    bool openTrial(int row);
    /// Trains the editor's trials (2 … kMaxRacers) in lockstep instead of
    /// as a search, to watch them race epoch by epoch. False with the reason.
    bool race(QString* error = nullptr);

    SweepEditor* editor() const { return editor_; }
    SweepResultsModel* results() const { return model_; }
    QTableView* table() const { return table_; }
    SweepSortProxy* sortedResults() const { return proxy_; }
    ParallelCoordinatesView* parallelCoordinates() const { return parallel_; }
    KnobScatterView* scatter() const { return scatter_; }
    /// The progress line ("7 of 12 trials …") and the last message.
    QString statusText() const;

signals:
    /// A trial ended (after the table has it).
    void trialAdded(int done, int total);
    /// The search ended; `error` empty unless it failed.
    void finished(const QString& error);

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void onTrial(const TrialResult& result, int done, int total);
    void onFinished(const QString& error);
    void refreshCharts();
    void updateControls();
    void showMessage(const QString& text, bool problem = false);
    /// Shows why something cannot be done, copies it to `error`; false.
    bool refuse(const QString& why, QString* error);
    void selectionChanged();
    void openFolderDialog();
    int currentModelRow() const;

    Hooks hooks_;
    SweepEditor* editor_ = nullptr;
    SweepRunner* runner_ = nullptr;
    SweepResultsModel* model_ = nullptr;
    SweepSortProxy* proxy_ = nullptr;
    QTableView* table_ = nullptr;
    QTabWidget* charts_ = nullptr;
    ParallelCoordinatesView* parallel_ = nullptr;
    KnobScatterView* scatter_ = nullptr;
    QPushButton *startButton_ = nullptr, *stopButton_ = nullptr, *openButton_ = nullptr, *raceButton_ = nullptr;
    QProgressBar* progress_ = nullptr;
    QLabel* progressLabel_ = nullptr;
    QLabel* message_ = nullptr;
    QTimer* chartTimer_ = nullptr;
    QStringList logKeys_;
    qint64 startedAt_ = 0;
    int total_ = 0;
};

} // namespace hs
