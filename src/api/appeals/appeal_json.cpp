#include "api/appeals/appeal_json.hpp"

#include "api/json_codec.hpp"
#include "api/request_context.hpp"

namespace wangge::api {
namespace {

using namespace appeals;

json OptionalJson(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }
json NameOrNull(std::string_view name) { return name.empty() ? json(nullptr) : json(std::string(name)); }

tl::unexpected<Error> Unknown(std::string_view field, std::string_view chinese) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(chinese) + "无效 (unknown " + std::string(field) + ", see docs/api/appeals.md)",
                std::string(field));
}

// An optional enum field: absent → nullopt; present → parsed or kInvalidArgument naming it.
template <typename E, typename ParseFn>
Result<std::optional<E>> OptionalEnum(const json& body, std::string_view field, std::string_view chinese,
                                      ParseFn parse) {
    WANGGE_TRY(text, OptionalString(body, field));
    if (!text) return std::optional<E>{};
    auto value = parse(*text);
    if (!value) return Unknown(field, chinese);
    return std::optional<E>{*value};
}

template <typename E, typename ParseFn>
Result<std::optional<E>> QueryEnum(const http::Request& request, std::string_view field, std::string_view chinese,
                                   ParseFn parse) {
    auto text = request.Query(field);
    if (!text || text->empty()) return std::optional<E>{};
    auto value = parse(*text);
    if (!value) return Unknown(field, chinese);
    return std::optional<E>{*value};
}

}  // namespace

json AppealJson(const AppealView& view) {
    const Appeal& a = view.appeal;
    json claimer = nullptr;
    if (a.claimer.kind != ClaimerKind::kNone)
        claimer = {{"kind", ClaimerKindName(a.claimer.kind)}, {"id", a.claimer.id}, {"name", a.claimer.name}};
    json actions = json::array();
    for (Action action : view.allowed_actions) actions.push_back(ActionName(action));
    return {{"id", a.id},
            {"community", {{"id", a.community_id}, {"name", a.community_name}}},
            {"area", {{"id", a.area_id}, {"name", a.area_name}, {"level", a.area_level}}},
            {"building_id", OptionalJson(a.building_id)},
            {"household_id", OptionalJson(a.household_id)},
            {"channel", ChannelName(a.channel)},
            {"category", {{"id", a.category_id}, {"name", a.category_name}}},
            {"description", a.description},
            {"reporter",
             {{"kind", ReporterKindName(a.reporter.kind)},
              {"resident_id", OptionalJson(a.reporter.resident_id)},
              {"name", a.reporter.name},
              {"phone", a.reporter.phone}}},
            {"track", NameOrNull(TrackName(a.track))},
            {"status", StatusName(a.status)},
            {"suspended_from", a.suspended_from ? json(StatusName(*a.suspended_from)) : json(nullptr)},
            {"round", a.round},
            {"claimer", std::move(claimer)},
            {"due_at", OptionalJson(a.due_at)},
            {"band", view.band ? json(BandName(*view.band)) : json(nullptr)},
            {"evaluation", NameOrNull(EvaluationName(a.evaluation))},
            {"resolved_at", OptionalJson(a.resolved_at)},
            {"reported_at", OptionalJson(a.reported_at)},
            {"session_id", OptionalJson(a.session_id)},
            {"merged_into_id", OptionalJson(a.merged_into_id)},
            {"recorded_by", {{"id", a.recorded_by}, {"name", a.recorded_by_name}}},
            {"created_at", a.created_at},
            {"updated_at", a.updated_at},
            {"version", a.version},
            {"allowed_actions", std::move(actions)}};
}

json AppealEventJson(const AppealEvent& e) {
    json detail = json::parse(e.detail, nullptr, /*allow_exceptions=*/false);
    if (detail.is_discarded()) detail = e.detail;
    return {{"id", e.id},
            {"seq", e.seq},
            {"at", e.at},
            {"actor", {{"id", e.actor_id}, {"name", e.actor_name}}},
            {"action", e.action},
            {"from_status", e.from_status},
            {"to_status", e.to_status},
            {"note", e.note},
            {"detail", std::move(detail)},
            {"hash", e.hash}};
}

json CategoryJson(const Category& c) { return {{"id", c.id}, {"code", c.code}, {"name", c.name}}; }

json MemberJson(const CommitteeMember& m) {
    return {{"id", m.id},
            {"community_id", m.community_id},
            {"name", m.name},
            {"kind", MemberKindName(m.kind)},
            {"unit_name", m.unit_name},
            {"phone", m.phone},
            {"active", m.active},
            {"version", m.version}};
}

json AppealSettingsJson(const AppealSettings& s) {
    json rule = {{"rule", PartyDayRuleKindName(s.party_day.kind)}};
    rule[s.party_day.kind == PartyDayRule::Kind::kLastWeekday ? "weekday" : "day"] = s.party_day.value;
    return {{"party_day", std::move(rule)}, {"is_default", s.is_default}, {"next_party_day", s.next_party_day.ToIso()}};
}

