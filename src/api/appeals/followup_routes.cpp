#include "api/appeals/followup_routes.hpp"

#include <map>
#include <mutex>

#include "api/appeals/appeal_json.hpp"
#include "api/appeals/followup_json.hpp"
#include "api/json_codec.hpp"
#include "domain/appeals/followup_service.hpp"
#include "storage/repositories/appeals/file_photo_store.hpp"
#include "storage/repositories/appeals/sql_followup_repository.hpp"

namespace wangge::api {
namespace {

using namespace appeals;
using http::Method;
using http::Request;
using http::Response;

// Requests one client address may make to the public evaluation endpoints per window. A resident
// opens the page and rates once or twice; this is far above that and far below guessing tokens
// (which 128 random bits already make hopeless).
constexpr int kPublicRequestsPerWindow = 30;
constexpr EpochMillis kPublicWindow = 60 * 1000;
constexpr std::size_t kMaxTrackedClients = 10000;

// A fixed-window counter per client address, on the API's clock. Thread-safe.
class PublicRateLimiter {
  public:
    explicit PublicRateLimiter(const Clock& clock) : clock_(clock) {}

    // False when `client` has used up this window.
    bool Admit(const std::string& client) {
        const EpochMillis window = clock_.Now() / kPublicWindow;
        std::lock_guard lock(mutex_);
        if (window != window_) {
            window_ = window;
            counts_.clear();
        }
        if (counts_.size() >= kMaxTrackedClients && !counts_.contains(client)) return false;
        return ++counts_[client] <= kPublicRequestsPerWindow;
    }

  private:
    const Clock& clock_;
    std::mutex mutex_;
    EpochMillis window_ = -1;
    std::map<std::string, int> counts_;
};

// What the routes own: built once, shared by every handler.
struct Followup {
    Followup(storage::Database& db, AppealRepository& appeal_repo, registry::RegistryRepository& registry,
             const std::string& data_dir, const Clock& clock)
        : repo(storage::MakeSqlFollowupRepository(db)),
          store(storage::MakeFilePhotoStore(data_dir)),
          service(appeal_repo, *repo, registry, *store, clock),
          limiter(clock) {}

    std::unique_ptr<FollowupRepository> repo;
    std::unique_ptr<PhotoStore> store;
    AppealFollowupService service;
    PublicRateLimiter limiter;
};

// A photo too large is 413, whichever check caught it.
Response PhotoError(const Error& error) {
    Response response = Response::FromError(error);
    if (error.code == ErrorCode::kResourceExhausted) response.status = 413;
    return response;
}

// A public route: no session, rate-limited per client, never cached; a token that was used, expired
// or replaced answers 410 Gone.
http::Handler Public(const std::shared_ptr<Followup>& f, std::function<Result<Response>(Request&)> handler) {
    return [f, handler = std::move(handler)](Request& request) -> Response {
        Response response;
        if (!f->limiter.Admit(request.remote_address)) {
            response = Response::FromError(MakeError(ErrorCode::kResourceExhausted,
                                                     "请求过于频繁，请稍后再试 (too many requests; wait a minute)"));
            response.headers.emplace_back("Retry-After", "60");
        } else if (auto result = handler(request); !result) {
            response = Response::FromError(result.error());
            if (result.error().code == ErrorCode::kFailedPrecondition && result.error().field == "token")
                response.status = 410;
        } else {
            response = std::move(*result);
        }
        response.headers.emplace_back("Cache-Control", "no-store");
        return response;
    };
}

json Items(json items) { return {{"items", std::move(items)}}; }

}  // namespace

void RegisterAppealFollowupRoutes(http::Router& router, ApiContext& ctx, storage::Database& db,
                                  AppealRepository& appeal_repo, registry::RegistryRepository& registry,
                                  const std::string& data_dir) {
    auto f = std::make_shared<Followup>(db, appeal_repo, registry, data_dir, ctx.clock);
    AppealFollowupService& service = f->service;

    // ---- extension requests ----

    router.Add(Method::kPost, "/api/v1/appeals/{id}/extensions",
               Authed(ctx, [f, &service](Request& req, const auth::Caller& caller) -> Result<Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(draft, ExtensionDraftFromJson(body));
                   WANGGE_TRY(extension, service.RequestExtension(caller, id, draft));
                   return Ok(ExtensionJson(extension), 201);
               }));

    router.Add(
        Method::kGet, "/api/v1/appeals/{id}/extensions",
        Authed(ctx, [f, &service](Request& req, const auth::Caller& caller) -> Result<Response> {
            WANGGE_TRY(id, PathId(req));
            WANGGE_TRY(list, service.ListExtensions(caller, id));
            json items = json::array();
            for (const auto& x : list.items) items.push_back(ExtensionJson(x));
            return Ok(
                {{"items", std::move(items)}, {"can_request", list.can_request}, {"can_decide", list.can_decide}});
        }));

    router.Add(Method::kGet, "/api/v1/extensions",
               Authed(ctx, [f, &service](Request& req, const auth::Caller& caller) -> Result<Response> {
                   const std::string status = req.Query("status").value_or("pending");
                   if (status != "pending")
                       return Fail(ErrorCode::kInvalidArgument,
                                   "只能查询待审批的延期申请 (status must be pending; decided requests are in each "
                                   "appeal's timeline)",
                                   "status");
                   WANGGE_TRY(pending, service.PendingExtensions(caller));
                   json items = json::array();
                   for (const auto& p : pending) {
                       json item = ExtensionJson(p.extension);
                       item["appeal"] = AppealJson(p.appeal);
                       items.push_back(std::move(item));
                   }
                   return Ok(Items(std::move(items)));
               }));

