// The search window's ways out to runs: a trial opened as a run, a small
// search raced in lockstep, a sweep folder from disk shown.

#include "sweep_window.h"

#include "io/atomic_file.h"
#include "io/config_json.h"
#include "sweep_editor.h"
#include "sweep_results_model.h"
#include "sweep_runner.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QItemSelectionModel>
#include <QLabel>
#include <QProgressBar>
#include <QSettings>
#include <QTableView>

#include <algorithm>

namespace hs {

bool SweepWindow::openTrial(int row)
{
    if (row < 0 || row >= model_->rowCount())
        return false;
    const TrialResult& r = model_->result(row);
    if (r.status == "failed" || r.status == "missing") {
        showMessage(tr("Trial %1 has no run to open (%2%3).")
                        .arg(r.trial)
                        .arg(QString::fromStdString(r.status), r.error.empty() ? QString() : QStringLiteral(": ") + QString::fromStdString(r.error)),
                    true);
        return false;
    }
    const QString dir = QString::fromStdString(trialRunFolder(r).string());
    const QString sweepName = QFileInfo(QString::fromStdString(r.folder.parent_path().string())).fileName();
    QString name = tr("Search %1, trial %2").arg(sweepName).arg(r.trial);
    if (r.folds > 0)
        name += tr(" (fold 1 of %1)").arg(r.folds);
    if (!hooks_.openRun || !hooks_.openRun(dir, name)) {
        showMessage(tr("Trial %1 could not be opened (see the main window).").arg(r.trial), true);
        return false;
    }
    showMessage(tr("Opened trial %1 in the main window.").arg(r.trial));
    return true;
}

bool SweepWindow::race(QString* error)
{
    auto fail = [&](const QString& why) { return refuse(why, error); };
    if (!hooks_.race)
        return fail(tr("Racing needs the run history."));
    SweepSpec spec;
    QString problem;
    if (!editor_->readSpec(&spec, &problem))
        return fail(problem);
    spec.base = hooks_.baseConfig();
    std::vector<nlohmann::json> trials;
    try {
        trials = sweepTrials(spec);
    } catch (const std::exception& e) {
        return fail(QString::fromStdString(e.what()));
    }
    if (trials.size() < 2 || trials.size() > static_cast<std::size_t>(kMaxRacers))
        return fail(tr("A race takes 2 to %1 trials; these settings make %2.").arg(kMaxRacers).arg(trials.size()));
    QList<RunConfig> configs;
    QStringList names;
    const QStringList keys = sweepKnobKeys(spec);
    for (const nlohmann::json& trial : trials) {
        configs << configFromJson(trial).config;
        QStringList parts;
        for (const QString& key : keys) {
            std::string path = key.toStdString();
            std::replace(path.begin(), path.end(), '.', '/');
            const nlohmann::json::json_pointer at("/" + path);
            if (trial.contains(at))
                parts << shortKnobName(key) + QLatin1Char(' ') + knobText(trial.at(at));
        }
        names << parts.join(QStringLiteral(", "));
    }
    if (!hooks_.race(configs, names))
        return fail(tr("The race could not start (see the main window)."));
    showMessage(tr("%1 trials race in the comparison window; each is kept in the run history when it ends.").arg(configs.size()));
    return true;
}

bool SweepWindow::openSweepFolder(const QString& dir, QString* error)
{
    if (runner_->isRunning()) {
        if (error)
            *error = tr("A search is still running.");
        return false;
    }
    try {
        const std::filesystem::path path = dir.toStdString();
        const std::vector<TrialResult> results = collectSweep(path);
        const SweepSpec spec = sweepFromJson(parseJson(readFile(path / "sweep.json"), (path / "sweep.json").string()));
        editor_->setSpec(spec);
        model_->reset(spec.metric, sweepKnobKeys(spec));
        logKeys_.clear();
        for (const RandomAxis& r : spec.random)
            if (r.log)
                logKeys_ << QString::fromStdString(r.key);
        model_->setResults(results);
        total_ = static_cast<int>(results.size());
        table_->sortByColumn(model_->metricColumn(), metricIsMaximized(spec.metric) ? Qt::DescendingOrder : Qt::AscendingOrder);
        progress_->setRange(0, std::max(1, total_));
        progress_->setValue(total_);
        const auto missing = std::count_if(results.begin(), results.end(), [](const TrialResult& r) { return r.status == "missing"; });
        progressLabel_->setText(tr("%1 trials, %2 missing").arg(results.size()).arg(missing));
        if (model_->bestRow() >= 0)
            table_->selectRow(proxy_->mapFromSource(model_->index(model_->bestRow(), 0)).row());
        showMessage(tr("Showing the search in %1").arg(QDir::toNativeSeparators(dir)));
        refreshCharts();
        updateControls();
        return true;
    } catch (const std::exception& e) {
        const QString why = tr("Cannot open the search in %1: %2").arg(QDir::toNativeSeparators(dir), QString::fromStdString(e.what()));
        showMessage(why, true);
        if (error)
            *error = why;
        return false;
    }
}

void SweepWindow::openFolderDialog()
{
    QSettings settings;
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Open a sweep folder"),
                                                          settings.value(QStringLiteral("files/sweepDir")).toString());
    if (dir.isEmpty())
        return;
    settings.setValue(QStringLiteral("files/sweepDir"), QFileInfo(dir).absolutePath());
    openSweepFolder(dir);
}

} // namespace hs
