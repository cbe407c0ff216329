#include "train/spill_file.h"

#include <cstdlib>
#include <string>

#if __has_include(<sys/mman.h>) && __has_include(<unistd.h>)
#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>
#define HS_SPILL_FILE 1
#endif

namespace hs {

#ifdef HS_SPILL_FILE

namespace {

std::size_t pageSize()
{
    static const std::size_t size = [] {
        const long s = sysconf(_SC_PAGESIZE);
        return s > 0 ? std::size_t(s) : std::size_t(4096);
    }();
    return size;
}

} // namespace

std::unique_ptr<SpillFile> SpillFile::open()
{
    const char* dir = std::getenv("TMPDIR");
    std::string path = (dir && *dir ? std::string(dir) : std::string("/tmp")) + "/hyperscope-history-XXXXXX";
    const int fd = mkostemp(path.data(), O_CLOEXEC);
    if (fd < 0)
        return nullptr;
    unlink(path.c_str()); // the file lives exactly as long as its descriptor
    return std::unique_ptr<SpillFile>(new SpillFile(fd));
}

SpillFile::~SpillFile()
{
    for (const Region& r : regions_)
        munmap(r.p, r.bytes);
    close(fd_);
}

void* SpillFile::allocate(std::size_t bytes)
{
    const std::size_t page = pageSize();
    bytes = (bytes + page - 1) / page * page;
    if (bytes == 0 || posix_fallocate(fd_, off_t(size_), off_t(bytes)) != 0)
        return nullptr;
    void* p = mmap(nullptr, bytes, PROT_READ | PROT_WRITE, MAP_SHARED, fd_, off_t(size_));
    if (p == MAP_FAILED)
        return nullptr;
    regions_.push_back({p, bytes});
    size_ += bytes;
    return p;
}

void SpillFile::release(void* p, std::size_t bytes)
{
    const std::size_t page = pageSize();
    // A shared file mapping keeps its data through MADV_DONTNEED: dirty pages
    // go to the file, and the next access maps them back from it.
    madvise(p, (bytes + page - 1) / page * page, MADV_DONTNEED);
}

#else

std::unique_ptr<SpillFile> SpillFile::open() { return nullptr; }
SpillFile::~SpillFile() = default;
void* SpillFile::allocate(std::size_t) { return nullptr; }
void SpillFile::release(void*, std::size_t) {}

#endif

} // namespace hs
