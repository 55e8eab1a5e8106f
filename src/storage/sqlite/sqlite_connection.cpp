#include "storage/sqlite/sqlite_connection.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <utility>

#include "storage/bulk_insert_shape.hpp"
#include "storage/sqlite/sql_rewrite.hpp"

namespace wangge::storage::sqlite {
namespace {

// SQLite 3.40's default limit on ?NNN; Debian builds with more, but the driver stays portable.
constexpr int kMaxVariables = 32766;
// Reads are served mostly through mmap (capped by SQLite at ~2 GiB per connection, address
// space only); the writer gets a larger page cache for index maintenance during bulk ingest of
// millions of rows, readers a modest one each.
constexpr std::string_view kCommonPragmas =
    "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=2147418112;";
constexpr std::string_view kWriterPragmas = "PRAGMA cache_size=-65536; PRAGMA journal_size_limit=67108864;";
constexpr std::string_view kReaderPragmas = "PRAGMA cache_size=-16384; PRAGMA query_only=ON;";

Error ToError(int rc, std::string_view detail) {
    std::string message = "sqlite: " + std::string(detail);
    if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return MakeError(ErrorCode::kAlreadyExists, std::move(message));
    }
    const int primary = rc & 0xff;
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED) return MakeError(ErrorCode::kAborted, std::move(message));
    return MakeError(ErrorCode::kInternal, std::move(message));
}

Error ToError(int rc, sqlite3* db) { return ToError(rc, sqlite3_errmsg(db)); }

std::string QuoteIdentifier(std::string_view name) {
    std::string out = "\"";
    for (char c : name) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + '"';
}

class SqliteRow final : public Row {
public:
    explicit SqliteRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
    int ColumnCount() const override { return sqlite3_column_count(stmt_); }
    bool IsNull(int col) const override { return sqlite3_column_type(stmt_, col) == SQLITE_NULL; }
    std::int64_t Int(int col) const override { return sqlite3_column_int64(stmt_, col); }
    double Double(int col) const override { return sqlite3_column_double(stmt_, col); }
    std::string Text(int col) const override {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, col));
        return text ? std::string(text, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
    }

private:
    sqlite3_stmt* stmt_;
};

}  // namespace

// A statement borrowed for one execution. Resets it and clears its bindings on release (the
// bound text is not copied), and finalizes one-off statements.
class SqliteConnection::Lease {
public:
    Lease(sqlite3_stmt* stmt, bool* in_use) : stmt_(stmt), in_use_(in_use) {}
    Lease(Lease&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)), in_use_(other.in_use_) {}
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
        if (!stmt_) return;
        if (in_use_) {
            sqlite3_reset(stmt_);
            sqlite3_clear_bindings(stmt_);
            *in_use_ = false;
        } else {
            sqlite3_finalize(stmt_);
        }
    }
    sqlite3_stmt* get() const { return stmt_; }

