#pragma once
// Everything that defines a run, as a plain struct with documented defaults.
// `RunConfig{}` is the built-in default run (two-arm spiral, 8-8 tanh, Adam).
// The JSON form (io/config_json.h) uses the same names in snake_case.

#include "data/split.h"
#include "optim/optimizer.h"
#include "optim/schedule.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace hs {

struct DataConfig {
    std::string dataset = "spiral";  ///< generator, bundled set, or "csv"
    int samples = 1000;              ///< generated samples, 4 … 10,000,000
    double noise = 0.1;              ///< generator noise (std-dev, data units), ≥ 0
    int classes = 2;                 ///< generators with K classes: 2 … 100
    int dimensions = 2;              ///< blobs: 1 … 1024
    double positiveFraction = 0.05;  ///< imbalanced: share of class 1, 0.01 … 0.5
    std::string path;                ///< csv: file to read
    std::string labelColumn;         ///< csv: name or 0-based index; empty = last column
    std::string separator = "auto";  ///< csv: auto, ",", ";" or "\t"
    bool skipIncompleteRows = false; ///< csv: skip rows with missing cells (and count them) instead of failing
    double labelNoise = 0.0;         ///< fraction of training labels flipped to another class, [0, 1]
    int noiseFeatures = 0;           ///< irrelevant N(0, 1) features appended, 0 … 1024
    SplitFractions split;            ///< train/val/test, summing to 1
    std::string normalize = "zscore"; ///< none, zscore, minmax (fitted on train only)
    std::uint64_t seed = 1;          ///< data generation and split
};

struct ModelConfig {
    std::string task = "classification"; ///< classification or regression
    std::vector<int> hidden{8, 8};       ///< hidden widths, 0 … 256 layers of 1 … 65,536 units
    std::string activation = "tanh";
    double leakySlope = 0.01;            ///< leaky_relu negative slope, [0, 1)
    double eluAlpha = 1.0;               ///< elu α, > 0
    std::string init = "xavier_uniform";
    double initScale = 0.1;              ///< uniform/normal init spread, > 0
    bool batchNorm = false;
    bool residual = false;
    double dropout = 0.0;                ///< [0, 1)
};

struct EarlyStoppingConfig {
    bool enabled = false;
    std::string monitor = "val_loss";    ///< val_loss, val_accuracy, train_loss, train_accuracy
    int patience = 10;                   ///< epochs without improvement before stopping, ≥ 0
    double minDelta = 0.0;               ///< smallest change that counts as improvement, ≥ 0
    bool restoreBest = true;             ///< end with the best epoch's weights
};

struct TrainingConfig {
    int epochs = 200;                    ///< max epochs, 1 … 1,000,000
    int batchSize = 32;                  ///< 1 … samples; 0 = full batch
    bool shuffle = true;                 ///< reshuffle the training set every epoch
    std::uint64_t seed = 42;             ///< weights, shuffling, dropout
    OptimizerSpec optimizer;
    ScheduleSpec schedule;
    double l1 = 0.0;                     ///< penalty l1·Σ|w| on weights (not biases), ≥ 0
    double l2 = 0.0;                     ///< penalty l2·Σw² on weights (not biases), ≥ 0
    EarlyStoppingConfig earlyStopping;
    double clipNorm = 0.0;               ///< clip the global gradient norm to this; 0 = off
    double clipValue = 0.0;              ///< clip each gradient component to ±this; 0 = off
    double jitter = 0.0;                 ///< std-dev of Gaussian noise added to training inputs each step (augmentation), ≥ 0
    int threads = 1;                     ///< 1 … 64
};

struct RunConfig {
    DataConfig data;
    ModelConfig model;
    TrainingConfig training;

    /// Every problem with the values, one readable message each, naming the
    /// key (as in JSON), the value and the allowed range. Empty = valid.
    std::vector<std::string> validate() const;
};

/// Largest network the engine builds: 20 million parameters (80 MB of
/// float32; a run keeps about six such vectors: weights, gradients, optimizer
/// state, the previous step, the best epoch), so that an absurd width is
/// refused with a message instead of exhausting memory.
inline constexpr long long kMaxParameters = 20'000'000;

/// Parameters of a network with `model`'s hidden layers on `inputs`
/// features and `outputs` output units (weights, biases, batch-norm γ and β).
long long parameterCount(const ModelConfig& model, long long inputs, long long outputs);

/// A message naming model.hidden when that network exceeds kMaxParameters,
/// else empty. validate() checks with the inputs it can know beforehand;
/// Trainer checks again with the data's real width.
std::string networkSizeProblem(const ModelConfig& model, long long inputs, long long outputs);

/// The task as an enum; validate() guarantees it parses.
Task taskOf(const ModelConfig& model);

} // namespace hs
