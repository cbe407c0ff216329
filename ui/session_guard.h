#pragma once
// Notices a session that ended while a run was training (a crash, a kill, a
// power cut), so that the next launch can say so instead of silently
// showing an empty dashboard.
//
// While a run is in progress (training, paused, or stepped into) a marker
// holding that run's config is kept in QSettings, written to disk at once;
// it is cleared when the run ends, is discarded (Reset), or the guard is
// destroyed (the app quits normally). A marker found at start-up therefore
// means the previous session died mid-run. Runs are not resumed: the
// trainer's state is not saved between batches.

#include <QObject>
#include <QString>

#include <optional>

namespace hs {

class TrainingController;

class SessionGuard : public QObject {
    Q_OBJECT
public:
    /// Takes the marker a previous session left (interruptedRunConfig()),
    /// then follows `controller`, which must outlive the guard's
    /// connections (same parent, or destroyed after it). Uses the
    /// application's default QSettings.
    explicit SessionGuard(TrainingController* controller, QObject* parent = nullptr);
    /// Clears the marker: a run abandoned by quitting was not lost by accident.
    ~SessionGuard() override;

    /// The config (JSON text) of the run the previous session was training
    /// when it ended, or nothing if it ended normally.
    const std::optional<QString>& interruptedRunConfig() const { return interrupted_; }

    /// What to tell people about an interrupted run.
    static QString interruptedRunMessage();
    /// Whether the marker is set now (in QSettings).
    static bool runInProgress();

private:
    void onStateChanged();
    void setMarked(bool marked);

    TrainingController* controller_;
    std::optional<QString> interrupted_;
    bool marked_ = false;
};

} // namespace hs
