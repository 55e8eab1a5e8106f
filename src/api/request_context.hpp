#pragma once
// What every API route needs: the caller from the session cookie, ids from the path and
// query, and the Result → Response plumbing.
#include <functional>

#include "api/json_codec.hpp"
#include "common/clock.hpp"
#include "domain/auth/auth_service.hpp"
#include "http/http.hpp"

namespace wangge::api {

inline constexpr std::string_view kSessionCookie = "wangge_session";

struct ApiContext {
    auth::AuthService& auth;
    const Clock& clock;
    bool secure_cookies = false;  // add "Secure" to the cookie when served over HTTPS
};

// A route body: gets the authenticated caller, returns a response or an error.
using AuthedHandler = std::function<Result<http::Response>(http::Request&, const auth::Caller&)>;

// Wraps a route so that it runs only for a valid session (else 401) and turns errors into
// the API's error JSON.
http::Handler Authed(ApiContext& ctx, AuthedHandler handler);

http::Response Ok(const json& body, int status = 200);

// A path parameter or query value as a positive id; kInvalidArgument naming it otherwise.
Result<std::int64_t> PathId(const http::Request& request, std::string_view name = "id");
Result<std::optional<std::int64_t>> QueryId(const http::Request& request, std::string_view name);
int QueryLimit(const http::Request& request);

CivilDate Today(const Clock& clock);

}  // namespace wangge::api
