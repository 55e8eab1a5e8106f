// Router and the Request accessors: pure string work, no I/O.
#include <algorithm>

#include "http/http.hpp"
#include "http/wire.hpp"

namespace wangge::http {
namespace {

// Empty segments are dropped, so "/a//b/" routes like "/a/b".
std::vector<std::string_view> SplitPath(std::string_view path) {
    std::vector<std::string_view> segments;
    while (!path.empty()) {
        std::size_t slash = path.find('/');
        std::string_view segment = path.substr(0, slash);
        if (!segment.empty()) segments.push_back(segment);
        if (slash == std::string_view::npos) break;
        path.remove_prefix(slash + 1);
    }
    return segments;
}

bool IsParam(std::string_view segment) {
    return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
    return text;
}

}  // namespace

std::optional<std::string> Request::Header(std::string_view lower_name) const {
    auto it = headers.find(std::string(lower_name));
    if (it == headers.end()) return std::nullopt;
    return it->second;
}

// RFC 6265 §5.4 syntax: "a=1; b=2". Values may be double-quoted; a pair without '=' is ignored.
std::optional<std::string> Request::Cookie(std::string_view name) const {
    auto it = headers.find("cookie");
    if (it == headers.end()) return std::nullopt;
    std::string_view rest = it->second;
    while (!rest.empty()) {
        std::size_t semi = rest.find(';');
        std::string_view pair = rest.substr(0, semi);
        rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
        std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        if (Trim(pair.substr(0, eq)) != name) continue;
        std::string_view value = Trim(pair.substr(eq + 1));
        if (value.size() >= 2 && value.front() == '"' && value.back() == '"') value = value.substr(1, value.size() - 2);
        return std::string(value);
    }
    return std::nullopt;
}

std::optional<std::string> Request::Query(std::string_view name) const {
    auto it = query.find(std::string(name));
    if (it == query.end()) return std::nullopt;
    return it->second;
}

void Router::Add(Method method, std::string pattern, Handler handler) {
    Route route{method, std::move(pattern), {}, std::move(handler)};
    for (std::string_view segment : SplitPath(route.pattern)) route.segments.emplace_back(segment);
    routes_.push_back(std::move(route));
}

const Router::Route* Router::Find(Method method, std::string_view path, std::map<std::string, std::string>* params,
                                  std::vector<Method>* allowed) const {
    const std::vector<std::string_view> segments = SplitPath(path);
    const Route* best = nullptr;
    std::size_t best_literals = 0;
    for (const Route& route : routes_) {
        if (route.segments.size() != segments.size()) continue;
        std::size_t literals = 0;
        bool matches = true;
        for (std::size_t i = 0; i < segments.size() && matches; ++i) {
            if (IsParam(route.segments[i])) continue;
            matches = route.segments[i] == segments[i];
            ++literals;
        }
        if (!matches) continue;
        if (allowed != nullptr && std::find(allowed->begin(), allowed->end(), route.method) == allowed->end()) {
            allowed->push_back(route.method);
        }
        if (route.method != method) continue;
        if (best == nullptr || literals > best_literals) {
            best = &route;
            best_literals = literals;
        }
    }
    if (best != nullptr && params != nullptr) {
        for (std::size_t i = 0; i < segments.size(); ++i) {
            const std::string& segment = best->segments[i];
            if (IsParam(segment)) (*params)[segment.substr(1, segment.size() - 2)] = std::string(segments[i]);
        }
    }
    return best;
}

Response Router::Dispatch(Request& request) const { return Dispatch(request, nullptr); }

Response Router::Dispatch(Request& request, std::string_view* matched_pattern) const {
    std::vector<Method> allowed;
    const Route* route = Find(request.method, request.path, &request.params, &allowed);
    if (matched_pattern != nullptr) *matched_pattern = route != nullptr ? route->pattern : std::string_view{};
    if (route != nullptr) return route->handler(request);
    if (allowed.empty()) return ErrorResponse(404, "not_found", "no such resource: " + request.path);
    std::string allow;
    for (Method method : allowed) {
        if (!allow.empty()) allow += ", ";
        allow += MethodName(method);
    }
    Response response = ErrorResponse(405, "method_not_allowed",
                                      std::string(MethodName(request.method)) + " is not allowed here; use " + allow);
    response.headers.emplace_back("Allow", std::move(allow));
    return response;
}

std::string Router::MatchedPattern(const Request& request) const {
    const Route* route = Find(request.method, request.path, nullptr, nullptr);
    return route != nullptr ? route->pattern : std::string();
}

}  // namespace wangge::http
