#include "api/masstest/followup_routes.hpp"

#include <charconv>

#include "api/json_codec.hpp"
#include "api/masstest/followup_json.hpp"
#include "api/masstest/masstest_json.hpp"
#include "domain/auth/role.hpp"
#include "storage/repositories/masstest/sql_followup_repositories.hpp"
#include "storage/repositories/masstest/sql_masstest_repository.hpp"

namespace wangge::api {
namespace {

using http::Method;
using http::Request;
using http::Response;
using namespace masstest;

constexpr std::string_view kBase = "/api/v1/mass-testing";

// The repositories and services live as long as the routes that use them.
struct Module {
    Module(storage::Database& db, registry::RegistryRepository& registry, auth::AuthRepository& users,
           EventPublisher& events, const Clock& clock)
        : rounds(storage::MakeSqlMassTestRepository(db)),
          point_repo(storage::MakeSqlSamplePointRepository(db)),
          task_repo(storage::MakeSqlFieldTaskRepository(db)),
          lab_repo(storage::MakeSqlLabRepository(db)),
          points(*point_repo, *rounds, registry, clock),
          field(*task_repo, *rounds, registry, users, clock),
          lab(*lab_repo, *rounds, registry, users, events, clock) {}

    std::unique_ptr<MassTestRepository> rounds;
    std::unique_ptr<SamplePointRepository> point_repo;
    std::unique_ptr<FieldTaskRepository> task_repo;
    std::unique_ptr<LabRepository> lab_repo;
    SamplePointService points;
    FieldTaskService field;
    LabService lab;
};

std::string Route(std::string_view tail) { return std::string(kBase) + std::string(tail); }

json Items(json items) { return {{"items", std::move(items)}}; }

json Paged(json items, const std::optional<std::string>& next) {
    return {{"items", std::move(items)}, {"next_cursor", next ? json(*next) : json(nullptr)}};
}

Result<std::string> PathText(const Request& request, const std::string& name) {
    auto it = request.params.find(name);
    if (it == request.params.end() || it->second.empty())
        return Fail(ErrorCode::kInvalidArgument, "路径参数缺失 (missing path parameter)", name);
    return it->second;
}

Result<int> QueryInt(const Request& request, std::string_view name, int fallback) {
    auto text = request.Query(name);
    if (!text || text->empty()) return fallback;
    int v = 0;
    auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), v);
    if (ec != std::errc{} || ptr != text->data() + text->size())
        return Fail(ErrorCode::kInvalidArgument, std::string(name) + " 应为整数 (must be an integer)",
                    std::string(name));
    return v;
}

bool IsCsv(const Request& request) {
    if (request.Query("format").value_or("") == "csv") return true;
    const std::string type = request.Header("content-type").value_or("");
    return type.starts_with("text/csv") || type.starts_with("application/csv") ||
           type.starts_with("application/vnd.ms-excel");
}

}  // namespace

