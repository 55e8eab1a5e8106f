#include "storage/database.hpp"

#include <optional>

#include "storage/bulk_insert_shape.hpp"
#include "storage/postgres/pg_database.hpp"
#include "storage/sqlite/sqlite_database.hpp"

namespace wangge::storage {

Status CheckBulkInsertShape(const std::vector<std::string>& columns, const std::vector<Params>& rows) {
    if (columns.empty()) return Fail(ErrorCode::kInternal, "BulkInsert needs at least one column");
    for (std::size_t r = 0; r < rows.size(); ++r) {
        if (rows[r].size() != columns.size()) {
            return Fail(ErrorCode::kInternal, "BulkInsert: row " + std::to_string(r) + " has " +
                                                  std::to_string(rows[r].size()) + " values for " +
                                                  std::to_string(columns.size()) + " columns");
        }
    }
    return {};
}

Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url, const DatabaseOptions& options) {
    constexpr std::string_view kSqlitePrefix = "sqlite:";
    if (url.starts_with(kSqlitePrefix)) {
        std::string_view path = url.substr(kSqlitePrefix.size());
        if (path.empty() || path == ":memory:" || path.starts_with("file:")) {
            return Fail(ErrorCode::kInvalidArgument,
                        "sqlite: needs a file path (\"sqlite:data/wangge.db\"); in-memory and URI databases are "
                        "not supported because the reader connections must share the file");
        }
        return OpenSqliteDatabase(std::string(path), options);
    }
    if (url.starts_with("postgresql://") || url.starts_with("postgres://") || url.find('=') != std::string_view::npos) {
        return OpenPostgresDatabase(std::string(url), options);
    }
    // Only the scheme is echoed: the rest of a mistyped URL may hold a password.
    const std::string_view scheme = url.substr(0, url.find(':'));
    return Fail(ErrorCode::kInvalidArgument,
                "unsupported database URL (scheme \"" + std::string(scheme) +
                    "\"): expected sqlite:PATH, postgresql://…, postgres://… or a libpq key=value string");
}

Result<std::int64_t> QueryInt(Connection& conn, std::string_view sql, const Params& params) {
    std::optional<std::int64_t> value;
    WANGGE_CHECK(conn.Exec(sql, params, [&](const Row& row) {
        if (!value) value = row.Int(0);
    }));
    if (!value) return Fail(ErrorCode::kNotFound, "query returned no rows");
    return *value;
}

}  // namespace wangge::storage
