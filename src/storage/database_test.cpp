// OpenDatabase, the embedded migrations, the test helper, and what only one backend does.
#include <gtest/gtest.h>

#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/testing/test_database.hpp"

namespace wangge::storage {
namespace {

using testing::Migrations;

// Drops Exec's row count, for lambdas that hand its result back as a Status.
Status Done(const Result<std::int64_t>& result) { return result ? Status{} : Fail(result.error()); }

TEST(Migrations, AreSortedAndAlikeOnBothBackends) {
    const auto& sqlite = MigrationsFor(Backend::kSqlite);
    const auto& postgres = MigrationsFor(Backend::kPostgres);
    ASSERT_FALSE(sqlite.empty());
    ASSERT_EQ(sqlite.size(), postgres.size());
    for (std::size_t k = 0; k < sqlite.size(); ++k) {
        if (k > 0) {
            EXPECT_LT(sqlite[k - 1].version, sqlite[k].version);
        }
        EXPECT_EQ(sqlite[k].version, postgres[k].version);
        EXPECT_EQ(sqlite[k].name, postgres[k].name);
        EXPECT_FALSE(sqlite[k].sql.empty());
    }
}

TEST(TestDatabases, AreFreshAndMigrated) {
    auto databases = testing::MakeTestDatabases();
    ASSERT_TRUE(databases) << databases.error().message;
    ASSERT_FALSE(databases->empty());
    for (auto& test_db : *databases) {
        auto again = Migrate(test_db->db());
        ASSERT_TRUE(again);
        EXPECT_EQ(*again, 0);
    }
}

TEST(OpenDatabase, RejectsUnknownUrls) {
    for (std::string_view url : {"", "mysql://x", "sqlite:", "sqlite::memory:", "data/wangge.db"}) {
        auto db = OpenDatabase(url);
        ASSERT_FALSE(db) << url;
        EXPECT_EQ(db.error().code, ErrorCode::kInvalidArgument) << url;
    }
}

TEST(SqliteDriver, CreatesTheDirectoryAndUsesWalWithQueryOnlyReaders) {
    auto scratch = testing::MakeTestDatabase(Backend::kSqlite, Migrations::kNone);
    ASSERT_TRUE(scratch);
    const std::string url = (*scratch)->url() + ".d/nested/deeper.db";  // a directory that does not exist yet
    auto db = OpenDatabase(url, {.readers = 2});
    ASSERT_TRUE(db) << db.error().message;
    const Status status = (*db)->Read([](Connection& conn) -> Status {
        std::string mode;
        WANGGE_CHECK(conn.Exec("PRAGMA journal_mode", {}, [&](const Row& row) { mode = row.Text(0); }));
        EXPECT_EQ(mode, "wal");
        EXPECT_EQ(QueryInt(conn, "PRAGMA foreign_keys"), 1);
        EXPECT_FALSE(conn.ExecScript("CREATE TABLE nope (x INTEGER)"));
        return {};
    });
    EXPECT_TRUE(status) << status.error().message;
}

TEST(PostgresDriver, ReconnectsAfterLosingTheConnection) {
    if (!testing::IsAvailable(Backend::kPostgres)) GTEST_SKIP() << "WANGGE_TEST_PG is not set";
    auto test_db = testing::MakeTestDatabase(Backend::kPostgres, Migrations::kNone, {.readers = 1});
    ASSERT_TRUE(test_db) << test_db.error().message;
    Database& db = (*test_db)->db();
    auto admin = OpenDatabase((*test_db)->url(), {.readers = 1});
    ASSERT_TRUE(admin) << admin.error().message;
    // Ends the pool's only server session, as a server restart or a network cut would.
    auto kill_session = [&] {
        std::int64_t pid = 0;
        ASSERT_TRUE(db.Read([&](Connection& conn) -> Status {
            WANGGE_TRY(backend_pid, QueryInt(conn, "SELECT pg_backend_pid()"));
            pid = backend_pid;
            return {};
        }));
        ASSERT_TRUE((*admin)->Read([&](Connection& conn) {
            return Done(conn.Exec("SELECT pg_terminate_backend($1, 5000)", {pid}, [](const Row&) {}));
        }));
    };

    kill_session();
    const Status lost = db.Read([](Connection& conn) { return Done(conn.Exec("SELECT 1")); });
    ASSERT_FALSE(lost);
    EXPECT_EQ(lost.error().code, ErrorCode::kUnavailable) << lost.error().message;
    EXPECT_TRUE(db.Read([](Connection& conn) { return Done(conn.Exec("SELECT 1")); }));

    // Write notices the dead session at BEGIN, before anything ran, and retries on a new one.
    kill_session();
    const Status written = db.Write([](Connection& conn) { return conn.ExecScript("CREATE TABLE t (x BIGINT)"); });
    EXPECT_TRUE(written) << written.error().message;
}

}  // namespace
}  // namespace wangge::storage