void RegisterMassTestFollowupRoutes(http::Router& router, ApiContext& ctx, storage::Database& db,
                                    registry::RegistryRepository& registry, auth::AuthRepository& users,
                                    EventHub& events) {
    auto module = std::make_shared<Module>(db, registry, users, events, ctx.clock);
    SamplePointService* points = &module->points;
    FieldTaskService* field = &module->field;
    LabService* lab = &module->lab;
    // Every handler holds the module, so it lives exactly as long as the router.
    auto add = [&](Method method, std::string path, AuthedHandler handler) {
        router.Add(method, std::move(path),
                   Authed(ctx, [module, handler = std::move(handler)](Request& req, const auth::Caller& caller) {
                       return handler(req, caller);
                   }));
    };

    // ---- sample points ----

    add(Method::kPost, Route("/sample-points"), [points](Request& req, const auth::Caller& caller) -> Result<Response> {
        WANGGE_TRY(body, ParseBody(req));
        WANGGE_TRY(draft, SamplePointDraftFromJson(body));
        WANGGE_TRY(view, points->Create(caller, draft));
        return Ok(SamplePointJson(view, false), 201);
    });
    add(Method::kGet, Route("/sample-points"), [points](Request& req, const auth::Caller& caller) -> Result<Response> {
        WANGGE_TRY(area, QueryId(req, "area"));
        WANGGE_TRY(round, QueryId(req, "round"));
        WANGGE_TRY(list, points->List(caller, area, round));
        json items = json::array();
        for (const auto& v : list) items.push_back(SamplePointJson(v, false));
        return Ok(Items(std::move(items)));
    });
    add(Method::kGet, Route("/sample-points/{id}"),
        [points](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(view, points->Get(caller, id));
            return Ok(SamplePointJson(view, true));
        });
    add(Method::kPatch, Route("/sample-points/{id}"),
        [points](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(body, ParseBody(req));
            WANGGE_TRY(patch, SamplePointPatchFromJson(body));
            WANGGE_TRY(view, points->Update(caller, id, patch.second, patch.first));
            return Ok(SamplePointJson(view, false));
        });
    add(Method::kPut, Route("/sample-points/{id}/buildings/{building_id}"),
        [points](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(building, PathId(req, "building_id"));
            WANGGE_CHECK(points->AssignBuilding(caller, id, building));
            return Response::NoContent();
        });
    add(Method::kDelete, Route("/sample-points/{id}/buildings/{building_id}"),
        [points](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(building, PathId(req, "building_id"));
            WANGGE_CHECK(points->UnassignBuilding(caller, id, building));
            return Response::NoContent();
        });
    add(Method::kGet, Route("/my-point"), [points](Request&, const auth::Caller& caller) -> Result<Response> {
        WANGGE_TRY(view, points->Binding(caller));
        return Ok({{"point", view ? SamplePointJson(*view, false) : json(nullptr)}});
    });
    add(Method::kPut, Route("/my-point"), [points](Request& req, const auth::Caller& caller) -> Result<Response> {
        WANGGE_TRY(body, ParseBody(req));
        WANGGE_TRY(point_id, RequiredInt(body, "point_id"));
        WANGGE_TRY(view, points->Bind(caller, point_id));
        return Ok({{"point", SamplePointJson(view, false)}});
    });
    add(Method::kDelete, Route("/my-point"), [points](Request&, const auth::Caller& caller) -> Result<Response> {
        WANGGE_CHECK(points->Unbind(caller));
        return Response::NoContent();
    });

    // ---- field teams ----

    add(Method::kPost, Route("/teams"), [field](Request& req, const auth::Caller& caller) -> Result<Response> {
        WANGGE_TRY(body, ParseBody(req));
        WANGGE_TRY(area_id, RequiredInt(body, "area_id"));
        WANGGE_TRY(name, OptionalString(body, "name"));
        std::vector<std::int64_t> members;
        if (auto it = body.find("member_ids"); it != body.end() && !it->is_null()) {
            if (!it->is_array())
                return Fail(ErrorCode::kInvalidArgument, "应为整数数组 (member_ids: a list of user ids)", "member_ids");
            for (const auto& v : *it) {
                if (!v.is_number_integer())
                    return Fail(ErrorCode::kInvalidArgument, "应为整数数组 (member_ids: a list of user ids)",
                                "member_ids");
                members.push_back(v.get<std::int64_t>());
            }
        }
        WANGGE_TRY(team, field->CreateTeam(caller, area_id, name.value_or(""), members));
        return Ok(TeamJson(team), 201);
    });
    add(Method::kGet, Route("/teams"), [field](Request& req, const auth::Caller& caller) -> Result<Response> {
        WANGGE_TRY(area, QueryId(req, "area"));
        WANGGE_TRY(teams, field->ListTeams(caller, area));
        json items = json::array();
        for (const auto& t : teams) items.push_back(TeamJson(t));
        return Ok(Items(std::move(items)));
    });
    // For the member picker: who may join a team of this area.
    add(Method::kGet, Route("/team-candidates"), [field](Request& req, const auth::Caller& caller) -> Result<Response> {
        WANGGE_TRY(area, QueryId(req, "area"));
        if (!area) return Fail(ErrorCode::kInvalidArgument, "请选择区域 (area is required)", "area");
        WANGGE_TRY(users, field->MemberCandidates(caller, *area));
        json items = json::array();
        for (const auto& u : users)
            items.push_back({{"id", u.id},
                             {"username", u.username},
                             {"display_name", u.display_name},
                             {"role", auth::RoleName(u.role)},
                             {"area_id", u.area_id}});
        return Ok(Items(std::move(items)));
    });
    add(Method::kGet, Route("/teams/{id}"), [field](Request& req, const auth::Caller& caller) -> Result<Response> {
        WANGGE_TRY(id, PathId(req));
        WANGGE_TRY(team, field->GetTeam(caller, id));
        return Ok(TeamJson(team));
    });
    add(Method::kPut, Route("/teams/{id}/members/{user_id}"),
        [field](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(user, PathId(req, "user_id"));
            WANGGE_TRY(team, field->AddMember(caller, id, user));
            return Ok(TeamJson(team));
        });
    add(Method::kDelete, Route("/teams/{id}/members/{user_id}"),
        [field](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(user, PathId(req, "user_id"));
            WANGGE_CHECK(field->RemoveMember(caller, id, user));
            return Response::NoContent();
        });

    // ---- door-to-door ----

    add(Method::kPost, Route("/rounds/{id}/door-tasks/generate"),
        [field](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            std::optional<std::int64_t> area;
            if (!req.body.empty()) {
                WANGGE_TRY(body, ParseBody(req));
                WANGGE_TRY(area_id, OptionalInt(body, "area_id"));
                area = area_id;
            }
            WANGGE_TRY(made, field->Generate(caller, id, area));
            return Ok({{"person_tasks", made.person_tasks},
                       {"household_tasks", made.household_tasks},
                       {"created", made.person_tasks + made.household_tasks}});
        });
    add(Method::kGet, Route("/rounds/{id}/door-tasks"),
        [field](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            DoorTaskFilter filter;
            WANGGE_TRY(area, QueryId(req, "area"));
            filter.area_id = area;
            WANGGE_TRY(team, QueryId(req, "team"));
            filter.team_id = team;
            WANGGE_TRY(assignee, QueryId(req, "assignee"));
            filter.assignee_id = assignee;
            const std::string mine = req.Query("mine").value_or("");
            filter.mine = mine == "1" || mine == "true";
            if (auto status = req.Query("status"); status && !status->empty()) {
                filter.status = ParseDoorStatus(*status);
                if (!filter.status)
                    return Fail(ErrorCode::kInvalidArgument,
                                "status 应为 open、sampled、not_home 或 refused (status: open, sampled, not_home or "
                                "refused)",
                                "status");
            }
            WANGGE_TRY(page, field->List(caller, id, filter, req.Query("cursor").value_or(""), QueryLimit(req)));
            json items = json::array();
            for (const auto& row : page.items) items.push_back(DoorTaskRowJson(row));
            return Ok(Paged(std::move(items), page.next_cursor));
        });
    add(Method::kPost, Route("/rounds/{id}/door-tasks/assign"),
        [field](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(body, ParseBody(req));
            WANGGE_TRY(input, DoorAssignFromJson(body));
            WANGGE_TRY(changed, field->Assign(caller, id, input.task_ids, input.area_id, input.to));
            return Ok({{"assigned", changed}});
        });
    add(Method::kPost, Route("/door-tasks/{id}/done"),
        [field](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(body, ParseBody(req));
            WANGGE_TRY(outcome, DoorOutcomeFromJson(body));
            WANGGE_TRY(task, field->Complete(caller, id, outcome));
            return Ok(DoorTaskJson(task));
        });

    // ---- lab results, traces, alerts, re-tests ----

    add(Method::kPost, Route("/rounds/{id}/lab-results"),
        [lab](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            Result<LabReport> report = Fail(ErrorCode::kInternal, "unset");
            if (IsCsv(req)) {
                auto encoding = registry::import::ParseEncoding(req.Query("encoding").value_or("auto"));
                if (!encoding)
                    return Fail(ErrorCode::kInvalidArgument,
                                "encoding 应为 auto、utf-8 或 gbk (encoding: auto, utf-8 or gbk)", "encoding");
                report = lab->UploadCsv(caller, id, req.body, *encoding);
            } else {
                WANGGE_TRY(body, ParseBody(req));
                WANGGE_TRY(rows, LabRowsFromJson(body));
                report = lab->UploadRows(caller, id, rows);
            }
            if (!report) return Fail(report.error());
            if (!report->outcome) return Ok(LabErrorsJson(*report), 400);
            json out = LabOutcomeJson(*report->outcome);
            out["rows"] = report->total;
            return Ok(out);
        });
    add(Method::kGet, Route("/rounds/{id}/lab-uploads"),
        [lab](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(uploads, lab->ListUploads(caller, id));
            json items = json::array();
            for (const auto& u : uploads) items.push_back(LabUploadJson(u));
            return Ok(Items(std::move(items)));
        });
    add(Method::kGet, Route("/rounds/{id}/tubes/{code}/trace"),
        [lab](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(code, PathText(req, "code"));
            registry::RevealRequest reveal;
            const std::string flag = req.Query("reveal").value_or("");
            if (flag == "1" || flag == "true") reveal.reveal = registry::Reveal::kYes;
            reveal.reason = req.Query("reason").value_or("");
            WANGGE_TRY(trace, lab->Trace(caller, id, code, reveal));
            return Ok(TraceJson(trace));
        });
    add(Method::kGet, Route("/rounds/{id}/alerts"),
        [lab](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(area, QueryId(req, "area"));
            WANGGE_TRY(alerts, lab->ListAlerts(caller, id, area));
            json items = json::array();
            for (const auto& a : alerts) items.push_back(AlertJson(a));
            return Ok(Items(std::move(items)));
        });
    add(Method::kGet, Route("/rounds/{id}/retest-tasks"),
        [lab](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(area, QueryId(req, "area"));
            std::optional<RetestStatus> status;
            if (auto s = req.Query("status"); s && !s->empty()) {
                status = ParseRetestStatus(*s);
                if (!status)
                    return Fail(
                        ErrorCode::kInvalidArgument,
                        "status 应为 pending、sampled、negative、positive 或 invalid (status: pending, sampled, "
                        "negative, positive or invalid)",
                        "status");
            }
            std::optional<RetestKind> kind;
            if (auto k = req.Query("kind"); k && !k->empty()) {
                kind = ParseRetestKind(*k);
                if (!kind)
                    return Fail(ErrorCode::kInvalidArgument, "kind 应为 retest 或 resample (kind: retest or resample)",
                                "kind");
            }
            WANGGE_TRY(page, lab->ListRetests(caller, id, area, status, kind, req.Query("cursor").value_or(""),
                                              QueryLimit(req)));
            json items = json::array();
            for (const auto& row : page.items) items.push_back(RetestRowJson(row));
            return Ok(Paged(std::move(items), page.next_cursor));
        });
    add(Method::kGet, Route("/retest-tasks/{id}"), [lab](Request& req, const auth::Caller& caller) -> Result<Response> {
        WANGGE_TRY(id, PathId(req));
        WANGGE_TRY(row, lab->GetRetest(caller, id));
        return Ok(RetestRowJson(row));
    });
    add(Method::kPost, Route("/retest-tasks/{id}/sample"),
        [lab](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(body, ParseBody(req));
            WANGGE_TRY(input, RetestInputFromJson(body));
            WANGGE_TRY(done, lab->SampleRetest(caller, id, input));
            return Ok({{"task", RetestTaskJson(done.task)},
                       {"tube", TubeJson(done.tube)},
                       {"scan_id", done.scan_id},
                       {"replayed", done.replayed}},
                      done.replayed ? 200 : 201);
        });

    // ---- the live event stream ----

    add(Method::kGet, "/api/v1/events", [&events](Request& req, const auth::Caller& caller) -> Result<Response> {
        if (!caller.Can(auth::Permission::kReadMassTesting))
            return Fail(ErrorCode::kPermissionDenied, "当前角色无权执行此操作 (your role may not do this)");
        EventFilter filter;
        WANGGE_TRY(round, QueryId(req, "round"));
        filter.round_id = round;
        WANGGE_TRY(depth, QueryInt(req, "depth", 2));
        if (depth < 0 || depth > 8) return Fail(ErrorCode::kInvalidArgument, "depth 应为0至8 (depth: 0 to 8)", "depth");
        filter.depth = depth;
        WANGGE_TRY(stream, events.Subscribe(caller, filter));
        return Response::Stream(std::move(stream));
    });
}

}  // namespace wangge::api
