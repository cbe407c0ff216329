#pragma once
// Whole-file writes that either fully happen or leave the old file alone:
// the content goes to a temporary file beside the target, is flushed, and is
// renamed over the target only when every byte was written.

#include <cstdint>
#include <filesystem>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hs {

/// A file could not be written; what() names the file and the reason.
class FileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// Writes `content` to `path` atomically. Throws FileError (the previous
/// file, if any, is untouched and no temporary file is left behind).
void writeFileAtomically(const std::filesystem::path& path, std::string_view content);

/// Reads a whole file. Throws FileError naming the file when it cannot.
std::string readFile(const std::filesystem::path& path);

/// The same, refusing (FileError, before reading) a file larger than
/// `maxBytes`: `what` names what the file should be ("a run config"), so the
/// message can say why a 100 MB file is not one.
std::string readFile(const std::filesystem::path& path, std::uintmax_t maxBytes, std::string_view what);

} // namespace hs
