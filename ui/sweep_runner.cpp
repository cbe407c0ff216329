#include "sweep_runner.h"

#include <QMetaObject>

#include <exception>

namespace hs {

SweepRunner::SweepRunner(QObject* parent)
    : QObject(parent)
{
    qRegisterMetaType<TrialResult>();
}

SweepRunner::~SweepRunner()
{
    control_.requestStop();
    join();
}

bool SweepRunner::start(const SweepSpec& spec, const QString& dir, int jobs, QString* error)
{
    if (running_) {
        if (error)
            *error = tr("A search is still running.");
        return false;
    }
    try {
        sweepTrials(spec); // every trial's config is checked before anything runs
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
    join(); // the previous search's thread has ended; release it
    control_.reset();
    running_ = true;
    const std::filesystem::path path = dir.toStdString();
    thread_ = std::thread([this, spec, path, jobs] {
        QString failure;
        try {
            runSweep(spec, path, jobs, control_, [this](const TrialResult& r, int done, int total) {
                QMetaObject::invokeMethod(this, [this, r, done, total] { emit trialFinished(r, done, total); },
                                          Qt::QueuedConnection);
            });
        } catch (const std::exception& e) {
            failure = QString::fromStdString(e.what());
        }
        QMetaObject::invokeMethod(this, [this, failure] {
            running_ = false;
            join();
            emit finished(failure);
        }, Qt::QueuedConnection);
    });
    return true;
}

void SweepRunner::stop()
{
    control_.requestStop();
}

void SweepRunner::join()
{
    if (thread_.joinable())
        thread_.join();
}

} // namespace hs
