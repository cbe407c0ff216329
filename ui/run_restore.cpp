#include "run_restore.h"

#include "io/weights_file.h"
#include "run_snapshot.h"

namespace hs {

RestoredRun restoreRun(const RunFolder& folder)
{
    const std::string weightsName = (folder.dir / "weights.json").string();
    Trainer trainer(folder.config);
    RestoredRun out;
    out.setup = makeSetup(trainer);
    if (!folder.history.empty() && folder.layers != out.setup.layerCount)
        throw RunFolderError((folder.dir / "history.csv").string() + ": " + std::to_string(folder.layers)
                             + " layers of gradient norms, but the config's network has "
                             + std::to_string(out.setup.layerCount));
    bool weightsLoaded = false;
    if (!folder.hasWeights) {
        out.note = QStringLiteral("weights.json is missing: the charts of the final model are empty");
    } else {
        try {
            loadWeightsFile(folder.dir / "weights.json", trainer.mutableNetwork());
            weightsLoaded = true;
        } catch (const std::exception& e) {
            // A diverged run's weights are NaN, written as null: its history
            // is still worth seeing.
            if (folder.summary.status != RunStatus::Diverged)
                throw;
            out.note = QStringLiteral("the weights of a diverged run are not finite: only its history is shown");
        }
    }
    UpdateContents contents;
    contents.evaluations = contents.field = contents.weights = weightsLoaded;
    contents.withPlaneOf(out.setup);   // the field of data with more than 2 features
    out.update = makeUpdate(trainer, contents);
    out.update.history = std::make_shared<const EpochLog>(EpochLog::fromRecords(folder.history, folder.layers));
    out.update.historySize = folder.history.size();
    out.update.steps = folder.steps;
    out.update.epoch = folder.history.empty() ? 0 : folder.history.back().epoch;
    out.update.totalSteps = folder.history.empty() ? 0 : folder.history.back().steps;
    if (!folder.steps.empty())
        out.update.totalSteps = std::max(out.update.totalSteps, folder.steps.back().step);
    out.update.stepInEpoch = 0;
    out.update.summary = folder.summary;
    if (out.update.summary->status == RunStatus::Running)
        out.update.summary->status = RunStatus::Stopped; // a folder without a status is an ended run all the same
    return out;
}

} // namespace hs
