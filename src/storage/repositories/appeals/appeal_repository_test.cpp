// Contract suite, part 1: the appeal service over the SQL repositories on SQLite and PostgreSQL —
// the whole workflow, refusals, scope, listing and queues.
#include "storage/repositories/appeals/appeal_contract_fixture.hpp"

namespace wangge::storage::appeals_testing {
namespace {

class AppealWorkflowTest : public AppealContractTest {};

TEST_P(AppealWorkflowTest, CategoriesAreSeededInChinese) {
    auto categories = service_->ListCategories(manager_);
    ASSERT_TRUE(categories);
    ASSERT_EQ(categories->size(), 7u);
    EXPECT_EQ(categories->front().code, "facilities_repair");
    EXPECT_EQ(categories->front().name, "设施维修");
    EXPECT_EQ(categories->back().name, "其他");
}

TEST_P(AppealWorkflowTest, AWholeLifeFromDoorstepToClosedLeavesAVerifiedTimeline) {
    auto recorded = Record(grid_worker_, grid_);
    EXPECT_EQ(recorded.appeal.status, AppealStatus::kRecorded);
    EXPECT_EQ(recorded.appeal.community_id, xintie_.id);
    EXPECT_EQ(recorded.appeal.community_name, "新铁社区");
    EXPECT_EQ(recorded.appeal.area_name, "第1网格");
    auto a = recorded.appeal;
    a = Must(Step(manager_, a, Action::kTriage, "", [](auto& t) { t.track = Track::kImmediate; }));
    ASSERT_TRUE(a.due_at);
    EXPECT_EQ(*a.due_at, ChinaMidnight({2022, 4, 29}));
    a = Must(Step(grid_worker_, a, Action::kClaim, "我来"));
    EXPECT_EQ(a.claimer.kind, ClaimerKind::kUser);
    EXPECT_EQ(a.claimer.id, grid_worker_.user_id);
    a = Must(Step(grid_worker_, a, Action::kStart));
    a = Must(Step(grid_worker_, a, Action::kResolve, "已疏通"));
    a = Must(Step(manager_, a, Action::kReport));
    ASSERT_TRUE(a.reported_at);
    a = Must(Step(manager_, a, Action::kEvaluate, "", [](auto& t) { t.evaluation = Evaluation::kSatisfied; }));
    a = Must(Step(manager_, a, Action::kClose));
    EXPECT_EQ(a.status, AppealStatus::kClosed);
    EXPECT_EQ(a.version, 8);

    auto detail = service_->Get(manager_, a.id);
    ASSERT_TRUE(detail);
    std::vector<std::string> actions;
    for (const auto& e : detail->events) actions.push_back(e.action);
    EXPECT_EQ(actions, (std::vector<std::string>{"record", "triage", "claim", "start", "resolve", "report", "evaluate",
                                                 "close"}));
    EXPECT_EQ(detail->events[4].note, "已疏通");
    EXPECT_EQ(detail->events[4].actor_id, grid_worker_.user_id);
    EXPECT_EQ(detail->events[1].detail.find("\"track\":\"immediate\""), 1u);
    auto reports = VerifyLedgers(*repo_, xintie_.id);
    ASSERT_TRUE(reports);
    ASSERT_EQ(reports->size(), 1u);
    EXPECT_TRUE(reports->front().ok());
    EXPECT_EQ(reports->front().events, 8);
}

TEST_P(AppealWorkflowTest, NotSatisfiedReopensForASecondClaim) {
    auto a = Triaged(manager_, grid_, Track::kConsultative);
    a = Must(Step(grid_worker_, a, Action::kClaim));
    a = Must(Step(grid_worker_, a, Action::kResolve, "已处理"));
    a = Must(Step(manager_, a, Action::kReport));
    a = Must(Step(manager_, a, Action::kEvaluate, "", [](auto& t) { t.evaluation = Evaluation::kNotSatisfied; }));
    auto close = Step(manager_, a, Action::kClose);
    ASSERT_FALSE(close);
    EXPECT_EQ(close.error().code, ErrorCode::kFailedPrecondition);
    clock_.Advance(20 * kDay);
    a = Must(Step(manager_, a, Action::kReopen, "居民不满意"));
    EXPECT_EQ(a.status, AppealStatus::kTriaged);
    EXPECT_EQ(a.round, 2);
    EXPECT_EQ(a.claimer.kind, ClaimerKind::kNone);
    EXPECT_EQ(a.evaluation, Evaluation::kNone);
    EXPECT_EQ(*a.due_at, ChinaMidnight({2022, 6, 24})) << "reopened on 5-5: claimed 5-27, reported 6-24";
    a = Must(Step(other_grid_worker_, a, Action::kClaim));
    EXPECT_EQ(a.claimer.id, other_grid_worker_.user_id);
}

TEST_P(AppealWorkflowTest, ReturnSuspendResumeMergeAndReject) {
    auto a = Triaged(manager_, grid_);
    a = Must(Step(grid_worker_, a, Action::kClaim));
    auto no_reason = Step(grid_worker_, a, Action::kReturn);
    ASSERT_FALSE(no_reason);
    EXPECT_EQ(no_reason.error().field, "note");
    a = Must(Step(grid_worker_, a, Action::kReturn, "不在我的网格"));
    EXPECT_EQ(a.status, AppealStatus::kTriaged);
    EXPECT_EQ(a.claimer.kind, ClaimerKind::kNone);

    a = Must(Step(grid_worker_, a, Action::kClaim));
    a = Must(Step(grid_worker_, a, Action::kStart));
    a = Must(Step(manager_, a, Action::kSuspend, "等待施工队"));
    EXPECT_EQ(a.suspended_from, AppealStatus::kInProgress);
    a = Must(Step(manager_, a, Action::kResume));
    EXPECT_EQ(a.status, AppealStatus::kInProgress);
    EXPECT_FALSE(a.suspended_from);

    auto b = Record(manager_, xintie_, "同一个下水井");
    auto self = Step(manager_, b.appeal, Action::kMerge, "", [&](auto& t) { t.into_id = b.appeal.id; });
    EXPECT_EQ(self.error().field, "into_id");
    auto merged = Must(Step(manager_, b.appeal, Action::kMerge, "重复", [&](auto& t) { t.into_id = a.id; }));
    EXPECT_EQ(merged.status, AppealStatus::kMerged);
    EXPECT_EQ(merged.merged_into_id, a.id);

    auto c = Record(manager_, xintie_, "要求拆除邻居合法建筑");
    auto rejected = Must(Step(manager_, c.appeal, Action::kReject, "无事实依据"));
    EXPECT_EQ(rejected.status, AppealStatus::kRejected);
    auto d = Record(manager_, xintie_, "区级道路改造");
    EXPECT_EQ(Must(Step(manager_, d.appeal, Action::kEscalate, "需街道协调")).status, AppealStatus::kEscalated);
}

TEST_P(AppealWorkflowTest, IllegalStepsWrongRolesAndStaleVersionsAreRefused) {
    auto a = Record(grid_worker_, grid_).appeal;
    auto illegal = Step(manager_, a, Action::kResolve, "已办");
    ASSERT_FALSE(illegal);
    EXPECT_EQ(illegal.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_NE(illegal.error().message.find("已登记"), std::string::npos);
    EXPECT_NE(illegal.error().message.find("cannot resolve an appeal that is recorded"), std::string::npos);

    auto grid_triage = Step(grid_worker_, a, Action::kTriage, "", [](auto& t) { t.track = Track::kImmediate; });
    EXPECT_EQ(grid_triage.error().code, ErrorCode::kPermissionDenied);
    auto no_track = Step(manager_, a, Action::kTriage);
    EXPECT_EQ(no_track.error().field, "track");

    a = Must(Step(manager_, a, Action::kTriage, "", [](auto& t) { t.track = Track::kImmediate; }));
    a = Must(Step(grid_worker_, a, Action::kClaim));
    EXPECT_EQ(Step(other_grid_worker_, a, Action::kStart).error().code, ErrorCode::kPermissionDenied);
    Appeal stale = a;
    stale.version -= 1;
    EXPECT_EQ(Step(grid_worker_, stale, Action::kStart).error().code, ErrorCode::kAborted);
}

TEST_P(AppealWorkflowTest, AnotherCommunityIsInvisible) {
    auto a = Record(manager_, xintie_).appeal;
    EXPECT_EQ(service_->Get(huagong_manager_, a.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(Step(huagong_manager_, a, Action::kTriage, "", [](auto& t) { t.track = Track::kImmediate; }).error().code,
              ErrorCode::kNotFound);
    EXPECT_TRUE(service_->List(huagong_manager_, {})->items.empty());
    AppealFilter into_xintie;
    into_xintie.area_id = xintie_.id;
    EXPECT_EQ(service_->List(huagong_manager_, into_xintie).error().code, ErrorCode::kNotFound);
    AppealDraft d;
    d.area_id = xintie_.id;
    d.category_id = category_;
    d.description = "x";
    EXPECT_EQ(service_->Record(huagong_manager_, d).error().field, "area_id");
    EXPECT_EQ(service_->ListMembers(huagong_manager_, xintie_.id, false).error().code, ErrorCode::kNotFound);
    // The grid worker sees the grid's appeals, not the community-level one.
    Record(grid_worker_, grid_);
    EXPECT_EQ(service_->List(grid_worker_, {})->items.size(), 1u);
    EXPECT_EQ(service_->List(manager_, {})->items.size(), 2u);
}

TEST_P(AppealWorkflowTest, ListFiltersAndPages) {
    auto first = Triaged(manager_, xintie_);
    for (int i = 0; i < 4; ++i) Record(manager_, xintie_, "第" + std::to_string(i) + "件");
    AppealFilter f;
    f.limit = 2;
    auto p1 = service_->List(manager_, f);
    ASSERT_TRUE(p1 && p1->next_cursor);
    EXPECT_GT(p1->items[0].appeal.id, p1->items[1].appeal.id) << "newest first";
    f.cursor = *p1->next_cursor;
    auto p2 = service_->List(manager_, f);
    f.cursor = *p2->next_cursor;
    auto p3 = service_->List(manager_, f);
    ASSERT_TRUE(p3);
    EXPECT_EQ(p3->items.size(), 1u);
    EXPECT_FALSE(p3->next_cursor);
    EXPECT_EQ(p3->items[0].appeal.id, first.id);

    AppealFilter by;
    by.status = AppealStatus::kTriaged;
    EXPECT_EQ(service_->List(manager_, by)->items.size(), 1u);
    by = {};
    by.track = Track::kImmediate;
    by.channel = Channel::kGridVisit;
    by.category_id = category_;
    auto filtered = service_->List(manager_, by);
    ASSERT_TRUE(filtered) << filtered.error().message;
    EXPECT_EQ(filtered->items.size(), 1u);
    by = {};
    by.overdue = true;
    EXPECT_TRUE(service_->List(manager_, by)->items.empty());
    clock_.Advance(30 * kDay);
    EXPECT_EQ(service_->List(manager_, by)->items.size(), 1u);
    by.cursor = "garbage";
    EXPECT_EQ(service_->List(manager_, by).error().field, "cursor");
}

TEST_P(AppealWorkflowTest, OverdueQueueAndMyClaimsWithBands) {
    auto a = Triaged(manager_, xintie_);  // due 04-29 00:00, set 04-15
    auto b = Triaged(manager_, grid_);
    b = Must(Step(grid_worker_, b, Action::kClaim));
    auto mine = service_->MyClaims(grid_worker_);
    ASSERT_TRUE(mine);
    ASSERT_EQ(mine->size(), 1u);
    EXPECT_EQ((*mine)[0].appeal.id, b.id);
    EXPECT_EQ((*mine)[0].band, Band::kGreen);
    EXPECT_TRUE(service_->Overdue(manager_, xintie_.id)->empty());
    clock_.Set(ChinaMidnight({2022, 4, 27}));
    EXPECT_EQ(service_->MyClaims(grid_worker_)->front().band, Band::kAmber);
    clock_.Set(ChinaMidnight({2022, 4, 29}) + 1);
    auto overdue = service_->Overdue(manager_, xintie_.id);
    ASSERT_TRUE(overdue);
    EXPECT_EQ(overdue->size(), 2u);
    EXPECT_EQ(overdue->front().band, Band::kRed);
    EXPECT_EQ(service_->Overdue(grid_worker_, std::nullopt)->size(), 1u) << "the grid's only";
    EXPECT_EQ(service_->Overdue(huagong_manager_, std::nullopt)->size(), 0u);
    Must(Step(grid_worker_, b, Action::kResolve, "修好了"));
    EXPECT_TRUE(service_->MyClaims(grid_worker_)->empty());
    EXPECT_EQ(service_->Overdue(manager_, std::nullopt)->size(), 1u);
    (void)a;
}

WANGGE_INSTANTIATE_BACKENDS(AppealWorkflowTest);

}  // namespace
}  // namespace wangge::storage::appeals_testing
