#pragma once
// The fixture of the appeal contract suites (appeal_repository_test.cpp, appeal_ledger_test.cpp):
// the appeal service over the SQL repositories on a fresh database per backend, with a street of
// two communities (新铁社区 with 第1网格, 华工社区) and callers at each level.
#include <gtest/gtest.h>

#include <functional>

#include "domain/appeals/appeal_service.hpp"
#include "storage/repositories/appeals/sql_appeal_repository.hpp"
#include "storage/repositories/sql_repositories.hpp"
#include "storage/testing/test_areas.hpp"
#include "storage/testing/test_database.hpp"

namespace wangge::storage::appeals_testing {

using namespace appeals;
using auth::Caller;
using auth::Role;
using registry::Area;
using registry::AreaLevel;

inline constexpr EpochMillis kDay = 24 * 3600 * 1000;

class AppealContractTest : public testing::DatabaseTest {
  protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        registry_ = MakeSqlRegistryRepository(db());
        repo_ = MakeSqlAppealRepository(db());
        service_ = std::make_unique<AppealService>(*repo_, *registry_, clock_);
        auto district = Make(std::nullopt, "210702", "古塔区", AreaLevel::kDistrict);
        auto street = Make(district.id, "210702004", "敬业街道", AreaLevel::kStreet);
        xintie_ = Make(street.id, "210702004002", "新铁社区", AreaLevel::kCommunity);
        huagong_ = Make(street.id, "210702004003", "华工社区", AreaLevel::kCommunity);
        grid_ = Make(xintie_.id, "21070200400201", "第1网格", AreaLevel::kGrid);
        manager_ = At(xintie_, Role::kCommunityWorker, 1);
        grid_worker_ = At(grid_, Role::kGridWorker, 2);
        other_grid_worker_ = At(grid_, Role::kGridWorker, 3);
        huagong_manager_ = At(huagong_, Role::kCommunityWorker, 4);
        auto categories = service_->ListCategories(manager_);
        ASSERT_TRUE(categories && !categories->empty());
        category_ = categories->front().id;
    }

    Area Make(std::optional<std::int64_t> parent, std::string code, std::string name, AreaLevel level) {
        return storage::testing::CreateTestArea(*registry_, parent, std::move(code), std::move(name), level);
    }

    static Caller At(const Area& area, Role role, std::int64_t id) {
        return Caller{id, "user" + std::to_string(id), "用户" + std::to_string(id), role, area.id, area.path};
    }

    AppealView Record(const Caller& who, const Area& area, std::string text = "燃化楼下水井返水") {
        AppealDraft d;
        d.area_id = area.id;
        d.channel = Channel::kGridVisit;
        d.category_id = category_;
        d.description = std::move(text);
        auto r = service_->Record(who, d);
        EXPECT_TRUE(r) << r.error().message;
        return *r;
    }

    Result<AppealView> Step(const Caller& who, const Appeal& a, Action action, std::string note = "",
                            std::function<void(TransitionRequest&)> more = {}) {
        TransitionRequest t;
        t.action = action;
        t.version = a.version;
        t.note = std::move(note);
        if (more) more(t);
        return service_->Perform(who, a.id, t);
    }

    Appeal Must(Result<AppealView> r) {
        EXPECT_TRUE(r) << r.error().message;
        return r ? r->appeal : Appeal{};
    }

    Appeal Triaged(const Caller& who, const Area& area, Track track = Track::kImmediate) {
        auto a = Record(who, area).appeal;
        return Must(Step(manager_, a, Action::kTriage, "", [&](TransitionRequest& t) { t.track = track; }));
    }

    FakeClock clock_{1'650'000'000'000};  // 2022-04-15, a Friday; the Party day is 2022-04-29
    std::unique_ptr<registry::RegistryRepository> registry_;
    std::unique_ptr<AppealRepository> repo_;
    std::unique_ptr<AppealService> service_;
    Area xintie_, huagong_, grid_;
    Caller manager_, grid_worker_, other_grid_worker_, huagong_manager_;
    std::int64_t category_ = 0;
};

}  // namespace wangge::storage::appeals_testing
