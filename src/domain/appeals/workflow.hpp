#pragma once
// The appeal workflow as one explicit table: from-status × action → to-status, who may do it,
// and what else must hold. The service consults only this table, so the table is the workflow.
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "domain/appeals/appeal.hpp"
#include "domain/auth/user.hpp"

namespace wangge::appeals {

enum class Action {
    kRecord,  // intake: not a transition, but the first event of every appeal
    kTriage,
    kMarkNotResponsible,
    kEscalate,
    kClaim,
    kStart,
    kResolve,
    kReturn,
    kReport,
    kEvaluate,
    kClose,
    kReopen,
    kSuspend,
    kResume,
    kMerge,
    kReject,
};

std::string_view ActionName(Action action);   // "mark_not_responsible"
std::string_view ActionLabel(Action action);  // Chinese, for messages
std::optional<Action> ParseAction(std::string_view name);

// Who may take a step.
enum class Who {
    kManager,  // a role with kManageAppeals
    kHandler,  // a role with kRecordAppeal (claiming for oneself)
    kClaimer,  // the user who claimed it, or a manager acting for a member or a colleague
};

// A condition beyond the status.
enum class Guard {
    kNone,
    kAccepted,      // evaluated satisfied or basically satisfied
    kNotSatisfied,  // evaluated not satisfied
};

enum class Note { kOptional, kRequired };

struct Transition {
    AppealStatus from;
    Action action;
    std::optional<AppealStatus> to;  // nullopt: back to the status it was suspended from
    Who who;
    Guard guard = Guard::kNone;
    Note note = Note::kOptional;
};

// Every allowed step, in a stable order.
std::span<const Transition> TransitionTable();

// The row for `action` on `appeal` (status and guard), or nullptr when the step is illegal.
const Transition* FindTransition(const Appeal& appeal, Action action);

// Where the row leads for this appeal (resolves "back to where it was suspended from").
AppealStatus TargetStatus(const Transition& row, const Appeal& appeal);

// Whether `caller` is one the row's Who admits, for this appeal.
bool MayTake(const Transition& row, const auth::Caller& caller, const Appeal& appeal);

// The actions `caller` may take on `appeal` now, in table order, without duplicates.
std::vector<Action> AllowedActions(const Appeal& appeal, const auth::Caller& caller);

}  // namespace wangge::appeals
