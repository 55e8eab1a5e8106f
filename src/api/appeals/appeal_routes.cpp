#include "api/appeals/appeal_routes.hpp"

#include "api/appeals/appeal_json.hpp"
#include "api/json_codec.hpp"

namespace wangge::api {
namespace {

using appeals::AppealService;
using appeals::AppealView;
using http::Method;
using http::Request;

json Items(const std::vector<AppealView>& views) {
    json items = json::array();
    for (const auto& v : views) items.push_back(AppealJson(v));
    return {{"items", std::move(items)}};
}

}  // namespace

void RegisterAppealRoutes(http::Router& router, ApiContext& ctx, AppealService& appeals) {
    router.Add(Method::kGet, "/api/v1/appeal-categories",
               Authed(ctx, [&](Request&, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(categories, appeals.ListCategories(caller));
                   json items = json::array();
                   for (const auto& c : categories) items.push_back(CategoryJson(c));
                   return Ok({{"items", std::move(items)}});
               }));

    router.Add(Method::kPost, "/api/v1/appeals",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(draft, AppealDraftFromJson(body));
                   WANGGE_TRY(view, appeals.Record(caller, draft));
                   return Ok(AppealJson(view), 201);
               }));

    router.Add(Method::kGet, "/api/v1/appeals",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(filter, AppealFilterFromQuery(req));
                   WANGGE_TRY(page, appeals.List(caller, filter));
                   json out = Items(page.items);
                   out["next_cursor"] = page.next_cursor ? json(*page.next_cursor) : json(nullptr);
                   return Ok(out);
               }));

    router.Add(Method::kGet, "/api/v1/appeals/overdue",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(area, QueryId(req, "area"));
                   WANGGE_TRY(views, appeals.Overdue(caller, area));
                   return Ok(Items(views));
               }));

    router.Add(Method::kGet, "/api/v1/appeals/mine",
               Authed(ctx, [&](Request&, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(views, appeals.MyClaims(caller));
                   return Ok(Items(views));
               }));

    router.Add(Method::kGet, "/api/v1/appeals/{id}",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(detail, appeals.Get(caller, id));
                   json out = AppealJson(detail.view);
                   json events = json::array();
                   for (const auto& e : detail.events) events.push_back(AppealEventJson(e));
                   out["events"] = std::move(events);
                   return Ok(out);
               }));

    router.Add(Method::kPost, "/api/v1/appeals/{id}/transitions",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(request, TransitionFromJson(body));
                   WANGGE_TRY(view, appeals.Perform(caller, id, request));
                   return Ok(AppealJson(view));
               }));

    router.Add(Method::kGet, "/api/v1/communities/{id}/committee-members",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   const std::string all = req.Query("all").value_or("");
                   WANGGE_TRY(members, appeals.ListMembers(caller, id, all == "true" || all == "1"));
                   json items = json::array();
                   for (const auto& m : members) items.push_back(MemberJson(m));
                   return Ok({{"items", std::move(items)}});
               }));

    router.Add(Method::kPost, "/api/v1/communities/{id}/committee-members",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(draft, MemberDraftFromJson(body));
                   WANGGE_TRY(member, appeals.AddMember(caller, id, draft));
                   return Ok(MemberJson(member), 201);
               }));

    router.Add(Method::kPatch, "/api/v1/committee-members/{id}",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(version, RequiredInt(body, "version"));
                   WANGGE_TRY(patch, MemberPatchFromJson(body));
                   WANGGE_TRY(member, appeals.UpdateMember(caller, id, version, patch));
                   return Ok(MemberJson(member));
               }));

    router.Add(Method::kDelete, "/api/v1/committee-members/{id}",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_CHECK(appeals.RemoveMember(caller, id));
                   return http::Response::NoContent();
               }));

    router.Add(Method::kGet, "/api/v1/communities/{id}/appeal-settings",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(settings, appeals.GetSettings(caller, id));
                   return Ok(AppealSettingsJson(settings));
               }));

    router.Add(Method::kPut, "/api/v1/communities/{id}/appeal-settings",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(rule, PartyDayRuleFromJson(body));
                   WANGGE_TRY(settings, appeals.SetPartyDayRule(caller, id, rule));
                   return Ok(AppealSettingsJson(settings));
               }));
}

}  // namespace wangge::api
