#pragma once
// Fresh databases for tests, on every backend that is available: SQLite always (a file in a
// new temporary directory), PostgreSQL when the environment variable WANGGE_TEST_PG holds a DSN
// (a new schema per database, first on each connection's search_path, dropped afterwards).
// Each database is private to its test, so test binaries may run in parallel.
//
// A contract suite over both backends:
//   class ResidentRepositoryTest : public storage::testing::DatabaseTest {};
//   TEST_P(ResidentRepositoryTest, CreatesAndFinds) { SqlRegistryRepository repo(db()); … }
//   WANGGE_INSTANTIATE_BACKENDS(ResidentRepositoryTest);
#include <gtest/gtest.h>

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace wangge::storage::testing {

enum class Migrations { kApply, kNone };

// An open database that is removed (file and directory, or schema) when this is destroyed.
class TestDatabase {
public:
    TestDatabase(Backend backend, std::string url, std::unique_ptr<Database> db, std::function<void()> cleanup);
    ~TestDatabase();
    TestDatabase(const TestDatabase&) = delete;
    TestDatabase& operator=(const TestDatabase&) = delete;

    Backend backend() const { return backend_; }
    Database& db() { return *db_; }
    // The URL that opens this same database again (e.g. a second handle for a restart test).
    const std::string& url() const { return url_; }

private:
    Backend backend_;
    std::string url_;
    std::unique_ptr<Database> db_;
    std::function<void()> cleanup_;
};

// Every backend, available or not: parameterise over this so an unavailable one shows as skipped.
std::vector<Backend> AllBackends();

// "Sqlite" / "Postgres", for test names.
std::string BackendName(const ::testing::TestParamInfo<Backend>& info);

// SQLite: always. PostgreSQL: when WANGGE_TEST_PG is set and non-empty.
bool IsAvailable(Backend backend);

// A fresh database on `backend`, migrated unless told otherwise. kUnavailable when the backend
// is not configured or cannot be reached; other errors from creating or migrating it.
Result<std::unique_ptr<TestDatabase>> MakeTestDatabase(Backend backend, Migrations migrations = Migrations::kApply,
                                                       const DatabaseOptions& options = {});

// One fresh, migrated database per available backend.
Result<std::vector<std::unique_ptr<TestDatabase>>> MakeTestDatabases();

// Fixture for TEST_P suites over AllBackends(): skips an unavailable backend, fails the test
// when an available one cannot be set up, and offers db() to the test body.
class DatabaseTest : public ::testing::TestWithParam<Backend> {
protected:
    void SetUp() override;
    void TearDown() override { test_database_.reset(); }
    // Override to start from an empty database.
    virtual Migrations migrations() const { return Migrations::kApply; }

    Database& db() { return test_database_->db(); }
    TestDatabase& test_database() { return *test_database_; }

private:
    std::unique_ptr<TestDatabase> test_database_;
};

}  // namespace wangge::storage::testing

// Instantiates a DatabaseTest-derived suite once per backend, named …/Sqlite and …/Postgres.
#define WANGGE_INSTANTIATE_BACKENDS(Suite)                                                        \
    INSTANTIATE_TEST_SUITE_P(Backends, Suite, ::testing::ValuesIn(::wangge::storage::testing::AllBackends()), \
                             ::wangge::storage::testing::BackendName)
