#pragma once
// Numbered schema migrations, one folder per backend (migrations/sqlite, migrations/postgres),
// compiled into the binary. Applied in order inside transactions; the applied versions are
// recorded in schema_migrations.
#include "storage/database.hpp"

namespace wangge::storage {

struct Migration {
    int version;
    std::string_view name;
    std::string_view sql;
};

// The migrations for a backend, ascending by version.
const std::vector<Migration>& MigrationsFor(Backend backend);

// Applies every migration not yet applied. Returns how many ran.
Result<int> Migrate(Database& db);

}  // namespace wangge::storage
