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
    // 404 for an unknown path, 405 (with an Allow header) for a known path with another method.
    // Fills request.params from the matched pattern. Handler exceptions propagate to the caller.
    Response Dispatch(Request& request) const;
    // As above, and sets *matched_pattern to the pattern that matched ("" when none did) so the server
    // labels metrics without matching twice. The view lives as long as the Router.
    Response Dispatch(Request& request, std::string_view* matched_pattern) const;
    // The pattern that matched (for metrics labels), or "" when none did.
    std::string MatchedPattern(const Request& request) const;

private:
    struct Route {
        Method method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
    };
    // The best route for method and path: the one with the most literal segments, the first added on a tie.
    // `params` (may be null) receives the {name} values; `allowed` (may be null) the methods of every route
    // whose pattern matches the path.
    const Route* Find(Method method, std::string_view path, std::map<std::string, std::string>* params,
                      std::vector<Method>* allowed) const;
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
    // Binds and starts; returns the bound port (the one the OS chose when options.port is 0).
    // kInvalidArgument for a host that is not an IP address, kUnavailable when the port cannot be bound,
    // kFailedPrecondition when called twice. A server is started at most once.
    Result<std::uint16_t> Start();
    // Graceful: stops accepting, lets in-flight requests finish (up to 10 s), then closes everything.
    // Idempotent and thread-safe; must not be called from a handler. The destructor calls it.
    void Stop();
    // Blocks until Stop() or SIGINT/SIGTERM (then stops as Stop() does). Returns at once when not running.
    // Signals are handled only while a thread waits here.
    void Wait();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wangge::http
