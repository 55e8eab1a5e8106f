// Contract suite: the registry service over the SQL repositories, on SQLite and PostgreSQL.
#include <gtest/gtest.h>

#include <set>

#include "domain/registry/registry_service.hpp"
#include "storage/repositories/sql_repositories.hpp"
#include "storage/testing/test_areas.hpp"
#include "storage/testing/test_database.hpp"

namespace wangge::storage {
namespace {

using namespace registry;
using auth::Caller;
using auth::Role;

// A resident's ID number: district 210702, born on day `n` after 1950-01-01ish, valid check digit.
std::string IdNumber(int n, bool male = true) {
    char body[18];
    std::snprintf(body, sizeof body, "210702%04d%02d%02d%03d", 1950 + n % 60, 1 + n % 12, 1 + n % 28,
                  (n % 400) * 2 + (male ? 1 : 2));
    return std::string(body) + IdNumberCheckChar(body);
}

class RegistryContractTest : public testing::DatabaseTest {
protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        repo_ = MakeSqlRegistryRepository(db());
        auth_repo_ = MakeSqlAuthRepository(db());
        service_ = std::make_unique<RegistryService>(*repo_, *auth_repo_, clock_);
        district_ = Make(std::nullopt, "210702", "古塔区", AreaLevel::kDistrict);
        street_ = Make(district_.id, "210702004", "敬业街道", AreaLevel::kStreet);
        xintie_ = Make(street_.id, "210702004002", "新铁社区", AreaLevel::kCommunity);
        huagong_ = Make(street_.id, "210702004003", "华工社区", AreaLevel::kCommunity);
        grid_ = Make(xintie_.id, "21070200400201", "第1网格", AreaLevel::kGrid);
        building_ = Make(grid_.id, "21070200400201001", "1号楼", AreaLevel::kBuilding);
        other_building_ = Make(huagong_.id, "210702004003001", "9号楼", AreaLevel::kBuilding);
        admin_ = CallerAt(district_, Role::kDistrictOfficer);
    }

    Area Make(std::optional<std::int64_t> parent, std::string code, std::string name, AreaLevel level) {
        return testing::CreateTestArea(*repo_, parent, std::move(code), std::move(name), level);
    }

    Caller CallerAt(const Area& area, Role role) {
        return Caller{static_cast<std::int64_t>(role) + 100, "u", "u", role, area.id, area.path};
    }

    ResidentView AddResident(const Caller& who, std::int64_t household, std::string name, int n,
                             std::string relation = "") {
        ResidentDraft d;
        d.name = std::move(name);
        d.id_number = IdNumber(n);
        d.phone = "1380000" + std::to_string(1000 + n);
        d.relation = std::move(relation);
        auto r = service_->CreateResident(who, household, d);
        EXPECT_TRUE(r) << r.error().message;
        return *r;
    }

