#pragma once
// wangge's own small HTTP types. Only server.cpp includes RESTinio; everything else —
// routes, tests — sees these.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace wangge::http {

enum class Method { kGet, kPost, kPut, kPatch, kDelete, kHead, kOptions };

struct Request {
    Method method = Method::kGet;
    std::string path;                                  // without the query string
    std::map<std::string, std::string> query;          // decoded
    std::map<std::string, std::string> headers;        // names lower-cased
    std::map<std::string, std::string> params;        // from the route pattern: {id} → "42"
    std::string body;
    std::string remote_address;

    std::optional<std::string> Header(std::string_view lower_name) const;
    std::optional<std::string> Cookie(std::string_view name) const;
    std::optional<std::string> Query(std::string_view name) const;
};

struct Response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, …)

    static Response Json(int status, std::string body);
    static Response NoContent();
    // {"error":{"code":"…","message":"…","field":"…"}} with the status ToHttpStatus gives.
    static Response FromError(const Error& error);
};

// One mapping from the error catalogue to HTTP. When adding an ErrorCode, map it here.
int ToHttpStatus(ErrorCode code);

using Handler = std::function<Response(Request&)>;

// Matches "/api/v1/areas/{id}/children"-style patterns; {name} takes one path segment.
class Router {
public:
    void Add(Method method, std::string pattern, Handler handler);
    // 404 for an unknown path, 405 for a known path with another method.
    Response Dispatch(Request& request) const;
    // The pattern that matched (for metrics labels), or "" when none did.
    std::string MatchedPattern(const Request& request) const;

private:
    struct Route {
        Method method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
    };
    const Route* Find(Request& request, bool* path_known) const;
    std::vector<Route> routes_;
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;             // 0: any free port
    unsigned threads = 2;
    std::size_t max_body_bytes = 64u << 20;   // imports may be large
    unsigned request_timeout_s = 120;
    std::size_t max_connections = 4096;
    std::string static_dir;             // the built web app, served from "/" (SPA fallback to index.html)
};

// Runs a Router on RESTinio threads in the background. Catches every exception a handler
// throws (500 and a log line); counts requests for /metrics; serves /healthz and /metrics.
class Server {
public:
    Server(ServerOptions options, std::shared_ptr<const Router> router);
    ~Server();
    // Binds and starts; returns the bound port.
    Result<std::uint16_t> Start();
    void Stop();
    // Blocks until Stop() or SIGINT/SIGTERM.
    void Wait();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wangge::http
