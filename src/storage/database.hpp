#pragma once
// A thin SQL driver interface with two implementations (sqlite/, postgres/).
// Repositories write portable SQL once, with $1, $2 … placeholders (the SQLite driver
// rewrites them to ?1, ?2 …), integer ids and epoch-millisecond times.
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "common/result.hpp"

namespace wangge::storage {

enum class Backend { kSqlite, kPostgres };

// A bound parameter or a column value.
using Value = std::variant<std::monostate, std::int64_t, double, std::string>;
using Params = std::vector<Value>;

inline Value Null() { return std::monostate{}; }
// NULL when empty: for optional text columns.
inline Value TextOrNull(const std::string& s) { return s.empty() ? Value{} : Value{s}; }
// NULL when absent: for optional id columns.
inline Value IntOrNull(const std::optional<std::int64_t>& v) { return v ? Value{*v} : Value{}; }

// The current row of a result, valid only during the row callback.
class Row {
public:
    virtual ~Row() = default;
    virtual int ColumnCount() const = 0;
    virtual bool IsNull(int col) const = 0;
    virtual std::int64_t Int(int col) const = 0;    // 0 for NULL
    virtual double Double(int col) const = 0;       // 0 for NULL
    virtual std::string Text(int col) const = 0;    // "" for NULL
};

// A nullable integer column: absent for NULL.
inline std::optional<std::int64_t> OptionalInt(const Row& row, int col) {
    if (row.IsNull(col)) return std::nullopt;
    return row.Int(col);
}

using RowFn = std::function<void(const Row&)>;

// One connection, used by one thread at a time. Statements are prepared once per
// connection and cached by their SQL text.
class Connection {
public:
    virtual ~Connection() = default;
    virtual Backend backend() const = 0;

    // Runs one statement; calls on_row for each result row. Returns the rows changed
    // (INSERT/UPDATE/DELETE) or 0. Errors: kAlreadyExists on a unique violation,
    // kAborted on a serialization failure/busy timeout, kInternal otherwise.
    virtual Result<std::int64_t> Exec(std::string_view sql, const Params& params = {}, const RowFn& on_row = {}) = 0;

    // Runs several ';'-separated statements without parameters (migrations).
    virtual Status ExecScript(std::string_view sql) = 0;

    // Inserts many rows fast: multi-row INSERT on SQLite, COPY on PostgreSQL. Must run inside Write().
    virtual Status BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                              const std::vector<Params>& rows) = 0;
};

struct DatabaseOptions {
    int readers = 4;                 // SQLite reader connections / PostgreSQL pool size
    int busy_timeout_ms = 5000;      // SQLite busy_timeout
    bool synchronous_full = true;    // SQLite: FULL (every commit durable) vs NORMAL
};

// A database: one writer (SQLite) or a pool (PostgreSQL). Thread-safe.
class Database {
public:
    virtual ~Database() = default;
    virtual Backend backend() const = 0;

    // Lends a connection for reads. Each statement sees committed data.
    virtual Status Read(const std::function<Status(Connection&)>& fn) = 0;

    // Runs fn in one transaction: commits when it returns ok, rolls back otherwise.
    virtual Status Write(const std::function<Status(Connection&)>& fn) = 0;

    // Write, whose commit need not be durable before SyncCommitted() returns. For a group-commit loop:
    // it prepares its next transaction while the disk syncs the last one, and acknowledges what the
    // sync covered. SQLite: the commit skips its fsync of the log (synchronous=NORMAL for this
    // transaction only). Elsewhere: Write, durable at its commit.
    virtual Status WriteSyncLater(const std::function<Status(Connection&)>& fn) { return Write(fn); }

    // Makes every transaction committed before the call durable; safe to call from any thread while
    // others write. SQLite: one fdatasync of the write-ahead log. Elsewhere: nothing to do.
    virtual Status SyncCommitted() { return {}; }
};

// Opens "sqlite:PATH" (":memory:" not supported: readers need a file) or "postgresql://…"
// / "postgres://…" / a libpq key=value string. Applies no migrations (see migrations.hpp).
Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url, const DatabaseOptions& options = {});

// Helpers for the common shapes of a query.
// Returns the first column of the first row as an integer, or kNotFound.
Result<std::int64_t> QueryInt(Connection& conn, std::string_view sql, const Params& params = {});

}  // namespace wangge::storage
