#include "domain/appeals/workflow.hpp"

#include <algorithm>
#include <array>

namespace wangge::appeals {
namespace {

using A = Action;
using S = AppealStatus;

struct ActionInfo {
    Action action;
    std::string_view name;
    std::string_view label;
};

constexpr std::array<ActionInfo, 16> kActions = {{
    {A::kRecord, "record", "登记"},
    {A::kTriage, "triage", "分类"},
    {A::kMarkNotResponsible, "mark_not_responsible", "认定非职责范围"},
    {A::kEscalate, "escalate", "上报街道"},
    {A::kClaim, "claim", "认领"},
    {A::kStart, "start", "开始办理"},
    {A::kResolve, "resolve", "办结"},
    {A::kReturn, "return", "退单"},
    {A::kReport, "report", "通报"},
    {A::kEvaluate, "evaluate", "评价"},
    {A::kClose, "close", "关闭"},
    {A::kReopen, "reopen", "重新办理"},
    {A::kSuspend, "suspend", "挂起"},
    {A::kResume, "resume", "恢复"},
    {A::kMerge, "merge", "合并"},
    {A::kReject, "reject", "不予受理"},
}};

constexpr Who kManager = Who::kManager;
constexpr Who kHandler = Who::kHandler;
constexpr Who kClaimer = Who::kClaimer;
constexpr Note kNoteRequired = Note::kRequired;

// The workflow. Reasons are required wherever an appeal leaves the normal path (not responsible,
// escalated, returned, suspended, rejected) and where work is declared done, so that the ledger
// always says why — "every case lands somewhere".
constexpr Transition kTable[] = {
    {S::kRecorded, A::kTriage, S::kTriaged, kManager},
    {S::kEscalated, A::kTriage, S::kTriaged, kManager},
    {S::kTriaged, A::kTriage, S::kTriaged, kManager},  // change the track before anyone claims it
    {S::kRecorded, A::kMarkNotResponsible, S::kNotResponsible, kManager, Guard::kNone, kNoteRequired},
    {S::kEscalated, A::kMarkNotResponsible, S::kNotResponsible, kManager, Guard::kNone, kNoteRequired},
    {S::kRecorded, A::kEscalate, S::kEscalated, kManager, Guard::kNone, kNoteRequired},
    {S::kTriaged, A::kEscalate, S::kEscalated, kManager, Guard::kNone, kNoteRequired},
    {S::kTriaged, A::kClaim, S::kClaimed, kHandler},
    {S::kClaimed, A::kStart, S::kInProgress, kClaimer},
    {S::kClaimed, A::kResolve, S::kResolved, kClaimer, Guard::kNone, kNoteRequired},
    {S::kInProgress, A::kResolve, S::kResolved, kClaimer, Guard::kNone, kNoteRequired},
    {S::kClaimed, A::kReturn, S::kTriaged, kClaimer, Guard::kNone, kNoteRequired},
    {S::kInProgress, A::kReturn, S::kTriaged, kClaimer, Guard::kNone, kNoteRequired},
    {S::kResolved, A::kReport, S::kReported, kManager},
    {S::kReported, A::kEvaluate, S::kEvaluated, kManager},
    {S::kEvaluated, A::kClose, S::kClosed, kManager, Guard::kAccepted},
    {S::kEvaluated, A::kReopen, S::kTriaged, kManager, Guard::kNotSatisfied},
    {S::kRecorded, A::kSuspend, S::kSuspended, kManager, Guard::kNone, kNoteRequired},
    {S::kTriaged, A::kSuspend, S::kSuspended, kManager, Guard::kNone, kNoteRequired},
    {S::kClaimed, A::kSuspend, S::kSuspended, kManager, Guard::kNone, kNoteRequired},
    {S::kInProgress, A::kSuspend, S::kSuspended, kManager, Guard::kNone, kNoteRequired},
    {S::kSuspended, A::kResume, std::nullopt, kManager},
    {S::kRecorded, A::kMerge, S::kMerged, kManager},
    {S::kEscalated, A::kMerge, S::kMerged, kManager},
    {S::kTriaged, A::kMerge, S::kMerged, kManager},
    {S::kRecorded, A::kReject, S::kRejected, kManager, Guard::kNone, kNoteRequired},
    {S::kEscalated, A::kReject, S::kRejected, kManager, Guard::kNone, kNoteRequired},
    {S::kTriaged, A::kReject, S::kRejected, kManager, Guard::kNone, kNoteRequired},
};

bool GuardHolds(Guard guard, const Appeal& appeal) {
    switch (guard) {
        case Guard::kNone:
            return true;
        case Guard::kAccepted:
            return appeal.evaluation == Evaluation::kSatisfied || appeal.evaluation == Evaluation::kBasicallySatisfied;
        case Guard::kNotSatisfied:
            return appeal.evaluation == Evaluation::kNotSatisfied;
    }
    return false;
}

}  // namespace

std::string_view ActionName(Action action) {
    for (const auto& a : kActions)
        if (a.action == action) return a.name;
    return "";
}

std::string_view ActionLabel(Action action) {
    for (const auto& a : kActions)
        if (a.action == action) return a.label;
    return "";
}

std::optional<Action> ParseAction(std::string_view name) {
    for (const auto& a : kActions)
        if (a.name == name) return a.action;
    return std::nullopt;
}

std::span<const Transition> TransitionTable() { return kTable; }

const Transition* FindTransition(const Appeal& appeal, Action action) {
    for (const auto& row : kTable)
        if (row.from == appeal.status && row.action == action && GuardHolds(row.guard, appeal)) return &row;
    return nullptr;
}

AppealStatus TargetStatus(const Transition& row, const Appeal& appeal) {
    if (row.to) return *row.to;
    // A suspended appeal always knows where it came from; recorded is the safe start if it did not.
    return appeal.suspended_from.value_or(AppealStatus::kRecorded);
}

bool MayTake(const Transition& row, const auth::Caller& caller, const Appeal& appeal) {
    switch (row.who) {
        case Who::kManager:
            return caller.Can(auth::Permission::kManageAppeals);
        case Who::kHandler:
            return caller.Can(auth::Permission::kRecordAppeal);
        case Who::kClaimer:
            if (caller.Can(auth::Permission::kManageAppeals)) return true;
            return caller.Can(auth::Permission::kRecordAppeal) && appeal.claimer.kind == ClaimerKind::kUser &&
                   appeal.claimer.id == caller.user_id;
    }
    return false;
}

std::vector<Action> AllowedActions(const Appeal& appeal, const auth::Caller& caller) {
    std::vector<Action> out;
    for (const auto& row : kTable) {
        if (row.from != appeal.status || !GuardHolds(row.guard, appeal) || !MayTake(row, caller, appeal)) continue;
        if (std::find(out.begin(), out.end(), row.action) == out.end()) out.push_back(row.action);
    }
    return out;
}

}  // namespace wangge::appeals
