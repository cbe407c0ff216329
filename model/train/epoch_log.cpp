#include "train/epoch_log.h"

#include <algorithm>
#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string>

namespace hs {

namespace {

enum Flag : std::uint8_t {
    kTrainAccuracy = 1,
    kValLoss = 2,
    kValAccuracy = 4,
    kLrReduced = 8,
};

std::optional<double> present(bool has, double v) { return has ? std::optional<double>(v) : std::nullopt; }

} // namespace

struct EpochLog::Row {
    std::int64_t steps;
    double trainLoss, trainAccuracy, valLoss, valAccuracy, penalty, lr, epochSeconds;
    std::int32_t epoch;
    std::uint16_t layers;
    std::uint8_t flags;
};

// A chunk's rows, then its statistics (kChunkRows × the log's layers, row by
// row), in one block: on the heap, or a region of the log's SpillFile.
struct EpochLog::Chunk {
    static_assert(sizeof(Row) % alignof(LayerStats) == 0 && alignof(Row) <= alignof(std::max_align_t));

    static std::size_t bytes(int layers)
    {
        return kChunkRows * sizeof(Row) + kChunkRows * std::size_t(layers) * sizeof(LayerStats);
    }
    Chunk(void* block, int layers)
    {
        rows = static_cast<Row*>(block);
        std::uninitialized_default_construct_n(rows, kChunkRows);
        stats = reinterpret_cast<LayerStats*>(rows + kChunkRows);
        std::uninitialized_default_construct_n(stats, kChunkRows * std::size_t(layers));
    }
    Row* rows = nullptr;
    LayerStats* stats = nullptr;
    std::unique_ptr<std::byte[]> heap; // the block, unless it is on disk
    bool onDisk = false;
};

EpochRecord EpochEntry::toRecord() const
{
    EpochRecord r;
    r.epoch = epoch;
    r.steps = steps;
    r.trainLoss = trainLoss;
    r.trainAccuracy = trainAccuracy;
    r.valLoss = valLoss;
    r.valAccuracy = valAccuracy;
    r.penalty = penalty;
    r.lr = lr;
    r.epochSeconds = epochSeconds;
    r.lrReduced = lrReduced;
    r.layers.assign(layers.begin(), layers.end());
    return r;
}

EpochEntry EpochSpan::Iterator::operator*() const { return (*log_)[i_]; }

EpochEntry EpochSpan::operator[](std::size_t i) const { return (*log_)[i]; }

std::vector<EpochRecord> EpochSpan::toVector() const
{
    std::vector<EpochRecord> out;
    out.reserve(size_);
    for (std::size_t i = 0; i < size_; ++i)
        out.push_back((*log_)[i].toRecord());
    return out;
}

EpochLog::EpochLog(int layers, std::size_t capacity)
    : layers_(std::max(layers, 0))
{
    reserveTable((capacity + kChunkRows - 1) / kChunkRows);
}

EpochLog EpochLog::fromRecords(const std::vector<EpochRecord>& records, int layers)
{
    EpochLog log(layers, records.size());
    for (const auto& r : records)
        log.push_back(r);
    return log;
}

EpochLog::~EpochLog() = default;
EpochLog::EpochLog(EpochLog&&) noexcept = default;
EpochLog& EpochLog::operator=(EpochLog&&) noexcept = default;

void EpochLog::reserveTable(std::size_t chunks)
{
    if (chunks <= tableSize_)
        return;
    auto table = std::make_unique<std::unique_ptr<Chunk>[]>(chunks);
    std::move(table_.get(), table_.get() + tableSize_, table.get());
    table_ = std::move(table);
    tableSize_ = chunks;
}

std::unique_ptr<EpochLog::Chunk> EpochLog::newChunk(std::size_t index)
{
    const std::size_t bytes = Chunk::bytes(layers_);
    if (index >= kMemoryChunks && !spillTried_) {
        spillTried_ = true;
        spill_ = SpillFile::open();
    }
    if (spill_ && index >= kMemoryChunks) {
        // The chunks before this one are complete: out of the resident set
        // with them (again, if a reader has mapped them back meanwhile).
        for (std::size_t i = kMemoryChunks; i < index; ++i)
            if (table_[i] && table_[i]->onDisk)
                SpillFile::release(table_[i]->rows, bytes);
        if (void* block = spill_->allocate(bytes)) {
            auto chunk = std::make_unique<Chunk>(block, layers_);
            chunk->onDisk = true;
            ++chunksOnDisk_;
            return chunk;
        }
    }
    auto heap = std::make_unique<std::byte[]>(bytes);
    auto chunk = std::make_unique<Chunk>(heap.get(), layers_);
    chunk->heap = std::move(heap);
    return chunk;
}

std::size_t EpochLog::bytesPerEpoch(int layers)
{
    return sizeof(Row) + sizeof(LayerStats) * std::size_t(std::max(layers, 0));
}

void EpochLog::push_back(const EpochRecord& r)
{
    if (size_ == 0 && layers_ == 0)
        layers_ = static_cast<int>(r.layers.size());
    if (r.layers.size() > std::size_t(layers_))
        throw std::invalid_argument("an epoch record with " + std::to_string(r.layers.size())
                                    + " layers does not fit a history of " + std::to_string(layers_));
    const std::size_t c = size_ / kChunkRows, k = size_ % kChunkRows;
    if (c >= tableSize_)
        reserveTable(std::max<std::size_t>(2 * tableSize_, c + 1));
    if (!table_[c])
        table_[c] = newChunk(c);
    Chunk& chunk = *table_[c];
    Row& row = chunk.rows[k];
    row.epoch = r.epoch;
    row.steps = r.steps;
    row.trainLoss = r.trainLoss;
    row.trainAccuracy = r.trainAccuracy.value_or(0.0);
    row.valLoss = r.valLoss.value_or(0.0);
    row.valAccuracy = r.valAccuracy.value_or(0.0);
    row.penalty = r.penalty;
    row.lr = r.lr;
    row.epochSeconds = r.epochSeconds;
    row.layers = static_cast<std::uint16_t>(r.layers.size());
    row.flags = std::uint8_t((r.trainAccuracy ? kTrainAccuracy : 0) | (r.valLoss ? kValLoss : 0)
                             | (r.valAccuracy ? kValAccuracy : 0) | (r.lrReduced ? kLrReduced : 0));
    std::copy(r.layers.begin(), r.layers.end(), chunk.stats + k * std::size_t(layers_));
    ++size_;
}

EpochEntry EpochLog::operator[](std::size_t i) const
{
    const Chunk& chunk = *table_[i / kChunkRows];
    const std::size_t k = i % kChunkRows;
    const Row& row = chunk.rows[k];
    EpochEntry e;
    e.epoch = row.epoch;
    e.steps = row.steps;
    e.trainLoss = row.trainLoss;
    e.trainAccuracy = present(row.flags & kTrainAccuracy, row.trainAccuracy);
    e.valLoss = present(row.flags & kValLoss, row.valLoss);
    e.valAccuracy = present(row.flags & kValAccuracy, row.valAccuracy);
    e.penalty = row.penalty;
    e.lr = row.lr;
    e.epochSeconds = row.epochSeconds;
    e.lrReduced = row.flags & kLrReduced;
    e.layers = std::span<const LayerStats>(chunk.stats + k * std::size_t(layers_), row.layers);
    return e;
}

} // namespace hs
