#pragma once
// The SQLite driver's entry point; OpenDatabase("sqlite:PATH") calls it.
#include <memory>
#include <string>

#include "storage/database.hpp"

namespace wangge::storage {

// Opens (creating it and its parent directory when missing) the SQLite file at `path` in WAL
// mode: one writer connection behind a mutex and `options.readers` reader connections.
// kUnavailable when the file or directory cannot be opened or created.
Result<std::unique_ptr<Database>> OpenSqliteDatabase(const std::string& path, const DatabaseOptions& options);

}  // namespace wangge::storage
