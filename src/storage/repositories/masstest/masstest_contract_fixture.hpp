#pragma once
// The fixture of the mass-testing contract suites (masstest_repository_test.cpp,
// scan_ingest_test.cpp): the service over the SQL repositories on a fresh database per backend,
// with a small district —
//   古塔区 → 敬业街道 → 新铁社区 → 第1网格 → 1号楼 (3 households: 3, 2, 1 people), 2号楼 (2: 4, 2)
//                                 → 第2网格 → 3号楼 (1 household: 3 people)
//                    → 华工社区 → 9号楼 (1 household: 2 people)
// — some residents tagged, and callers at each level. Counts() recounts a round's counters from the
// raw rows (scans, exemptions, residents) to check the kept ones.
#include <gtest/gtest.h>

#include <map>

#include "domain/masstest/masstest_service.hpp"
#include "storage/repositories/masstest/sql_masstest_repository.hpp"
#include "storage/repositories/sql_repositories.hpp"
#include "storage/testing/test_areas.hpp"
#include "storage/testing/test_database.hpp"

namespace wangge::storage::masstest_testing {

using namespace masstest;
using auth::Caller;
using auth::Role;
using registry::Area;
using registry::AreaLevel;
using registry::Tag;

inline constexpr EpochMillis kHour = 3600 * 1000;
inline constexpr EpochMillis kNow = 1'650'000'000'000;  // 2022-04-15

inline registry::TagSet Bit(Tag t) { return static_cast<registry::TagSet>(t); }

class MassTestContract : public testing::DatabaseTest {
  protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        registry_ = MakeSqlRegistryRepository(db());
        repo_ = MakeSqlMassTestRepository(db());
        service_ = std::make_unique<MassTestService>(*repo_, *registry_, clock_);
        district_ = Make(std::nullopt, "210702", "古塔区", AreaLevel::kDistrict);
        street_ = Make(district_.id, "210702004", "敬业街道", AreaLevel::kStreet);
        xintie_ = Make(street_.id, "210702004002", "新铁社区", AreaLevel::kCommunity);
        huagong_ = Make(street_.id, "210702004003", "华工社区", AreaLevel::kCommunity);
        grid1_ = Make(xintie_.id, "21070200400201", "第1网格", AreaLevel::kGrid);
        grid2_ = Make(xintie_.id, "21070200400202", "第2网格", AreaLevel::kGrid);
        b1_ = Make(grid1_.id, "21070200400201001", "1号楼", AreaLevel::kBuilding);
        b2_ = Make(grid1_.id, "21070200400201002", "2号楼", AreaLevel::kBuilding);
        b3_ = Make(grid2_.id, "21070200400202001", "3号楼", AreaLevel::kBuilding);
        b9_ = Make(huagong_.id, "21070200400301001", "9号楼", AreaLevel::kBuilding);
        h1a_ = Home(b1_, "101", 3, Bit(Tag::kElderlyAlone));
        h1b_ = Home(b1_, "102", 2, 0);
        h1c_ = Home(b1_, "201", 1, Bit(Tag::kBedridden));
        h2a_ = Home(b2_, "101", 4, Bit(Tag::kInfant));
        h2b_ = Home(b2_, "102", 2, 0);
        h3a_ = Home(b3_, "101", 3, Bit(Tag::kElderlyAlone) | Bit(Tag::kDisabled));
        h9a_ = Home(b9_, "101", 2, Bit(Tag::kElderlyAlone));

        street_officer_ = At(street_, Role::kStreetOfficer, 1);
        district_officer_ = At(district_, Role::kDistrictOfficer, 2);
        xintie_worker_ = At(xintie_, Role::kCommunityWorker, 3);
        grid1_worker_ = At(grid1_, Role::kGridWorker, 4);
        huagong_worker_ = At(huagong_, Role::kCommunityWorker, 5);
        sampler_ = At(xintie_, Role::kSampler, 6);
        volunteer_ = At(xintie_, Role::kVolunteer, 7);
    }

    Area Make(std::optional<std::int64_t> parent, std::string code, std::string name, AreaLevel level) {
        return storage::testing::CreateTestArea(*registry_, parent, std::move(code), std::move(name), level);
    }

