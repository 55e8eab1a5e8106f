#pragma once
// Internal to the SQLite driver: one sqlite3 handle with its statement cache.
#include <memory>
#include <string>
#include <unordered_map>

#include "storage/database.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace wangge::storage::sqlite {

enum class Role { kWriter, kReader };

// Transparent hashing lets Exec look a statement up by string_view without allocating.
struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
};

// A Connection over one sqlite3 handle opened in multi-thread mode: used by one thread at a
// time, which the owning SqliteDatabase guarantees.
class SqliteConnection final : public Connection {
public:
    // Opens `path` (the writer creates the file and switches it to WAL; readers are query-only).
    // kUnavailable when the file cannot be opened or configured.
    static Result<std::unique_ptr<SqliteConnection>> Open(const std::string& path, Role role,
                                                          const DatabaseOptions& options);
    ~SqliteConnection() override;
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;

    Backend backend() const override { return Backend::kSqlite; }
    Result<std::int64_t> Exec(std::string_view sql, const Params& params = {}, const RowFn& on_row = {}) override;
    Status ExecScript(std::string_view sql) override;
    Status BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                      const std::vector<Params>& rows) override;

    // Transaction control for SqliteDatabase::Write. Rollback is a no-op outside a transaction
    // (SQLite rolls back by itself after some errors).
    Status Begin();
    Status Commit();
    void Rollback();

    class Lease;

private:
    struct CachedStatement {
        sqlite3_stmt* stmt = nullptr;
        bool in_use = false;  // a row callback re-entered Exec with the same SQL
    };
    enum class Caching { kCache, kOneOff };

    explicit SqliteConnection(sqlite3* db) : db_(db) {}
    Result<Lease> Prepare(std::string_view sql, Caching caching);
    Status Bind(sqlite3_stmt* stmt, int index, const Value& value);
    Status BindAll(sqlite3_stmt* stmt, const Params& params);
    Status StepAll(sqlite3_stmt* stmt, const RowFn& on_row);

    sqlite3* db_;
    std::unordered_map<std::string, CachedStatement, SqlHash, std::equal_to<>> cache_;
};

}  // namespace wangge::storage::sqlite
