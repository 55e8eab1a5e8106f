// Sample points, field teams and door-to-door tasks through their services over the SQL repositories,
// on every backend.
#include "domain/masstest/coverage_events.hpp"
#include "storage/repositories/masstest/followup_contract_fixture.hpp"

namespace wangge::storage::masstest_testing {
namespace {

class FieldWorkTest : public FollowupContract {
  protected:
    // The SQL repository wrapped so that it publishes to events_ (kept alive by the fixture).
    MassTestRepository* WithCoverageEventsOwned() {
        live_repo_ = WithCoverageEvents(MakeSqlMassTestRepository(db()), events_, *registry_);
        return live_repo_.get();
    }
    std::unique_ptr<MassTestRepository> live_repo_;

    SamplePointView Point(const Caller& who, const Area& area, std::optional<std::int64_t> round = std::nullopt,
                          std::string name = "广场采样点") {
        SamplePointDraft d;
        d.round_id = round;
        d.area_id = area.id;
        d.name = std::move(name);
        d.place = "社区广场东侧";
        d.lanes = 3;
        d.crew = {{"李医生", "采样"}, {"王志愿者", "扫码"}};
        auto p = points_->Create(who, d);
        EXPECT_TRUE(p) << p.error().message;
        return p ? *p : SamplePointView{};
    }

    std::vector<DoorTaskRow> Tasks(const Caller& who, const Round& round, DoorTaskFilter filter = {}) {
        auto page = field_->List(who, round.id, filter, "", 100);
        EXPECT_TRUE(page) << page.error().message;
        return page ? page->items : std::vector<DoorTaskRow>{};
    }

