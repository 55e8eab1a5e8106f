// The contract every driver keeps, run on SQLite and (with WANGGE_TEST_PG) PostgreSQL.
#include <atomic>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <thread>

#include "storage/database.hpp"
#include "storage/migrations.hpp"
#include "storage/testing/test_database.hpp"

namespace wangge::storage {
namespace {

using testing::DatabaseTest;
using testing::Migrations;

constexpr std::string_view kCreateKv =
    "CREATE TABLE kv (id BIGINT PRIMARY KEY, i BIGINT, d DOUBLE PRECISION, t TEXT)";
constexpr std::string_view kInsertKv = "INSERT INTO kv (id, i, d, t) VALUES ($1, $2, $3, $4)";
constexpr std::string_view kSelectKv = "SELECT id, i, d, t FROM kv ORDER BY id";
constexpr std::string_view kCountKv = "SELECT count(*) FROM kv";

// Text that breaks naive quoting, escaping or encoding.
const std::vector<std::string> kAwkwardTexts = {
    "网格员走访记录：张三，身份证 11010519491231002X",
    "it's \"quoted\"; -- not a comment",
    "tab\there\tand\tthere",
    "new\nline\r\nand CR\r",
    "back\\slash \\N \\t \\\\",
    "",
    "$1 ?1 %s {}",
    "emoji 🏘️ and ideographic space\u3000end",
};

// One row of kv as read back.
struct KvRow {
    std::int64_t id = 0;
    std::optional<std::int64_t> i;
    std::optional<double> d;
    std::optional<std::string> t;
    bool operator==(const KvRow&) const = default;
};

// Drops Exec's row count, for lambdas that hand its result back as a Status.
Status Done(const Result<std::int64_t>& result) { return result ? Status{} : Fail(result.error()); }

Params ToParams(const KvRow& row) {
    return {row.id, row.i ? Value{*row.i} : Null(), row.d ? Value{*row.d} : Null(), row.t ? Value{*row.t} : Null()};
}

std::vector<KvRow> ReadKv(Database& db) {
    std::vector<KvRow> rows;
    const Status status = db.Read([&](Connection& conn) -> Status {
        WANGGE_CHECK(conn.Exec(kSelectKv, {}, [&](const Row& row) {
            KvRow kv{row.Int(0), {}, {}, {}};
            if (!row.IsNull(1)) kv.i = row.Int(1);
            if (!row.IsNull(2)) kv.d = row.Double(2);
            if (!row.IsNull(3)) kv.t = row.Text(3);
            rows.push_back(std::move(kv));
        }));
        return {};
    });
    EXPECT_TRUE(status) << status.error().message;
    return rows;
}

std::int64_t CountKv(Database& db) {
    std::int64_t count = -1;
    const Status status = db.Read([&](Connection& conn) -> Status {
        WANGGE_TRY(n, QueryInt(conn, kCountKv));
        count = n;
        return {};
    });
    EXPECT_TRUE(status) << status.error().message;
    return count;
}

class DriverTest : public DatabaseTest {
protected:
    Migrations migrations() const override { return Migrations::kNone; }
    void SetUp() override {
        DatabaseTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        const Status created = db().Write([](Connection& conn) { return conn.ExecScript(kCreateKv); });
        ASSERT_TRUE(created) << created.error().message;
    }
    Status Insert(const std::vector<KvRow>& rows) {
        return db().Write([&](Connection& conn) -> Status {
            for (const KvRow& row : rows) WANGGE_CHECK(conn.Exec(kInsertKv, ToParams(row)));
            return {};
        });
    }
};

TEST_P(DriverTest, RoundTripsEveryValueKind) {
    constexpr auto kMax = std::numeric_limits<std::int64_t>::max();
    constexpr auto kMin = std::numeric_limits<std::int64_t>::min();
    std::vector<KvRow> rows = {
        {1, kMax, 0.1, "plain"},
        {2, kMin, -1e300, std::nullopt},
        {3, -1, 3.141592653589793, ""},
        {4, 0, 2.2250738585072014e-308, std::nullopt},
        {5, std::nullopt, std::nullopt, std::nullopt},
        {6, 1'650'000'000'123, -0.5, "x"},
    };
    for (std::size_t k = 0; k < kAwkwardTexts.size(); ++k) {
        rows.push_back({static_cast<std::int64_t>(100 + k), static_cast<std::int64_t>(k), 1.0 / 3, kAwkwardTexts[k]});
    }
    ASSERT_TRUE(Insert(rows));
    EXPECT_EQ(ReadKv(db()), rows);

    // NULL reads as 0 / 0.0 / "".
    const Status status = db().Read([](Connection& conn) -> Status {
        return Done(conn.Exec("SELECT i, d, t FROM kv WHERE id = 5", {}, [](const Row& row) {
            EXPECT_EQ(row.ColumnCount(), 3);
            EXPECT_TRUE(row.IsNull(0));
            EXPECT_EQ(row.Int(0), 0);
            EXPECT_EQ(row.Double(1), 0.0);
            EXPECT_EQ(row.Text(2), "");
        }));
    });
    EXPECT_TRUE(status) << status.error().message;
}

TEST_P(DriverTest, PlaceholdersBindByNumber) {
    const Status status = db().Write([](Connection& conn) -> Status {
        WANGGE_CHECK(conn.Exec("INSERT INTO kv (t, id) VALUES ($2, $1)", {std::int64_t{7}, std::string("seven")}));
        std::string literal, text;
        WANGGE_CHECK(conn.Exec("SELECT '$1', t FROM kv WHERE id = $1", {std::int64_t{7}}, [&](const Row& row) {
            literal = row.Text(0);
            text = row.Text(1);
        }));
        EXPECT_EQ(literal, "$1");
        EXPECT_EQ(text, "seven");
        return {};
    });
    EXPECT_TRUE(status) << status.error().message;
}

TEST_P(DriverTest, ExecCountsChangedRows) {
    ASSERT_TRUE(Insert({{1, 1, 0, "a"}, {2, 2, 0, "b"}, {3, 3, 0, "c"}}));
    const Status status = db().Write([](Connection& conn) -> Status {
        EXPECT_EQ(conn.Exec("UPDATE kv SET i = i + 1"), 3);
        EXPECT_EQ(conn.Exec("DELETE FROM kv WHERE id = $1", {std::int64_t{2}}), 1);
        EXPECT_EQ(conn.Exec("DELETE FROM kv WHERE id = $1", {std::int64_t{99}}), 0);
        EXPECT_EQ(conn.Exec(kCountKv, {}, [](const Row&) {}), 0);
        std::int64_t returned = 0;
        EXPECT_EQ(conn.Exec("INSERT INTO kv (id, t) VALUES ($1, $2) RETURNING id", {std::int64_t{9}, std::string("r")},
                            [&](const Row& row) { returned = row.Int(0); }),
                  1);
        EXPECT_EQ(returned, 9);
        return {};
    });
    EXPECT_TRUE(status) << status.error().message;
    const Status missing = db().Read([](Connection& conn) -> Status {
        auto n = QueryInt(conn, "SELECT id FROM kv WHERE id = $1", {std::int64_t{2}});
        EXPECT_FALSE(n);
        if (!n) {
            EXPECT_EQ(n.error().code, ErrorCode::kNotFound);
        }
        return {};
    });
    EXPECT_TRUE(missing);
}

TEST_P(DriverTest, UniqueViolationIsAlreadyExists) {
    ASSERT_TRUE(Insert({{1, 1, 1, "a"}}));
    const Status status = Insert({{1, 2, 2, "b"}});
    ASSERT_FALSE(status);
    EXPECT_EQ(status.error().code, ErrorCode::kAlreadyExists) << status.error().message;
}

TEST_P(DriverTest, FailedWriteLeavesNothing) {
    const Status failed = db().Write([](Connection& conn) -> Status {
        WANGGE_CHECK(conn.Exec(kInsertKv, ToParams({1, 1, 1, "a"})));
        return Fail(ErrorCode::kFailedPrecondition, "changed my mind");
    });
    ASSERT_FALSE(failed);
    EXPECT_EQ(failed.error().code, ErrorCode::kFailedPrecondition);

    const Status duplicate = Insert({{2, 1, 1, "a"}, {3, 1, 1, "b"}, {2, 1, 1, "again"}});
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists);

