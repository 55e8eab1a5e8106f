#pragma once
// Internal to wangge_http: everything the server does with one request except the socket work, so that
// server.cpp (the only RESTinio includer) stays a thin adapter and this logic compiles in seconds.
#include <memory>
#include <optional>
#include <string_view>

#include "http/http.hpp"
#include "http/metrics.hpp"
#include "http/static_files.hpp"

namespace wangge::http {

// A request as it came off the wire: path and query still percent-encoded, method possibly unknown.
struct Incoming {
    std::optional<Method> method;  // nullopt: a method wangge does not route (TRACE, PROPFIND, …)
    std::string_view method_name;  // as sent, for metrics and logs
    std::string_view raw_path;
    std::string_view raw_query;
    Request request;  // headers, body and remote_address filled in; path, query and method set by Handle
};

// The order of handling: limits and decoding, the built-ins (/healthz, /metrics, /api/openapi.yaml,
// /api/docs), then /api/* through the router, then static files for other GETs (unless the router has a
// GET route for the path). Thread-safe; one instance serves all server threads.
class Pipeline {
  public:
    // Shares ownership of `router`; static files are served only when options.static_dir is set.
    Pipeline(const ServerOptions& options, std::shared_ptr<const Router> router);

    // Never throws: an exception from a handler becomes 500 "internal" and one line on stderr. Adds the
    // security headers and records metrics. A response that must end the connection (a body too large to
    // read) carries "Connection: close" among its headers. For a deferred response both happen when the
    // answer is given (Deferred::OnFinish).
    Response Handle(Incoming& incoming);

    Metrics& metrics() { return metrics_; }

  private:
    Response Route(Incoming& incoming, std::string_view* route);

    std::size_t max_body_bytes_;
    std::shared_ptr<const Router> router_;
    std::optional<StaticFiles> static_files_;
    Metrics metrics_;
};

}  // namespace wangge::http
