// Contract suite, part 2: the optimistic lock under a real race, the ledger chain (intact under
// concurrent appends, broken by tampering), the big Party committee and the Party-day rule.
#include <atomic>
#include <latch>
#include <thread>

#include "storage/repositories/appeals/appeal_contract_fixture.hpp"

namespace wangge::storage::appeals_testing {
namespace {

class AppealLedgerTest : public AppealContractTest {};

TEST_P(AppealLedgerTest, ConcurrentClaimsExactlyOneWins) {
    for (int round = 0; round < 5; ++round) {
        auto a = Triaged(manager_, grid_);
        std::atomic<int> won = 0, aborted = 0;
        std::latch start(2);
        auto claim = [&](const Caller& who) {
            start.arrive_and_wait();
            auto r = Step(who, a, Action::kClaim);
            if (r)
                ++won;
            else if (r.error().code == ErrorCode::kAborted)
                ++aborted;
            else
                ADD_FAILURE() << r.error().message;
        };
        std::thread t1(claim, grid_worker_), t2(claim, other_grid_worker_);
        t1.join();
        t2.join();
        EXPECT_EQ(won.load(), 1);
        EXPECT_EQ(aborted.load(), 1);
        auto stored = repo_->GetAppeal(a.id);
        EXPECT_EQ(stored->version, a.version + 1);
        EXPECT_EQ(repo_->ListEvents(a.id)->size(), 3u) << "record, triage, one claim";
    }
    EXPECT_TRUE(VerifyLedgers(*repo_, xintie_.id)->front().ok());
}

TEST_P(AppealLedgerTest, ConcurrentStepsKeepTheCommunityChainIntact) {
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&, t] {
            for (int i = 0; i < 5; ++i) Record(t % 2 ? grid_worker_ : manager_, t % 2 ? grid_ : xintie_);
        });
    for (auto& t : threads) t.join();
    auto reports = VerifyLedgers(*repo_, std::nullopt);
    ASSERT_TRUE(reports);
    ASSERT_EQ(reports->size(), 1u);
    EXPECT_TRUE(reports->front().ok()) << reports->front().findings.front().message;
    EXPECT_EQ(reports->front().events, 20);
}

TEST_P(AppealLedgerTest, BigCommitteeMembersClaimAtTheMeeting) {
    MemberDraft draft{"李明", MemberKind::kPropertyManagement, "华光物业", "13900002222"};
    EXPECT_EQ(service_->AddMember(grid_worker_, xintie_.id, draft).error().code, ErrorCode::kNotFound)
        << "the community lies above the grid worker's scope";
    auto member = service_->AddMember(manager_, xintie_.id, draft);
    ASSERT_TRUE(member) << member.error().message;
    auto listed = service_->ListMembers(manager_, xintie_.id, false);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_EQ(listed->front().phone, "139****2222");
    EXPECT_EQ(service_->AddMember(manager_, grid_.id, draft).error().code, ErrorCode::kNotFound) << "not a community";

    auto a = Triaged(manager_, grid_, Track::kConsultative);
    auto by_grid = Step(grid_worker_, a, Action::kClaim, "", [&](auto& t) { t.member_id = member->id; });
    EXPECT_EQ(by_grid.error().code, ErrorCode::kPermissionDenied);
    a = Must(Step(manager_, a, Action::kClaim, "物业认领", [&](auto& t) { t.member_id = member->id; }));
    EXPECT_EQ(a.claimer.kind, ClaimerKind::kMember);
    EXPECT_EQ(a.claimer.name, "李明");

    MemberPatch patch;
    patch.unit_name = "红色物业";
    auto updated = service_->UpdateMember(manager_, member->id, member->version, patch);
    ASSERT_TRUE(updated);
    EXPECT_EQ(updated->unit_name, "红色物业");
    EXPECT_EQ(service_->UpdateMember(manager_, member->id, member->version, patch).error().code, ErrorCode::kAborted);
    ASSERT_TRUE(service_->RemoveMember(manager_, member->id));
    EXPECT_TRUE(service_->ListMembers(manager_, xintie_.id, false)->empty());
    EXPECT_EQ(service_->ListMembers(manager_, xintie_.id, true)->size(), 1u);
    auto b = Triaged(manager_, xintie_, Track::kConsultative);
    EXPECT_EQ(Step(manager_, b, Action::kClaim, "", [&](auto& t) { t.member_id = member->id; }).error().field,
              "member_id");
}

TEST_P(AppealLedgerTest, PartyDayRulePerCommunitySetsDeadlines) {
    auto defaults = service_->GetSettings(manager_, xintie_.id);
    ASSERT_TRUE(defaults);
    EXPECT_TRUE(defaults->is_default);
    EXPECT_EQ(defaults->next_party_day, (CivilDate{2022, 4, 29}));
    auto rule = MakePartyDayRule("day_of_month", 20);
    ASSERT_TRUE(service_->SetPartyDayRule(manager_, xintie_.id, *rule));
    EXPECT_EQ(service_->GetSettings(manager_, xintie_.id)->next_party_day, (CivilDate{2022, 4, 20}));
    EXPECT_EQ(service_->SetPartyDayRule(grid_worker_, xintie_.id, *rule).error().code, ErrorCode::kNotFound);
    auto a = Triaged(manager_, xintie_);
    EXPECT_EQ(*a.due_at, ChinaMidnight({2022, 4, 20}));
    EXPECT_TRUE(service_->GetSettings(huagong_manager_, huagong_.id)->is_default) << "per community";
}

TEST_P(AppealLedgerTest, TheVerifierNamesEditedAndRemovedEvents) {
    auto a = Triaged(manager_, grid_);
    Must(Step(grid_worker_, a, Action::kClaim, "我来"));
    ASSERT_TRUE(db().Write([](Connection& c) -> Status {
        WANGGE_CHECK(c.Exec("UPDATE appeal_events SET note = '没人认领' WHERE seq = 3"));
        return {};
    }));
    auto edited = VerifyLedgers(*repo_, std::nullopt);
    ASSERT_TRUE(edited);
    ASSERT_EQ(edited->front().findings.size(), 1u);
    EXPECT_EQ(edited->front().findings[0].problem, LedgerFinding::Problem::kEdited);
    EXPECT_EQ(edited->front().findings[0].seq, 3);
    EXPECT_EQ(edited->front().findings[0].appeal_id, a.id);

    ASSERT_TRUE(db().Write([](Connection& c) -> Status {
        WANGGE_CHECK(c.Exec("DELETE FROM appeal_events WHERE seq = 2"));
        return {};
    }));
    auto removed = VerifyLedgers(*repo_, xintie_.id);
    ASSERT_EQ(removed->front().findings.size(), 2u);
    EXPECT_EQ(removed->front().findings[0].problem, LedgerFinding::Problem::kRemoved);
    EXPECT_EQ(removed->front().findings[0].seq, 2);
}

WANGGE_INSTANTIATE_BACKENDS(AppealLedgerTest);

}  // namespace
}  // namespace wangge::storage::appeals_testing
