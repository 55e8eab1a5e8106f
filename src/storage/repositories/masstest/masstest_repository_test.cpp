// Rounds, activation counters, exemptions, coverage drill-down and the untested lists, through the
// service over the SQL repository, on every backend.
#include <set>

#include "storage/repositories/masstest/masstest_contract_fixture.hpp"

namespace wangge::storage::masstest_testing {
namespace {

class RoundContractTest : public MassTestContract {};

TEST_P(RoundContractTest, CreatesADraftRoundAndDropsNestedAreas) {
    auto d = Draft({xintie_.id, grid1_.id, huagong_.id});
    auto r = service_->CreateRound(street_officer_, d);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->round.status, RoundStatus::kDraft);
    EXPECT_EQ(r->round.area_ids, (std::vector<std::int64_t>{xintie_.id, huagong_.id}));
    EXPECT_EQ(r->areas.size(), 2u);
    EXPECT_FALSE(r->coverage);
    auto again = service_->GetRound(street_officer_, r->round.id);
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->round.name, "全员核酸");
    EXPECT_EQ(again->round.pool_size, 10);
}

TEST_P(RoundContractTest, RefusesBadRoundsNamingTheField) {
    auto field = [&](RoundDraft d, const Caller& who) {
        auto r = service_->CreateRound(who, d);
        EXPECT_FALSE(r);
        return r ? std::string("<created>") : r.error().field;
    };
    auto d = Draft({xintie_.id});
    d.pool_size = 8;
    EXPECT_EQ(field(d, street_officer_), "pool_size");
    d = Draft({xintie_.id});
    d.ends_at = d.starts_at;
    EXPECT_EQ(field(d, street_officer_), "ends_at");
    d = Draft({});
    EXPECT_EQ(field(d, street_officer_), "area_ids");
    d = Draft({district_.id});  // above the street officer's scope
    EXPECT_EQ(field(d, street_officer_), "area_ids");
    d = Draft({xintie_.id});
    d.kind = RoundKind::kTags;
    EXPECT_EQ(field(d, street_officer_), "tags");
    d = Draft({xintie_.id});
    d.sealed_building_ids = {b9_.id};  // outside the round
    EXPECT_EQ(field(d, street_officer_), "sealed_building_ids");
    d = Draft({xintie_.id});
    d.sealed_building_ids = {grid1_.id};  // not a building
    EXPECT_EQ(field(d, street_officer_), "sealed_building_ids");
    d = Draft({xintie_.id});
    d.name = "  ";
    EXPECT_EQ(field(d, street_officer_), "name");
}

TEST_P(RoundContractTest, OnlyManagersCreateAndActivate) {
    for (const Caller* who : {&xintie_worker_, &grid1_worker_, &sampler_, &volunteer_}) {
        auto r = service_->CreateRound(*who, Draft({xintie_.id}));
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied) << who->username;
    }
    auto draft = service_->CreateRound(district_officer_, Draft({xintie_.id}));
    ASSERT_TRUE(draft) << draft.error().message;
    // A street officer below the district that owns the round may not run it.
    auto activate = service_->Activate(street_officer_, draft->round.id);
    ASSERT_FALSE(activate);
    EXPECT_EQ(activate.error().code, ErrorCode::kPermissionDenied);
    ASSERT_TRUE(service_->Activate(district_officer_, draft->round.id));
    auto twice = service_->Activate(district_officer_, draft->round.id);
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(RoundContractTest, ActivationCountsEveryoneFromTheRegistry) {
    Round round = Active(Draft({xintie_.id}));
    EXPECT_EQ(Kept(round, xintie_), (Counts{15, 0, 0}));
    EXPECT_EQ(Kept(round, grid1_), (Counts{12, 0, 0}));
    EXPECT_EQ(Kept(round, b2_), (Counts{6, 0, 0}));
    // Ancestors above the scope sum only the round's part of them.
    EXPECT_EQ(Kept(round, street_), (Counts{15, 0, 0}));
    EXPECT_EQ(Kept(round, district_), (Counts{15, 0, 0}));
    auto huagong = repo_->GetCoverage(round.id, huagong_.id);
    ASSERT_FALSE(huagong);
    EXPECT_EQ(huagong.error().code, ErrorCode::kNotFound);
    ExpectCountersMatchRecount(round);
}

