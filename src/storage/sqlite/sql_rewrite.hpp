#pragma once
// Internal to the SQLite driver: portable SQL → SQLite's dialect.
#include <string>
#include <string_view>

namespace wangge::storage::sqlite {

// Rewrites PostgreSQL-style placeholders $1, $2 … to ?1, ?2 … so parameters bind by number
// (SQLite reads "$1" as a *named* parameter, numbered by first appearance, which would break
// "$2 … $1"). Leaves '…' strings, "…" identifiers and -- / /* */ comments untouched.
std::string RewritePlaceholders(std::string_view sql);

}  // namespace wangge::storage::sqlite
