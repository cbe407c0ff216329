#pragma once
// Memory for data that is written once and read rarely, kept out of the
// process's resident set: regions of an unlinked temporary file, mapped
// shared. A region reads and writes like memory and never moves; release()
// drops its pages from the resident set (the kernel writes them to the file
// and maps them back on the next access), so a long run's history costs disk,
// not RAM. Nothing is ever lost by a release: the data stays in the file.
//
// Regions are reserved on disk when allocated (posix_fallocate), so a full
// disk makes allocate() return nullptr instead of faulting a later write; the
// caller keeps that data in ordinary memory. Where no temporary file can be
// made (no POSIX mmap, a read-only or missing temp directory) open() returns
// nullptr the same way.

#include <cstddef>
#include <memory>
#include <vector>

namespace hs {

class SpillFile {
public:
    /// A new, already unlinked file in the temp directory (TMPDIR, else
    /// /tmp); nullptr when none can be made.
    static std::unique_ptr<SpillFile> open();
    ~SpillFile();
    SpillFile(const SpillFile&) = delete;
    SpillFile& operator=(const SpillFile&) = delete;

    /// A new zero-filled region of at least `bytes` bytes, page-aligned, valid
    /// until the file is destroyed; nullptr when the disk has no room for it.
    void* allocate(std::size_t bytes);
    /// Drops the pages of [p, p + bytes) from the resident set; p from
    /// allocate(). Safe while other threads read the region.
    static void release(void* p, std::size_t bytes);
    /// Bytes allocated so far.
    std::size_t size() const { return size_; }

private:
    explicit SpillFile(int fd) : fd_(fd) {}

    struct Region {
        void* p;
        std::size_t bytes;
    };
    int fd_;
    std::size_t size_ = 0;
    std::vector<Region> regions_;
};

} // namespace hs