    FakeClock clock_{1'650'000'000'000};
    std::unique_ptr<RegistryRepository> repo_;
    std::unique_ptr<auth::AuthRepository> auth_repo_;
    std::unique_ptr<RegistryService> service_;
    Area district_, street_, xintie_, huagong_, grid_, building_, other_building_;
    Caller admin_;
};

TEST_P(RegistryContractTest, TreeHasPathsAndChildCounts) {
    EXPECT_EQ(building_.path, district_.path + std::to_string(street_.id) + "/" + std::to_string(xintie_.id) + "/" +
                                  std::to_string(grid_.id) + "/" + std::to_string(building_.id) + "/");
    auto children = service_->ListChildren(admin_, street_.id);
    ASSERT_TRUE(children);
    ASSERT_EQ(children->size(), 2u);
    EXPECT_EQ((*children)[0].name, "新铁社区");
    auto view = service_->GetArea(admin_, building_.id);
    ASSERT_TRUE(view);
    ASSERT_EQ(view->ancestors.size(), 4u);
    EXPECT_EQ(view->ancestors.front().name, "古塔区");
    EXPECT_EQ(repo_->GetArea(street_.id)->child_count, 2);
}

TEST_P(RegistryContractTest, CountersFollowCreateAndMove) {
    auto h1 = service_->CreateHousehold(admin_, building_.id, "1", "101");
    auto h2 = service_->CreateHousehold(admin_, other_building_.id, "", "2");
    ASSERT_TRUE(h1 && h2);
    auto a = AddResident(admin_, h1->id, "张伟", 1, "head");
    AddResident(admin_, h1->id, "李娜", 2, "spouse");
    EXPECT_EQ(repo_->GetArea(district_.id)->resident_count, 2);
    EXPECT_EQ(repo_->GetArea(xintie_.id)->household_count, 1);
    EXPECT_EQ(repo_->GetHousehold(h1->id)->head_resident_id, a.resident.id);

    ASSERT_TRUE(service_->MoveResident(admin_, a.resident.id, h2->id));
    EXPECT_EQ(repo_->GetArea(xintie_.id)->resident_count, 1);
    EXPECT_EQ(repo_->GetArea(huagong_.id)->resident_count, 1);
    EXPECT_EQ(repo_->GetArea(district_.id)->resident_count, 2);
    EXPECT_EQ(repo_->GetHousehold(h1->id)->member_count, 1);
    EXPECT_FALSE(repo_->GetHousehold(h1->id)->head_resident_id) << "the head moved out";
    auto history = service_->GetHistory(admin_, a.resident.id);
    ASSERT_TRUE(history);
    ASSERT_EQ(history->size(), 2u);
    EXPECT_EQ((*history)[0].action, "move");
    EXPECT_EQ((*history)[1].action, "create");
}

TEST_P(RegistryContractTest, DuplicatesAreRefusedNamingTheField) {
    auto h = service_->CreateHousehold(admin_, building_.id, "1", "101");
    ASSERT_TRUE(h);
    auto again = service_->CreateHousehold(admin_, building_.id, "1", "101");
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
    AddResident(admin_, h->id, "张伟", 1);
    ResidentDraft d;
    d.name = "张伟";
    d.id_number = IdNumber(1);
    auto dup = service_->CreateResident(admin_, h->id, d);
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(dup.error().field, "id_number");
    EXPECT_EQ(repo_->GetArea(district_.id)->resident_count, 1) << "a refused insert changes no counter";
    auto not_building = service_->CreateHousehold(admin_, grid_.id, "1", "1");
    EXPECT_EQ(not_building.error().field, "building_id");
}

TEST_P(RegistryContractTest, SearchPagesThroughEveryStrategy) {
    auto h = service_->CreateHousehold(admin_, building_.id, "1", "101");
    ASSERT_TRUE(h);
    for (int i = 0; i < 7; ++i) AddResident(admin_, h->id, i % 2 ? "王芳" : "王磊", 10 + i);
    AddResident(admin_, h->id, "刘洋", 30);
    for (std::string text : {"", "王", "王芳"}) {
        std::set<std::int64_t> seen;
        std::string cursor;
        int pages = 0;
        do {
            auto page = service_->SearchResidents(admin_, std::nullopt, text, cursor, 3);
            ASSERT_TRUE(page) << page.error().message;
            for (const auto& r : page->items) {
                EXPECT_TRUE(seen.insert(r.resident.id).second) << "no resident twice";
                EXPECT_TRUE(r.resident.name.starts_with(text));
                EXPECT_NE(r.resident.id_number.find("********"), std::string::npos) << "masked";
            }
            cursor = page->next_cursor.value_or("");
            ++pages;
        } while (!cursor.empty() && pages < 10);
        EXPECT_EQ(seen.size(), text.empty() ? 8u : text == "王" ? 7u : 3u) << text;
    }
    auto by_id = service_->SearchResidents(admin_, std::nullopt, IdNumber(30), "", 10);
    ASSERT_TRUE(by_id);
    ASSERT_EQ(by_id->items.size(), 1u);
    EXPECT_EQ(by_id->items[0].resident.name, "刘洋");
    auto by_phone = service_->SearchResidents(admin_, std::nullopt, "13800001030", "", 10);
    ASSERT_EQ(by_phone->items.size(), 1u);
    auto bad = service_->SearchResidents(admin_, std::nullopt, "", "garbage", 10);
    EXPECT_EQ(bad.error().field, "cursor");
}

TEST_P(RegistryContractTest, NameFirstStrategyForBigScopes) {
    // Pretend the district is huge so the name index is walked instead of the scope.
    auto h = service_->CreateHousehold(admin_, building_.id, "1", "101");
    ASSERT_TRUE(h);
    for (int i = 0; i < 5; ++i) AddResident(admin_, h->id, "赵" + std::to_string(i), 40 + i);
    ResidentQuery q;
    q.scope_path = district_.path;
    q.scope_residents = 10'000'000;
    q.kind = SearchKind::kName;
    q.text = "赵";
    q.limit = 2;
    std::vector<std::string> names;
    while (true) {
        auto page = repo_->SearchResidents(q);
        ASSERT_TRUE(page);
        for (auto& r : page->items) names.push_back(r.name);
        if (!page->next_cursor) break;
        EXPECT_EQ((*page->next_cursor)[0], 'n');
        q.cursor = *page->next_cursor;
    }
    EXPECT_EQ(names, (std::vector<std::string>{"赵0", "赵1", "赵2", "赵3", "赵4"}));
}

TEST_P(RegistryContractTest, OutsideTheScopeIsNotFoundEverywhere) {
    auto mine = service_->CreateHousehold(admin_, building_.id, "1", "101");
    auto theirs = service_->CreateHousehold(admin_, other_building_.id, "", "5");
    ASSERT_TRUE(mine && theirs);
    auto stranger = AddResident(admin_, theirs->id, "陈静", 50);
    Caller xintie = CallerAt(xintie_, Role::kCommunityWorker);

    EXPECT_EQ(service_->GetArea(xintie, huagong_.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->GetArea(xintie, street_.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->ListChildren(xintie, huagong_.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->ListHouseholds(xintie, other_building_.id, "", 10).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->GetHousehold(xintie, theirs->id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->GetResident(xintie, stranger.resident.id, {}).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->GetHistory(xintie, stranger.resident.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(service_->SearchResidents(xintie, huagong_.id, "", "", 10).error().code, ErrorCode::kNotFound);
    auto search = service_->SearchResidents(xintie, std::nullopt, "陈静", "", 10);
    ASSERT_TRUE(search);
    EXPECT_TRUE(search->items.empty()) << "search never returns another community's residents";
    auto by_id = service_->SearchResidents(xintie, std::nullopt, IdNumber(50), "", 10);
    EXPECT_TRUE(by_id->items.empty());
    EXPECT_FALSE(service_->UpdateResident(xintie, stranger.resident.id, 1, ResidentPatch{}));
    EXPECT_FALSE(service_->MoveResident(xintie, stranger.resident.id, mine->id));
    EXPECT_EQ(service_->CreateResident(xintie, theirs->id, ResidentDraft{}).error().field, "household_id");
    EXPECT_EQ(service_->CreateHousehold(xintie, other_building_.id, "", "9").error().code, ErrorCode::kNotFound);
    // The ancestors shown stop at the caller's own area.
    auto view = service_->GetArea(xintie, building_.id);
    ASSERT_TRUE(view);
    EXPECT_EQ(view->ancestors.front().id, xintie_.id);
}

TEST_P(RegistryContractTest, RevealNeedsRoleAndReasonAndIsAudited) {
    auto h = service_->CreateHousehold(admin_, building_.id, "1", "101");
    auto r = AddResident(admin_, h->id, "张伟", 1);
    Caller grid_worker = CallerAt(grid_, Role::kGridWorker);
    Caller worker = CallerAt(xintie_, Role::kCommunityWorker);

    auto masked = service_->GetResident(worker, r.resident.id, {});
    ASSERT_TRUE(masked);
    EXPECT_EQ(masked->resident.id_number, MaskIdNumber(IdNumber(1)));
    EXPECT_EQ(masked->resident.phone, "138****1001");
    EXPECT_EQ(service_->GetResident(grid_worker, r.resident.id, {Reveal::kYes, "核酸排查"}).error().code,
              ErrorCode::kPermissionDenied);
    EXPECT_EQ(service_->GetResident(worker, r.resident.id, {Reveal::kYes, ""}).error().field, "reason");
    auto revealed = service_->GetResident(worker, r.resident.id, {Reveal::kYes, "核对户籍"});
    ASSERT_TRUE(revealed);
    EXPECT_TRUE(revealed->revealed);
    EXPECT_EQ(revealed->resident.id_number, IdNumber(1));
    auto audit = auth_repo_->ListAudit("resident", r.resident.id);
    ASSERT_TRUE(audit);
    ASSERT_EQ(audit->size(), 1u) << "refused reveals are not logged as reveals; the granted one is";
    EXPECT_EQ((*audit)[0].user_id, worker.user_id);
    EXPECT_EQ((*audit)[0].reason, "核对户籍");
}

TEST_P(RegistryContractTest, UpdatesUseOptimisticVersions) {
    auto h = service_->CreateHousehold(admin_, building_.id, "1", "101");
    auto r = AddResident(admin_, h->id, "张伟", 1);
    ResidentPatch patch;
    patch.phone = "13912345678";
    patch.tags = static_cast<TagSet>(Tag::kDisabled);
    auto updated = service_->UpdateResident(admin_, r.resident.id, 1, patch);
    ASSERT_TRUE(updated) << updated.error().message;
    EXPECT_EQ(updated->resident.version, 2);
    EXPECT_EQ(updated->resident.name, "张伟") << "absent fields keep their value";
    auto stale = service_->UpdateResident(admin_, r.resident.id, 1, patch);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::kAborted);
    patch.phone = "12";
    EXPECT_EQ(service_->UpdateResident(admin_, r.resident.id, 2, patch).error().field, "phone");
    auto stored = repo_->GetResident(r.resident.id);
    EXPECT_EQ(stored->phone, "13912345678");
    EXPECT_EQ(stored->tags, static_cast<TagSet>(Tag::kDisabled));
}

TEST_P(RegistryContractTest, HouseholdListingPages) {
    for (int i = 0; i < 5; ++i) ASSERT_TRUE(service_->CreateHousehold(admin_, building_.id, "1", std::to_string(101 + i)));
    ASSERT_TRUE(service_->CreateHousehold(admin_, other_building_.id, "", "1"));
    std::string cursor;
    int total = 0;
    do {
        auto page = service_->ListHouseholds(admin_, xintie_.id, cursor, 2);
        ASSERT_TRUE(page);
        total += static_cast<int>(page->items.size());
        cursor = page->next_cursor.value_or("");
    } while (!cursor.empty());
    EXPECT_EQ(total, 5);
}

WANGGE_INSTANTIATE_BACKENDS(RegistryContractTest);

}  // namespace
}  // namespace wangge::storage