    router.Add(Method::kPost, "/api/v1/extensions/{id}/decision",
               Authed(ctx, [f, &service](Request& req, const auth::Caller& caller) -> Result<Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(decision, DecisionFromJson(body));
                   WANGGE_TRY(extension, service.DecideExtension(caller, id, decision.first, decision.second));
                   return Ok(ExtensionJson(extension));
               }));

    // ---- photos ----

    http::Handler upload = Authed(ctx, [f, &service](Request& req, const auth::Caller& caller) -> Result<Response> {
        WANGGE_TRY(id, PathId(req));
        WANGGE_TRY(event_id, QueryId(req, "event_id"));
        PhotoUpload photo_upload{req.Header("content-type").value_or(""), std::move(req.body), event_id};
        auto photo = service.UploadPhoto(caller, id, photo_upload);
        if (!photo) return PhotoError(photo.error());
        return Ok(PhotoJson(*photo), 201);
    });
    router.Add(Method::kPost, "/api/v1/appeals/{id}/photos", [upload = std::move(upload)](Request& req) -> Response {
        // An oversized body is refused before anything else looks at it.
        if (req.body.size() > kMaxPhotoBytes)
            return PhotoError(
                MakeError(ErrorCode::kResourceExhausted, "照片不能超过 5 MB (a photo may be at most 5 MB)", "photo"));
        return upload(req);
    });

    router.Add(Method::kGet, "/api/v1/appeals/{id}/photos",
               Authed(ctx, [f, &service](Request& req, const auth::Caller& caller) -> Result<Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(photos, service.ListPhotos(caller, id));
                   json items = json::array();
                   for (const auto& p : photos) items.push_back(PhotoJson(p));
                   return Ok(Items(std::move(items)));
               }));

    router.Add(Method::kGet, "/api/v1/photos/{id}",
               Authed(ctx, [f, &service](Request& req, const auth::Caller& caller) -> Result<Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(content, service.ReadPhoto(caller, id));
                   Response response;
                   response.status = 200;
                   response.content_type = std::string(ImageMimeType(content.photo.type));
                   response.body = std::move(content.bytes);
                   // The server adds X-Content-Type-Options: nosniff to every response. Photos never
                   // change, but they are personal: only this browser may keep them.
                   response.headers.emplace_back("Cache-Control", "private, max-age=86400");
                   response.headers.emplace_back("ETag", "\"" + content.photo.sha256 + "\"");
                   return response;
               }));

    // ---- public evaluation link ----

    router.Add(Method::kGet, "/api/v1/appeals/{id}/evaluation-link",
               Authed(ctx, [f, &service](Request& req, const auth::Caller& caller) -> Result<Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(status, service.GetEvaluationLinkStatus(caller, id));
                   json latest = nullptr;
                   if (status.latest) latest = EvaluationLinkJson(*status.latest, *status.state);
                   return Ok({{"latest", std::move(latest)}, {"can_create", status.can_create}});
               }));

    router.Add(Method::kPost, "/api/v1/appeals/{id}/evaluation-link",
               Authed(ctx, [f, &service](Request& req, const auth::Caller& caller) -> Result<Response> {
                   WANGGE_TRY(id, PathId(req));
                   WANGGE_TRY(created, service.CreateEvaluationLink(caller, id));
                   json out = EvaluationLinkJson(created.link, LinkState::kActive);
                   out["token"] = created.token;
                   out["path"] = "/e/" + created.token;
                   return Ok(out, 201);
               }));

    router.Add(Method::kGet, "/api/v1/public/evaluations/{token}",
               Public(f, [&service](Request& req) -> Result<Response> {
                   WANGGE_TRY(view, service.ViewByLink(req.params["token"]));
                   return Ok(PublicEvaluationJson(view));
               }));

    router.Add(Method::kPost, "/api/v1/public/evaluations/{token}",
               Public(f, [&service](Request& req) -> Result<Response> {
                   WANGGE_TRY(body, ParseBody(req));
                   WANGGE_TRY(input, PublicEvaluationFromJson(body));
                   WANGGE_TRY(view, service.EvaluateByLink(req.params["token"], input.first, input.second));
                   return Ok(PublicEvaluationJson(view));
               }));

    // ---- possible duplicates ----

    router.Add(Method::kGet, "/api/v1/appeals/similar",
               Authed(ctx, [f, &service](Request& req, const auth::Caller& caller) -> Result<Response> {
                   WANGGE_TRY(area_id, QueryId(req, "area_id"));
                   WANGGE_TRY(household_id, QueryId(req, "household_id"));
                   WANGGE_TRY(category_id, QueryId(req, "category_id"));
                   if (!area_id)
                       return Fail(ErrorCode::kInvalidArgument, "请先选择地点 (area_id is required)", "area_id");
                   if (!category_id)
                       return Fail(ErrorCode::kInvalidArgument, "请先选择类别 (category_id is required)",
                                   "category_id");
                   WANGGE_TRY(similar, service.Similar(caller, SimilarRequest{*area_id, household_id, *category_id}));
                   json items = json::array();
                   for (const auto& v : similar.items) {
                       json item = AppealJson(v);
                       item["same_household"] = household_id.has_value() && v.appeal.household_id == household_id;
                       items.push_back(std::move(item));
                   }
                   return Ok({{"place", SimilarPlaceName(similar.place)}, {"items", std::move(items)}});
               }));
}

}  // namespace wangge::api