private:
    sqlite3_stmt* stmt_;
    bool* in_use_;  // null for a one-off statement
};

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::Open(const std::string& path, Role role,
                                                                 const DatabaseOptions& options) {
    sqlite3* db = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | (role == Role::kWriter ? SQLITE_OPEN_CREATE : 0);
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
    if (rc != SQLITE_OK) {
        return Fail(ErrorCode::kUnavailable,
                    "sqlite: cannot open " + path + ": " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
    }
    sqlite3_extended_result_codes(db, 1);
    sqlite3_busy_timeout(db, options.busy_timeout_ms);

    std::string pragmas(kCommonPragmas);
    if (role == Role::kWriter) {
        // WAL is a property of the file; setting it once from the writer covers the readers.
        std::string mode;
        WANGGE_CHECK(conn->Exec("PRAGMA journal_mode=WAL", {}, [&](const Row& row) { mode = row.Text(0); }));
        if (mode != "wal") {
            return Fail(ErrorCode::kUnavailable, "sqlite: " + path + " cannot use WAL (got " + mode + ")");
        }
        pragmas += options.synchronous_full ? "PRAGMA synchronous=FULL;" : "PRAGMA synchronous=NORMAL;";
        pragmas += kWriterPragmas;
    } else {
        pragmas += kReaderPragmas;
    }
    if (auto status = conn->ExecScript(pragmas); !status) {
        return Fail(ErrorCode::kUnavailable, "sqlite: configuring " + path + ": " + status.error().message);
    }
    return conn;
}

SqliteConnection::~SqliteConnection() {
    for (auto& [sql, cached] : cache_) sqlite3_finalize(cached.stmt);
    sqlite3_close_v2(db_);
}

Result<SqliteConnection::Lease> SqliteConnection::Prepare(std::string_view sql, Caching caching) {
    auto found = cache_.find(sql);
    if (found != cache_.end() && !found->second.in_use) {
        found->second.in_use = true;
        return Lease(found->second.stmt, &found->second.in_use);
    }
    const std::string rewritten = RewritePlaceholders(sql);
    sqlite3_stmt* stmt = nullptr;
    const char* tail = nullptr;
    const unsigned flags = caching == Caching::kCache ? SQLITE_PREPARE_PERSISTENT : 0;
    const int rc = sqlite3_prepare_v3(db_, rewritten.data(), static_cast<int>(rewritten.size()), flags, &stmt, &tail);
    if (rc != SQLITE_OK) return Fail(ToError(rc, db_));
    if (!stmt) return Fail(ErrorCode::kInternal, "sqlite: empty statement");
    // Anything but whitespace and comments after the first statement would be silently ignored.
    sqlite3_stmt* extra = nullptr;
    sqlite3_prepare_v2(db_, tail, static_cast<int>(rewritten.data() + rewritten.size() - tail), &extra, nullptr);
    if (extra) {
        sqlite3_finalize(extra);
        sqlite3_finalize(stmt);
        return Fail(ErrorCode::kInternal, "sqlite: Exec runs one statement; use ExecScript for several");
    }
    if (caching == Caching::kOneOff || found != cache_.end()) return Lease(stmt, nullptr);
    auto [it, inserted] = cache_.emplace(std::string(sql), CachedStatement{stmt, true});
    return Lease(stmt, &it->second.in_use);
}

Status SqliteConnection::Bind(sqlite3_stmt* stmt, int index, const Value& value) {
    int rc = SQLITE_OK;
    if (const auto* v = std::get_if<std::int64_t>(&value)) {
        rc = sqlite3_bind_int64(stmt, index, *v);
    } else if (const auto* d = std::get_if<double>(&value)) {
        rc = sqlite3_bind_double(stmt, index, *d);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
        rc = sqlite3_bind_text64(stmt, index, s->data(), s->size(), SQLITE_STATIC, SQLITE_UTF8);
    } else {
        rc = sqlite3_bind_null(stmt, index);
    }
    return rc == SQLITE_OK ? Status{} : Fail(ToError(rc, db_));
}

Status SqliteConnection::BindAll(sqlite3_stmt* stmt, const Params& params) {
    const int expected = sqlite3_bind_parameter_count(stmt);
    if (static_cast<std::size_t>(expected) != params.size()) {
        return Fail(ErrorCode::kInternal, "sqlite: statement takes " + std::to_string(expected) +
                                              " parameters, got " + std::to_string(params.size()));
    }
    for (int i = 0; i < expected; ++i) WANGGE_CHECK(Bind(stmt, i + 1, params[static_cast<std::size_t>(i)]));
    return {};
}

Status SqliteConnection::StepAll(sqlite3_stmt* stmt, const RowFn& on_row) {
    const SqliteRow row(stmt);
    for (;;) {
        const int rc = sqlite3_step(stmt);
        if (rc == SQLITE_DONE) return {};
        if (rc != SQLITE_ROW) return Fail(ToError(rc, db_));
        if (on_row) on_row(row);
    }
}

Result<std::int64_t> SqliteConnection::Exec(std::string_view sql, const Params& params, const RowFn& on_row) {
    WANGGE_TRY(lease, Prepare(sql, Caching::kCache));
    WANGGE_CHECK(BindAll(lease.get(), params));
    // sqlite3_changes() keeps the count of the last INSERT/UPDATE/DELETE, so it is only this
    // statement's when the running total moved.
    const std::int64_t before = sqlite3_total_changes64(db_);
    WANGGE_CHECK(StepAll(lease.get(), on_row));
    return sqlite3_total_changes64(db_) != before ? sqlite3_changes64(db_) : 0;
}

Status SqliteConnection::ExecScript(std::string_view sql) {
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
    if (rc == SQLITE_OK) return {};
    Error error = ToError(rc, message ? message : sqlite3_errstr(rc));
    sqlite3_free(message);
    return Fail(std::move(error));
}

Status SqliteConnection::BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                                    const std::vector<Params>& rows) {
    if (sqlite3_get_autocommit(db_)) return Fail(ErrorCode::kInternal, "BulkInsert must run inside Write()");
    WANGGE_CHECK(CheckBulkInsertShape(columns, rows));
    if (rows.empty()) return {};

    const std::size_t width = columns.size();
    const int limit = std::min(kMaxVariables, sqlite3_limit(db_, SQLITE_LIMIT_VARIABLE_NUMBER, -1));
    const std::size_t chunk_rows = std::max<std::size_t>(1, static_cast<std::size_t>(limit) / width);

    std::string prefix = "INSERT INTO " + QuoteIdentifier(table) + " (";
    for (std::size_t c = 0; c < width; ++c) prefix += (c ? ", " : "") + QuoteIdentifier(columns[c]);
    prefix += ") VALUES ";
    std::string tuple = "(?";
    for (std::size_t c = 1; c < width; ++c) tuple += ",?";
    tuple += ')';
    auto sql_for = [&](std::size_t n) {
        std::string sql = prefix;
        sql.reserve(prefix.size() + n * (tuple.size() + 1));
        for (std::size_t r = 0; r < n; ++r) (sql += r ? "," : "") += tuple;
        return sql;
    };

    std::string full_sql;  // text of the full-chunk statement, built when first needed
    for (std::size_t begin = 0; begin < rows.size(); begin += chunk_rows) {
        const std::size_t n = std::min(chunk_rows, rows.size() - begin);
        const bool full = n == chunk_rows;
        if (full && full_sql.empty()) full_sql = sql_for(n);
        // The full-chunk statement stays cached for the next call; the remainder's size varies,
        // so its statement is prepared here and dropped.
        WANGGE_TRY(lease, full ? Prepare(full_sql, Caching::kCache) : Prepare(sql_for(n), Caching::kOneOff));
        int index = 1;  // bound straight from `rows`: no copy of the text
        for (std::size_t r = begin; r < begin + n; ++r) {
            for (const Value& value : rows[r]) WANGGE_CHECK(Bind(lease.get(), index++, value));
        }
        WANGGE_CHECK(StepAll(lease.get(), {}));
    }
    return {};
}

Status SqliteConnection::Begin() { return Exec("BEGIN IMMEDIATE").map([](std::int64_t) {}); }

Status SqliteConnection::Commit() { return Exec("COMMIT").map([](std::int64_t) {}); }

void SqliteConnection::Rollback() {
    if (!sqlite3_get_autocommit(db_)) (void)Exec("ROLLBACK");
}

}  // namespace wangge::storage::sqlite
