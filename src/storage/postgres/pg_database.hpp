#pragma once
// The PostgreSQL driver's entry point; OpenDatabase("postgresql://…") calls it.
#include <memory>
#include <string>

#include "storage/database.hpp"

namespace wangge::storage {

// Connects a pool of `options.readers` connections (at least one) with `dsn`, a libpq URI or
// key=value string. kUnavailable when the server cannot be reached.
Result<std::unique_ptr<Database>> OpenPostgresDatabase(const std::string& dsn, const DatabaseOptions& options);

}  // namespace wangge::storage
