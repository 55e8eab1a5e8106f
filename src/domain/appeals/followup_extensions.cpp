// Extension requests (延期申请): asked by the claimer, decided by a manager, kept as ledger events.
#include "domain/appeals/event_detail.hpp"
#include "domain/appeals/followup_service.hpp"
#include "domain/appeals/service_checks.hpp"

namespace wangge::appeals {
namespace {

using auth::Caller;
using auth::Permission;

constexpr std::size_t kMaxReason = 500;
constexpr std::size_t kMaxDecisionNote = 1000;
constexpr EpochMillis kMaxAhead = 366LL * 24 * 3600 * 1000;
constexpr int kPendingLimit = 200;

bool IsClaimedWork(AppealStatus status) {
    return status == AppealStatus::kClaimed || status == AppealStatus::kInProgress;
}

// The claimer, or a manager (who records steps for committee members and colleagues), as for the
// workflow's claimer steps.
bool MayAsk(const Caller& caller, const Appeal& appeal) {
    if (caller.Can(Permission::kManageAppeals)) return true;
    return caller.Can(Permission::kRecordAppeal) && appeal.claimer.kind == ClaimerKind::kUser &&
           appeal.claimer.id == caller.user_id;
}

const Extension* PendingOf(const std::vector<Extension>& items) {
    for (auto it = items.rbegin(); it != items.rend(); ++it)
        if (it->status == ExtensionStatus::kPending) return &*it;
    return nullptr;
}

AppealEvent StepEvent(const Caller& caller, const Appeal& appeal, std::string_view action, EpochMillis at,
                      std::string note, const EventDetail& detail) {
    AppealEvent event;
    event.community_id = appeal.community_id;
    event.appeal_id = appeal.id;
    event.at = at;
    event.actor_id = caller.user_id;
    event.actor_name = internal::ActorName(caller);
    event.action = std::string(action);
    event.from_status = std::string(StatusName(appeal.status));
    event.to_status = event.from_status;
    event.note = std::move(note);
    event.detail = detail.Json();
    return event;
}

tl::unexpected<Error> NotPending(const Extension& x) {
    const std::string_view what = x.status == ExtensionStatus::kApproved  ? "已批准"
                                  : x.status == ExtensionStatus::kRefused ? "已驳回"
                                                                          : "已失效";
    return Fail(ErrorCode::kFailedPrecondition,
                "该延期申请" + std::string(what) + "，不能再审批 (the request is " +
                    std::string(ExtensionStatusName(x.status)) + ", not pending)",
                "extension");
}

}  // namespace

Result<Extension> AppealFollowupService::RequestExtension(const Caller& caller, std::int64_t appeal_id,
                                                          const ExtensionDraft& draft) {
    WANGGE_TRY(current, AppealInScope(caller, appeal_id));
    WANGGE_CHECK(internal::Require(caller, Permission::kRecordAppeal));
    if (!IsClaimedWork(current.status))
        return Fail(
            ErrorCode::kFailedPrecondition,
            "诉求当前为「" + std::string(StatusLabel(current.status)) +
                "」，只有已认领或办理中的诉求可以申请延期 (only claimed or in-progress appeals can be extended)",
            "status");
    if (!MayAsk(caller, current))
        return Fail(ErrorCode::kPermissionDenied,
                    "只有认领人或社区管理人员可以申请延期 (only the claimer or a manager may ask)");
    if (!current.due_at)
        return Fail(ErrorCode::kFailedPrecondition, "该诉求没有办理时限 (the appeal has no deadline)", "due_at");
    WANGGE_TRY(events, appeals_.ListEvents(current.id));
    if (PendingOf(ExtensionsFromEvents(events)))
        return Fail(ErrorCode::kFailedPrecondition,
                    "该诉求已有待审批的延期申请 (another extension request is waiting for a decision)", "extension");
    WANGGE_TRY(reason, internal::CleanText(draft.reason, "reason", kMaxReason, true));
    const EpochMillis now = clock_.Now();
    if (draft.due_at <= *current.due_at)
        return Fail(ErrorCode::kInvalidArgument, "新的期限须晚于当前期限 (due_at must be after the current deadline)",
                    "due_at");
    if (draft.due_at <= now)
        return Fail(ErrorCode::kInvalidArgument, "新的期限须晚于现在 (due_at must be in the future)", "due_at");
    if (draft.due_at > now + kMaxAhead)
        return Fail(ErrorCode::kInvalidArgument, "延期不能超过一年 (due_at must be within a year)", "due_at");

    Appeal next = current;
    next.updated_at = now;
    const AppealEvent event =
        StepEvent(caller, current, kRequestExtension, now, reason,
                  EventDetail().Add("requested_due_at", draft.due_at).Add("previous_due_at", *current.due_at));
    WANGGE_CHECK(appeals_.ApplyTransition(next, current.version, current.status, event));
    // The version check let nothing else in between, and no second request can follow while this one is
    // pending, so the last request of the appeal is this one.
    WANGGE_TRY(after, appeals_.ListEvents(current.id));
    auto items = ExtensionsFromEvents(after);
    if (items.empty()) return Fail(ErrorCode::kInternal, "extension request not found after writing it");
    return items.back();
}

Result<Extension> AppealFollowupService::DecideExtension(const Caller& caller, std::int64_t extension_id,
                                                         ExtensionDecision decision, const std::string& note) {
    WANGGE_CHECK(internal::Require(caller, Permission::kReadAppeals));
    auto request = repo_.GetEvent(extension_id);
    if (!request && request.error().code != ErrorCode::kNotFound) return Fail(request.error());
    if (!request || request->action != kRequestExtension) return internal::NotFound("延期申请", "extension");
    auto current = AppealInScope(caller, request->appeal_id);
    if (!current && current.error().code == ErrorCode::kNotFound) return internal::NotFound("延期申请", "extension");
    if (!current) return Fail(current.error());
    if (!caller.Can(Permission::kManageAppeals))
        return Fail(ErrorCode::kPermissionDenied,
                    "只有社区书记等管理人员可以审批延期申请 (only managers decide extension requests)");
    WANGGE_TRY(events, appeals_.ListEvents(current->id));
    const auto items = ExtensionsFromEvents(events);
    const Extension* found = nullptr;
    for (const auto& x : items)
        if (x.id == extension_id) found = &x;
    if (!found) return internal::NotFound("延期申请", "extension");
    Extension x = *found;
    if (x.status != ExtensionStatus::kPending) return NotPending(x);
    if (x.requested_by == caller.user_id)
        return Fail(ErrorCode::kPermissionDenied,
                    "不能审批自己提交的延期申请 (someone else must decide your own request)");
    WANGGE_TRY(clean_note, internal::CleanText(note, "note", kMaxDecisionNote, decision == ExtensionDecision::kRefuse));

    const EpochMillis now = clock_.Now();
    Appeal next = *current;
    next.updated_at = now;
    EventDetail detail;
    detail.Add("extension_id", x.id);
    if (decision == ExtensionDecision::kApprove) {
        if (current->due_at) detail.Add("previous_due_at", *current->due_at);
        next.due_at = x.requested_due_at;
        if (!next.due_from) next.due_from = now;
        detail.Add("due_at", x.requested_due_at);
    }
    const std::string_view action = decision == ExtensionDecision::kApprove ? kApproveExtension : kRefuseExtension;
    const AppealEvent event = StepEvent(caller, *current, action, now, clean_note, detail);
    WANGGE_CHECK(appeals_.ApplyTransition(next, current->version, current->status, event));

    x.status = decision == ExtensionDecision::kApprove ? ExtensionStatus::kApproved : ExtensionStatus::kRefused;
    x.decided_at = now;
    x.decided_by = caller.user_id;
    x.decided_by_name = internal::ActorName(caller);
    x.decision_note = clean_note;
    return x;
}

Result<AppealExtensions> AppealFollowupService::ListExtensions(const Caller& caller, std::int64_t appeal_id) {
    WANGGE_TRY(current, AppealInScope(caller, appeal_id));
    WANGGE_TRY(events, appeals_.ListEvents(current.id));
    AppealExtensions out;
    out.items = ExtensionsFromEvents(events);
    const Extension* pending = PendingOf(out.items);
    out.can_request = !pending && IsClaimedWork(current.status) && current.due_at.has_value() &&
                      caller.Can(Permission::kRecordAppeal) && MayAsk(caller, current);
    out.can_decide = pending && caller.Can(Permission::kManageAppeals) && pending->requested_by != caller.user_id;
    return out;
}

Result<std::vector<PendingExtension>> AppealFollowupService::PendingExtensions(const Caller& caller) {
    WANGGE_CHECK(internal::Require(caller, Permission::kReadAppeals));
    WANGGE_TRY(rows, repo_.ListPendingExtensions(caller.area_path, kPendingLimit));
    std::vector<PendingExtension> out;
    out.reserve(rows.size());
    for (auto& row : rows) out.push_back({ExtensionFromRequest(row.request), View(caller, std::move(row.appeal))});
    return out;
}

}  // namespace wangge::appeals
