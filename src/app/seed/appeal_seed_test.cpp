// SeedAppeals() on both databases, on a street of two communities and a village: every generated
// step is a row of the workflow table, each community's ledger is one intact chain in time order
// (continuing the chain that was there), the figures counters equal a recount, the appeal service
// carries on from the generated state, and the same seed gives the same ledgers.
#include "app/seed/appeal_seed.hpp"

#include <gtest/gtest.h>

#include <set>

#include "domain/appeals/appeal_service.hpp"
#include "storage/repositories/appeals/sql_appeal_figures_repository.hpp"
#include "storage/repositories/appeals/sql_appeal_repository.hpp"
#include "storage/repositories/sql_repositories.hpp"
#include "storage/testing/test_areas.hpp"
#include "storage/testing/test_database.hpp"

namespace wangge::seed {
namespace {

using namespace appeals;
using registry::AreaLevel;
using storage::Connection;
using storage::Row;

constexpr EpochMillis kNow = 1'650'000'000'000;  // 2022-04-15T13:20:00+08:00
constexpr EpochMillis kDay = 86'400'000;

std::int64_t Int(storage::Database& db, std::string_view sql) {
    std::int64_t value = -1;
    EXPECT_TRUE(db.Read([&](Connection& c) -> Status {
        WANGGE_TRY(v, storage::QueryInt(c, sql));
        value = v;
        return {};
    }));
    return value;
}

class AppealSeedTest : public storage::testing::DatabaseTest {
  protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        BuildTree(db());
    }

    // 古塔区 → 敬业街道 → {新铁社区 (2 grids, 4 buildings), 华工社区 (1 grid, 1 building), 一个村}; a community
    // worker at 新铁社区 and a grid worker in its first grid.
    struct Tree {
        registry::Area xintie, huagong;
        std::int64_t worker = 0, grid_worker = 0;
    };
    static Tree BuildTree(storage::Database& database) {
        auto registry = storage::MakeSqlRegistryRepository(database);
        auto make = [&](std::optional<std::int64_t> parent, std::string code, std::string name, AreaLevel level) {
            return storage::testing::CreateTestArea(*registry, parent, std::move(code), std::move(name), level);
        };
        Tree t;
        auto district = make(std::nullopt, "210702", "古塔区", AreaLevel::kDistrict);
        auto street = make(district.id, "210702004", "敬业街道", AreaLevel::kStreet);
        t.xintie = make(street.id, "210702004002", "新铁社区", AreaLevel::kCommunity);
        t.huagong = make(street.id, "210702004003", "华工社区", AreaLevel::kCommunity);
        make(street.id, "210702004201", "红旗村", AreaLevel::kVillage);
        auto grid1 = make(t.xintie.id, "21070200400201", "第1网格", AreaLevel::kGrid);
        auto grid2 = make(t.xintie.id, "21070200400202", "第2网格", AreaLevel::kGrid);
        for (int i = 1; i <= 2; ++i) {
            make(grid1.id, "2107020040020100" + std::to_string(i), std::to_string(i) + "号楼", AreaLevel::kBuilding);
            make(grid2.id, "2107020040020200" + std::to_string(i), std::to_string(i + 2) + "号楼",
                 AreaLevel::kBuilding);
        }
        auto grid3 = make(t.huagong.id, "21070200400301", "第1网格", AreaLevel::kGrid);
        make(grid3.id, "21070200400301001", "9号楼", AreaLevel::kBuilding);
        auto users = storage::MakeSqlAuthRepository(database);
        auth::User u;
        u.username = "xintie";
        u.display_name = "李红";
        u.password_hash = "x";
        u.role = auth::Role::kCommunityWorker;
        u.area_id = t.xintie.id;
        t.worker = users->CreateUser(u)->id;
        u.username = "grid1";
        u.display_name = "孙强";
        u.role = auth::Role::kGridWorker;
        u.area_id = grid1.id;
        t.grid_worker = users->CreateUser(u)->id;
        return t;
    }

    AppealSeedOptions Options(std::int64_t count = 1500, std::uint64_t seed = 7) {
        AppealSeedOptions o;
        o.count = count;
        o.seed = seed;
        o.days = 120;
        return o;
    }

    FakeClock clock_{kNow};
};

TEST_P(AppealSeedTest, GeneratesLivesTheWorkflowAllowsAndKeepsTheLedgerAndFigures) {
    // One appeal recorded through the service before: the generated events continue its chain.
    auto registry = storage::MakeSqlRegistryRepository(db());
    auto repo = storage::MakeSqlAppealRepository(db());
    const auto xintie = *registry->GetAreaByCode("210702004002");
    const auto worker = storage::MakeSqlAuthRepository(db())->GetUserByUsername("xintie");
    ASSERT_TRUE(worker);
    const auth::Caller caller{worker->id, "xintie", "李红", auth::Role::kCommunityWorker, xintie.id, xintie.path};
    FakeClock before(kNow - 200 * kDay);
    AppealService early(*repo, *registry, before);
    AppealDraft draft;
    draft.area_id = xintie.id;
    draft.category_id = 1;
    draft.description = "早先登记的诉求";
    ASSERT_TRUE(early.Record(caller, draft));

    auto report = SeedAppeals(db(), Options(), clock_);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->appeals, 1500);
    EXPECT_EQ(report->communities, 3);
    EXPECT_EQ(report->members_added, Int(db(), "SELECT count(*) FROM committee_members"));
    EXPECT_EQ(Int(db(), "SELECT count(*) FROM appeals"), 1501);
    EXPECT_EQ(Int(db(), "SELECT count(*) FROM appeal_events"), report->events + 1);
    EXPECT_GE(Int(db(), "SELECT min(created_at) FROM appeals WHERE id > 1"), kNow - 120 * kDay - kDay);
    EXPECT_LE(Int(db(), "SELECT max(at) FROM appeal_events"), kNow);
    EXPECT_EQ(Int(db(),
                  "SELECT count(*) FROM appeals a WHERE a.version <> "
                  "(SELECT count(*) FROM appeal_events e WHERE e.appeal_id = a.id)"),
              0)
        << "version counts the steps";
    EXPECT_EQ(Int(db(),
                  "SELECT count(*) FROM appeals a WHERE a.claimer_kind = 'member' AND NOT EXISTS "
                  "(SELECT 1 FROM committee_members m WHERE m.id = a.claimer_id "
                  "AND m.community_id = a.community_id)"),
              0);
    EXPECT_GT(Int(db(), "SELECT count(*) FROM appeals WHERE claimer_kind = 'user' AND claimer_id = " +
                            std::to_string(worker->id)),
              0)
        << "the community's real accounts take part";