    static std::string IdNumber(int n) {
        char body[32];
        std::snprintf(body, sizeof body, "21070219%02d0101%03d", 40 + n % 50, (2 * n + 1) % 1000);
        return std::string(body) + IdNumberCheckChar(body);
    }

    // A household of `members` people; the first carries `first_tags`.
    registry::Household Home(const Area& building, std::string room, int members, registry::TagSet first_tags) {
        registry::Household h;
        h.building_id = building.id;
        h.path = building.path;
        h.room = std::move(room);
        auto made = registry_->CreateHousehold(h);
        EXPECT_TRUE(made) << made.error().message;
        for (int i = 0; i < members; ++i) {
            registry::ResidentDraft d;
            d.name = "居民" + std::to_string(next_person_);
            d.id_number = IdNumber(next_person_++);
            d.phone = "139" + std::to_string(10000000 + next_person_);
            d.relation = i == 0 ? "head" : "child";
            d.tags = i == 0 ? first_tags : 0;
            auto r = registry::ValidateResident(d, CivilDate{2022, 4, 1});
            EXPECT_TRUE(r) << r.error().message;
            r->household_id = made->id;
            r->path = made->path;
            auto stored = registry_->CreateResident(*r, std::nullopt);
            EXPECT_TRUE(stored) << stored.error().message;
            people_[made->id].push_back(*stored);
            everyone_.push_back(*stored);
        }
        return *made;
    }

    static Caller At(const Area& area, Role role, std::int64_t id) {
        return Caller{id, "user" + std::to_string(id), "用户" + std::to_string(id), role, area.id, area.path};
    }

    RoundDraft Draft(std::vector<std::int64_t> areas, int pool = 10) {
        RoundDraft d;
        d.name = "全员核酸";
        d.area_ids = std::move(areas);
        d.starts_at = kNow - kHour;
        d.ends_at = kNow + 24 * kHour;
        d.pool_size = pool;
        return d;
    }

    Round Active(RoundDraft draft) {
        draft.activate = true;
        auto r = service_->CreateRound(street_officer_, draft);
        EXPECT_TRUE(r) << r.error().message;
        return r ? r->round : Round{};
    }

    Result<OpResult> Open(const Round& round, const std::string& tube, const Caller* who = nullptr) {
        return service_->Apply(who ? *who : xintie_worker_, round.id, OpenOf(tube));
    }

    static ScanOp OpenOf(const std::string& tube) {
        ScanOp op;
        op.op = OpKind::kOpenTube;
        op.tube_code = tube;
        return op;
    }

    static ScanOp ScanOf(const std::string& client_id, const std::string& tube, std::int64_t resident_id) {
        ScanOp op;
        op.client_id = client_id;
        op.tube_code = tube;
        op.subject.resident_id = resident_id;
        return op;
    }

    Result<OpResult> ScanAs(const Caller& who, const Round& round, const std::string& client_id,
                            const std::string& tube, std::int64_t resident_id) {
        return service_->Apply(who, round.id, ScanOf(client_id, tube, resident_id));
    }

    // The refusal reason of an answer (nullopt when accepted); an error fails the test.
    std::optional<RefusalReason> Refusal(Result<OpResult> r) {
        EXPECT_TRUE(r) << r.error().message;
        if (!r) return std::nullopt;
        EXPECT_EQ(r->outcome == Outcome::kRefused, r->reason.has_value());
        return r->reason;
    }

    OpResult Must(Result<OpResult> r) {
        EXPECT_TRUE(r) << r.error().message;
        return r ? *r : OpResult{};
    }

    Counts Kept(const Round& round, const Area& area) {
        auto row = repo_->GetCoverage(round.id, area.id);
        EXPECT_TRUE(row) << row.error().message;
        return row ? row->counts : Counts{};
    }

