#pragma once
// Internal to wangge_http: the counters behind GET /metrics.
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <string_view>

namespace wangge::http {

// Request counts and latencies in Prometheus text format. Thread-safe: every RESTinio thread records here.
// Labels are the method and the matched route *pattern* — never the raw path — so the number of series
// stays bounded by the route table whatever clients send.
class Metrics {
  public:
    // Upper bounds (seconds) of the latency histogram buckets; +Inf is implicit.
    static constexpr std::array<double, 13> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                                        0.1,    0.25,  0.5,    1,     2.5,  10};

    // Counts one answered request that took `seconds` to handle.
    void Record(std::string_view method, std::string_view route, int status, double seconds);
    // Requests accepted and not yet fully written; the server adds +1 on arrival and -1 after the write.
    void AddInFlight(std::int64_t delta) { in_flight_.fetch_add(delta, std::memory_order_relaxed); }
    std::int64_t InFlight() const { return in_flight_.load(std::memory_order_relaxed); }
    // The exposition text: wangge_http_requests_total, wangge_http_request_duration_seconds, wangge_http_in_flight.
    std::string RenderPrometheus() const;

  private:
    struct Series {
        std::map<int, std::uint64_t> by_status;
        std::array<std::uint64_t, kBuckets.size() + 1> buckets{};  // non-cumulative; the last is +Inf
        double sum = 0;
        std::uint64_t count = 0;
    };
    using RouteMap = std::map<std::string, Series, std::less<>>;

    mutable std::mutex mutex_;
    std::map<std::string, RouteMap, std::less<>> series_;  // method → route → series; guarded by mutex_
    std::atomic<std::int64_t> in_flight_{0};
};

}  // namespace wangge::http
