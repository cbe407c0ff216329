#include "io/atomic_file.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fcntl.h>
#include <unistd.h>

namespace hs {
namespace {

std::string reason() { return std::strerror(errno); }

} // namespace

void writeFileAtomically(const std::filesystem::path& path, std::string_view content)
{
    const std::filesystem::path tmp = path.string() + ".tmp-" + std::to_string(::getpid());
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0)
        throw FileError("cannot write " + path.string() + ": " + reason());
    std::size_t written = 0;
    while (written < content.size()) {
        const ssize_t n = ::write(fd, content.data() + written, content.size() - written);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            const std::string why = reason();
            ::close(fd);
            ::unlink(tmp.c_str());
            throw FileError("cannot write " + path.string() + ": " + why);
        }
        written += static_cast<std::size_t>(n);
    }
    // fsync before rename: otherwise a crash can leave an empty file under the new name.
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        const std::string why = reason();
        ::unlink(tmp.c_str());
        throw FileError("cannot write " + path.string() + ": " + why);
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const std::string why = reason();
        ::unlink(tmp.c_str());
        throw FileError("cannot write " + path.string() + ": " + why);
    }
}

std::string readFile(const std::filesystem::path& path, std::uintmax_t maxBytes, std::string_view what)
{
    const auto megabytes = [](std::uintmax_t bytes) {
        char text[32];
        std::snprintf(text, sizeof text, "%.3g MB", static_cast<double>(bytes) / 1e6);
        return std::string(text);
    };
    const auto tooLarge = [&](const std::string& size) {
        return FileError("cannot read " + path.string() + ": it holds " + size + ", but " + std::string(what)
                         + " is at most " + megabytes(maxBytes) + ": is it the right file?");
    };
    std::error_code ec;
    if (const std::uintmax_t size = std::filesystem::file_size(path, ec); !ec && size > maxBytes)
        throw tooLarge(megabytes(size));
    if (std::filesystem::is_directory(path, ec))
        throw FileError("cannot read " + path.string() + ": it is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw FileError("cannot read " + path.string() + ": " + reason());
    // Read at most one byte past the limit: a device or pipe (/dev/zero) has
    // no size to check beforehand and may never end.
    std::string text;
    char buffer[65536];
    while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
        text.append(buffer, static_cast<std::size_t>(in.gcount()));
        if (text.size() > maxBytes)
            throw tooLarge("more than " + megabytes(maxBytes));
    }
    if (in.bad())
        throw FileError("cannot read " + path.string() + ": read error");
    return text;
}

std::string readFile(const std::filesystem::path& path)
{
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw FileError("cannot read " + path.string() + ": it is a directory");
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw FileError("cannot read " + path.string() + ": " + reason());
    std::ostringstream s;
    s << in.rdbuf();
    if (in.bad())
        throw FileError("cannot read " + path.string() + ": read error");
    return s.str();
}

} // namespace hs
