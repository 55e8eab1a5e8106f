#include "api/request_context.hpp"

#include <charconv>

#include "domain/registry/resident.hpp"

namespace wangge::api {
namespace {

std::optional<std::int64_t> ParsePositive(std::string_view text) {
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || ptr != text.data() + text.size() || v <= 0) return std::nullopt;
    return v;
}

}  // namespace

http::Handler Authed(ApiContext& ctx, AuthedHandler handler) {
    return [&ctx, handler = std::move(handler)](http::Request& request) -> http::Response {
        auto token = request.Cookie(kSessionCookie);
        auto caller = token ? ctx.auth.Authenticate(*token)
                            : Result<auth::Caller>(Fail(ErrorCode::kUnauthenticated, "请先登录 (please log in)"));
        if (!caller) return http::Response::FromError(caller.error());
        auto response = handler(request, *caller);
        if (!response) return http::Response::FromError(response.error());
        return std::move(*response);
    };
}

http::Response Ok(const json& body, int status) {
    return http::Response::Json(status, body.dump(-1, ' ', false, json::error_handler_t::replace));
}

Result<std::int64_t> PathId(const http::Request& request, std::string_view name) {
    auto it = request.params.find(std::string(name));
    auto id = it == request.params.end() ? std::nullopt : ParsePositive(it->second);
    if (!id) return Fail(ErrorCode::kInvalidArgument, "路径中的编号无效 (invalid id in the path)", std::string(name));
    return *id;
}

Result<std::optional<std::int64_t>> QueryId(const http::Request& request, std::string_view name) {
    auto text = request.Query(name);
    if (!text || text->empty()) return std::optional<std::int64_t>{};
    auto id = ParsePositive(*text);
    if (!id) return Fail(ErrorCode::kInvalidArgument, std::string(name) + " 应为正整数 (must be a positive id)",
                         std::string(name));
    return std::optional<std::int64_t>{*id};
}

int QueryLimit(const http::Request& request) {
    auto text = request.Query("limit");
    if (!text) return 50;
    auto v = ParsePositive(*text);
    return v ? static_cast<int>(std::min<std::int64_t>(*v, 200)) : 50;
}

CivilDate Today(const Clock& clock) { return registry::CivilDateFromMillis(clock.Now()); }

}  // namespace wangge::api