TEST_P(RoundContractTest, ActivationCountsKeyGroupsOncePerHousehold) {
    auto d = Draft({street_.id});
    d.kind = RoundKind::kTags;
    d.tags = Bit(Tag::kElderlyAlone) | Bit(Tag::kBedridden);
    Round round = Active(d);
    // Elderly alone: h1a, h3a, h9a heads; bedridden: h1c head.
    EXPECT_EQ(Kept(round, street_), (Counts{4, 0, 0}));
    EXPECT_EQ(Kept(round, xintie_), (Counts{3, 0, 0}));
    EXPECT_EQ(Kept(round, b1_), (Counts{2, 0, 0}));
    EXPECT_EQ(Kept(round, b2_), (Counts{0, 0, 0}));
    EXPECT_EQ(Kept(round, district_), (Counts{4, 0, 0}));
    ExpectCountersMatchRecount(round);
}

TEST_P(RoundContractTest, ExemptionsMoveTheCountersBeforeAndAfterActivation) {
    auto draft = service_->CreateRound(street_officer_, Draft({xintie_.id}));
    ASSERT_TRUE(draft) << draft.error().message;
    const auto& away = people_[h1a_.id][1];
    const auto& infant = people_[h2a_.id][0];
    auto e = service_->Exempt(xintie_worker_, draft->round.id, away.id, ExemptionReason::kAway, "在外地");
    ASSERT_TRUE(e) << e.error().message;
    EXPECT_EQ(e->exemption.reason, ExemptionReason::kAway);
    EXPECT_NE(e->id_number, away.id_number);  // masked
    ASSERT_TRUE(service_->Activate(street_officer_, draft->round.id));
    const Round round = draft->round;
    EXPECT_EQ(Kept(round, xintie_), (Counts{15, 1, 0}));
    EXPECT_EQ(Kept(round, b1_), (Counts{6, 1, 0}));

    ASSERT_TRUE(service_->Exempt(grid1_worker_, round.id, infant.id, ExemptionReason::kInfant, ""));
    // Idempotent: exempting again keeps the first reason and counts once.
    auto again = service_->Exempt(grid1_worker_, round.id, infant.id, ExemptionReason::kHospitalised, "");
    ASSERT_TRUE(again) << again.error().message;
    EXPECT_EQ(again->exemption.reason, ExemptionReason::kInfant);
    EXPECT_EQ(Kept(round, grid1_), (Counts{12, 2, 0}));
    EXPECT_EQ(Kept(round, district_), (Counts{15, 2, 0}));
    ExpectCountersMatchRecount(round);

    ASSERT_TRUE(service_->Unexempt(xintie_worker_, round.id, away.id));
    EXPECT_EQ(Kept(round, xintie_), (Counts{15, 1, 0}));
    auto gone = service_->Unexempt(xintie_worker_, round.id, away.id);
    ASSERT_FALSE(gone);
    EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
    ExpectCountersMatchRecount(round);

    auto page = service_->ListExemptions(xintie_worker_, round.id, std::nullopt, "", 10);
    ASSERT_TRUE(page) << page.error().message;
    ASSERT_EQ(page->items.size(), 1u);
    EXPECT_EQ(page->items[0].exemption.resident_id, infant.id);
    EXPECT_EQ(page->items[0].unit + page->items[0].room, "101");
}

