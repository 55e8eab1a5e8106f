#include "http/pipeline.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>
#include <exception>

#include "http/wire.hpp"

namespace wangge::http {

// Defined in the file CMake generates from docs/openapi.yaml.
std::string_view OpenApiYaml();

namespace {

// Metric labels for requests no route pattern describes.
constexpr std::string_view kRouteUnmatched = "unmatched";
constexpr std::string_view kRouteStatic = "static";

// 'unsafe-inline' for styles only: Element Plus sets inline style attributes. data: for the images and fonts
// that Vite inlines. Everything else, including scripts, must come from this origin.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'";

void AddSecurityHeaders(Response& response) {
    response.headers.emplace_back("X-Content-Type-Options", "nosniff");
    response.headers.emplace_back("X-Frame-Options", "DENY");
    response.headers.emplace_back("Referrer-Policy", "same-origin");
    response.headers.emplace_back("Content-Security-Policy", std::string(kContentSecurityPolicy));
}

bool IsApiPath(std::string_view path) { return path == "/api" || path.substr(0, 5) == "/api/"; }

// The declared body length, when there is a well-formed one.
std::optional<std::uint64_t> ContentLength(const Request& request) {
    auto it = request.headers.find("content-length");
    if (it == request.headers.end()) return std::nullopt;
    std::uint64_t value = 0;
    const std::string& text = it->second;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error != std::errc() || end != text.data() + text.size()) return std::nullopt;
    return value;
}

}  // namespace

Pipeline::Pipeline(const ServerOptions& options, std::shared_ptr<const Router> router)
    : max_body_bytes_(options.max_body_bytes), router_(std::move(router)) {
    if (!options.static_dir.empty()) static_files_.emplace(options.static_dir);
}

Response Pipeline::Handle(Incoming& incoming) {
    const auto start = std::chrono::steady_clock::now();
    std::string_view route = kRouteUnmatched;
    Response response;
    try {
        response = Route(incoming, &route);
    } catch (const std::exception& error) {
        if (route.empty()) route = kRouteUnmatched;
        std::fprintf(stderr, "wangge http: %.*s %.*s (route %.*s): unhandled exception: %s\n",
                     static_cast<int>(incoming.method_name.size()), incoming.method_name.data(),
                     static_cast<int>(incoming.raw_path.size()), incoming.raw_path.data(),
                     static_cast<int>(route.size()), route.data(), error.what());
        response = ErrorResponse(500, "internal", "internal error");
    } catch (...) {
        if (route.empty()) route = kRouteUnmatched;
        std::fprintf(stderr, "wangge http: %.*s %.*s (route %.*s): unhandled non-standard exception\n",
                     static_cast<int>(incoming.method_name.size()), incoming.method_name.data(),
                     static_cast<int>(incoming.raw_path.size()), incoming.raw_path.data(),
                     static_cast<int>(route.size()), route.data());
        response = ErrorResponse(500, "internal", "internal error");
    }
    if (response.deferred) {
        // Headers and timing belong to the answer, whenever it comes.
        response.deferred->OnFinish([this, method = std::string(incoming.method_name), route, start](Response& answer) {
            AddSecurityHeaders(answer);
            const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
            metrics_.Record(method, route, answer.status, elapsed.count());
        });
        return response;
    }
    AddSecurityHeaders(response);
    const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
    metrics_.Record(incoming.method_name, route, response.status, elapsed.count());
    return response;
}

Response Pipeline::Route(Incoming& incoming, std::string_view* route) {
    Request& request = incoming.request;
    // A declared length over the limit is refused before the body is read (the server skipped it), so the
    // connection cannot be reused: the unread bytes are still in the socket.
    if (auto length = ContentLength(request); length && *length > max_body_bytes_) {
        Response response = ErrorResponse(413, "resource_exhausted",
                                          "request body exceeds " + std::to_string(max_body_bytes_) + " bytes");
        response.headers.emplace_back("Connection", "close");
        return response;
    }
    // A chunked body was read (and truncated) by the server, so this connection can go on.
    if (request.body.size() > max_body_bytes_) {
        return ErrorResponse(413, "resource_exhausted",
                             "request body exceeds " + std::to_string(max_body_bytes_) + " bytes");
    }
    if (!incoming.method) {
        return ErrorResponse(405, "method_not_allowed",
                             "method " + std::string(incoming.method_name) + " is not supported");
    }
    request.method = *incoming.method;

    auto path = PercentDecode(incoming.raw_path, PlusMeans::kPlus);
    if (!path) return ErrorResponse(400, "invalid_argument", "malformed percent-encoding in the path");
    request.path = std::move(*path);
    auto query = ParseQuery(incoming.raw_query);
    if (!query) return ErrorResponse(400, "invalid_argument", "malformed percent-encoding in the query");
    request.query = std::move(*query);
    // HEAD is GET without the body (the server drops it), unless a route handles HEAD itself.
    if (request.method == Method::kHead && router_->MatchedPattern(request).empty()) request.method = Method::kGet;

    if (request.method == Method::kGet) {
        if (request.path == "/healthz") {
            *route = "/healthz";
            return Response::Json(200, R"({"status":"ok"})");
        }
        if (request.path == "/metrics") {
            *route = "/metrics";
            Response response = Response::Json(200, metrics_.RenderPrometheus());
            response.content_type = "text/plain; version=0.0.4; charset=utf-8";
            return response;
        }
        if (request.path == "/api/openapi.yaml") {
            *route = "/api/openapi.yaml";
            Response response = Response::Json(200, std::string(OpenApiYaml()));
            response.content_type = "application/yaml; charset=utf-8";
            response.headers.emplace_back("Cache-Control", "no-cache");
            return response;
        }
        if (request.path == "/api/docs") {
            *route = "/api/docs";
            if (!static_files_) return ErrorResponse(404, "not_found", "no web app directory is configured");
            return static_files_->ServeFile("api-docs.html");
        }
        if (static_files_ && !IsApiPath(request.path) && router_->MatchedPattern(request).empty()) {
            *route = kRouteStatic;
            return static_files_->Serve(request.path);
        }
    }
    // Dispatch sets the pattern before calling the handler, so a throwing handler is still labelled by route.
    Response response = router_->Dispatch(request, route);
    if (route->empty()) *route = kRouteUnmatched;
    return response;
}

}  // namespace wangge::http
