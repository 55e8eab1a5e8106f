#include "api/routes.hpp"

namespace wangge::api {
namespace {

std::string SessionCookie(const ApiContext& ctx, const std::string& token, EpochMillis max_age_ms) {
    return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; SameSite=Strict; Max-Age=" +
           std::to_string(max_age_ms / 1000) + (ctx.secure_cookies ? "; Secure" : "");
}

}  // namespace

void RegisterSessionRoutes(http::Router& router, ApiContext& ctx, registry::RegistryRepository& areas) {
    router.Add(http::Method::kPost, "/api/v1/session", [&ctx, &areas](http::Request& request) {
        auto run = [&]() -> Result<http::Response> {
            WANGGE_TRY(body, ParseBody(request));
            WANGGE_TRY(username, OptionalString(body, "username"));
            WANGGE_TRY(password, OptionalString(body, "password"));
            if (!username || username->empty())
                return Fail(ErrorCode::kInvalidArgument, "请输入用户名 (username is required)", "username");
            if (!password || password->empty())
                return Fail(ErrorCode::kInvalidArgument, "请输入密码 (password is required)", "password");
            WANGGE_TRY(login, ctx.auth.Login(*username, *password));
            WANGGE_TRY(area, areas.GetArea(login.caller.area_id));
            auto response = Ok({{"user", MeJson(login.caller, area)}});
            response.headers.emplace_back("Set-Cookie",
                                          SessionCookie(ctx, login.token, login.expires_at - ctx.clock.Now()));
            return response;
        };
        auto r = run();
        return r ? std::move(*r) : http::Response::FromError(r.error());
    });

    router.Add(http::Method::kDelete, "/api/v1/session", [&ctx](http::Request& request) {
        if (auto token = request.Cookie(kSessionCookie)) {
            if (auto s = ctx.auth.Logout(*token); !s) return http::Response::FromError(s.error());
        }
        auto response = http::Response::NoContent();
        response.headers.emplace_back("Set-Cookie", SessionCookie(ctx, "", 0));
        return response;
    });

    router.Add(http::Method::kGet, "/api/v1/me",
               Authed(ctx, [&areas](http::Request&, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(area, areas.GetArea(caller.area_id));
                   return Ok(MeJson(caller, area));
               }));
}

}  // namespace wangge::api
