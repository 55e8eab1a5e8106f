// Server-sent event streams (see EventStream in http.hpp): the queue between producers and the server's
// writer. Nothing here touches a socket; server.cpp supplies the Sink.
#include "http/http.hpp"

namespace wangge::http {

EventStream::~EventStream() {
    auto [sink, callbacks] = CloseLocked();
    if (sink) sink->Finish();
    for (auto& fn : callbacks) fn();
}

std::pair<std::shared_ptr<EventStream::Sink>, std::vector<std::function<void()>>> EventStream::CloseLocked() {
    std::lock_guard lock(mutex_);
    if (closed_) return {};
    closed_ = true;
    queued_.clear();
    return {std::move(sink_), std::move(on_close_)};
}

bool EventStream::Send(std::string chunk) {
    {
        std::lock_guard lock(mutex_);
        if (closed_) return false;
        if (pending_ < max_pending_) {
            ++pending_;
            if (!sink_) {
                queued_.push_back(std::move(chunk));
            } else {
                // Write only posts, so holding the lock keeps chunks in Send order without blocking anyone.
                sink_->Write(std::move(chunk), [weak = weak_from_this()](bool ok) {
                    if (auto self = weak.lock()) self->Written(ok);
                });
            }
            return true;
        }
    }
    // Too far behind: drop this subscriber rather than hold anything up.
    Close();
    return false;
}

void EventStream::Written(bool ok) {
    {
        std::lock_guard lock(mutex_);
        if (pending_ > 0) --pending_;
        if (ok) return;
    }
    Close();
}

void EventStream::Close() {
    auto [sink, callbacks] = CloseLocked();
    if (sink) sink->Finish();
    for (auto& fn : callbacks) fn();
}

bool EventStream::IsOpen() const {
    std::lock_guard lock(mutex_);
    return !closed_;
}

void EventStream::OnClose(std::function<void()> fn) {
    {
        std::lock_guard lock(mutex_);
        if (!closed_) {
            on_close_.push_back(std::move(fn));
            return;
        }
    }
    fn();
}

void EventStream::Attach(std::shared_ptr<Sink> sink) {
    {
        std::lock_guard lock(mutex_);
        if (!closed_) {
            sink_ = sink;
            for (auto& chunk : queued_)
                sink_->Write(std::move(chunk), [weak = weak_from_this()](bool ok) {
                    if (auto self = weak.lock()) self->Written(ok);
                });
            queued_.clear();
            return;
        }
    }
    sink->Finish();
}

Response Response::Stream(std::shared_ptr<EventStream> stream) {
    Response response;
    response.content_type = "text/event-stream; charset=utf-8";
    response.stream = std::move(stream);
    response.headers.emplace_back("Cache-Control", "no-cache");
    response.headers.emplace_back("X-Accel-Buffering", "no");
    return response;
}

}  // namespace wangge::http
