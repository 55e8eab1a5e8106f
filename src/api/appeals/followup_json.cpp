#include "api/appeals/followup_json.hpp"

#include "api/json_codec.hpp"

namespace wangge::api {
namespace {

using namespace appeals;

json OptionalJson(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

}  // namespace

json ExtensionJson(const Extension& x) {
    json decided_by = nullptr;
    if (x.decided_at) decided_by = {{"id", x.decided_by}, {"name", x.decided_by_name}};
    return {{"id", x.id},
            {"appeal_id", x.appeal_id},
            {"status", ExtensionStatusName(x.status)},
            {"reason", x.reason},
            {"requested_at", x.requested_at},
            {"requested_by", {{"id", x.requested_by}, {"name", x.requested_by_name}}},
            {"previous_due_at", OptionalJson(x.previous_due_at)},
            {"requested_due_at", x.requested_due_at},
            {"decided_at", OptionalJson(x.decided_at)},
            {"decided_by", std::move(decided_by)},
            {"decision_note", x.decision_note}};
}

json PhotoJson(const Photo& p) {
    return {{"id", p.id},
            {"appeal_id", p.appeal_id},
            {"event_id", OptionalJson(p.event_id)},
            {"content_type", ImageMimeType(p.type)},
            {"size", p.size_bytes},
            {"sha256", p.sha256},
            {"uploaded_by", {{"id", p.uploaded_by}, {"name", p.uploaded_by_name}}},
            {"created_at", p.created_at},
            {"url", "/api/v1/photos/" + std::to_string(p.id)}};
}

json EvaluationLinkJson(const EvaluationLink& l, LinkState state) {
    return {{"id", l.id},
            {"state", LinkStateName(state)},
            {"created_by", {{"id", l.created_by}, {"name", l.created_by_name}}},
            {"created_at", l.created_at},
            {"expires_at", l.expires_at},
            {"used_at", OptionalJson(l.used_at)},
            {"revoked_at", OptionalJson(l.revoked_at)}};
}

json PublicEvaluationJson(const PublicEvaluation& v) {
    const std::string_view evaluation = EvaluationName(v.evaluation);
    return {{"appeal",
             {{"number", v.appeal_id},
              {"community", v.community_name},
              {"category", v.category_name},
              {"description", v.description},
              {"result_note", v.result_note},
              {"status", StatusName(v.status)},
              {"resolved_at", OptionalJson(v.resolved_at)},
              {"reported_at", OptionalJson(v.reported_at)}}},
            {"evaluation", evaluation.empty() ? json(nullptr) : json(std::string(evaluation))},
            {"can_evaluate", v.can_evaluate},
            {"expires_at", v.expires_at}};
}

Result<ExtensionDraft> ExtensionDraftFromJson(const json& body) {
    WANGGE_TRY(due_at, RequiredInt(body, "due_at"));
    WANGGE_TRY(reason, OptionalString(body, "reason"));
    return ExtensionDraft{due_at, reason.value_or("")};
}

Result<std::pair<ExtensionDecision, std::string>> DecisionFromJson(const json& body) {
    WANGGE_TRY(decision, OptionalString(body, "decision"));
    WANGGE_TRY(note, OptionalString(body, "note"));
    if (!decision) return Fail(ErrorCode::kInvalidArgument, "请选择批准或驳回 (decision is required)", "decision");
    if (*decision != "approve" && *decision != "refuse")
        return Fail(ErrorCode::kInvalidArgument, "审批结果无效 (decision must be approve or refuse)", "decision");
    return std::pair{*decision == "approve" ? ExtensionDecision::kApprove : ExtensionDecision::kRefuse,
                     note.value_or("")};
}

Result<std::pair<Evaluation, std::string>> PublicEvaluationFromJson(const json& body) {
    WANGGE_TRY(evaluation, OptionalString(body, "evaluation"));
    WANGGE_TRY(comment, OptionalString(body, "comment"));
    if (!evaluation) return Fail(ErrorCode::kInvalidArgument, "请选择评价 (evaluation is required)", "evaluation");
    auto parsed = ParseEvaluation(*evaluation);
    if (!parsed || *parsed == Evaluation::kNone)
        return Fail(ErrorCode::kInvalidArgument,
                    "评价无效 (evaluation must be satisfied, basically_satisfied or not_satisfied)", "evaluation");
    return std::pair{*parsed, comment.value_or("")};
}

}  // namespace wangge::api
