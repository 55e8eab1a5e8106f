// Seed() on a real database of each available backend, at the size of one street.
#include "app/seed/seed.hpp"

#include <gtest/gtest.h>

#include <filesystem>

#include "app/seed/random.hpp"
#include "storage/testing/test_database.hpp"

namespace wangge::seed {
namespace {

using storage::Connection;
using storage::Row;

std::string DistDir() { return std::string(WANGGE_SOURCE_DIR) + "/" + std::string(kDefaultDivisionDir); }

SeedOptions StreetOptions(std::uint64_t seed = 11) {
    SeedOptions o;
    o.division_code = "210702004";  // 敬业街道: 6 communities
    o.target_residents = 6000;
    o.seed = seed;
    o.division_dir = DistDir();
    return o;
}

std::int64_t Int(storage::Database& db, std::string_view sql, const storage::Params& params = {}) {
    std::int64_t value = -1;
    EXPECT_TRUE(db.Read([&](Connection& c) -> Status {
        WANGGE_TRY(v, storage::QueryInt(c, sql, params));
        value = v;
        return {};
    }));
    return value;
}

std::uint64_t ResidentsHash(storage::Database& db) {
    std::uint64_t h = 0;
    EXPECT_TRUE(db.Read([&](Connection& c) -> Status {
        WANGGE_CHECK(
            c.Exec("SELECT id, household_id, path, name, id_number, sex, birth_date, phone, registration, "
                   "relation, tags FROM residents ORDER BY id",
                   {}, [&](const Row& r) {
                       for (int i = 0; i < r.ColumnCount(); ++i) h = h * 0x100000001B3ull ^ HashText(r.Text(i));
                   }));
        return {};
    }));
    return h;
}

class SeedTest : public storage::testing::DatabaseTest {
  protected:
    void SetUp() override {
        if (!std::filesystem::exists(DistDir() + "/villages.csv"))
            GTEST_SKIP() << "division data missing: run npm ci in data/divisions";
        DatabaseTest::SetUp();
    }
};

TEST_P(SeedTest, SeedsAStreetWithCorrectCounters) {
    std::int64_t calls = 0;
    auto report = Seed(db(), StreetOptions(), [&](const SeedProgress& p) {
        ++calls;
        EXPECT_LE(p.communities_done, p.communities_total);
    });
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(calls, 6);
    EXPECT_EQ(report->communities, 6);
    EXPECT_NEAR(static_cast<double>(report->residents), 6000, 400);
    EXPECT_EQ(Int(db(), "SELECT count(*) FROM residents"), report->residents);
    EXPECT_EQ(Int(db(), "SELECT count(*) FROM households"), report->households);
    EXPECT_EQ(Int(db(), "SELECT count(*) FROM areas"), report->areas);
    EXPECT_EQ(report->street.name, "敬业街道");
    EXPECT_EQ(report->community.name, "新铁社区");
    EXPECT_EQ(report->community2.name, "华工社区");
    EXPECT_EQ(report->grid.code, "21070200400201");
    EXPECT_EQ(report->district.name, "古塔区");
    EXPECT_TRUE(report->grid.path.starts_with(report->community.path));

    // Every counter equals a recount from the rows.
    EXPECT_EQ(Int(db(),
                  "SELECT count(*) FROM areas a WHERE household_count <> (SELECT count(*) FROM households h "
                  "WHERE substr(h.path, 1, length(a.path)) = a.path)"),
              0);
    EXPECT_EQ(Int(db(),
                  "SELECT count(*) FROM areas a WHERE resident_count <> (SELECT count(*) FROM residents r "
                  "WHERE substr(r.path, 1, length(a.path)) = a.path)"),
              0);
    EXPECT_EQ(Int(db(),
                  "SELECT count(*) FROM areas a WHERE child_count <> "
                  "(SELECT count(*) FROM areas c WHERE c.parent_id = a.id)"),
              0);
    EXPECT_EQ(Int(db(),
                  "SELECT count(*) FROM households h WHERE member_count <> "
                  "(SELECT count(*) FROM residents r WHERE r.household_id = h.id)"),
              0);
    EXPECT_EQ(Int(db(),
                  "SELECT count(*) FROM households h JOIN residents r ON r.id = h.head_resident_id "
                  "WHERE r.relation = 'head' AND r.household_id = h.id"),
              report->households);
    EXPECT_EQ(Int(db(), "SELECT resident_count FROM areas WHERE code = '21'"), report->residents);

    // New rows after a seed get fresh ids (PostgreSQL sequences were moved past the seeded ones).
    EXPECT_TRUE(db().Write([&](Connection& c) -> Status {
        return c
            .Exec(
                "INSERT INTO areas (parent_id, code, name, level, path, depth) VALUES ($1, 'x1', 'x', 'grid', "
                "'/', 9)",
                {report->community.id})
            .map([](std::int64_t) {});
    }));

    auto again = Seed(db(), StreetOptions());
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(SeedTest, SameSeedGivesTheSameRows) {
    ASSERT_TRUE(Seed(db(), StreetOptions(5)));
    auto other = storage::testing::MakeTestDatabase(GetParam());
    ASSERT_TRUE(other);
    auto options = StreetOptions(5);
    options.rebuild_indexes = RebuildIndexes::kYes;  // the index juggling must not change the data
    ASSERT_TRUE(Seed((*other)->db(), options));
    EXPECT_EQ(ResidentsHash(db()), ResidentsHash((*other)->db()));
    EXPECT_EQ(Int(db(), "SELECT count(*) FROM residents WHERE name LIKE '王%'"),
              Int((*other)->db(), "SELECT count(*) FROM residents WHERE name LIKE '王%'"));
}

WANGGE_INSTANTIATE_BACKENDS(SeedTest);

}  // namespace
}  // namespace wangge::seed
