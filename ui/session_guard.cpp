#include "session_guard.h"

#include "io/config_json.h"
#include "training_controller.h"

#include <QSettings>

namespace hs {

namespace {

const QString kMarkerKey = QStringLiteral("session/runInProgress");

} // namespace

SessionGuard::SessionGuard(TrainingController* controller, QObject* parent)
    : QObject(parent)
    , controller_(controller)
{
    QSettings settings;
    if (settings.contains(kMarkerKey)) {
        interrupted_ = settings.value(kMarkerKey).toString();
        // Said once: the next launch after this one started normally.
        settings.remove(kMarkerKey);
        settings.sync();
    }
    connect(controller_, &TrainingController::stateChanged, this, &SessionGuard::onStateChanged);
    onStateChanged();
}

SessionGuard::~SessionGuard()
{
    setMarked(false);
}

QString SessionGuard::interruptedRunMessage()
{
    return tr("The previous session ended while a run was training; its config is restored, the run was lost.");
}

bool SessionGuard::runInProgress()
{
    return QSettings().contains(kMarkerKey);
}

void SessionGuard::onStateChanged()
{
    using State = TrainingController::State;
    const State state = controller_->state();
    // Idle is a fresh run nobody has started (or stepped into) yet.
    setMarked(state == State::Training || state == State::Paused);
}

void SessionGuard::setMarked(bool marked)
{
    if (marked == marked_)
        return;
    marked_ = marked;
    QSettings settings;
    if (marked)
        settings.setValue(kMarkerKey, QString::fromStdString(configToText(controller_->runConfig())));
    else
        settings.remove(kMarkerKey);
    // On disk now: a kill a moment later must still find it.
    settings.sync();
}

} // namespace hs
