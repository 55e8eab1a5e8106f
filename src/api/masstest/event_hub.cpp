#include "api/masstest/event_hub.hpp"

#include <algorithm>
#include <atomic>

#include "api/masstest/followup_json.hpp"

namespace wangge::api {
namespace {

// "/1/7/42/" → 3.
int PathDepth(std::string_view path) {
    return std::max<int>(0, static_cast<int>(std::count(path.begin(), path.end(), '/')) - 1);
}

std::string Frame(std::string_view id, std::string_view event, const json& data) {
    std::string out;
    out.reserve(64);
    out.append("id: ").append(id).append("\nevent: ").append(event).append("\ndata: ");
    out.append(data.dump(-1, ' ', false, json::error_handler_t::replace)).append("\n\n");
    return out;
}

}  // namespace

struct EventHub::State {
    mutable std::mutex mutex;
    std::map<std::uint64_t, Subscriber> subscribers;  // guarded by mutex
    std::uint64_t next_subscriber = 1;                // guarded by mutex
    std::atomic<std::size_t> count{0};
    std::atomic<std::uint64_t> next_event{1};
};

EventHub::EventHub(EventHubOptions options) : options_(options), state_(std::make_shared<State>()) {
    if (options_.coalesce.count() > 0) flusher_ = std::thread([this] { Run(); });
}

EventHub::~EventHub() {
    {
        std::lock_guard lock(flusher_mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (flusher_.joinable()) flusher_.join();
    for (auto& s : Snapshot()) s.stream->Close();
}

std::size_t EventHub::subscriber_count() const { return state_->count.load(); }

std::string EventHub::NextId() { return std::to_string(state_->next_event.fetch_add(1)); }

std::vector<EventHub::Subscriber> EventHub::Snapshot() const {
    std::lock_guard lock(state_->mutex);
    std::vector<Subscriber> out;
    out.reserve(state_->subscribers.size());
    for (const auto& [id, s] : state_->subscribers) out.push_back(s);
    return out;
}

Result<std::shared_ptr<http::EventStream>> EventHub::Subscribe(const auth::Caller& caller, const EventFilter& filter) {
    auto stream = std::make_shared<http::EventStream>(options_.max_pending);
    std::uint64_t id = 0;
    {
        std::lock_guard lock(state_->mutex);
        if (state_->subscribers.size() >= options_.max_subscribers)
            return Fail(ErrorCode::kResourceExhausted,
                        "实时连接过多，请稍后再试 (too many live connections; retry later)");
        id = state_->next_subscriber++;
        Subscriber s;
        s.user_id = caller.user_id;
        s.scope = caller.area_path;
        s.scope_depth = PathDepth(caller.area_path);
        s.filter = filter;
        s.filter.depth = std::clamp(filter.depth, 0, 8);
        s.stream = stream;
        state_->subscribers.emplace(id, std::move(s));
        state_->count = state_->subscribers.size();
    }
    // The stream holds only a weak reference back: the hub may go first.
    stream->OnClose([weak = std::weak_ptr<State>(state_), id] {
        if (auto state = weak.lock()) {
            std::lock_guard lock(state->mutex);
            state->subscribers.erase(id);
            state->count = state->subscribers.size();
        }
    });
    stream->Send("retry: 5000\n\n");
    stream->Send(Frame(NextId(), "ready",
                       {{"area_id", caller.area_id},
                        {"path", caller.area_path},
                        {"round_id", filter.round_id ? json(*filter.round_id) : json(nullptr)},
                        {"depth", std::clamp(filter.depth, 0, 8)}}));
    return stream;
}

void EventHub::CoverageChanged(const masstest::CoverageChange& change) {
    if (state_->count.load(std::memory_order_relaxed) == 0 || change.areas.empty()) return;
    {
        std::lock_guard lock(pending_mutex_);
        auto& round = pending_[change.round_id];
        for (const auto& a : change.areas) {
            auto& d = round[a.path];
            if (d.area_id == 0) {
                d.area_id = a.area_id;
                d.path = a.path;
            }
            d.exempt += a.exempt;
            d.sampled += a.sampled;
        }
    }
    if (options_.coalesce.count() == 0) Flush();
}

void EventHub::Flush() {
    std::map<std::int64_t, std::map<std::string, masstest::AreaDelta>> pending;
    {
        std::lock_guard lock(pending_mutex_);
        pending.swap(pending_);
    }
    if (pending.empty()) return;
    for (auto& s : Snapshot()) {
        for (const auto& [round_id, areas] : pending) {
            if (s.filter.round_id && *s.filter.round_id != round_id) continue;
            std::vector<masstest::AreaDelta> seen;
            // Paths sort parents first, so the subscriber's subtree is one contiguous range.
            for (auto it = areas.lower_bound(s.scope); it != areas.end() && it->first.starts_with(s.scope); ++it)
                if (PathDepth(it->first) <= s.scope_depth + s.filter.depth) seen.push_back(it->second);
            if (seen.empty()) continue;
            s.stream->Send(Frame(NextId(), "coverage", CoverageChangeJson(round_id, seen)));
        }
    }
}

void EventHub::AlertsRaised(const std::vector<masstest::Alert>& alerts) {
    if (state_->count.load(std::memory_order_relaxed) == 0) return;
    const auto subscribers = Snapshot();
    for (const auto& alert : alerts) {
        const std::string frame = Frame(NextId(), "alert", AlertJson(alert));
        for (const auto& s : subscribers) {
            if (s.filter.round_id && *s.filter.round_id != alert.round_id) continue;
            if (alert.path.starts_with(s.scope)) s.stream->Send(frame);
        }
    }
}

void EventHub::Run() {
    std::unique_lock lock(flusher_mutex_);
    while (!stopping_) {
        wake_.wait_for(lock, options_.coalesce, [this] { return stopping_; });
        if (stopping_) break;
        lock.unlock();
        Flush();
        lock.lock();
    }
}

}  // namespace wangge::api
