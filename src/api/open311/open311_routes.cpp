#include "api/open311/open311_routes.hpp"

#include <charconv>
#include <memory>

#include "api/open311/open311_json.hpp"
#include "domain/open311/api_client_service.hpp"
#include "domain/open311/open311_service.hpp"
#include "storage/repositories/open311/sql_open311_repositories.hpp"

namespace wangge::api {
namespace {

using http::Method;
using http::Request;
using http::Response;
using namespace open311_json;

constexpr std::string_view kBase = "/open311/v2";
// When this API's shape last changed (discovery's "changeset").
constexpr std::string_view kChangeset = "2025-07-01T00:00:00+08:00";

// Everything the routes use, owned by the routes.
struct Open311Api {
    Open311Api(storage::Database& db, appeals::AppealService& appeals, appeals::AppealRepository& appeal_repo,
               const Clock& clock)
        : client_repo(storage::MakeSqlApiClientRepository(db)),
          request_repo(storage::MakeSqlServiceRequestRepository(db)),
          clients(*client_repo, clock),
          service(*request_repo, appeals, appeal_repo, clock) {}

    std::unique_ptr<open311::ApiClientRepository> client_repo;
    std::unique_ptr<open311::ServiceRequestRepository> request_repo;
    open311::ApiClientService clients;
    open311::Open311Service service;
};

Response JsonOut(int status, const json& body) {
    return Response::Json(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

Response ErrorOut(const Error& error) {
    const int status = http::ToHttpStatus(error.code);
    std::string description = error.code == ErrorCode::kInternal ? "internal error" : error.message;
    if (error.code == ErrorCode::kInvalidArgument && !error.field.empty())
        description = error.field + ": " + description;
    return JsonOut(status, ErrorJson(status, description));
}

using Body = std::function<Result<Response>(Request&)>;

// Runs a route body and turns its error into the spec's error array.
http::Handler Route(Body body) {
    return [body = std::move(body)](Request& request) -> Response {
        auto response = body(request);
        return response ? std::move(*response) : ErrorOut(response.error());
    };
}

// "12.json" → "12"; other formats are not served.
Result<std::string> JsonResource(const Request& request, const std::string& param) {
    const std::string& segment = request.params.at(param);
    constexpr std::string_view kSuffix = ".json";
    if (segment.size() <= kSuffix.size() || !segment.ends_with(kSuffix))
        return Fail(ErrorCode::kNotFound, "仅提供JSON格式，请使用 .json (only JSON is served: use .json)");
    return segment.substr(0, segment.size() - kSuffix.size());
}

std::string BaseUrl(const Request& request) {
    const std::string proto = request.Header("x-forwarded-proto").value_or("http") == "https" ? "https" : "http";
    return proto + "://" + request.Header("host").value_or("localhost") + std::string(kBase);
}

}  // namespace

void RegisterOpen311Routes(http::Router& router, storage::Database& db, appeals::AppealService& appeals,
                           appeals::AppealRepository& appeal_repo, const Clock& clock) {
    auto api = std::make_shared<Open311Api>(db, appeals, appeal_repo, clock);
    const std::string base(kBase);

    router.Add(Method::kGet, base + "/discovery.json", Route([](Request& req) -> Result<Response> {
                   json endpoint = {{"specification", "http://wiki.open311.org/GeoReport_v2"},
                                    {"url", BaseUrl(req)},
                                    {"changeset", kChangeset},
                                    {"type", "production"},
                                    {"formats", {"application/json"}}};
                   return JsonOut(200, {{"changeset", kChangeset},
                                        {"contact", "社区党群服务中心 (the platform operator)"},
                                        {"key_service",
                                         "API密钥由平台管理员签发：wangge apikey add (keys are issued by "
                                         "the operator with `wangge apikey add`)"},
                                        {"endpoints", json::array({endpoint})}});
               }));

    router.Add(Method::kGet, base + "/services.json", Route([api](Request&) -> Result<Response> {
                   WANGGE_TRY(categories, api->service.Services());
                   json out = json::array();
                   for (const auto& c : categories) out.push_back(ServiceJson(c));
                   return JsonOut(200, out);
               }));

    router.Add(Method::kGet, base + "/services/{code}", Route([api](Request& req) -> Result<Response> {
                   WANGGE_TRY(code, JsonResource(req, "code"));
                   WANGGE_TRY(category, api->service.Service(code));
                   return JsonOut(200, ServiceDefinitionJson(category));
               }));

    router.Add(Method::kGet, base + "/requests.json", Route([api](Request& req) -> Result<Response> {
                   WANGGE_TRY(params, RequestParams(req));
                   WANGGE_TRY(client, api->clients.Authenticate(params["api_key"]));
                   WANGGE_TRY(filter, FilterFromParams(params));
                   WANGGE_TRY(requests, api->service.List(client, filter));
                   json out = json::array();
                   for (const auto& r : requests) out.push_back(ServiceRequestJson(r));
                   return JsonOut(200, out);
               }));

    router.Add(Method::kPost, base + "/requests.json", Route([api](Request& req) -> Result<Response> {
                   WANGGE_TRY(params, RequestParams(req));
                   WANGGE_TRY(client, api->clients.Authenticate(params["api_key"]));
                   WANGGE_TRY(draft, NewRequestFromParams(params));
                   WANGGE_TRY(filed, api->service.File(client, draft));
                   return JsonOut(200, json::array({{{"service_request_id", std::to_string(filed.id)},
                                                     {"service_notice", filed.notice},
                                                     {"account_id", nullptr}}}));
               }));

    router.Add(Method::kGet, base + "/requests/{id}", Route([api](Request& req) -> Result<Response> {
                   WANGGE_TRY(resource, JsonResource(req, "id"));
                   WANGGE_TRY(params, RequestParams(req));
                   WANGGE_TRY(client, api->clients.Authenticate(params["api_key"]));
                   std::int64_t id = 0;
                   auto [ptr, ec] = std::from_chars(resource.data(), resource.data() + resource.size(), id);
                   if (ec != std::errc{} || ptr != resource.data() + resource.size() || id <= 0)
                       return Fail(ErrorCode::kNotFound, "诉求不存在 (no such service request)");
                   WANGGE_TRY(request, api->service.Get(client, id));
                   return JsonOut(200, json::array({ServiceRequestJson(request)}));
               }));

    // Anything else under the base (other formats, unknown resources) answers in the spec's form too.
    for (Method method : {Method::kGet, Method::kPost})
        router.Add(method, base + "/{resource}", Route([](Request&) -> Result<Response> {
                       return Fail(ErrorCode::kNotFound,
                                   "没有该资源；仅提供JSON格式 (no such resource; only .json is served)");
                   }));
}

}  // namespace wangge::api