    // Every counter row of the round against a recount from the raw rows (registry unchanged since
    // activation). Reports each mismatch.
    void ExpectCountersMatchRecount(const Round& round) {
        std::map<std::int64_t, Counts> areas, households;
        std::map<std::int64_t, std::string> paths;
        ASSERT_TRUE(db().Read([&](Connection& c) -> Status {
            auto r = c.Exec("SELECT area_id, path, expected, exempt, sampled FROM round_coverage WHERE round_id = $1",
                            {round.id}, [&](const Row& row) {
                                areas[row.Int(0)] = Counts{row.Int(2), row.Int(3), row.Int(4)};
                                paths[row.Int(0)] = row.Text(1);
                            });
            if (!r) return Fail(r.error());
            r = c.Exec(
                "SELECT household_id, expected, exempt, sampled FROM round_household_coverage "
                "WHERE round_id = $1",
                {round.id}, [&](const Row& row) {
                    households[row.Int(0)] = Counts{row.Int(1), row.Int(2), row.Int(3)};
                });
            if (!r) return Fail(r.error());
            return {};
        }));
        std::map<std::int64_t, std::int64_t> sampled_people, exempt_people;   // resident → 1
        std::vector<std::pair<std::string, std::int64_t>> scans, exemptions;  // (path, household)
        ASSERT_TRUE(db().Read([&](Connection& c) -> Status {
            auto r =
                c.Exec("SELECT path, household_id, resident_id FROM scans WHERE round_id = $1 AND kind = 'routine'",
                       {round.id}, [&](const Row& row) {
                           scans.emplace_back(row.Text(0), row.Int(1));
                           sampled_people[row.Int(2)]++;
                       });
            if (!r) return Fail(r.error());
            r = c.Exec("SELECT path, household_id, resident_id FROM round_exemptions WHERE round_id = $1", {round.id},
                       [&](const Row& row) {
                           exemptions.emplace_back(row.Text(0), row.Int(1));
                           exempt_people[row.Int(2)]++;
                       });
            if (!r) return Fail(r.error());
            return {};
        }));
        for (const auto& [id, n] : sampled_people) {
            EXPECT_EQ(n, 1) << "resident " << id << " sampled twice";
            EXPECT_FALSE(exempt_people.contains(id)) << "resident " << id << " sampled and exempt";
        }
        for (const auto& [area_id, kept] : areas) {
            Counts recount;
            for (const auto& r : everyone_)
                if (r.path.starts_with(paths[area_id]) && round.Covers(r.path, r.tags)) ++recount.expected;
            for (const auto& [p, h] : scans)
                if (p.starts_with(paths[area_id])) ++recount.sampled;
            for (const auto& [p, h] : exemptions)
                if (p.starts_with(paths[area_id])) ++recount.exempt;
            EXPECT_EQ(kept, recount) << "area " << area_id << " " << paths[area_id] << ": kept " << kept.expected << "/"
                                     << kept.exempt << "/" << kept.sampled << ", recount " << recount.expected << "/"
                                     << recount.exempt << "/" << recount.sampled;
        }
        for (const auto& [household_id, kept] : households) {
            Counts recount;
            for (const auto& r : people_[household_id])
                if (round.Covers(r.path, r.tags)) ++recount.expected;
            for (const auto& [p, h] : scans)
                if (h == household_id) ++recount.sampled;
            for (const auto& [p, h] : exemptions)
                if (h == household_id) ++recount.exempt;
            EXPECT_EQ(kept, recount) << "household " << household_id;
        }
        // Every household of the round's population has a row.
        for (const auto& [household_id, members] : people_) {
            bool any = false;
            for (const auto& r : members) any = any || round.Covers(r.path, r.tags);
            if (any) {
                EXPECT_TRUE(households.contains(household_id)) << "household " << household_id;
            }
        }
    }

    FakeClock clock_{kNow};
    std::unique_ptr<registry::RegistryRepository> registry_;
    std::unique_ptr<MassTestRepository> repo_;
    std::unique_ptr<MassTestService> service_;
    Area district_, street_, xintie_, huagong_, grid1_, grid2_, b1_, b2_, b3_, b9_;
    registry::Household h1a_, h1b_, h1c_, h2a_, h2b_, h3a_, h9a_;
    std::map<std::int64_t, std::vector<registry::Resident>> people_;  // by household
    std::vector<registry::Resident> everyone_;
    Caller street_officer_, district_officer_, xintie_worker_, grid1_worker_, huagong_worker_, sampler_, volunteer_;
    int next_person_ = 1;
};

}  // namespace wangge::storage::masstest_testing
