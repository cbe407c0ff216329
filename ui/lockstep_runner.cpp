#include "lockstep_runner.h"

#include "io/run_reader.h"
#include "io/run_writer.h"
#include "run_model.h"
#include "training_controller.h"

#include <algorithm>

namespace hs {

LockstepRunner::LockstepRunner(QObject* parent)
    : QObject(parent)
{
}

LockstepRunner::~LockstepRunner()
{
    // Controllers first: each joins its worker before its model goes.
    for (Lane& lane : lanes_)
        delete lane.controller;
    for (Lane& lane : lanes_)
        delete lane.model;
}

void LockstepRunner::start(const QList<RunConfig>& configs, const QStringList& names, const QString& archiveDir)
{
    for (Lane& lane : lanes_) {
        delete lane.controller;
        delete lane.model;
    }
    lanes_.clear();
    epoch_ = 0;
    stopping_ = false;
    for (int i = 0; i < configs.size(); ++i) {
        Lane lane;
        lane.name = i < names.size() ? names[i] : tr("Run %1").arg(i + 1);
        lane.model = new RunModel;
        lane.controller = new TrainingController(lane.model);
        lane.controller->setArchiveDirectory(archiveDir);
        connect(lane.controller, &TrainingController::progress, this, &LockstepRunner::check);
        connect(lane.controller, &TrainingController::runEnded, this, &LockstepRunner::check);
        const QString name = lane.name;
        connect(lane.controller, &TrainingController::runArchived, this,
                [this, name](const QString& dir) { emit runArchived(dir, name); });
        connect(lane.controller, &TrainingController::archiveFailed, this, &LockstepRunner::errorOccurred);
        connect(lane.controller, &TrainingController::errorOccurred, this, [this, name](const QString& message) {
            emit errorOccurred(tr("%1: %2").arg(name, message));
            check();
        });
        lane.controller->setConfig(configs[i]);
        lanes_.push_back(lane);
    }
    running_ = !lanes_.empty();
    if (running_)
        advance();
}

void LockstepRunner::stop()
{
    stopping_ = true;
    for (Lane& lane : lanes_)
        if (!ended(lane))
            lane.controller->stop();
}

const RunModel* LockstepRunner::model(int i) const
{
    return i >= 0 && i < count() ? lanes_[static_cast<std::size_t>(i)].model : nullptr;
}

bool LockstepRunner::ended(const Lane& lane) const
{
    const auto state = lane.controller->state();
    return TrainingController::isEnded(state) || state == TrainingController::State::Failed;
}

void LockstepRunner::advance()
{
    for (Lane& lane : lanes_)
        if (!over(lane))
            lane.controller->stepEpoch();
}

bool LockstepRunner::over(const Lane& lane) const
{
    // The update that completes a run's last epoch carries its summary
    // before the controller reports the end.
    return ended(lane) || lane.model->summary().has_value();
}

void LockstepRunner::check()
{
    if (!running_)
        return;
    const int target = epoch_ + 1;
    const bool allDone = std::all_of(lanes_.begin(), lanes_.end(),
                                     [&](const Lane& l) { return over(l) || l.model->epoch() >= target; });
    if (!allDone)
        return;
    const bool allOver = std::all_of(lanes_.begin(), lanes_.end(), [&](const Lane& l) { return over(l); });
    if (allOver) {
        int last = epoch_;
        for (const Lane& l : lanes_)
            last = std::max(last, l.model->epoch());
        epoch_ = last;
    } else {
        epoch_ = target;
    }
    emit advanced(epoch_);
    if (allOver) {
        running_ = false;
        emit finished();
    } else if (!stopping_) {
        advance();
    }
}

QList<ComparedRun> LockstepRunner::snapshot() const
{
    QList<ComparedRun> out;
    for (const Lane& lane : lanes_) {
        ComparedRun r;
        r.name = lane.name;
        const RunSetup& setup = lane.model->setup();
        r.folder.config = setup.config;
        r.folder.history = lane.model->history().toVector();
        r.folder.layers = setup.layerCount;
        if (lane.model->summary())
            r.folder.summary = *lane.model->summary();
        std::vector<std::string> classes;
        for (const QString& c : setup.classNames)
            classes.push_back(c.toStdString());
        const auto& test = lane.model->evaluation(Subset::Test);
        const auto& e = test ? test : lane.model->evaluation(Subset::Validation);
        if (e) {
            // The same numbers and curves a run folder would hold.
            r.folder.metrics = metricsJson(*e, classes, r.folder.summary.status == RunStatus::Running ? nullptr : &r.folder.summary);
            r.folder.roc = readCurveCsv(rocCsv(*e, classes), "roc", "fpr", "tpr");
            r.folder.pr = readCurveCsv(prCsv(*e, classes), "pr", "recall", "precision");
        }
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace hs
