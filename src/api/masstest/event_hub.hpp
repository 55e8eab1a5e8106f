#pragma once
// The live event stream's fan-out (GET /api/v1/events): each subscriber is an http::EventStream with the
// caller's scope; mass testing publishes into the hub after its commits. Coverage changes are summed per
// round and area and sent at most every `coalesce` (a city's scans would otherwise be tens of thousands
// of events a second per dashboard), each subscriber getting only the areas inside its scope down to
// `depth` levels below it; positive alerts go out at once to the subscribers whose scope holds the alert's
// grid or community. Publishing never blocks: it merges into a map, and a subscriber whose stream falls
// behind is dropped by the stream itself. Thread-safe.
#include <chrono>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>

#include "domain/auth/user.hpp"
#include "domain/masstest/events.hpp"
#include "http/http.hpp"

namespace wangge::api {

struct EventHubOptions {
    // How often summed coverage changes go out; 0 sends each change at once (tests).
    std::chrono::milliseconds coalesce{500};
    std::size_t max_subscribers = 10000;
    std::size_t max_pending = 256;  // chunks a subscriber may fall behind before it is dropped
};

struct EventFilter {
    std::optional<std::int64_t> round_id;  // only this round
    int depth = 2;                         // area levels below the subscriber's own (0–8)
};

class EventHub final : public masstest::EventPublisher {
  public:
    explicit EventHub(EventHubOptions options = {});
    ~EventHub() override;  // closes every stream
    EventHub(const EventHub&) = delete;
    EventHub& operator=(const EventHub&) = delete;

    // A stream for `caller` that starts with a "ready" event. kResourceExhausted when max_subscribers
    // streams are open.
    Result<std::shared_ptr<http::EventStream>> Subscribe(const auth::Caller& caller, const EventFilter& filter);

    void CoverageChanged(const masstest::CoverageChange& change) override;
    void AlertsRaised(const std::vector<masstest::Alert>& alerts) override;

    // Sends the summed coverage changes now.
    void Flush();
    std::size_t subscriber_count() const;

  private:
    struct Subscriber {
        std::int64_t user_id = 0;
        std::string scope;
        int scope_depth = 0;
        EventFilter filter;
        std::shared_ptr<http::EventStream> stream;
    };
    struct State;  // shared with the streams' close callbacks

    std::vector<Subscriber> Snapshot() const;
    std::string NextId();
    void Run();

    const EventHubOptions options_;
    std::shared_ptr<State> state_;
    std::mutex pending_mutex_;
    std::map<std::int64_t, std::map<std::string, masstest::AreaDelta>> pending_;  // round → path → delta
    std::mutex flusher_mutex_;
    std::condition_variable wake_;
    bool stopping_ = false;  // guarded by flusher_mutex_
    std::thread flusher_;
};

}  // namespace wangge::api
