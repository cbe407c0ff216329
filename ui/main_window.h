#pragma once
// Hyperscope's main window: the config panel in a left dock, the seven views
// in a dashboard (any one can be maximized), run controls in a toolbar with
// keyboard shortcuts, presets, file handling, and a status bar that says
// what the run is doing. Errors and divergence show in a banner and the
// status bar, never in a chain of modal dialogs.
//
// Settings (QSettings): the last config, window geometry and state, the
// dashboard layout, recent files and the speed; a marker while a run is in
// progress, so that the next launch can say the run was lost (SessionGuard).

#include "banner.h"
#include "train/run_config.h"
#include "training_controller.h"

#include <QMainWindow>
#include <QPointer>
#include <QStringList>

#include <functional>

class QAction;
class QActionGroup;
class QComboBox;
class QDockWidget;
class QLabel;
class QMenu;
class QProgressBar;
class QTimer;
class QToolButton;

namespace hs {

class ConfigPanel;
class ExportableView;
class HistoryDock;
class LossView;
class RunModel;
class SessionGuard;
class SweepWindow;
class ViewGrid;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    struct Options {
        /// Restore the last config, geometry and recent files from QSettings
        /// (and save them on close).
        bool useSettings = true;
        /// The run history's folder. Empty: RunHistory::defaultRoot() when
        /// useSettings, else no history (runs are not kept).
        QString runsDirectory;
    };

    MainWindow() : MainWindow(Options{}) {}
    explicit MainWindow(const Options& options, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Loads a run config file. On failure the banner says why; false.
    bool openConfig(const QString& path);
    /// Writes the panel's config as JSON (atomically). On failure the banner says why; false.
    bool saveConfig(const QString& path);
    /// Loads a preset by file name without ".json" ("lr_too_high") or by
    /// title (case-insensitive); false if there is none.
    bool loadPreset(const QString& name);

    /// Pace of training: epochs per second, 0 = as fast as possible (the
    /// toolbar's Speed control shows it).
    void setSpeed(double epochsPerSecond);

    /// The lesson presets (io/presets.h): file names without ".json", sorted.
    static QStringList presetNames();

    ConfigPanel* configPanel() const { return panel_; }
    TrainingController* controller() const { return controller_; }
    RunModel* runModel() const { return model_; }
    ViewGrid* viewGrid() const { return grid_; }
    QList<ExportableView*> views() const { return views_; }
    QMenu* presetsMenu() const { return presetsMenu_; }
    /// The run history dock (null without a history, see Options::runsDirectory).
    HistoryDock* historyDock() const { return historyDock_; }
    /// The hyperparameter search window (created on first use).
    SweepWindow* sweepWindow();
    QAction* searchAction() const { return search_; }
    /// The text of the banner (empty when hidden).
    QString bannerText() const;

    QAction* trainAction() const { return train_; }
    QAction* pauseAction() const { return pause_; }
    QAction* stepAction() const { return step_; }
    QAction* stepEpochAction() const { return stepEpoch_; }
    QAction* stopAction() const { return stop_; }
    QAction* resetAction() const { return reset_; }
    QAction* reseedAction() const { return reseed_; }

protected:
    void closeEvent(QCloseEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    using BannerKind = Banner::Kind;

    void buildViews();
    void buildActions();
    void buildMenus();
    void buildToolBar();
    void buildStatusBar();
    void loadPresetsMenu();
    void restoreSettings();
    /// After a session that died mid-run: its config, and a banner saying the run was lost.
    void restoreInterruptedRun();
    void saveSettings();

    void updateActions();
    void updateTitle();
    void onStateChanged(TrainingController::State state);
    void onProgress(int epoch, int epochs, int stepsPerEpoch, double samplesPerSecond, double etaSeconds);
    void onRunEnded(TrainingController::State state, const QString& message);
    void onConfigChanged();

    void showBanner(BannerKind kind, const QString& text, const QString& actionText = {},
                    std::function<void()> action = {});
    void hideBanner();

    void newConfig();
    void openDialog();
    bool save();
    bool saveAs();
    void addRecent(const QString& path);
    void updateRecentMenu();
    void exportCurrent();
    void exportAllAs(const QString& format);
    void copyCurrent();
    void showShortcuts();
    /// Opens a run folder (a search's trial) as a run: through the history
    /// when there is one (so it is kept there), else straight into the views.
    bool openRunFolder(const QString& dir, const QString& name);
    void showAbout();

    Options options_;
    RunModel* model_ = nullptr;
    TrainingController* controller_ = nullptr;
    ConfigPanel* panel_ = nullptr;
    QDockWidget* panelDock_ = nullptr;
    HistoryDock* historyDock_ = nullptr;
    ViewGrid* grid_ = nullptr;
    QList<ExportableView*> views_;
    LossView* lossView_ = nullptr;

    Banner* banner_ = nullptr;

    QAction *new_ = nullptr, *open_ = nullptr, *save_ = nullptr, *saveAs_ = nullptr, *quit_ = nullptr;
    QAction *exportChart_ = nullptr, *copyChart_ = nullptr;
    QAction *train_ = nullptr, *pause_ = nullptr, *step_ = nullptr, *stepEpoch_ = nullptr, *stop_ = nullptr,
            *reset_ = nullptr, *reseed_ = nullptr;
    QAction* logLoss_ = nullptr;
    QAction* search_ = nullptr;
    SweepWindow* sweepWindow_ = nullptr;
    QActionGroup* speedGroup_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* presetsMenu_ = nullptr;
    QComboBox* speedCombo_ = nullptr;

    QLabel* stateLabel_ = nullptr;
    QLabel* epochLabel_ = nullptr;
    QLabel* stepsLabel_ = nullptr;
    QLabel* rateLabel_ = nullptr;
    QLabel* etaLabel_ = nullptr;
    QProgressBar* progress_ = nullptr;

    SessionGuard* session_ = nullptr;       // notices a previous session that died mid-run
    QTimer* saveConfigTimer_ = nullptr; // keeps the last config in QSettings even after a crash
    QString currentFile_;
    QString presetTitle_;
    QString savedText_;           // the config as last opened or saved, for the "modified" mark
    QStringList recentFiles_;
    bool applyingSeed_ = false;
};

} // namespace hs