    static const DoorTaskRow* Find(const std::vector<DoorTaskRow>& rows, std::int64_t household_id,
                                   std::optional<std::int64_t> resident_id) {
        for (const auto& r : rows)
            if (r.task.household_id == household_id && r.task.resident_id == resident_id) return &r;
        return nullptr;
    }
};

TEST_P(FieldWorkTest, SamplePointsKeepPlaceLanesCrewAndBuildings) {
    auto point = Point(xintie_worker_, xintie_);
    EXPECT_EQ(point.point.lanes, 3);
    ASSERT_EQ(point.point.crew.size(), 2u);
    EXPECT_EQ(point.point.crew[1].name, "王志愿者");
    EXPECT_EQ(point.area.name, "新铁社区");

    ASSERT_TRUE(points_->AssignBuilding(xintie_worker_, point.point.id, b1_.id));
    ASSERT_TRUE(points_->AssignBuilding(xintie_worker_, point.point.id, b1_.id));  // idempotent
    ASSERT_TRUE(points_->AssignBuilding(xintie_worker_, point.point.id, b3_.id));
    auto other = Point(xintie_worker_, grid1_, std::nullopt, "第1网格采样点");
    ASSERT_TRUE(points_->AssignBuilding(xintie_worker_, other.point.id, b1_.id));  // moves it
    auto got = points_->Get(sampler_, point.point.id);
    ASSERT_TRUE(got) << got.error().message;
    ASSERT_EQ(got->buildings.size(), 1u);
    EXPECT_EQ(got->buildings[0].building_id, b3_.id);
    EXPECT_EQ(got->buildings[0].name, "3号楼");
    EXPECT_EQ(got->point.building_count, 1);

    // A round's point does not take buildings from the standing points.
    Round round = Active(Draft({xintie_.id}));
    auto round_point = Point(xintie_worker_, xintie_, round.id, "本轮临时点");
    ASSERT_TRUE(points_->AssignBuilding(xintie_worker_, round_point.point.id, b3_.id));
    EXPECT_EQ(points_->Get(sampler_, point.point.id)->buildings.size(), 1u);

    // Buildings outside the point's area, and areas outside the caller's scope, are refused.
    auto outside = points_->AssignBuilding(xintie_worker_, other.point.id, b3_.id);
    ASSERT_FALSE(outside);
    EXPECT_EQ(outside.error().field, "building_id");
    SamplePointDraft elsewhere;
    elsewhere.area_id = huagong_.id;
    elsewhere.name = "华工";
    auto denied = points_->Create(xintie_worker_, elsewhere);
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().field, "area_id");
    elsewhere.area_id = xintie_.id;
    elsewhere.lanes = 0;
    EXPECT_EQ(points_->Create(xintie_worker_, elsewhere).error().field, "lanes");
    EXPECT_EQ(points_->Get(huagong_worker_, point.point.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(points_->Create(sampler_, elsewhere).error().code, ErrorCode::kPermissionDenied);

    ASSERT_TRUE(points_->UnassignBuilding(xintie_worker_, point.point.id, b3_.id));
    EXPECT_EQ(points_->UnassignBuilding(xintie_worker_, point.point.id, b3_.id).error().code, ErrorCode::kNotFound);
}

TEST_P(FieldWorkTest, PointsAreListedBelowAndAboveTheCaller) {
    Round round = Active(Draft({xintie_.id, huagong_.id}));
    auto standing = Point(xintie_worker_, xintie_);
    auto for_round = Point(street_officer_, xintie_, round.id, "本轮临时点");
    auto grid_point = Point(xintie_worker_, grid1_, std::nullopt, "网格点");
    Point(huagong_worker_, huagong_, std::nullopt, "华工点");

    // The grid worker sees the community's points (above) and the grid's own.
    auto seen = points_->List(grid1_worker_, std::nullopt, std::nullopt);
    ASSERT_TRUE(seen) << seen.error().message;
    std::vector<std::string> names;
    for (const auto& p : *seen) names.push_back(p.point.name);
    EXPECT_EQ(names, (std::vector<std::string>{"广场采样点", "本轮临时点", "网格点"}));
    // Under an area: only that subtree; a round filter keeps the standing points.
    auto under = points_->List(street_officer_, huagong_.id, round.id);
    ASSERT_TRUE(under);
    ASSERT_EQ(under->size(), 1u);
    EXPECT_EQ((*under)[0].point.name, "华工点");
    EXPECT_EQ(points_->List(street_officer_, std::nullopt, round.id)->size(), 4u);
    (void)standing;
    (void)for_round;
    (void)grid_point;
}

TEST_P(FieldWorkTest, PointsAreEditedWithTheirVersion) {
    auto point = Point(xintie_worker_, xintie_);
    SamplePointPatch patch;
    patch.lanes = 5;
    patch.crew = std::vector<CrewMember>{{"赵护士", "采样"}};
    auto edited = points_->Update(xintie_worker_, point.point.id, point.point.version, patch);
    ASSERT_TRUE(edited) << edited.error().message;
    EXPECT_EQ(edited->point.lanes, 5);
    ASSERT_EQ(edited->point.crew.size(), 1u);
    EXPECT_EQ(edited->point.crew[0].name, "赵护士");
    EXPECT_EQ(edited->point.name, "广场采样点");
    auto stale = points_->Update(xintie_worker_, point.point.id, point.point.version, patch);
    EXPECT_EQ(stale.error().code, ErrorCode::kAborted);
    EXPECT_EQ(points_->Update(grid1_worker_, point.point.id, edited->point.version, patch).error().code,
              ErrorCode::kPermissionDenied);
}

TEST_P(FieldWorkTest, ASamplerBindsTheirDeviceToAPoint) {
    auto point = Point(xintie_worker_, xintie_);
    EXPECT_FALSE(*points_->Binding(sampler_));
    ASSERT_TRUE(points_->Bind(sampler_, point.point.id));
    auto bound = points_->Binding(sampler_);
    ASSERT_TRUE(bound && *bound);
    EXPECT_EQ((*bound)->point.id, point.point.id);
    EXPECT_EQ(points_->Bind(huagong_worker_, point.point.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(points_->Bind(street_officer_, point.point.id).error().code, ErrorCode::kPermissionDenied);
    ASSERT_TRUE(points_->Unbind(sampler_));
    ASSERT_TRUE(points_->Unbind(sampler_));
    EXPECT_FALSE(*points_->Binding(sampler_));
}

TEST_P(FieldWorkTest, TeamsHoldUsersWorkingInTheirArea) {
    Caller a = User("zhang", grid1_, Role::kGridWorker);
    Caller b = User("li", xintie_, Role::kSampler);
    Caller far = User("wang", huagong_, Role::kSampler);
    auto team = field_->CreateTeam(xintie_worker_, xintie_.id, "上门采样一组", {a.user_id, b.user_id, a.user_id});
    ASSERT_TRUE(team) << team.error().message;
    ASSERT_EQ(team->members.size(), 2u);
    EXPECT_EQ(team->members[0].username, "zhang");
    EXPECT_EQ(field_->CreateTeam(xintie_worker_, xintie_.id, "x", {far.user_id}).error().field, "member_ids");
    EXPECT_EQ(field_->CreateTeam(xintie_worker_, xintie_.id, "x", {999999}).error().field, "member_ids");
    EXPECT_EQ(field_->CreateTeam(xintie_worker_, huagong_.id, "x", {}).error().field, "area_id");
    EXPECT_EQ(field_->AddMember(xintie_worker_, team->id, far.user_id).error().field, "user_id");

    // A district officer (city cadres sent down) may join a community's team: their scope covers it.
    Caller cadre = User("cadre", district_, Role::kDistrictOfficer);
    auto grown = field_->AddMember(xintie_worker_, team->id, cadre.user_id);
    ASSERT_TRUE(grown) << grown.error().message;
    EXPECT_EQ(grown->members.size(), 3u);
    ASSERT_TRUE(field_->RemoveMember(xintie_worker_, team->id, b.user_id));
    EXPECT_EQ(field_->RemoveMember(xintie_worker_, team->id, b.user_id).error().code, ErrorCode::kNotFound);

    auto listed = field_->ListTeams(grid1_worker_, std::nullopt);  // not a member, nothing below the grid
    ASSERT_TRUE(listed);
    EXPECT_TRUE(listed->empty());
    auto mine = field_->ListTeams(a, std::nullopt);
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ((*mine)[0].name, "上门采样一组");
    EXPECT_EQ(field_->GetTeam(huagong_worker_, team->id).error().code, ErrorCode::kNotFound);
}

// The member picker: the users working in the team's area or under it, by area path, and the caller
// (who may work above it); nothing outside the area, no password hash.
TEST_P(FieldWorkTest, MemberCandidatesAreTheAreasUsersAndTheCaller) {
    Caller worker = User("xt_worker", xintie_, Role::kCommunityWorker);
    Caller gridder = User("grid_zhang", grid1_, Role::kGridWorker);
    Caller nurse = User("xt_nurse", xintie_, Role::kSampler);
    Caller far = User("hg_nurse", huagong_, Role::kSampler);
    Caller officer = User("jd_officer", street_, Role::kStreetOfficer);
    auto names = [](const std::vector<auth::User>& users) {
        std::vector<std::string> out;
        for (const auto& u : users) {
            EXPECT_TRUE(u.password_hash.empty()) << u.username;
            out.push_back(u.username);
        }
        return out;
    };
    auto mine = field_->MemberCandidates(worker, xintie_.id);
    ASSERT_TRUE(mine) << mine.error().message;
    // By area path, then id: 新铁社区's users (the fixture's user3, 6, 7 first), then 网格一's.
    const std::vector<std::string> xintie_and_below = {"user3",    "user6", "user7",     "xt_worker",
                                                       "xt_nurse", "user4", "grid_zhang"};
    EXPECT_EQ(names(*mine), xintie_and_below);
    auto from_above = field_->MemberCandidates(officer, xintie_.id);
    ASSERT_TRUE(from_above) << from_above.error().message;
    auto with_officer = xintie_and_below;
    with_officer.insert(with_officer.begin(), "jd_officer");  // the caller, working above the area
    EXPECT_EQ(names(*from_above), with_officer);
    EXPECT_EQ(field_->MemberCandidates(worker, huagong_.id).error().field, "area");
    EXPECT_EQ(field_->MemberCandidates(gridder, grid1_.id).error().code, ErrorCode::kPermissionDenied);
    (void)far;
}

TEST_P(FieldWorkTest, DoorTasksForPeopleWhoCannotComeAndSealedHouseholds) {
    auto draft = Draft({xintie_.id, huagong_.id});
    draft.sealed_building_ids = {b2_.id};
    Round round = Active(draft);
    // Already sampled or exempt: nothing to do at their door.
    Fill(round, "T9", {people_[h9a_.id][0]}, &huagong_worker_);
    ASSERT_TRUE(service_->Exempt(xintie_worker_, round.id, people_[h3a_.id][0].id, ExemptionReason::kHospitalised, ""));

    ASSERT_TRUE(registry_->SetHouseholdHead(h2a_.id, people_[h2a_.id][0].id));
    auto made = field_->Generate(street_officer_, round.id, std::nullopt);
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_EQ(made->person_tasks, 2);     // h1a's elderly person, h1c's bedridden one
    EXPECT_EQ(made->household_tasks, 2);  // 2号楼 is sealed: 101 and 102
    auto again = field_->Generate(street_officer_, round.id, std::nullopt);
    ASSERT_TRUE(again);
    EXPECT_EQ(again->person_tasks + again->household_tasks, 0);

    auto rows = Tasks(street_officer_, round);
    ASSERT_EQ(rows.size(), 4u);
    const auto* elderly = Find(rows, h1a_.id, people_[h1a_.id][0].id);
    ASSERT_TRUE(elderly);
    EXPECT_EQ(elderly->task.reason, DoorReason::kElderlyAlone);
    EXPECT_EQ(elderly->resident_name, people_[h1a_.id][0].name);
    EXPECT_NE(elderly->id_number, people_[h1a_.id][0].id_number);  // masked
    EXPECT_NE(elderly->id_number.find('*'), std::string::npos);
    EXPECT_NE(elderly->phone.find('*'), std::string::npos);
    EXPECT_EQ(elderly->building_name, "1号楼");
    EXPECT_FALSE(elderly->person_sampled);
    EXPECT_EQ(Find(rows, h1c_.id, people_[h1c_.id][0].id)->task.reason, DoorReason::kBedridden);
    const auto* sealed = Find(rows, h2a_.id, std::nullopt);
    ASSERT_TRUE(sealed);
    EXPECT_EQ(sealed->task.reason, DoorReason::kSealed);
    EXPECT_EQ(sealed->member_count, 4);
    EXPECT_EQ(sealed->household_remaining, 4);
    EXPECT_EQ(sealed->resident_name, people_[h2a_.id][0].name);  // the head, for the door
    // Scope: 华工社区's worker sees none of these.
    EXPECT_TRUE(Tasks(huagong_worker_, round).empty());
    EXPECT_EQ(Tasks(grid1_worker_, round).size(), 4u);
}

TEST_P(FieldWorkTest, AKeyGroupRoundOnlyVisitsItsGroup) {
    auto draft = Draft({xintie_.id});
    draft.kind = RoundKind::kTags;
    draft.tags = Bit(Tag::kBedridden);
    Round round = Active(draft);
    auto made = field_->Generate(xintie_worker_, round.id, std::nullopt);
    ASSERT_TRUE(made) << made.error().message;
    EXPECT_EQ(made->person_tasks, 1);
    EXPECT_EQ(made->household_tasks, 0);
    EXPECT_EQ(Tasks(xintie_worker_, round)[0].task.resident_id, people_[h1c_.id][0].id);
}

TEST_P(FieldWorkTest, TasksGoToTeamsOrPeopleAndAreClosedFromThePhone) {
    auto draft = Draft({xintie_.id});
    draft.sealed_building_ids = {b2_.id};
    Round round = Active(draft);
    ASSERT_TRUE(field_->Generate(xintie_worker_, round.id, std::nullopt));
    Caller nurse = User("nurse", xintie_, Role::kSampler);
    Caller other = User("other", xintie_, Role::kSampler);
    auto team = field_->CreateTeam(xintie_worker_, xintie_.id, "一组", {nurse.user_id});
    ASSERT_TRUE(team);

    // 2号楼's households to the team, the elderly person to `other`.
    auto to_team = field_->Assign(xintie_worker_, round.id, {}, b2_.id, DoorAssignment{team->id, std::nullopt});
    ASSERT_TRUE(to_team) << to_team.error().message;
    EXPECT_EQ(*to_team, 2);
    auto rows = Tasks(xintie_worker_, round);
    const auto elderly = *Find(rows, h1a_.id, people_[h1a_.id][0].id);
    const auto bedridden = *Find(rows, h1c_.id, people_[h1c_.id][0].id);
    const auto home = *Find(rows, h2b_.id, std::nullopt);
    ASSERT_EQ(*field_->Assign(xintie_worker_, round.id, {elderly.task.id}, std::nullopt,
                              DoorAssignment{std::nullopt, other.user_id}),
              1);
    EXPECT_EQ(home.team_name, "一组");

    DoorTaskFilter mine;
    mine.mine = true;
    EXPECT_EQ(Tasks(nurse, round, mine).size(), 2u);
    EXPECT_EQ(Tasks(other, round, mine).size(), 1u);
    DoorTaskFilter by_team;
    by_team.team_id = team->id;
    EXPECT_EQ(Tasks(xintie_worker_, round, by_team).size(), 2u);

    // The nurse may not close another's task; anyone scanning may close an unassigned one.
    DoorOutcome not_home{DoorStatus::kNotHome, "", "敲门无人应答"};
    EXPECT_EQ(field_->Complete(nurse, elderly.task.id, not_home).error().code, ErrorCode::kPermissionDenied);
    auto away = field_->Complete(other, elderly.task.id, not_home);
    ASSERT_TRUE(away) << away.error().message;
    EXPECT_EQ(away->status, DoorStatus::kNotHome);
    EXPECT_EQ(away->note, "敲门无人应答");

    // Sampled: the normal scan first, then the task links it (the person must match).
    Fill(round, "D1", {people_[h1a_.id][0]}, &other);
    DoorOutcome wrong{DoorStatus::kSampled, "D1-" + std::to_string(people_[h1a_.id][0].id), ""};
    EXPECT_EQ(field_->Complete(nurse, bedridden.task.id, wrong).error().field, "client_id");
    auto done = field_->Complete(other, elderly.task.id, wrong);
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_EQ(done->status, DoorStatus::kSampled);
    EXPECT_TRUE(done->scan_id);
    EXPECT_EQ(field_->Complete(other, elderly.task.id, not_home).error().code, ErrorCode::kFailedPrecondition);
    DoorOutcome unknown{DoorStatus::kSampled, "never-scanned", ""};
    EXPECT_EQ(field_->Complete(nurse, bedridden.task.id, unknown).error().field, "client_id");

    // A household task takes any member's scan (one tube per household in a sealed building).
    Fill(round, "H1", {people_[h2b_.id][1]}, &nurse);
    auto household = field_->Complete(
        nurse, home.task.id, DoorOutcome{DoorStatus::kSampled, "H1-" + std::to_string(people_[h2b_.id][1].id), ""});
    ASSERT_TRUE(household) << household.error().message;
    auto after = Tasks(xintie_worker_, round);
    EXPECT_EQ(Find(after, h2b_.id, std::nullopt)->household_remaining, 1);
    EXPECT_TRUE(Find(after, h1a_.id, people_[h1a_.id][0].id)->person_sampled);
    DoorTaskFilter open;
    open.status = DoorStatus::kOpen;
    EXPECT_EQ(Tasks(xintie_worker_, round, open).size(), 3u);  // bedridden, 3号楼's elderly, 2号楼 101

    // Paging: every task once, in (building, id) order.
    auto first = field_->List(xintie_worker_, round.id, {}, "", 3);
    ASSERT_TRUE(first && first->next_cursor);
    auto second = field_->List(xintie_worker_, round.id, {}, *first->next_cursor, 3);
    ASSERT_TRUE(second);
    EXPECT_FALSE(second->next_cursor);
    std::vector<DoorTaskRow> all = first->items;
    all.insert(all.end(), second->items.begin(), second->items.end());
    ASSERT_EQ(all.size(), 5u);
    for (std::size_t i = 1; i < all.size(); ++i)
        EXPECT_TRUE(all[i - 1].task.path < all[i].task.path ||
                    (all[i - 1].task.path == all[i].task.path && all[i - 1].task.id < all[i].task.id));
}

TEST_P(FieldWorkTest, CommittedScansAndExemptionsArePublishedAsCoverageChanges) {
    Round round = Active(Draft({xintie_.id}));
    MassTestService live(*WithCoverageEventsOwned(), *registry_, clock_);
    ASSERT_TRUE(live.Apply(xintie_worker_, round.id, OpenOf("T1")));
    const auto& home = people_[h1a_.id];
    ASSERT_TRUE(live.Apply(xintie_worker_, round.id, ScanOf("c1", "T1", home[0].id)));
    ASSERT_TRUE(live.Apply(xintie_worker_, round.id, ScanOf("c1", "T1", home[0].id)));  // a replay: no change
    ASSERT_TRUE(live.Apply(xintie_worker_, round.id, ScanOf("c2", "T1", home[0].id)));  // refused: no change
    ASSERT_TRUE(live.Exempt(xintie_worker_, round.id, home[1].id, ExemptionReason::kAway, ""));
    clock_.Advance(1000);
    ASSERT_TRUE(live.Exempt(xintie_worker_, round.id, home[1].id, ExemptionReason::kAway, ""));  // already
    ASSERT_TRUE(live.Unexempt(xintie_worker_, round.id, home[1].id));
    auto changes = events_.coverage();
    ASSERT_EQ(changes.size(), 3u);
    using Pair = std::pair<std::int64_t, std::int64_t>;  // (exempt, sampled)
    auto delta = [&](const CoverageChange& c, std::int64_t area) {
        for (const auto& a : c.areas)
            if (a.area_id == area) return Pair(a.exempt, a.sampled);
        return Pair(0, 0);
    };
    EXPECT_EQ(changes[0].round_id, round.id);
    EXPECT_EQ(delta(changes[0], b1_.id), Pair(0, 1));
    EXPECT_EQ(delta(changes[0], district_.id), Pair(0, 1));
    EXPECT_EQ(delta(changes[1], grid1_.id), Pair(1, 0));
    EXPECT_EQ(delta(changes[2], xintie_.id), Pair(-1, 0));
}

WANGGE_INSTANTIATE_BACKENDS(FieldWorkTest);

}  // namespace
}  // namespace wangge::storage::masstest_testing
