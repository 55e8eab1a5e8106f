// The workflow table, exhaustively: every status × action is either exactly the step the issue
// describes or illegal; who may take each step; guards on the evaluation.
#include "domain/appeals/workflow.hpp"

#include <gtest/gtest.h>

#include <map>
#include <set>

namespace wangge::appeals {
namespace {

using auth::Caller;
using auth::Role;

const std::vector<Action> kAllActions = {Action::kRecord,   Action::kTriage, Action::kMarkNotResponsible,
                                         Action::kEscalate, Action::kClaim,  Action::kStart,
                                         Action::kResolve,  Action::kReturn, Action::kReport,
                                         Action::kEvaluate, Action::kClose,  Action::kReopen,
                                         Action::kSuspend,  Action::kResume, Action::kMerge,
                                         Action::kReject};

// The steps as the issue states them, written out independently of the table.
const std::map<std::string, std::string> kExpected = {
    {"recorded/triage", "triaged"},
    {"escalated/triage", "triaged"},
    {"triaged/triage", "triaged"},
    {"recorded/mark_not_responsible", "not_responsible"},
    {"escalated/mark_not_responsible", "not_responsible"},
    {"recorded/escalate", "escalated"},
    {"triaged/escalate", "escalated"},
    {"triaged/claim", "claimed"},
    {"claimed/start", "in_progress"},
    {"claimed/resolve", "resolved"},
    {"in_progress/resolve", "resolved"},
    {"claimed/return", "triaged"},
    {"in_progress/return", "triaged"},
    {"resolved/report", "reported"},
    {"reported/evaluate", "evaluated"},
    {"evaluated/close", "closed"},
    {"evaluated/reopen", "triaged"},
    {"recorded/suspend", "suspended"},
    {"triaged/suspend", "suspended"},
    {"claimed/suspend", "suspended"},
    {"in_progress/suspend", "suspended"},
    {"suspended/resume", "(previous)"},
    {"recorded/merge", "merged"},
    {"escalated/merge", "merged"},
    {"triaged/merge", "merged"},
    {"recorded/reject", "rejected"},
    {"escalated/reject", "rejected"},
    {"triaged/reject", "rejected"},
};

Appeal At(AppealStatus status, Evaluation evaluation = Evaluation::kNone) {
    Appeal a;
    a.status = status;
    a.evaluation = evaluation;
    return a;
}

Caller As(Role role, std::int64_t user_id = 7) { return Caller{user_id, "u", "用户", role, 1, "/1/"}; }

TEST(Workflow, EveryStatusTimesEveryActionIsExactlyTheSpecifiedStep) {
    int legal = 0;
    for (AppealStatus status : AllStatuses()) {
        for (Action action : kAllActions) {
            const std::string key = std::string(StatusName(status)) + "/" + std::string(ActionName(action));
            // The evaluation guards: try all evaluations; a step is legal when some evaluation allows it.
            std::set<std::string> targets;
            for (Evaluation e : {Evaluation::kNone, Evaluation::kSatisfied, Evaluation::kBasicallySatisfied,
                                 Evaluation::kNotSatisfied}) {
                const Transition* row = FindTransition(At(status, e), action);
                if (row) targets.insert(row->to ? std::string(StatusName(*row->to)) : "(previous)");
            }
            auto it = kExpected.find(key);
            if (it == kExpected.end()) {
                EXPECT_TRUE(targets.empty()) << key << " should be illegal";
            } else {
                ++legal;
                EXPECT_EQ(targets, std::set<std::string>{it->second}) << key;
            }
        }
    }
    EXPECT_EQ(legal, static_cast<int>(kExpected.size()));
    EXPECT_EQ(TransitionTable().size(), kExpected.size()) << "one row per step";
}

TEST(Workflow, TerminalStatusesAllowNothing) {
    for (AppealStatus s : AllStatuses()) {
        if (!IsTerminal(s)) continue;
        for (Action a : kAllActions) EXPECT_EQ(FindTransition(At(s), a), nullptr) << StatusName(s);
    }
}

TEST(Workflow, EvaluationDecidesBetweenCloseAndReopen) {
    for (Evaluation e : {Evaluation::kSatisfied, Evaluation::kBasicallySatisfied}) {
        EXPECT_NE(FindTransition(At(AppealStatus::kEvaluated, e), Action::kClose), nullptr);
        EXPECT_EQ(FindTransition(At(AppealStatus::kEvaluated, e), Action::kReopen), nullptr);
    }
    EXPECT_EQ(FindTransition(At(AppealStatus::kEvaluated, Evaluation::kNotSatisfied), Action::kClose), nullptr);
    EXPECT_NE(FindTransition(At(AppealStatus::kEvaluated, Evaluation::kNotSatisfied), Action::kReopen), nullptr);
}

TEST(Workflow, ResumeReturnsWhereItWasSuspendedFrom) {
    Appeal a = At(AppealStatus::kSuspended);
    a.suspended_from = AppealStatus::kInProgress;
    const Transition* row = FindTransition(a, Action::kResume);
    ASSERT_NE(row, nullptr);
    EXPECT_EQ(TargetStatus(*row, a), AppealStatus::kInProgress);
}

TEST(Workflow, ReasonsAreRequiredWhereAnAppealLeavesTheNormalPath) {
    for (Action a : {Action::kMarkNotResponsible, Action::kEscalate, Action::kReturn, Action::kSuspend, Action::kReject,
                     Action::kResolve})
        for (const auto& row : TransitionTable()) {
            if (row.action == a) {
                EXPECT_EQ(row.note, Note::kRequired) << ActionName(a);
            }
        }
}

TEST(Workflow, WhoMayTakeEachStep) {
    Appeal triaged = At(AppealStatus::kTriaged);
    const Transition* claim = FindTransition(triaged, Action::kClaim);
    const Transition* triage = FindTransition(triaged, Action::kTriage);
    ASSERT_TRUE(claim && triage);
    EXPECT_TRUE(MayTake(*claim, As(Role::kGridWorker), triaged));
    EXPECT_FALSE(MayTake(*triage, As(Role::kGridWorker), triaged));
    EXPECT_TRUE(MayTake(*triage, As(Role::kCommunityWorker), triaged));
    EXPECT_TRUE(MayTake(*triage, As(Role::kPartySecretary), triaged));
    EXPECT_TRUE(MayTake(*triage, As(Role::kStreetOfficer), triaged));
    for (Role r : {Role::kVolunteer, Role::kInspector, Role::kSampler, Role::kLabTechnician, Role::kCityAdmin}) {
        EXPECT_FALSE(MayTake(*claim, As(r), triaged)) << auth::RoleName(r);
        EXPECT_FALSE(MayTake(*triage, As(r), triaged)) << auth::RoleName(r);
    }

    Appeal claimed = At(AppealStatus::kClaimed);
    claimed.claimer = Claimer{ClaimerKind::kUser, 7, "用户"};
    const Transition* start = FindTransition(claimed, Action::kStart);
    ASSERT_TRUE(start);
    EXPECT_TRUE(MayTake(*start, As(Role::kGridWorker, 7), claimed)) << "the claimer";
    EXPECT_FALSE(MayTake(*start, As(Role::kGridWorker, 8), claimed)) << "another grid worker";
    EXPECT_TRUE(MayTake(*start, As(Role::kCommunityWorker, 8), claimed)) << "a manager acts for anyone";
    claimed.claimer = Claimer{ClaimerKind::kMember, 7, "物业"};
    EXPECT_FALSE(MayTake(*start, As(Role::kGridWorker, 7), claimed)) << "member 7 is not user 7";
}

TEST(Workflow, AllowedActionsFollowTheTableAndTheCaller) {
    Appeal claimed = At(AppealStatus::kClaimed);
    claimed.claimer = Claimer{ClaimerKind::kUser, 7, "用户"};
    auto mine = AllowedActions(claimed, As(Role::kGridWorker, 7));
    EXPECT_EQ(mine, (std::vector<Action>{Action::kStart, Action::kResolve, Action::kReturn}));
    auto manager = AllowedActions(claimed, As(Role::kCommunityWorker, 9));
    EXPECT_EQ(manager, (std::vector<Action>{Action::kStart, Action::kResolve, Action::kReturn, Action::kSuspend}));
    EXPECT_TRUE(AllowedActions(claimed, As(Role::kGridWorker, 8)).empty());
}

TEST(Workflow, NamesRoundTrip) {
    for (Action a : kAllActions) EXPECT_EQ(ParseAction(ActionName(a)), a);
    for (AppealStatus s : AllStatuses()) EXPECT_EQ(ParseStatus(StatusName(s)), s);
    for (Channel c : AllChannels()) EXPECT_EQ(ParseChannel(ChannelName(c)), c);
    EXPECT_EQ(AllChannels().size(), 8u);
    EXPECT_FALSE(ParseTrack(""));
    EXPECT_EQ(ParseMemberKind("owners_committee"), MemberKind::kOwnersCommittee);
    EXPECT_FALSE(ParseAction("teleport"));
}

}  // namespace
}  // namespace wangge::appeals
