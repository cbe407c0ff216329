#include "data/bundled.h"

#include "data/csv_reader.h"
#include "data/embedded_files.h"
#include "core/range_check.h"

#include <algorithm>

namespace hs {
namespace {

// Class order per set; empty = the reader's default (numeric names sorted).
// Malignant is class 1: the positive class, whose recall matters.
std::vector<std::string> classOrder(const std::string& name)
{
    if (name == "iris")
        return {"setosa", "versicolor", "virginica"};
    if (name == "breast_cancer")
        return {"benign", "malignant"};
    return {};
}

const detail::EmbeddedFile* findFile(const std::string& name)
{
    for (std::size_t i = 0; i < detail::kEmbeddedDatasetsCount; ++i)
        if (name == detail::kEmbeddedDatasets[i].name)
            return &detail::kEmbeddedDatasets[i];
    return nullptr;
}

const detail::EmbeddedFile& requireFile(const std::string& name)
{
    const detail::EmbeddedFile* file = findFile(name);
    if (!file) {
        std::string names;
        for (const std::string& n : bundledDatasetNames())
            names += (names.empty() ? "" : ", ") + n;
        throwOutOfRange("data.dataset", "\"" + name + "\"", "one of the bundled data sets " + names);
    }
    return *file;
}

} // namespace

const std::vector<std::string>& bundledDatasetNames()
{
    static const std::vector<std::string> names = [] {
        std::vector<std::string> v;
        for (std::size_t i = 0; i < detail::kEmbeddedDatasetsCount; ++i)
            v.emplace_back(detail::kEmbeddedDatasets[i].name);
        return v;
    }();
    return names;
}

bool isBundledDataset(const std::string& name) { return findFile(name) != nullptr; }

std::string_view bundledCsv(const std::string& name)
{
    const detail::EmbeddedFile& file = requireFile(name);
    return {reinterpret_cast<const char*>(file.data), file.size};
}

Dataset loadBundled(const std::string& name)
{
    CsvOptions options;
    options.labelColumn = "label";
    options.separator = ',';
    options.classOrder = classOrder(name);
    return parseCsv(bundledCsv(name), options, name + ".csv (bundled)").data;
}

} // namespace hs
