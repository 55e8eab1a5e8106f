#include "api/routes.hpp"

namespace wangge::api {
namespace {

using http::Method;
using http::Request;
using registry::RegistryService;

json NextCursor(const std::optional<std::string>& cursor) { return cursor ? json(*cursor) : json(nullptr); }

}  // namespace

void RegisterRegistryRoutes(http::Router& router, ApiContext& ctx, RegistryService& registry) {
    router.Add(Method::kGet, "/api/v1/areas/{id}",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(view, registry.GetArea(caller, id));
                   json out = AreaJson(view.area);
                   out["path"] = PathJson(view.ancestors);
                   if (view.area.level == registry::AreaLevel::kGrid) {
                       WANGGE_TRY(workers, ctx.auth.GridWorkersOf(view.area.id));
                       json list = json::array();
                       for (const auto& w : workers)
                           list.push_back({{"id", w.id}, {"username", w.username}, {"display_name", w.display_name}});
                       out["grid_workers"] = std::move(list);
                   }
                   return Ok(out);
               }));

    router.Add(Method::kGet, "/api/v1/areas/{id}/children",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(children, registry.ListChildren(caller, id));
                   json items = json::array();
                   for (const auto& a : children) items.push_back(AreaJson(a));
                   return Ok({{"items", std::move(items)}});
               }));

    router.Add(Method::kGet, "/api/v1/areas/{id}/households",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(page,
                              registry.ListHouseholds(caller, id, req.Query("cursor").value_or(""), QueryLimit(req)));
                   json items = json::array();
                   for (const auto& h : page.items) items.push_back(HouseholdJson(h));
                   return Ok({{"items", std::move(items)}, {"next_cursor", NextCursor(page.next_cursor)}});
               }));

    router.Add(Method::kGet, "/api/v1/households/{id}",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(view, registry.GetHousehold(caller, id));
                   json out = HouseholdJson(view.household);
                   out["path"] = PathJson(view.ancestors);
                   out["head_resident_id"] =
                       view.household.head_resident_id ? json(*view.household.head_resident_id) : json(nullptr);
                   json members = json::array();
                   for (const auto& m : view.members) members.push_back(ResidentJson(m, Today(ctx.clock)));
                   out["members"] = std::move(members);
                   return Ok(out);
               }));

    router.Add(Method::kPost, "/api/v1/households",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(building_id, RequiredInt(body, "building_id"));
                   WANGGE_TRY(unit, OptionalString(body, "unit"));
                   WANGGE_TRY(room, OptionalString(body, "room"));
                   WANGGE_TRY(household,
                              registry.CreateHousehold(caller, building_id, unit.value_or(""), room.value_or("")));
                   return Ok(HouseholdJson(household), 201);
               }));

    router.Add(Method::kGet, "/api/v1/residents",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(area, QueryId(req, "area"));
                   WANGGE_TRY(page, registry.SearchResidents(caller, area, req.Query("q").value_or(""),
                                                             req.Query("cursor").value_or(""), QueryLimit(req)));
                   json items = json::array();
                   for (const auto& r : page.items) items.push_back(ResidentJson(r, Today(ctx.clock)));
                   return Ok({{"items", std::move(items)}, {"next_cursor", NextCursor(page.next_cursor)}});
               }));

    router.Add(Method::kGet, "/api/v1/residents/{id}",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   registry::RevealRequest reveal;
                   auto flag = req.Query("reveal").value_or("");
                   if (flag == "true" || flag == "1") reveal.reveal = registry::Reveal::kYes;
                   reveal.reason = req.Query("reason").value_or("");
                   WANGGE_TRY(view, registry.GetResident(caller, id, reveal));
                   json out = ResidentJson(view, Today(ctx.clock));
                   WANGGE_TRY(household,
                              registry.GetHousehold(caller, view.resident.household_id, registry::Members::kSkip));
                   out["path"] = PathJson(household.ancestors);
                   out["household"] = HouseholdJson(household.household);
                   return Ok(out);
               }));

    router.Add(Method::kGet, "/api/v1/residents/{id}/history",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(history, registry.GetHistory(caller, id));
                   json items = json::array();
                   for (const auto& e : history) items.push_back(HistoryJson(e));
                   return Ok({{"items", std::move(items)}});
               }));

    router.Add(Method::kPost, "/api/v1/residents",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(household_id, RequiredInt(body, "household_id"));
                   WANGGE_TRY(draft, ResidentDraftFromJson(body));
                   WANGGE_TRY(view, registry.CreateResident(caller, household_id, draft));
                   return Ok(ResidentJson(view, Today(ctx.clock)), 201);
               }));

    router.Add(Method::kPatch, "/api/v1/residents/{id}",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(version, RequiredInt(body, "version"));
                   WANGGE_TRY(patch, ResidentPatchFromJson(body));
                   WANGGE_TRY(view, registry.UpdateResident(caller, id, version, patch));
                   return Ok(ResidentJson(view, Today(ctx.clock)));
               }));

    router.Add(Method::kPost, "/api/v1/residents/{id}/move",
               Authed(ctx, [&](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(household_id, RequiredInt(body, "household_id"));
                   WANGGE_TRY(view, registry.MoveResident(caller, id, household_id));
                   return Ok(ResidentJson(view, Today(ctx.clock)));
               }));
}

}  // namespace wangge::api
