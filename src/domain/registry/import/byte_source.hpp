#pragma once
// Streams of bytes the importer reads: a file, a body in memory, a prefix replayed before the
// rest (encoding detection peeks at the start). Reading in chunks keeps memory flat for files
// of millions of rows.
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace wangge::registry::import {

class ByteSource {
  public:
    virtual ~ByteSource() = default;
    // Reads up to `capacity` bytes into `buffer`; returns how many, 0 at the end.
    // Errors: kInternal on an I/O failure.
    virtual Result<std::size_t> Read(char* buffer, std::size_t capacity) = 0;
};

// Opens `path` for reading. Errors: kNotFound when it cannot be opened (message names the path).
Result<std::unique_ptr<ByteSource>> OpenFileSource(const std::string& path);

// Reads `body`, which must outlive the source.
std::unique_ptr<ByteSource> MakeMemorySource(std::string_view body);

// Replays `prefix`, then continues with `rest` (owned).
std::unique_ptr<ByteSource> MakePrefixedSource(std::string prefix, std::unique_ptr<ByteSource> rest);

// Reads up to `limit` bytes from the start of `source` (fewer only at its end).
Result<std::string> ReadPrefix(ByteSource& source, std::size_t limit);

}  // namespace wangge::registry::import
