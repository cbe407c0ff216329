#pragma once
// Files compiled into the engine. The definitions are generated at build time
// by embed_files.cmake (from resources/datasets) into the build directory.

#include <cstddef>

namespace hs::detail {

struct EmbeddedFile {
    const char* name;            ///< file name without extension, e.g. "iris"
    const unsigned char* data;   ///< the file's bytes (not NUL-terminated)
    std::size_t size;            ///< in bytes
};

extern const EmbeddedFile kEmbeddedDatasets[];
extern const std::size_t kEmbeddedDatasetsCount;

} // namespace hs::detail
