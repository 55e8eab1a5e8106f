#include "api/appeals/party_session_routes.hpp"

#include "api/appeals/appeal_json.hpp"
#include "api/json_codec.hpp"
#include "storage/repositories/appeals/sql_party_session_repository.hpp"

namespace wangge::api {
namespace {

using namespace appeals;
using http::Method;
using http::Request;

json OptionalJson(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

json AttendeeJson(const SessionAttendee& a) {
    return {{"member_id", a.member_id}, {"name", a.name}, {"kind", MemberKindName(a.kind)}, {"unit_name", a.unit_name}};
}

// A session without its agenda; `attendees` only where they were loaded (not in lists).
json SessionJson(const PartySession& s, const auth::Caller& caller, bool with_attendees) {
    json actions = json::array();
    for (SessionAction a : AllowedSessionActions(s, caller)) actions.push_back(SessionActionName(a));
    json out = {{"id", s.id},
                {"community", {{"id", s.community_id}, {"name", s.community_name}}},
                {"held_on", s.held_on.ToIso()},
                {"title", s.title},
                {"status", SessionStatusName(s.status)},
                {"minutes", s.minutes},
                {"other_attendees", s.other_attendees},
                {"opened_at", OptionalJson(s.opened_at)},
                {"closed_at", OptionalJson(s.closed_at)},
                {"created_by", {{"id", s.created_by}, {"name", s.created_by_name}}},
                {"created_at", s.created_at},
                {"updated_at", s.updated_at},
                {"version", s.version},
                {"allowed_actions", std::move(actions)}};
    if (with_attendees) {
        json attendees = json::array();
        for (const auto& a : s.attendees) attendees.push_back(AttendeeJson(a));
        out["attendees"] = std::move(attendees);
    }
    return out;
}

json Appeals(const std::vector<AppealView>& views) {
    json out = json::array();
    for (const auto& v : views) out.push_back(AppealJson(v));
    return out;
}

json DetailJson(const SessionDetail& d, const auth::Caller& caller) {
    json out = SessionJson(d.session, caller, true);
    out["agenda"] = {{"report_back", Appeals(d.agenda.report_back)},
                     {"to_claim", Appeals(d.agenda.to_claim)},
                     {"overdue", Appeals(d.agenda.overdue)}};
    json claims = json::array();
    for (const auto& c : d.claims)
        claims.push_back({{"appeal", AppealJson(c.appeal)},
                          {"member",
                           {{"id", c.member_id},
                            {"name", c.member_name},
                            {"kind", MemberKindName(c.member_kind)},
                            {"unit_name", c.unit_name}}},
                          {"at", c.at},
                          {"recorded_by", c.recorded_by},
                          {"note", c.note}});
    out["claims"] = std::move(claims);
    out["raised"] = Appeals(d.raised);
    return out;
}

Result<std::optional<CivilDate>> OptionalDate(const json& body, std::string_view field) {
    WANGGE_TRY(text, OptionalString(body, field));
    if (!text) return std::optional<CivilDate>{};
    auto date = CivilDate::ParseIso(*text);
    if (!date || !date->IsValid())
        return Fail(ErrorCode::kInvalidArgument, "日期格式应为 YYYY-MM-DD (" + std::string(field) + " must be a date)",
                    std::string(field));
    return std::optional<CivilDate>{*date};
}

Result<SessionPatch> PatchFromJson(const json& body) {
    SessionPatch p;
    WANGGE_TRY(held_on, OptionalDate(body, "held_on"));
    WANGGE_TRY(title, OptionalString(body, "title"));
    WANGGE_TRY(minutes, OptionalString(body, "minutes"));
    WANGGE_TRY(others, OptionalString(body, "other_attendees"));
    p.held_on = held_on;
    p.title = title;
    p.minutes = minutes;
    p.other_attendees = others;
    auto ids = body.find("attendee_member_ids");
    if (ids != body.end() && !ids->is_null()) {
        const auto wrong = [] {
            return Fail(ErrorCode::kInvalidArgument,
                        "出席成员应为成员编号列表 (attendee_member_ids must be an array of member ids)",
                        "attendee_member_ids");
        };
        if (!ids->is_array()) return wrong();
        std::vector<std::int64_t> list;
        for (const auto& id : *ids) {
            if (!id.is_number_integer()) return wrong();
            list.push_back(id.get<std::int64_t>());
        }
        p.attendee_member_ids = std::move(list);
    }
    return p;
}

// The intake body of POST /appeals, with channel party_day and area_id defaulting to the community.
Result<AppealDraft> RaisedFromJson(json body) {
    if (!body.contains("area_id") || body["area_id"].is_null()) body["area_id"] = 0;
    WANGGE_TRY(channel, OptionalString(body, "channel"));
    if (channel && *channel != ChannelName(Channel::kPartyDay))
        return Fail(ErrorCode::kInvalidArgument,
                    "会上提出的诉求渠道为党日说事现场 (items raised at a session have channel party_day)", "channel");
    body["channel"] = ChannelName(Channel::kPartyDay);
    return AppealDraftFromJson(body);
}

// The session repository and service live as long as the routes that use them.
struct Sessions {
    Sessions(storage::Database& db, AppealService& appeals, AppealRepository& appeal_repo,
             registry::RegistryRepository& registry, const Clock& clock)
        : repo(storage::MakeSqlPartySessionRepository(db)), service(*repo, appeal_repo, registry, appeals, clock) {}
    std::unique_ptr<PartySessionRepository> repo;
    PartySessionService service;
};

}  // namespace

void RegisterPartySessionRoutes(http::Router& router, ApiContext& ctx, storage::Database& db, AppealService& appeals,
                                AppealRepository& appeal_repo, registry::RegistryRepository& registry) {
    auto owner = std::make_shared<Sessions>(db, appeals, appeal_repo, registry, ctx.clock);
    std::shared_ptr<PartySessionService> sessions(owner, &owner->service);

    router.Add(Method::kGet, "/api/v1/communities/{id}/party-sessions",
               Authed(ctx, [sessions](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(list, sessions->List(caller, id));
                   json items = json::array();
                   for (const auto& s : list.items) items.push_back(SessionJson(s, caller, false));
                   return Ok({{"items", std::move(items)},
                              {"next_party_day", list.next_party_day.ToIso()},
                              {"can_manage", list.can_manage}});
               }));

    router.Add(Method::kPost, "/api/v1/communities/{id}/party-sessions",
               Authed(ctx, [sessions](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(held_on, OptionalDate(body, "held_on"));
                   WANGGE_TRY(title, OptionalString(body, "title"));
                   WANGGE_TRY(session, sessions->Create(caller, id, SessionDraft{held_on, title.value_or("")}));
                   return Ok(SessionJson(session, caller, true), 201);
               }));

    router.Add(Method::kGet, "/api/v1/party-sessions/{id}",
               Authed(ctx, [sessions](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(detail, sessions->Get(caller, id));
                   return Ok(DetailJson(detail, caller));
               }));

    router.Add(Method::kPatch, "/api/v1/party-sessions/{id}",
               Authed(ctx, [sessions](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(version, RequiredInt(body, "version"));
                   WANGGE_TRY(patch, PatchFromJson(body));
                   WANGGE_TRY(session, sessions->Update(caller, id, version, patch));
                   return Ok(SessionJson(session, caller, true));
               }));

    router.Add(Method::kDelete, "/api/v1/party-sessions/{id}",
               Authed(ctx, [sessions](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(version, QueryId(req, "version"));
                   if (!version)
                       return Fail(ErrorCode::kInvalidArgument, "version 必填 (version is required)", "version");
                   WANGGE_CHECK(sessions->Delete(caller, id, *version));
                   return http::Response::NoContent();
               }));

    router.Add(Method::kPost, "/api/v1/party-sessions/{id}/open",
               Authed(ctx, [sessions](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(version, RequiredInt(body, "version"));
                   WANGGE_TRY(session, sessions->Open(caller, id, version));
                   return Ok(SessionJson(session, caller, true));
               }));

    router.Add(Method::kPost, "/api/v1/party-sessions/{id}/claims",
               Authed(ctx, [sessions](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(appeal_id, RequiredInt(body, "appeal_id"));
                   WANGGE_TRY(member_id, RequiredInt(body, "member_id"));
                   WANGGE_TRY(version, RequiredInt(body, "version"));
                   WANGGE_TRY(note, OptionalString(body, "note"));
                   WANGGE_TRY(view, sessions->Claim(caller, id, appeal_id, member_id, version, note.value_or("")));
                   return Ok(AppealJson(view));
               }));

    router.Add(Method::kPost, "/api/v1/party-sessions/{id}/items",
               Authed(ctx, [sessions](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(draft, RaisedFromJson(std::move(body)));
                   WANGGE_TRY(view, sessions->Raise(caller, id, std::move(draft)));
                   return Ok(AppealJson(view), 201);
               }));

    router.Add(Method::kPost, "/api/v1/party-sessions/{id}/close",
               Authed(ctx, [sessions](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(version, RequiredInt(body, "version"));
                   WANGGE_TRY(session, sessions->Close(caller, id, version));
                   return Ok(SessionJson(session, caller, true));
               }));
}

}  // namespace wangge::api
