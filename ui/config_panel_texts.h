#pragma once
// The config panel's words for people: display names of the data sets and
// one- or two-sentence explanations of each optimizer and schedule, shown as
// hints and tooltips. Plain text, translatable (ConfigPanel's context).

#include <QString>

#include <string>

namespace hs::config_text {

/// Display name for the dataset combo ("spiral" → "Spiral"); the name itself if unknown.
QString datasetTitle(const QString& name);
/// What a bundled data set is (empty for other names).
QString bundledDescription(const QString& name);
/// Number of samples of a bundled data set (0 for other names).
int bundledSamples(const std::string& name);
/// What an optimizer does, for its tooltip and hint (empty if unknown).
QString optimizerTip(const QString& type);
/// What a learning-rate schedule does (empty if unknown).
QString scheduleTip(const QString& type);

} // namespace hs::config_text
