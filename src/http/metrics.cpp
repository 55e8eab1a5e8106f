#include "http/metrics.hpp"

#include <algorithm>
#include <cstdio>

namespace wangge::http {
namespace {

// Prometheus label values escape backslash, double quote and newline.
std::string EscapeLabel(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (char c : value) {
        if (c == '\\' || c == '"') {
            out.push_back('\\');
            out.push_back(c);
        } else if (c == '\n') {
            out += "\\n";
        } else {
            out.push_back(c);
        }
    }
    return out;
}

std::string FormatDouble(double value) {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.9g", value);
    return buffer;
}

}  // namespace

void Metrics::Record(std::string_view method, std::string_view route, int status, double seconds) {
    std::size_t bucket = std::lower_bound(kBuckets.begin(), kBuckets.end(), seconds) - kBuckets.begin();
    std::lock_guard lock(mutex_);
    auto method_it = series_.find(method);
    if (method_it == series_.end()) method_it = series_.emplace(std::string(method), RouteMap{}).first;
    auto route_it = method_it->second.find(route);
    if (route_it == method_it->second.end()) route_it = method_it->second.emplace(std::string(route), Series{}).first;
    Series& series = route_it->second;
    ++series.by_status[status];
    ++series.buckets[bucket];
    series.sum += seconds;
    ++series.count;
}

std::string Metrics::RenderPrometheus() const {
    std::string out;
    out += "# HELP wangge_http_requests_total HTTP requests answered, by method, route pattern and status.\n";
    out += "# TYPE wangge_http_requests_total counter\n";
    std::lock_guard lock(mutex_);
    for (const auto& [method, routes] : series_) {
        for (const auto& [route, series] : routes) {
            std::string labels = "method=\"" + EscapeLabel(method) + "\",route=\"" + EscapeLabel(route) + "\"";
            for (const auto& [status, count] : series.by_status) {
                out += "wangge_http_requests_total{" + labels + ",status=\"" + std::to_string(status) + "\"} " +
                       std::to_string(count) + "\n";
            }
        }
    }
    out += "# HELP wangge_http_request_duration_seconds Time spent handling a request, before writing the reply.\n";
    out += "# TYPE wangge_http_request_duration_seconds histogram\n";
    for (const auto& [method, routes] : series_) {
        for (const auto& [route, series] : routes) {
            std::string labels = "method=\"" + EscapeLabel(method) + "\",route=\"" + EscapeLabel(route) + "\"";
            std::uint64_t cumulative = 0;
            for (std::size_t i = 0; i <= kBuckets.size(); ++i) {
                cumulative += series.buckets[i];
                std::string le = i < kBuckets.size() ? FormatDouble(kBuckets[i]) : "+Inf";
                out += "wangge_http_request_duration_seconds_bucket{" + labels + ",le=\"" + le + "\"} " +
                       std::to_string(cumulative) + "\n";
            }
            out += "wangge_http_request_duration_seconds_sum{" + labels + "} " + FormatDouble(series.sum) + "\n";
            out += "wangge_http_request_duration_seconds_count{" + labels + "} " + std::to_string(series.count) + "\n";
        }
    }
    out += "# HELP wangge_http_in_flight Requests received and not yet fully answered.\n";
    out += "# TYPE wangge_http_in_flight gauge\n";
    out += "wangge_http_in_flight " + std::to_string(InFlight()) + "\n";
    return out;
}

}  // namespace wangge::http
