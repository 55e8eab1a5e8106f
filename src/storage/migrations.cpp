#include "storage/migrations.hpp"

#include <algorithm>

#include "common/clock.hpp"
#include "storage/embedded_migrations.hpp"

namespace wangge::storage {
namespace {

// The same table on both backends: BIGINT is an integer on SQLite too.
constexpr std::string_view kCreateSchemaMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";
constexpr std::string_view kCountApplied = "SELECT count(*) FROM schema_migrations WHERE version = $1";
constexpr std::string_view kRecordApplied =
    "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)";
// Serialises concurrent migrators on PostgreSQL (two instances starting together). SQLite
// needs nothing: Write() holds the database write lock from BEGIN IMMEDIATE on.
constexpr std::string_view kPgMigrationLock = "SELECT pg_advisory_xact_lock(7265617932)";

std::vector<Migration> Collect(Backend backend) {
    std::vector<Migration> out;
    for (const auto& m : internal::EmbeddedMigrations()) {
        if (m.backend == backend && m.version > 0) out.push_back(Migration{m.version, m.name, m.sql});
    }
    std::sort(out.begin(), out.end(), [](const Migration& a, const Migration& b) { return a.version < b.version; });
    return out;
}

}  // namespace

const std::vector<Migration>& MigrationsFor(Backend backend) {
    static const std::vector<Migration> sqlite = Collect(Backend::kSqlite);
    static const std::vector<Migration> postgres = Collect(Backend::kPostgres);
    return backend == Backend::kSqlite ? sqlite : postgres;
}

Result<int> Migrate(Database& db) {
    const Backend backend = db.backend();
    WANGGE_CHECK(db.Write([&](Connection& conn) -> Status {
        if (backend == Backend::kPostgres) WANGGE_CHECK(conn.Exec(kPgMigrationLock));
        WANGGE_CHECK(conn.Exec(kCreateSchemaMigrations));
        return {};
    }));

    const SystemClock clock;
    int applied = 0;
    for (const Migration& migration : MigrationsFor(backend)) {
        bool ran = false;
        // Checked again inside the transaction, so a migrator that lost a race skips instead of failing.
        Status status = db.Write([&](Connection& conn) -> Status {
            if (backend == Backend::kPostgres) WANGGE_CHECK(conn.Exec(kPgMigrationLock));
            WANGGE_TRY(done, QueryInt(conn, kCountApplied, {std::int64_t{migration.version}}));
            if (done > 0) return {};
            if (auto script = conn.ExecScript(migration.sql); !script) {
                Error error = script.error();
                error.message = "migration " + std::to_string(migration.version) + "_" +
                                std::string(migration.name) + ": " + error.message;
                return Fail(std::move(error));
            }
            WANGGE_CHECK(conn.Exec(kRecordApplied, {std::int64_t{migration.version}, std::string(migration.name),
                                                    std::int64_t{clock.Now()}}));
            ran = true;
            return {};
        });
        if (!status) return Fail(status.error());
        if (ran) ++applied;
    }
    return applied;
}

}  // namespace wangge::storage
