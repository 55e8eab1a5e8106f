#pragma once
// Internal to the PostgreSQL driver: one libpq connection with its prepared statements.
#include <memory>
#include <string>
#include <unordered_map>

#include "storage/database.hpp"

struct pg_conn;

namespace wangge::storage::postgres {

// Transparent hashing lets Exec look a statement up by string_view without allocating.
struct SqlHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
};

// A Connection over one PGconn, used by one thread at a time (PgDatabase guarantees it).
// Parameters go out and results come back in text format.
class PgConnection final : public Connection {
public:
    // Connects with `dsn` (URI or key=value) in UTF-8. kUnavailable when the server is unreachable.
    static Result<std::unique_ptr<PgConnection>> Open(const std::string& dsn);
    ~PgConnection() override;
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;

    Backend backend() const override { return Backend::kPostgres; }
    Result<std::int64_t> Exec(std::string_view sql, const Params& params = {}, const RowFn& on_row = {}) override;
    Status ExecScript(std::string_view sql) override;
    Status BulkInsert(std::string_view table, const std::vector<std::string>& columns,
                      const std::vector<Params>& rows) override;

    // True when the connection was lost or left mid-command; Reconnect() before reuse.
    bool Broken() const;
    // Re-establishes the session (same parameters); prepared statements are gone, so the cache
    // is cleared. kUnavailable when the server is still unreachable.
    Status Reconnect();

    // Transaction control for PgDatabase::Write. Commit fails when the server rolled back
    // instead (an error inside the transaction was ignored). Rollback never fails.
    Status Begin();
    Status Commit();
    void Rollback();

private:
    explicit PgConnection(pg_conn* conn) : conn_(conn) {}
    Result<const std::string*> PreparedName(std::string_view sql);
    Status FinishCopy(const char* abort_reason);

    pg_conn* conn_;
    bool needs_reset_ = false;
    std::unordered_map<std::string, std::string, SqlHash, std::equal_to<>> prepared_;  // SQL → statement name
    int next_statement_ = 0;
};

}  // namespace wangge::storage::postgres