TEST_P(RoundContractTest, ExemptionRefusals) {
    Round round = Active(Draft({xintie_.id}));
    const auto& person = people_[h1b_.id][0];
    // Outside the worker's scope: named as bad input, like the registry does.
    auto other = service_->Exempt(xintie_worker_, round.id, people_[h9a_.id][0].id, ExemptionReason::kAway, "");
    ASSERT_FALSE(other);
    EXPECT_EQ(other.error().field, "resident_id");
    auto denied = service_->Exempt(sampler_, round.id, person.id, ExemptionReason::kAway, "");
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
    ASSERT_TRUE(Open(round, "T1"));
    ASSERT_TRUE(ScanAs(xintie_worker_, round, "c1", "T1", person.id));
    auto sampled = service_->Exempt(xintie_worker_, round.id, person.id, ExemptionReason::kAway, "");
    ASSERT_FALSE(sampled);
    EXPECT_EQ(sampled.error().code, ErrorCode::kFailedPrecondition);
    // Not in a key-group round's population.
    auto d = Draft({xintie_.id});
    d.kind = RoundKind::kTags;
    d.tags = Bit(Tag::kElderlyAlone);
    Round tags = Active(d);
    auto untagged = service_->Exempt(xintie_worker_, tags.id, person.id, ExemptionReason::kAway, "");
    ASSERT_FALSE(untagged);
    EXPECT_EQ(untagged.error().field, "resident_id");
}

TEST_P(RoundContractTest, CoverageDrillsDownToHouseholdsInsideTheCallersScope) {
    Round round = Active(Draft({street_.id}));
    auto top = service_->Coverage(street_officer_, round.id, std::nullopt, "", 50);
    ASSERT_TRUE(top) << top.error().message;
    EXPECT_EQ(top->area.area_id, street_.id);
    EXPECT_EQ(top->area.name, "敬业街道");
    EXPECT_EQ(top->area.counts, (Counts{17, 0, 0}));
    ASSERT_EQ(top->children.size(), 2u);
    EXPECT_EQ(top->children[0].name, "新铁社区");
    EXPECT_EQ(top->children[0].counts.expected, 15);
    EXPECT_EQ(top->children[1].counts.expected, 2);

    auto building = service_->Coverage(grid1_worker_, round.id, b1_.id, "", 2);
    ASSERT_TRUE(building) << building.error().message;
    EXPECT_TRUE(building->children.empty());
    ASSERT_TRUE(building->households);
    ASSERT_EQ(building->households->items.size(), 2u);
    EXPECT_EQ(building->households->items[0].household_id, h1a_.id);
    EXPECT_EQ(building->households->items[0].counts.expected, 3);
    ASSERT_TRUE(building->households->next_cursor);
    auto rest = service_->Coverage(grid1_worker_, round.id, b1_.id, *building->households->next_cursor, 2);
    ASSERT_TRUE(rest) << rest.error().message;
    ASSERT_EQ(rest->households->items.size(), 1u);
    EXPECT_EQ(rest->households->items[0].room, "201");
    EXPECT_FALSE(rest->households->next_cursor);

    // The grid worker's default is their grid; the other community is out of sight.
    auto mine = service_->Coverage(grid1_worker_, round.id, std::nullopt, "", 50);
    ASSERT_TRUE(mine) << mine.error().message;
    EXPECT_EQ(mine->area.area_id, grid1_.id);
    auto up = service_->Coverage(grid1_worker_, round.id, xintie_.id, "", 50);
    ASSERT_FALSE(up);
    EXPECT_EQ(up.error().code, ErrorCode::kNotFound);
    auto across = service_->Coverage(huagong_worker_, round.id, b1_.id, "", 50);
    ASSERT_FALSE(across);
    EXPECT_EQ(across.error().code, ErrorCode::kNotFound);
}