Result<AppealDraft> AppealDraftFromJson(const json& body) {
    AppealDraft d;
    WANGGE_TRY(area_id, RequiredInt(body, "area_id"));
    WANGGE_TRY(household_id, OptionalInt(body, "household_id"));
    WANGGE_TRY(category_id, RequiredInt(body, "category_id"));
    WANGGE_TRY(channel, OptionalEnum<Channel>(body, "channel", "渠道", ParseChannel));
    if (!channel) return Fail(ErrorCode::kInvalidArgument, "请选择渠道 (channel is required)", "channel");
    WANGGE_TRY(description, OptionalString(body, "description"));
    d.area_id = area_id;
    d.household_id = household_id;
    d.category_id = category_id;
    d.channel = *channel;
    d.description = description.value_or("");
    auto reporter = body.find("reporter");
    if (reporter == body.end() || reporter->is_null()) return d;
    if (!reporter->is_object())
        return Fail(ErrorCode::kInvalidArgument, "反映人格式错误 (reporter must be an object)", "reporter");
    WANGGE_TRY(kind, OptionalEnum<ReporterKind>(*reporter, "kind", "反映人类型", ParseReporterKind));
    WANGGE_TRY(resident_id, OptionalInt(*reporter, "resident_id"));
    WANGGE_TRY(name, OptionalString(*reporter, "name"));
    WANGGE_TRY(phone, OptionalString(*reporter, "phone"));
    d.reporter.kind = kind.value_or(ReporterKind::kAnonymous);
    d.reporter.resident_id = resident_id;
    d.reporter.name = name.value_or("");
    d.reporter.phone = phone.value_or("");
    return d;
}

Result<TransitionRequest> TransitionFromJson(const json& body) {
    TransitionRequest t;
    WANGGE_TRY(action, OptionalString(body, "action"));
    if (!action) return Fail(ErrorCode::kInvalidArgument, "请指定操作 (action is required)", "action");
    auto parsed = ParseAction(*action);
    if (!parsed || *parsed == Action::kRecord) return Unknown("action", "操作");
    t.action = *parsed;
    WANGGE_TRY(version, RequiredInt(body, "version"));
    WANGGE_TRY(note, OptionalString(body, "note"));
    WANGGE_TRY(track, OptionalEnum<Track>(body, "track", "办理方式", ParseTrack));
    WANGGE_TRY(evaluation, OptionalEnum<Evaluation>(body, "evaluation", "评价", ParseEvaluation));
    WANGGE_TRY(member_id, OptionalInt(body, "member_id"));
    WANGGE_TRY(into_id, OptionalInt(body, "into_id"));
    WANGGE_TRY(session_id, OptionalInt(body, "session_id"));
    // Sessions attach themselves (claims at a session, report-back on closing) through
    // /party-sessions, which checks the session; a bare id here could name any session.
    if (session_id)
        return Fail(ErrorCode::kInvalidArgument,
                    "党日会议由会议页面记录 (session_id is set through /party-sessions, not here)", "session_id");
    t.version = version;
    t.note = note.value_or("");
    t.track = track;
    t.evaluation = evaluation;
    t.member_id = member_id;
    t.into_id = into_id;
    return t;
}

Result<MemberDraft> MemberDraftFromJson(const json& body) {
    WANGGE_TRY(patch, MemberPatchFromJson(body));
    if (!patch.kind) return Fail(ErrorCode::kInvalidArgument, "请选择成员类别 (kind is required)", "kind");
    return MemberDraft{patch.name.value_or(""), *patch.kind, patch.unit_name.value_or(""), patch.phone.value_or("")};
}

Result<MemberPatch> MemberPatchFromJson(const json& body) {
    MemberPatch p;
    WANGGE_TRY(name, OptionalString(body, "name"));
    WANGGE_TRY(unit_name, OptionalString(body, "unit_name"));
    WANGGE_TRY(phone, OptionalString(body, "phone"));
    WANGGE_TRY(kind, OptionalEnum<MemberKind>(body, "kind", "成员类别", ParseMemberKind));
    p.name = name;
    p.unit_name = unit_name;
    p.phone = phone;
    p.kind = kind;
    return p;
}

Result<PartyDayRule> PartyDayRuleFromJson(const json& body) {
    auto it = body.find("party_day");
    if (it == body.end() || !it->is_object())
        return Fail(ErrorCode::kInvalidArgument, "请填写党日规则 (party_day is required)", "party_day");
    WANGGE_TRY(rule, OptionalString(*it, "rule"));
    WANGGE_TRY(weekday, OptionalInt(*it, "weekday"));
    WANGGE_TRY(day, OptionalInt(*it, "day"));
    const std::string kind = rule.value_or("");
    const std::int64_t value = kind == "last_weekday" ? weekday.value_or(0) : day.value_or(0);
    return MakePartyDayRule(kind, static_cast<int>(std::clamp<std::int64_t>(value, -1, 1000)));
}

Result<AppealFilter> AppealFilterFromQuery(const http::Request& request) {
    AppealFilter f;
    WANGGE_TRY(status, QueryEnum<AppealStatus>(request, "status", "状态", ParseStatus));
    WANGGE_TRY(track, QueryEnum<Track>(request, "track", "办理方式", ParseTrack));
    WANGGE_TRY(channel, QueryEnum<Channel>(request, "channel", "渠道", ParseChannel));
    WANGGE_TRY(category, QueryId(request, "category"));
    WANGGE_TRY(area, QueryId(request, "area"));
    const std::string overdue = request.Query("overdue").value_or("");
    f.status = status;
    f.track = track;
    f.channel = channel;
    f.category_id = category;
    f.area_id = area;
    f.overdue = overdue == "true" || overdue == "1";
    f.cursor = request.Query("cursor").value_or("");
    f.limit = QueryLimit(request);
    return f;
}

}  // namespace wangge::api
