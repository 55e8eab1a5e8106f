#include "api/masstest/masstest_routes.hpp"

#include "api/json_codec.hpp"
#include "api/masstest/masstest_json.hpp"
#include "domain/masstest/coverage_events.hpp"
#include "storage/repositories/masstest/sql_masstest_repository.hpp"

namespace wangge::api {
namespace {

using http::Method;
using http::Request;
using masstest::MassTestService;
using masstest::OpKind;

constexpr std::string_view kBase = "/api/v1/mass-testing/rounds";

// The repository and service live as long as the routes that use them.
struct Module {
    Module(storage::Database& db, registry::RegistryRepository& registry, const Clock& clock,
           masstest::EventPublisher* events)
        : repo(events ? masstest::WithCoverageEvents(storage::MakeSqlMassTestRepository(db), *events, registry)
                      : storage::MakeSqlMassTestRepository(db)),
          service(*repo, registry, clock) {}
    std::unique_ptr<masstest::MassTestRepository> repo;
    MassTestService service;
};

std::string Route(std::string_view tail) { return std::string(kBase) + std::string(tail); }

json Paged(json items, const std::optional<std::string>& next) {
    return {{"items", std::move(items)}, {"next_cursor", next ? json(*next) : json(nullptr)}};
}

Result<std::string> PathText(const Request& request, const std::string& name) {
    auto it = request.params.find(name);
    if (it == request.params.end() || it->second.empty())
        return Fail(ErrorCode::kInvalidArgument, "路径参数缺失 (missing path parameter)", name);
    return it->second;
}

http::Response BatchResponse(const std::vector<masstest::OpResult>& results) {
    json items = json::array();
    int accepted = 0, refused = 0, replayed = 0;
    for (const auto& r : results) {
        items.push_back(OpResultJson(r));
        if (r.op != OpKind::kScan) continue;
        if (r.replayed) ++replayed;
        if (r.outcome == masstest::Outcome::kAccepted)
            ++accepted;
        else
            ++refused;
    }
    return Ok({{"items", std::move(items)}, {"accepted", accepted}, {"refused", refused}, {"replayed", replayed}});
}

// Scans are answered from the group commit (ScanCommitQueue), not on the server thread: the handler hands
// the request over and returns, and `respond` turns the committed result into the answer.
template <class T>
std::function<void(Result<T>)> AnswerLater(const std::shared_ptr<http::Deferred>& deferred,
                                           http::Response (*respond)(const T&)) {
    return [deferred, respond](Result<T> result) {
        // The JSON is written on a server thread, not on the committer that calls this.
        deferred->Answer(http::Deferred::Maker([result = std::move(result), respond] {
            return result ? respond(*result) : http::Response::FromError(result.error());
        }));
    };
}

}  // namespace

void RegisterMassTestRoutes(http::Router& router, ApiContext& ctx, storage::Database& db,
                            registry::RegistryRepository& registry, masstest::EventPublisher* events) {
    auto module = std::make_shared<Module>(db, registry, ctx.clock, events);
    MassTestService* service = &module->service;
    // Every handler holds the module, so it lives exactly as long as the router.
    auto add = [&](Method method, std::string_view tail, AuthedHandler handler) {
        router.Add(method, Route(tail),
                   Authed(ctx, [module, handler = std::move(handler)](Request& req, const auth::Caller& caller) {
                       return handler(req, caller);
                   }));
    };

    add(Method::kPost, "", [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
        WANGGE_TRY(body, ParseBody(req));
        WANGGE_TRY(draft, RoundDraftFromJson(body));
        WANGGE_TRY(view, service->CreateRound(caller, draft));
        return Ok(RoundJson(view), 201);
    });

    add(Method::kGet, "", [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
        std::optional<masstest::RoundStatus> status;
        if (auto text = req.Query("status"); text && !text->empty()) {
            status = masstest::ParseRoundStatus(*text);
            if (!status)
                return Fail(ErrorCode::kInvalidArgument, "status 应为 draft、active 或 closed (unknown status)",
                            "status");
        }
        WANGGE_TRY(rounds, service->ListRounds(caller, status));
        json items = json::array();
        for (const auto& v : rounds) items.push_back(RoundJson(v));
        return Ok({{"items", std::move(items)}});
    });

    add(Method::kGet, "/{id}", [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
        WANGGE_TRY(id, PathId(req));
        WANGGE_TRY(view, service->GetRound(caller, id));
        return Ok(RoundJson(view));
    });

    add(Method::kPost, "/{id}/activate", [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
        WANGGE_TRY(id, PathId(req));
        WANGGE_TRY(view, service->Activate(caller, id));
        return Ok(RoundJson(view));
    });

    add(Method::kPost, "/{id}/close", [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
        WANGGE_TRY(id, PathId(req));
        WANGGE_TRY(view, service->Close(caller, id));
        return Ok(RoundJson(view));
    });

    add(Method::kGet, "/{id}/sealed-buildings",
        [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(sealed, service->ListSealed(caller, id));
            json items = json::array();
            for (const auto& s : sealed) items.push_back(SealedBuildingJson(s));
            return Ok({{"items", std::move(items)}});
        });

    add(Method::kPut, "/{id}/sealed-buildings/{building_id}",
        [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(building, PathId(req, "building_id"));
            WANGGE_CHECK(service->Seal(caller, id, building));
            return http::Response::NoContent();
        });

    add(Method::kDelete, "/{id}/sealed-buildings/{building_id}",
        [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(building, PathId(req, "building_id"));
            WANGGE_CHECK(service->Unseal(caller, id, building));
            return http::Response::NoContent();
        });

    add(Method::kPost, "/{id}/exemptions",
        [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(body, ParseBody(req));
            WANGGE_TRY(resident, RequiredInt(body, "resident_id"));
            WANGGE_TRY(reason_text, OptionalString(body, "reason"));
            auto reason = masstest::ParseExemptionReason(reason_text.value_or(""));
            if (!reason)
                return Fail(ErrorCode::kInvalidArgument,
                            "免检原因应为 away、infant 或 hospitalised (reason: away, infant or hospitalised)",
                            "reason");
            WANGGE_TRY(note, OptionalString(body, "note"));
            WANGGE_TRY(view, service->Exempt(caller, id, resident, *reason, note.value_or("")));
            return Ok(ExemptionJson(view), 201);
        });

    add(Method::kGet, "/{id}/exemptions",
        [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(area, QueryId(req, "area"));
            WANGGE_TRY(page,
                       service->ListExemptions(caller, id, area, req.Query("cursor").value_or(""), QueryLimit(req)));
            json items = json::array();
            for (const auto& e : page.items) items.push_back(ExemptionJson(e));
            return Ok(Paged(std::move(items), page.next_cursor));
        });

    add(Method::kDelete, "/{id}/exemptions/{resident_id}",
        [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(resident, PathId(req, "resident_id"));
            WANGGE_CHECK(service->Unexempt(caller, id, resident));
            return http::Response::NoContent();
        });

    add(Method::kPost, "/{id}/tubes", [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
        WANGGE_TRY(id, PathId(req));
        WANGGE_TRY(body, ParseBody(req));
        WANGGE_TRY(code, OptionalString(body, "code"));
        masstest::ScanOp op;
        op.op = OpKind::kOpenTube;
        op.tube_code = code.value_or("");
        auto deferred = std::make_shared<http::Deferred>();
        service->ApplyLater(caller, id, op, [deferred](Result<masstest::OpResult> opened) {
            if (!opened && opened.error().field == "tube") opened.error().field = "code";  // this body names it so
            AnswerLater(deferred, &OpResponse)(std::move(opened));
        });
        return http::Response::Later(deferred);
    });

    add(Method::kGet, "/{id}/tubes/{code}",
        [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(code, PathText(req, "code"));
            WANGGE_TRY(detail, service->GetTube(caller, id, code));
            json scans = json::array();
            for (const auto& s : detail.scans) scans.push_back(ScanJson(s));
            return Ok({{"tube", TubeJson(detail.tube)}, {"scans", std::move(scans)}});
        });

    add(Method::kPost, "/{id}/tubes/{code}/close",
        [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(code, PathText(req, "code"));
            masstest::ScanOp op;
            op.op = OpKind::kCloseTube;
            op.tube_code = code;
            auto deferred = std::make_shared<http::Deferred>();
            service->ApplyLater(caller, id, op, AnswerLater(deferred, &OpResponse));
            return http::Response::Later(deferred);
        });

    add(Method::kPost, "/{id}/scans", [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
        WANGGE_TRY(id, PathId(req));
        WANGGE_TRY(body, ParseBody(req));
        WANGGE_TRY(op, ScanOpFromJson(body, "", OpKind::kScan));
        op.op = OpKind::kScan;
        auto deferred = std::make_shared<http::Deferred>();
        service->ApplyLater(caller, id, op, AnswerLater(deferred, &OpResponse));
        return http::Response::Later(deferred);
    });

    add(Method::kPost, "/{id}/scans/batch",
        [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(body, ParseBody(req));
            WANGGE_TRY(ops, BatchFromJson(body));
            auto deferred = std::make_shared<http::Deferred>();
            service->ApplyBatchLater(caller, id, ops, AnswerLater(deferred, &BatchResponse));
            return http::Response::Later(deferred);
        });

    add(Method::kGet, "/{id}/coverage", [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
        WANGGE_TRY(id, PathId(req));
        WANGGE_TRY(area, QueryId(req, "area"));
        WANGGE_TRY(view, service->Coverage(caller, id, area, req.Query("cursor").value_or(""), QueryLimit(req)));
        json children = json::array();
        for (const auto& c : view.children) children.push_back(AreaCoverageJson(c));
        json out = {{"area", AreaCoverageJson(view.area)}, {"children", std::move(children)}};
        if (view.households) {
            json items = json::array();
            for (const auto& h : view.households->items) items.push_back(HouseholdCoverageJson(h));
            out["households"] = Paged(std::move(items), view.households->next_cursor);
        } else {
            out["households"] = nullptr;
        }
        return Ok(out);
    });

    add(Method::kGet, "/{id}/untested", [service](Request& req, const auth::Caller& caller) -> Result<http::Response> {
        WANGGE_TRY(id, PathId(req));
        WANGGE_TRY(area, QueryId(req, "area"));
        if (!area) return Fail(ErrorCode::kInvalidArgument, "area 必填 (area is required)", "area");
        WANGGE_TRY(page, service->Untested(caller, id, *area, req.Query("cursor").value_or(""), QueryLimit(req)));
        json items = json::array();
        for (const auto& item : page.items) items.push_back(UntestedJson(item));
        return Ok(Paged(std::move(items), page.next_cursor));
    });
}

}  // namespace wangge::api