TEST_P(RoundContractTest, RoundsAreVisibleWhereTheyOverlapTheCallersScope) {
    Round round = Active(Draft({grid2_.id}));
    auto listed = [&](const Caller& who) {
        auto rounds = service_->ListRounds(who, std::nullopt);
        EXPECT_TRUE(rounds) << rounds.error().message;
        std::set<std::int64_t> ids;
        if (rounds)
            for (const auto& v : *rounds) ids.insert(v.round.id);
        return ids.contains(round.id);
    };
    EXPECT_TRUE(listed(street_officer_));
    EXPECT_TRUE(listed(xintie_worker_));
    EXPECT_FALSE(listed(grid1_worker_));
    EXPECT_FALSE(listed(huagong_worker_));
    auto hidden = service_->GetRound(huagong_worker_, round.id);
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
    auto view = service_->GetRound(xintie_worker_, round.id);
    ASSERT_TRUE(view) << view.error().message;
    ASSERT_TRUE(view->coverage);
    EXPECT_EQ(view->coverage->expected, 3);  // the worker's community row: only grid 2 is in the round
}

TEST_P(RoundContractTest, UntestedListsPeopleNotSampledNorExemptMaskedAndPaged) {
    Round round = Active(Draft({xintie_.id}));
    const auto& a = people_[h1a_.id];
    ASSERT_TRUE(Open(round, "T1"));
    ASSERT_TRUE(ScanAs(xintie_worker_, round, "c1", "T1", a[0].id));
    ASSERT_TRUE(service_->Exempt(xintie_worker_, round.id, a[1].id, ExemptionReason::kHospitalised, ""));

    std::vector<std::int64_t> seen;
    std::string cursor;
    do {
        auto page = service_->Untested(grid1_worker_, round.id, b1_.id, cursor, 2);
        ASSERT_TRUE(page) << page.error().message;
        for (const auto& item : page->items) {
            seen.push_back(item.resident.id);
            EXPECT_NE(item.resident.id_number.find('*'), std::string::npos);
            EXPECT_NE(item.resident.phone.find('*'), std::string::npos);
            EXPECT_FALSE(item.room.empty());
        }
        cursor = page->next_cursor.value_or("");
    } while (!cursor.empty());
    std::vector<std::int64_t> expected = {a[2].id};
    for (const auto& r : people_[h1b_.id]) expected.push_back(r.id);
    for (const auto& r : people_[h1c_.id]) expected.push_back(r.id);
    EXPECT_EQ(seen, expected);

    auto district = service_->Untested(street_officer_, round.id, street_.id, "", 10);
    ASSERT_FALSE(district);
    EXPECT_EQ(district.error().field, "area");
    auto across = service_->Untested(huagong_worker_, round.id, b1_.id, "", 10);
    ASSERT_FALSE(across);
    EXPECT_EQ(across.error().code, ErrorCode::kNotFound);
}

TEST_P(RoundContractTest, SealedBuildingsAreKeptPerRound) {
    auto d = Draft({xintie_.id});
    d.sealed_building_ids = {b1_.id};
    Round round = Active(d);
    ASSERT_TRUE(service_->Seal(street_officer_, round.id, b3_.id));
    ASSERT_TRUE(service_->Seal(street_officer_, round.id, b3_.id));  // idempotent
    auto sealed = service_->ListSealed(grid1_worker_, round.id);
    ASSERT_TRUE(sealed) << sealed.error().message;
    ASSERT_EQ(sealed->size(), 1u);  // b3 lies in grid 2, outside the grid worker's sight
    EXPECT_EQ((*sealed)[0].name, "1号楼");
    ASSERT_TRUE(service_->Unseal(street_officer_, round.id, b1_.id));
    auto all = service_->ListSealed(street_officer_, round.id);
    ASSERT_TRUE(all);
    ASSERT_EQ(all->size(), 1u);
    EXPECT_EQ((*all)[0].building.building_id, b3_.id);
    auto denied = service_->Seal(xintie_worker_, round.id, b2_.id);
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
}

WANGGE_INSTANTIATE_BACKENDS(RoundContractTest);

}  // namespace
}  // namespace wangge::storage::masstest_testing
