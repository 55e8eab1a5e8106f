// AppealService::Perform: one workflow step, driven by the transition table in workflow.cpp.
#include "domain/appeals/appeal_service.hpp"
#include "domain/appeals/service_checks.hpp"

namespace wangge::appeals {
namespace {

using auth::Caller;
using auth::Permission;

constexpr std::size_t kMaxNote = 1000;

tl::unexpected<Error> Illegal(const Appeal& appeal, Action action) {
    return Fail(ErrorCode::kFailedPrecondition,
                "诉求当前为「" + std::string(StatusLabel(appeal.status)) + "」，不能「" +
                    std::string(ActionLabel(action)) + "」 (cannot " + std::string(ActionName(action)) +
                    " an appeal that is " + std::string(StatusName(appeal.status)) + ")",
                "action");
}

tl::unexpected<Error> Missing(std::string_view chinese, std::string_view field) {
    return Fail(ErrorCode::kInvalidArgument,
                "请填写" + std::string(chinese) + " (" + std::string(field) + " is required)", std::string(field));
}

}  // namespace

Result<AppealView> AppealService::Perform(const Caller& caller, std::int64_t id, const TransitionRequest& request) {
    WANGGE_TRY(current, AppealInScope(caller, id));
    // Version first: a caller who lost a race learns that, not that the new status forbids the step.
    if (request.version != current.version)
        return Fail(ErrorCode::kAborted, "该诉求已被他人更新，请刷新后重试 (the appeal changed since you loaded it)",
                    "version");
    const Transition* row = FindTransition(current, request.action);
    if (!row) return Illegal(current, request.action);
    if (!MayTake(*row, caller, current))
        return Fail(ErrorCode::kPermissionDenied, "您无权对该诉求执行此操作 (you may not take this step)");
    WANGGE_TRY(note, internal::CleanText(request.note, "note", kMaxNote, row->note == Note::kRequired));

    Appeal next = current;
    next.status = TargetStatus(*row, current);
    EventDetail detail;
    TransitionRequest cleaned = request;
    cleaned.note = note;
    WANGGE_CHECK(ApplyAction(caller, cleaned, current.status, next, detail));
    next.updated_at = clock_.Now();

    AppealEvent event;
    event.community_id = current.community_id;
    event.appeal_id = current.id;
    event.at = next.updated_at;
    event.actor_id = caller.user_id;
    event.actor_name = internal::ActorName(caller);
    event.action = ActionName(request.action);
    event.from_status = StatusName(current.status);
    event.to_status = StatusName(next.status);
    event.note = std::move(note);
    event.detail = detail.Json();
    WANGGE_TRY(stored, repo_.ApplyTransition(next, current.version, current.status, event));
    return View(caller, std::move(stored));
}

// What a step changes besides the status; `appeal` already has the target status.
Status AppealService::ApplyAction(const Caller& caller, const TransitionRequest& request, AppealStatus from,
                                  Appeal& appeal, EventDetail& detail) {
    const EpochMillis now = clock_.Now();
    const auto set_deadline = [&]() -> Status {
        WANGGE_TRY(rule, RuleFor(appeal.community_id));
        appeal.due_at = DueAt(rule, appeal.track, now);
        appeal.due_from = now;
        if (appeal.due_at) detail.Add("due_at", *appeal.due_at);
        return {};
    };
    const auto clear_claim = [&] {
        if (appeal.claimer.kind != ClaimerKind::kNone) detail.Add("previous_claimer", appeal.claimer.name);
        appeal.claimer = Claimer{};
    };

    switch (request.action) {
        case Action::kRecord:
            return Fail(ErrorCode::kInternal, "record is not a transition");
        case Action::kTriage:
            if (!request.track || *request.track == Track::kNone) return Missing("办理方式", "track");
            appeal.track = *request.track;
            detail.Add("track", TrackName(appeal.track));
            return set_deadline();
        case Action::kClaim:
            if (request.member_id) {
                if (!caller.Can(Permission::kManageAppeals))
                    return Fail(ErrorCode::kPermissionDenied,
                                "只有社区管理人员可代大党委成员认领 (only managers record a member's claim)");
                auto member = repo_.GetMember(*request.member_id);
                if (!member || !member->active || member->community_id != appeal.community_id)
                    return Fail(ErrorCode::kInvalidArgument, "大党委成员不存在 (no such committee member)",
                                "member_id");
                appeal.claimer = Claimer{ClaimerKind::kMember, member->id, member->name};
                detail.Add("member_id", member->id);
            } else {
                appeal.claimer = Claimer{ClaimerKind::kUser, caller.user_id, internal::ActorName(caller)};
                detail.Add("user_id", caller.user_id);
            }
            detail.Add("claimer", appeal.claimer.name);
            // Claimed at a Party-day session (set only by PartySessionService, which checked it).
            if (request.session_id) detail.Add("session_id", *request.session_id);
            return {};
        case Action::kResolve:
            appeal.resolved_at = now;
            return {};
        case Action::kReturn:
            clear_claim();
            return {};
        case Action::kReport:
            appeal.reported_at = now;
            appeal.session_id = request.session_id;
            if (request.session_id) detail.Add("session_id", *request.session_id);
            return {};
        case Action::kEvaluate:
            if (!request.evaluation || *request.evaluation == Evaluation::kNone) return Missing("评价", "evaluation");
            appeal.evaluation = *request.evaluation;
            detail.Add("evaluation", EvaluationName(appeal.evaluation));
            return {};
        case Action::kReopen:
            // A second claim from scratch; the first round stays in the timeline.
            ++appeal.round;
            detail.Add("round", appeal.round);
            clear_claim();
            appeal.evaluation = Evaluation::kNone;
            appeal.resolved_at.reset();
            appeal.reported_at.reset();
            appeal.session_id.reset();
            return set_deadline();
        case Action::kSuspend:
            // The table only allows suspending from a live status, which `resume` returns to.
            appeal.suspended_from = from;
            return {};
        case Action::kResume:
            appeal.suspended_from.reset();
            return {};
        case Action::kMerge: {
            if (!request.into_id) return Missing("合并目标", "into_id");
            auto target = repo_.GetAppeal(*request.into_id);
            if (!target || target->id == appeal.id || target->community_id != appeal.community_id ||
                IsTerminal(target->status))
                return Fail(ErrorCode::kInvalidArgument,
                            "合并目标须为本社区另一件未结诉求 (merge into another open appeal of the community)",
                            "into_id");
            appeal.merged_into_id = target->id;
            detail.Add("into_id", target->id);
            return {};
        }
        case Action::kStart:
        case Action::kClose:
        case Action::kEscalate:
        case Action::kMarkNotResponsible:
        case Action::kReject:
            return {};
    }
    return {};
}

}  // namespace wangge::appeals
