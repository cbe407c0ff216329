#pragma once
// A run's per-epoch history in compact, append-only storage: the numbers of
// each epoch in one fixed-size row, the per-layer statistics of all epochs in
// one contiguous block per chunk of rows (no allocation per epoch), so that
// 100,000 epochs cost 72 + 40 · layers bytes each and nothing more.
//
// The first kMemoryChunks chunks live in memory. Later ones, which only a
// long run reaches, live in an unlinked temporary file (spill_file.h) whose
// finished chunks are dropped from the resident set as the run goes on: the
// process stays the same size however many epochs it logs, and every epoch
// stays readable exactly. Where no temporary file can be made, or the disk is
// full, chunks stay in memory.
//
// Rows never move once written: a reader on another thread may read the
// first n rows while a writer appends more, provided it learned n through a
// synchronizing hand-over (a queued signal, a mutex) and the log was built
// with a capacity of at least the rows the writer will append. Growing past
// that capacity reallocates the chunk table, which readers must not overlap.
//
// Values are stored exactly as recorded (doubles, optionals with their
// presence), so whatever is written from the log — history.csv, the charts —
// is the same as from the records themselves.

#include "train/observer.h"
#include "train/spill_file.h"

#include <cstddef>
#include <cstdint>
#include <iterator>
#include <memory>
#include <span>
#include <vector>

namespace hs {

/// One epoch read back from an EpochLog: the EpochRecord's fields by value
/// and its per-layer statistics as a view into the log (valid while the log
/// lives).
struct EpochEntry {
    int epoch = 0;
    std::int64_t steps = 0;
    double trainLoss = 0.0;
    std::optional<double> trainAccuracy;
    std::optional<double> valLoss;
    std::optional<double> valAccuracy;
    double penalty = 0.0;
    double lr = 0.0;
    double epochSeconds = 0.0;
    bool lrReduced = false;
    std::span<const LayerStats> layers;

    /// An owning copy.
    EpochRecord toRecord() const;
};

class EpochLog;

/// The first `size()` rows of a log: what a reader may look at (see above).
/// An empty span has no log.
class EpochSpan {
public:
    class Iterator {
    public:
        using iterator_category = std::forward_iterator_tag;
        using value_type = EpochEntry;
        using difference_type = std::ptrdiff_t;
        using pointer = void;
        using reference = EpochEntry;

        Iterator() = default;
        Iterator(const EpochLog* log, std::size_t i) : log_(log), i_(i) {}
        EpochEntry operator*() const;
        Iterator& operator++()
        {
            ++i_;
            return *this;
        }
        Iterator operator++(int)
        {
            Iterator before = *this;
            ++i_;
            return before;
        }
        bool operator==(const Iterator& other) const { return i_ == other.i_; }

    private:
        const EpochLog* log_ = nullptr;
        std::size_t i_ = 0;
    };

    EpochSpan() = default;
    EpochSpan(const EpochLog* log, std::size_t size) : log_(log), size_(log ? size : 0) {}

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    /// i < size().
    EpochEntry operator[](std::size_t i) const;
    /// Not empty().
    EpochEntry front() const { return (*this)[0]; }
    EpochEntry back() const { return (*this)[size_ - 1]; }
    Iterator begin() const { return {log_, 0}; }
    Iterator end() const { return {log_, size_}; }
    /// Owning copies of every record.
    std::vector<EpochRecord> toVector() const;

private:
    const EpochLog* log_ = nullptr;
    std::size_t size_ = 0;
};

class EpochLog {
public:
    /// Rows per chunk: a chunk is allocated once and never moves.
    static constexpr std::size_t kChunkRows = 1024;
    /// Chunks kept in memory before the log moves to a temporary file.
    static constexpr std::size_t kMemoryChunks = 4;

    /// `layers`: per-layer statistics per record at most (0: the first
    /// record's count). `capacity`: rows that can be appended while others
    /// read (see the file comment); more are allowed without readers.
    explicit EpochLog(int layers = 0, std::size_t capacity = 0);
    /// A log holding copies of `records` (all with at most `layers` layers,
    /// or the first record's count when 0).
    static EpochLog fromRecords(const std::vector<EpochRecord>& records, int layers = 0);
    ~EpochLog();
    EpochLog(EpochLog&&) noexcept;
    EpochLog& operator=(EpochLog&&) noexcept;
    EpochLog(const EpochLog&) = delete;
    EpochLog& operator=(const EpochLog&) = delete;

    /// Appends a copy of `record`. Throws std::invalid_argument when it has
    /// more layers than the log's width.
    void push_back(const EpochRecord& record);

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }
    /// Per-layer statistics per row at most.
    int layers() const { return layers_; }
    EpochSpan span() const { return {this, size_}; }
    /// i < size().
    EpochEntry operator[](std::size_t i) const;
    EpochEntry front() const { return (*this)[0]; }
    EpochEntry back() const { return (*this)[size_ - 1]; }
    EpochSpan::Iterator begin() const { return {this, 0}; }
    EpochSpan::Iterator end() const { return {this, size_}; }
    std::vector<EpochRecord> toVector() const { return span().toVector(); }

    /// What one more row costs with `layers` layers, in bytes (chunk-table
    /// and partly filled last chunk aside): in memory for the first
    /// kMemoryChunks · kChunkRows rows, on disk after that.
    static std::size_t bytesPerEpoch(int layers);
    /// Chunks held in the temporary file rather than in memory.
    std::size_t chunksOnDisk() const { return chunksOnDisk_; }

private:
    struct Row;
    struct Chunk;
    void reserveTable(std::size_t chunks);
    std::unique_ptr<Chunk> newChunk(std::size_t index);

    int layers_ = 0;
    std::size_t size_ = 0;
    std::unique_ptr<std::unique_ptr<Chunk>[]> table_;
    std::size_t tableSize_ = 0;
    std::unique_ptr<SpillFile> spill_; // owns the mappings of the chunks on disk
    bool spillTried_ = false;
    std::size_t chunksOnDisk_ = 0;
};

} // namespace hs
