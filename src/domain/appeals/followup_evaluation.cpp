// Public evaluation links: staff create a one-appeal, one-use, expiring token; the resident holding it
// sees the result (no personal data) and rates it through the workflow's "evaluate" step.
#include "domain/appeals/event_detail.hpp"
#include "domain/appeals/followup_service.hpp"
#include "domain/appeals/service_checks.hpp"
#include "domain/appeals/workflow.hpp"
#include "domain/auth/auth_service.hpp"

namespace wangge::appeals {
namespace {

using auth::Caller;
using auth::Permission;

constexpr std::size_t kMaxComment = 500;
// How the resident appears in the ledger: no user, no name.
constexpr std::string_view kResidentActor = "居民（评价链接）";

bool MayLink(AppealStatus status) { return status == AppealStatus::kResolved || status == AppealStatus::kReported; }

tl::unexpected<Error> UnknownLink() {
    return Fail(ErrorCode::kNotFound, "评价链接无效，请核对链接或联系社区 (unknown evaluation link)", "token");
}

tl::unexpected<Error> GoneLink(LinkState state) {
    switch (state) {
        case LinkState::kUsed:
            return Fail(ErrorCode::kFailedPrecondition, "该评价链接已使用，感谢您的评价 (this link was already used)",
                        "token");
        case LinkState::kExpired:
            return Fail(ErrorCode::kFailedPrecondition, "该评价链接已过期，请联系社区重新获取 (this link has expired)",
                        "token");
        case LinkState::kRevoked:
            return Fail(ErrorCode::kFailedPrecondition,
                        "该评价链接已失效，社区已生成新的链接 (this link was replaced by a newer one)", "token");
        case LinkState::kActive:
            break;
    }
    return Fail(ErrorCode::kInternal, "an active link is not gone");
}

}  // namespace

Result<CreatedEvaluationLink> AppealFollowupService::CreateEvaluationLink(const Caller& caller,
                                                                          std::int64_t appeal_id) {
    WANGGE_TRY(appeal, AppealInScope(caller, appeal_id));
    WANGGE_CHECK(internal::Require(caller, Permission::kManageAppeals));
    if (!MayLink(appeal.status))
        return Fail(ErrorCode::kFailedPrecondition,
                    "诉求当前为「" + std::string(StatusLabel(appeal.status)) +
                        "」，只有已办结或已通报的诉求可以生成评价链接 (only resolved or reported appeals)",
                    "status");
    const EpochMillis now = clock_.Now();
    CreatedEvaluationLink out;
    out.token = auth::RandomToken().substr(0, 32);  // 128 bits
    EvaluationLink link;
    link.appeal_id = appeal.id;
    link.token_hash = auth::Sha256Hex(out.token);
    link.created_by = caller.user_id;
    link.created_by_name = internal::ActorName(caller);
    link.created_at = now;
    link.expires_at = now + kEvaluationLinkTtl;
    WANGGE_TRY(created, repo_.CreateEvaluationLink(link));
    out.link = std::move(created);
    return out;
}

Result<EvaluationLinkStatus> AppealFollowupService::GetEvaluationLinkStatus(const Caller& caller,
                                                                            std::int64_t appeal_id) {
    WANGGE_TRY(appeal, AppealInScope(caller, appeal_id));
    WANGGE_TRY(latest, repo_.LatestEvaluationLink(appeal.id));
    EvaluationLinkStatus out;
    if (latest) out.state = StateOf(*latest, clock_.Now());
    out.latest = std::move(latest);
    out.can_create = caller.Can(Permission::kManageAppeals) && MayLink(appeal.status);
    return out;
}

Result<EvaluationLink> AppealFollowupService::LinkForToken(const std::string& token) {
    if (!IsWellFormedLinkToken(token)) return UnknownLink();
    auto link = repo_.FindEvaluationLink(auth::Sha256Hex(token));
    if (!link && link.error().code == ErrorCode::kNotFound) return UnknownLink();
    if (!link) return link;
    const LinkState state = StateOf(*link, clock_.Now());
    if (state != LinkState::kActive) return GoneLink(state);
    return link;
}

Result<PublicEvaluation> AppealFollowupService::PublicView(const Appeal& appeal, const EvaluationLink& link) {
    WANGGE_TRY(events, appeals_.ListEvents(appeal.id));
    PublicEvaluation out;
    out.appeal_id = appeal.id;
    out.community_name = appeal.community_name;
    out.category_name = appeal.category_name;
    out.description = appeal.description;
    // The note of this round's resolve step: a reopen starts the round afresh.
    for (const auto& e : events) {
        if (e.action == ActionName(Action::kResolve)) out.result_note = e.note;
        if (e.action == ActionName(Action::kReopen)) out.result_note.clear();
    }
    out.status = appeal.status;
    out.evaluation = appeal.evaluation;
    out.resolved_at = appeal.resolved_at;
    out.reported_at = appeal.reported_at;
    out.expires_at = link.expires_at;
    out.can_evaluate = FindTransition(appeal, Action::kEvaluate) != nullptr;
    return out;
}

Result<PublicEvaluation> AppealFollowupService::ViewByLink(const std::string& token) {
    WANGGE_TRY(link, LinkForToken(token));
    WANGGE_TRY(appeal, appeals_.GetAppeal(link.appeal_id));
    return PublicView(appeal, link);
}

Result<PublicEvaluation> AppealFollowupService::EvaluateByLink(const std::string& token, Evaluation evaluation,
                                                               const std::string& comment) {
    WANGGE_TRY(link, LinkForToken(token));
    if (evaluation == Evaluation::kNone)
        return Fail(ErrorCode::kInvalidArgument, "请选择评价 (evaluation is required)", "evaluation");
    WANGGE_TRY(note, internal::CleanText(comment, "comment", kMaxComment, false));
    WANGGE_TRY(appeal, appeals_.GetAppeal(link.appeal_id));
    // The token stands in for the workflow's "who": the step itself is the table's, from the same status.
    const Transition* row = FindTransition(appeal, Action::kEvaluate);
    if (!row)
        return Fail(ErrorCode::kFailedPrecondition,
                    appeal.status == AppealStatus::kResolved
                        ? "办理结果尚未在党日通报，通报后即可评价 (the result has not been reported yet)"
                        : "该诉求当前不需要评价 (the appeal is not waiting for an evaluation)",
                    "status");

    const EpochMillis now = clock_.Now();
    // Using the token first makes it single-use even against two submissions at once.
    WANGGE_TRY(used, repo_.UseEvaluationLink(link.id, now));
    if (!used) {
        WANGGE_TRY(again, repo_.FindEvaluationLink(link.token_hash));
        return GoneLink(StateOf(again, now) == LinkState::kActive ? LinkState::kUsed : StateOf(again, now));
    }
    Appeal next = appeal;
    next.status = TargetStatus(*row, appeal);
    next.evaluation = evaluation;
    next.updated_at = now;
    AppealEvent event;
    event.community_id = appeal.community_id;
    event.appeal_id = appeal.id;
    event.at = now;
    event.actor_id = 0;
    event.actor_name = std::string(kResidentActor);
    event.action = std::string(ActionName(Action::kEvaluate));
    event.from_status = std::string(StatusName(appeal.status));
    event.to_status = std::string(StatusName(next.status));
    event.note = note;
    event.detail =
        EventDetail().Add("evaluation", EvaluationName(evaluation)).Add("via", "link").Add("link_id", link.id).Json();
    auto stored = appeals_.ApplyTransition(next, appeal.version, appeal.status, event);
    if (!stored) {
        (void)repo_.ReleaseEvaluationLink(link.id);  // nothing was evaluated: the resident may try again
        return Fail(stored.error());
    }
    link.used_at = now;
    return PublicView(*stored, link);
}

}  // namespace wangge::appeals
