#include "http/http.hpp"

namespace wangge::http {

Response Response::Later(std::shared_ptr<Deferred> deferred) {
    Response response;
    response.deferred = std::move(deferred);
    return response;
}

Deferred::~Deferred() {
    if (answered_ || detached_ || !deliver_) return;
    make_ = [] { return Response::FromError(MakeError(ErrorCode::kInternal, "the request was dropped unanswered")); };
    DeliverLocked();
}

void Deferred::Answer(Response response) {
    // shared_ptr: a Maker must be copyable, and a Response (with its body) should not be copied.
    auto held = std::make_shared<Response>(std::move(response));
    Answer(Maker([held] { return std::move(*held); }));
}

void Deferred::Answer(Maker make) {
    std::lock_guard lock(mutex_);
    if (answered_) return;
    answered_ = true;
    if (detached_) return;
    make_ = std::move(make);
    DeliverLocked();
}

void Deferred::OnFinish(std::function<void(Response&)> finish) {
    std::lock_guard lock(mutex_);
    finish_ = std::move(finish);
}

void Deferred::OnDeliver(std::function<void(Maker)> deliver) {
    std::lock_guard lock(mutex_);
    if (detached_) return;
    deliver_ = std::move(deliver);
    DeliverLocked();
}

void Deferred::Detach() {
    std::function<void(Maker)> dropped;
    {
        std::lock_guard lock(mutex_);
        detached_ = true;
        dropped = std::move(deliver_);
        deliver_ = nullptr;
        make_ = nullptr;
    }
    // `dropped` (and the request it holds) goes away here, outside the lock.
}

void Deferred::DeliverLocked() {
    if (!make_ || !deliver_) return;
    auto deliver = std::move(deliver_);
    deliver_ = nullptr;
    deliver([make = std::move(make_), finish = finish_] {
        Response response = make();
        if (finish) finish(response);
        return response;
    });
    make_ = nullptr;
}

}  // namespace wangge::http