    EXPECT_THROW((void)db().Write([](Connection& conn) -> Status {
        (void)conn.Exec(kInsertKv, ToParams({4, 1, 1, "a"}));
        throw std::runtime_error("boom");
    }),
                 std::runtime_error);

    EXPECT_EQ(CountKv(db()), 0);
    ASSERT_TRUE(Insert({{5, 5, 5, "after"}}));  // the writer is usable again
    EXPECT_EQ(CountKv(db()), 1);
}

TEST_P(DriverTest, NestedWriteFailsInsteadOfDeadlocking) {
    const Status outer = db().Write([&](Connection&) -> Status {
        const Status inner = db().Write([](Connection&) -> Status { return {}; });
        EXPECT_FALSE(inner);
        if (!inner) {
            EXPECT_EQ(inner.error().code, ErrorCode::kInternal);
        }
        return {};
    });
    EXPECT_TRUE(outer);
}

TEST_P(DriverTest, BulkInsertRoundTripsTenThousandRows) {
    std::vector<KvRow> rows;
    std::vector<Params> params;
    for (std::int64_t id = 1; id <= 10'007; ++id) {
        KvRow row{id, id * 1'000'003 - 5'000'000'000, static_cast<double>(id) / 7, {}};
        if (id % 7 == 0) row.i.reset();
        if (id % 11 == 0) row.d.reset();
        if (id % 5 != 0) row.t = kAwkwardTexts[id % kAwkwardTexts.size()] + std::to_string(id);
        rows.push_back(row);
        params.push_back(ToParams(row));
    }
    const Status status = db().Write(
        [&](Connection& conn) { return conn.BulkInsert("kv", {"id", "i", "d", "t"}, params); });
    ASSERT_TRUE(status) << status.error().message;
    EXPECT_EQ(ReadKv(db()), rows);
}

TEST_P(DriverTest, BulkInsertReportsDuplicatesAndNeedsWrite) {
    const Status duplicate = db().Write([](Connection& conn) {
        return conn.BulkInsert("kv", {"id", "t"}, {{std::int64_t{1}, std::string("a")}, {std::int64_t{1}, Null()}});
    });
    ASSERT_FALSE(duplicate);
    EXPECT_EQ(duplicate.error().code, ErrorCode::kAlreadyExists) << duplicate.error().message;

    const Status outside = db().Read([](Connection& conn) {
        return conn.BulkInsert("kv", {"id"}, {{std::int64_t{2}}});
    });
    EXPECT_FALSE(outside);
    const Status ragged = db().Write([](Connection& conn) {
        return conn.BulkInsert("kv", {"id", "t"}, {{std::int64_t{3}}});
    });
    EXPECT_FALSE(ragged);
    EXPECT_EQ(CountKv(db()), 0);
}

TEST_P(DriverTest, ExecScriptRunsEveryStatement) {
    const Status status = db().Write([](Connection& conn) -> Status {
        WANGGE_CHECK(conn.ExecScript(
            "CREATE TABLE s (x BIGINT NOT NULL);\n"
            "INSERT INTO s (x) VALUES (1);\n-- a comment\nINSERT INTO s (x) VALUES (2);"));
        WANGGE_TRY(sum, QueryInt(conn, "SELECT sum(x) FROM s"));
        EXPECT_EQ(sum, 3);
        return {};
    });
    EXPECT_TRUE(status) << status.error().message;
    // Exec runs exactly one statement. (A failed statement dooms a PostgreSQL transaction, so
    // this runs on its own.)
    const Status several = db().Write(
        [](Connection& conn) { return Done(conn.Exec("INSERT INTO s (x) VALUES (3); INSERT INTO s (x) VALUES (4)")); });
    EXPECT_FALSE(several);
    const Status bad = db().Write([](Connection& conn) { return conn.ExecScript("CREATE TABLE kv (y BIGINT)"); });
    EXPECT_FALSE(bad);
}

TEST_P(DriverTest, RowCallbackMayRunTheSameStatement) {
    ASSERT_TRUE(Insert({{1, 2, 0, "a"}, {2, 3, 0, "b"}}));
    constexpr std::string_view kById = "SELECT i FROM kv WHERE id = $1";
    const Status status = db().Read([&](Connection& conn) -> Status {
        std::int64_t hops = 0;
        WANGGE_CHECK(conn.Exec(kById, {std::int64_t{1}}, [&](const Row& row) {
            auto next = QueryInt(conn, kById, {row.Int(0)});  // same SQL while it is still stepping
            EXPECT_TRUE(next);
            if (next) hops = *next;
        }));
        EXPECT_EQ(hops, 3);
        return {};
    });
    EXPECT_TRUE(status) << status.error().message;
}

// WriteSyncLater commits like Write (a failure leaves nothing), and SyncCommitted may run on another
// thread meanwhile. On SQLite only its own transaction runs at synchronous=NORMAL: a Write after it is
// back at FULL, every commit of it durable.
TEST_P(DriverTest, WritesSyncedLaterCommitAndSyncFromAnotherThread) {
    const bool sqlite = GetParam() == Backend::kSqlite;
    auto synchronous = [](Connection& conn) { return QueryInt(conn, "PRAGMA synchronous"); };
    std::atomic<bool> done{false};
    std::atomic<int> syncs{0}, sync_errors{0};
    std::thread syncer([&] {
        while (!done) {
            if (!db().SyncCommitted()) ++sync_errors;
            ++syncs;
        }
    });
    for (int k = 0; k < 40; ++k) {
        const Status later = db().WriteSyncLater([&](Connection& conn) -> Status {
            if (sqlite) EXPECT_EQ(synchronous(conn), 1);  // NORMAL
            return Done(conn.Exec(kInsertKv, ToParams({k, k, 0.5, "later"})));
        });
        ASSERT_TRUE(later) << later.error().message;
        if (k % 10 == 9) {
            const Status now = db().Write([&](Connection& conn) -> Status {
                if (sqlite) EXPECT_EQ(synchronous(conn), 2);  // FULL
                return Done(conn.Exec(kInsertKv, ToParams({1000 + k, k, 0.5, "now"})));
            });
            ASSERT_TRUE(now) << now.error().message;
        }
    }
    const Status failed = db().WriteSyncLater([](Connection& conn) -> Status {
        WANGGE_CHECK(conn.Exec(kInsertKv, ToParams({5000, 1, 1, "a"})));
        return Fail(ErrorCode::kFailedPrecondition, "changed my mind");
    });
    EXPECT_FALSE(failed);
    done = true;
    syncer.join();
    const Status last = db().SyncCommitted();
    EXPECT_TRUE(last) << last.error().message;
    EXPECT_EQ(sync_errors.load(), 0);
    EXPECT_GT(syncs.load(), 0);
    EXPECT_EQ(CountKv(db()), 44);
}

TEST_P(DriverTest, ReadersRunWhileTheWriterWrites) {
    constexpr int kTransactions = 150;
    constexpr int kRowsEach = 10;
    std::atomic<bool> done{false};
    std::atomic<int> errors{0};
    std::atomic<int> reads{0};
    std::vector<std::thread> readers;
    for (int r = 0; r < 3; ++r) {
        readers.emplace_back([&] {
            std::int64_t last = 0;
            while (!done.load()) {
                const Status status = db().Read([&](Connection& conn) -> Status {
                    WANGGE_TRY(n, QueryInt(conn, kCountKv));
                    // Whole transactions or nothing, and never going back.
                    if (n % kRowsEach != 0 || n < last) errors++;
                    last = n;
                    return {};
                });
                if (!status) errors++;
                reads++;
            }
        });
    }
    for (int t = 0; t < kTransactions; ++t) {
        std::vector<KvRow> rows;
        for (int k = 0; k < kRowsEach; ++k) rows.push_back({t * kRowsEach + k, t, k * 0.5, "row"});
        const Status status = Insert(rows);
        EXPECT_TRUE(status) << status.error().message;
    }
    done = true;
    for (auto& reader : readers) reader.join();
    EXPECT_EQ(errors.load(), 0);
    EXPECT_GT(reads.load(), 0);
    EXPECT_EQ(CountKv(db()), kTransactions * kRowsEach);
}

class MigrateTest : public DatabaseTest {
protected:
    Migrations migrations() const override { return Migrations::kNone; }
};

TEST_P(MigrateTest, AppliesEachMigrationOnce) {
    const auto& all = MigrationsFor(GetParam());
    ASSERT_FALSE(all.empty());
    auto first = Migrate(db());
    ASSERT_TRUE(first) << first.error().message;
    EXPECT_EQ(*first, static_cast<int>(all.size()));
    auto second = Migrate(db());
    ASSERT_TRUE(second) << second.error().message;
    EXPECT_EQ(*second, 0);
    const Status status = db().Read([&](Connection& conn) -> Status {
        EXPECT_EQ(QueryInt(conn, "SELECT count(*) FROM schema_migrations"), static_cast<std::int64_t>(all.size()));
        EXPECT_EQ(QueryInt(conn, "SELECT max(version) FROM schema_migrations"), all.back().version);
        EXPECT_EQ(QueryInt(conn, "SELECT count(*) FROM residents"), 0);
        return {};
    });
    EXPECT_TRUE(status) << status.error().message;
}

WANGGE_INSTANTIATE_BACKENDS(DriverTest);
WANGGE_INSTANTIATE_BACKENDS(MigrateTest);

}  // namespace
}  // namespace wangge::storage