    // A spread through the workflow, mostly done for old items, open for recent ones.
    EXPECT_GE(report->by_status.size(), 9u);
    EXPECT_GT(report->by_status["closed"], 500);
    for (const char* s : {"recorded", "triaged", "claimed", "in_progress", "resolved", "reported", "evaluated",
                          "not_responsible", "rejected"})
        EXPECT_GT(report->by_status[s], 0) << s;

    // Every step is a row of the workflow table, and each ledger runs in time order.
    std::set<std::pair<std::string, std::string>> allowed;
    for (const auto& row : TransitionTable())
        allowed.insert({std::string(StatusName(row.from)), std::string(ActionName(row.action))});
    int illegal = 0, backwards = 0;
    ASSERT_TRUE(db().Read([&](Connection& c) -> Status {
        std::int64_t community = 0, last_at = 0;
        WANGGE_CHECK(
            c.Exec("SELECT community_id, at, action, from_status FROM appeal_events ORDER BY community_id, seq", {},
                   [&](const Row& r) {
                       if (r.Int(0) != community) community = r.Int(0), last_at = 0;
                       if (r.Int(1) < last_at) ++backwards;
                       last_at = r.Int(1);
                       if (r.Text(2) != "record" && !allowed.contains({r.Text(3), r.Text(2)})) ++illegal;
                   }));
        return {};
    }));
    EXPECT_EQ(illegal, 0);
    EXPECT_EQ(backwards, 0);

    auto ledgers = VerifyLedgers(*repo, std::nullopt);
    ASSERT_TRUE(ledgers);
    EXPECT_EQ(ledgers->size(), 3u);
    for (const auto& l : *ledgers) EXPECT_TRUE(l.ok()) << l.community_id << ": " << l.findings.front().message;

    auto stored = storage::ReadStoredFigures(db());
    auto recounted = storage::RecountFigures(db());
    ASSERT_TRUE(stored && recounted);
    EXPECT_TRUE(storage::CompareFigures(*stored, *recounted).empty());
    EXPECT_FALSE(stored->empty());

    // The service carries on from the generated state: claim a triaged item, the chain still holds.
    AppealService service(*repo, *registry, clock_);
    AppealFilter filter;
    filter.area_id = xintie.id;
    filter.status = AppealStatus::kTriaged;
    auto triaged = service.List(caller, filter);
    ASSERT_TRUE(triaged && !triaged->items.empty());
    TransitionRequest claim;
    claim.action = Action::kClaim;
    claim.version = triaged->items.front().appeal.version;
    auto claimed = service.Perform(caller, triaged->items.front().appeal.id, claim);
    ASSERT_TRUE(claimed) << claimed.error().message;
    auto again = VerifyLedgers(*repo, xintie.id);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->front().ok());
    // … and its counter moved from the generated appeal's mark: still equal to a recount.
    stored = storage::ReadStoredFigures(db());
    recounted = storage::RecountFigures(db());
    ASSERT_TRUE(stored && recounted);
    EXPECT_TRUE(storage::CompareFigures(*stored, *recounted).empty());
}

TEST_P(AppealSeedTest, TheSameSeedGivesTheSameLedgers) {
    auto heads = [](storage::Database& database) {
        std::vector<std::string> out;
        EXPECT_TRUE(database.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec("SELECT head_hash FROM appeal_ledgers ORDER BY community_id", {},
                                [&](const Row& r) { out.push_back(r.Text(0)); }));
            return {};
        }));
        return out;
    };
    ASSERT_TRUE(SeedAppeals(db(), Options(300, 42), clock_));
    auto other = storage::testing::MakeTestDatabase(GetParam());
    ASSERT_TRUE(other) << other.error().message;
    BuildTree((*other)->db());
    ASSERT_TRUE(SeedAppeals((*other)->db(), Options(300, 42), clock_));
    EXPECT_EQ(heads(db()), heads((*other)->db()));
    auto third = storage::testing::MakeTestDatabase(GetParam());
    ASSERT_TRUE(third);
    BuildTree((*third)->db());
    ASSERT_TRUE(SeedAppeals((*third)->db(), Options(300, 43), clock_));
    EXPECT_NE(heads(db()), heads((*third)->db()));
}

TEST_P(AppealSeedTest, RefusesADatabaseWithoutCommunitiesAndBadCounts) {
    auto empty = storage::testing::MakeTestDatabase(GetParam());
    ASSERT_TRUE(empty);
    auto none = SeedAppeals((*empty)->db(), Options(), clock_);
    ASSERT_FALSE(none);
    EXPECT_EQ(none.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(SeedAppeals(db(), Options(0), clock_).error().field, "count");
}

WANGGE_INSTANTIATE_BACKENDS(AppealSeedTest);

}  // namespace
}  // namespace wangge::seed
