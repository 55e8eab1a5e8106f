#include "storage/testing/test_database.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <random>

#include "storage/migrations.hpp"

namespace wangge::storage::testing {
namespace {

constexpr const char* kPgEnv = "WANGGE_TEST_PG";

std::string RandomSuffix() {
    static std::mt19937_64 generator{std::random_device{}() ^ static_cast<std::uint64_t>(::getpid())};
    static std::mutex mutex;
    std::lock_guard lock(mutex);
    constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    std::uint64_t bits = generator();
    for (int i = 0; i < 12; ++i, bits >>= 4) out += kHex[bits & 0xf];
    return out;
}

// Adds a libpq `options` setting to a URI or key=value DSN so every pooled connection starts
// with `schema` first on its search_path.
std::string WithSearchPath(const std::string& dsn, const std::string& schema) {
    if (dsn.find("://") != std::string::npos) {
        return dsn + (dsn.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
    }
    return dsn + " options='-csearch_path=" + schema + "'";
}

Result<std::unique_ptr<TestDatabase>> MakeSqlite(const DatabaseOptions& options) {
    std::error_code ec;
    const auto dir = std::filesystem::temp_directory_path(ec) / ("wangge-test-" + RandomSuffix());
    if (ec || !std::filesystem::create_directory(dir, ec)) {
        return Fail(ErrorCode::kUnavailable, "cannot create a temporary directory: " + ec.message());
    }
    std::string url = "sqlite:" + (dir / "test.db").string();
    auto db = OpenDatabase(url, options);
    if (!db) {
        std::filesystem::remove_all(dir, ec);
        return Fail(db.error());
    }
    return std::make_unique<TestDatabase>(Backend::kSqlite, std::move(url), std::move(*db), [dir] {
        std::error_code ignored;
        std::filesystem::remove_all(dir, ignored);
    });
}

Result<std::unique_ptr<TestDatabase>> MakePostgres(const DatabaseOptions& options) {
    const char* dsn = std::getenv(kPgEnv);
    if (!dsn || !*dsn) return Fail(ErrorCode::kUnavailable, std::string(kPgEnv) + " is not set");
    // The admin handle outlives the test database so the schema can be dropped without reconnecting.
    std::shared_ptr<Database> admin;
    {
        DatabaseOptions one = options;
        one.readers = 1;
        WANGGE_TRY(opened, OpenDatabase(dsn, one));
        admin = std::move(opened);
    }
    const std::string schema = "t_" + RandomSuffix();
    WANGGE_CHECK(admin->Write([&](Connection& conn) { return conn.ExecScript("CREATE SCHEMA " + schema); }));
    auto drop = [admin, schema] {
        (void)admin->Write([&](Connection& conn) { return conn.ExecScript("DROP SCHEMA " + schema + " CASCADE"); });
    };
    std::string url = WithSearchPath(dsn, schema);
    auto db = OpenDatabase(url, options);
    if (!db) {
        drop();
        return Fail(db.error());
    }
    return std::make_unique<TestDatabase>(Backend::kPostgres, std::move(url), std::move(*db), std::move(drop));
}

}  // namespace

TestDatabase::TestDatabase(Backend backend, std::string url, std::unique_ptr<Database> db,
                           std::function<void()> cleanup)
    : backend_(backend), url_(std::move(url)), db_(std::move(db)), cleanup_(std::move(cleanup)) {}

TestDatabase::~TestDatabase() {
    db_.reset();  // close every connection before the file or schema goes
    if (cleanup_) cleanup_();
}

std::vector<Backend> AllBackends() { return {Backend::kSqlite, Backend::kPostgres}; }

std::string BackendName(const ::testing::TestParamInfo<Backend>& info) {
    return info.param == Backend::kSqlite ? "Sqlite" : "Postgres";
}

bool IsAvailable(Backend backend) {
    if (backend == Backend::kSqlite) return true;
    const char* dsn = std::getenv(kPgEnv);
    return dsn && *dsn;
}

Result<std::unique_ptr<TestDatabase>> MakeTestDatabase(Backend backend, Migrations migrations,
                                                       const DatabaseOptions& options) {
    auto made = backend == Backend::kSqlite ? MakeSqlite(options) : MakePostgres(options);
    if (!made) return made;
    if (migrations == Migrations::kApply) {
        auto ran = Migrate((*made)->db());
        if (!ran) return Fail(ran.error());
    }
    return made;
}

Result<std::vector<std::unique_ptr<TestDatabase>>> MakeTestDatabases() {
    std::vector<std::unique_ptr<TestDatabase>> out;
    for (Backend backend : AllBackends()) {
        if (!IsAvailable(backend)) continue;
        WANGGE_TRY(made, MakeTestDatabase(backend));
        out.push_back(std::move(made));
    }
    return out;
}

void DatabaseTest::SetUp() {
    if (!IsAvailable(GetParam())) GTEST_SKIP() << kPgEnv << " is not set";
    auto made = MakeTestDatabase(GetParam(), migrations());
    ASSERT_TRUE(made) << made.error().message;
    test_database_ = std::move(*made);
}

}  // namespace wangge::storage::testing
