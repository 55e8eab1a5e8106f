#pragma once
// Internal: the raw migration files compiled in by embed_migrations.cmake. Use MigrationsFor().
#include <span>
#include <string_view>

#include "storage/database.hpp"

namespace wangge::storage::internal {

struct EmbeddedMigration {
    Backend backend;
    int version;  // 0 marks the placeholder entry emitted when there are no files
    std::string_view name;
    std::string_view sql;
};

// Every embedded file of every backend, in file-name order per backend. Static storage.
std::span<const EmbeddedMigration> EmbeddedMigrations();

}  // namespace wangge::storage::internal
