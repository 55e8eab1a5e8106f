#include "http/http.hpp"

namespace wangge::http {

Response Response::Later(std::shared_ptr<Deferred> deferred) {
    Response response;
    response.deferred = std::move(deferred);
    return response;
}

Deferred::~Deferred() {
    if (answered_ || detached_ || !deliver_) return;
    Response response = Response::FromError(MakeError(ErrorCode::kInternal, "the request was dropped unanswered"));
    if (finish_) finish_(response);
    deliver_(std::move(response));
}

void Deferred::Answer(Response response) {
    std::lock_guard lock(mutex_);
    if (answered_) return;
    answered_ = true;
    if (detached_) return;
    answer_ = std::make_unique<Response>(std::move(response));
    if (finish_) finish_(*answer_);
    DeliverLocked();
}

void Deferred::OnFinish(std::function<void(Response&)> finish) {
    std::lock_guard lock(mutex_);
    finish_ = std::move(finish);
    // An answer that came before the pipeline saw this object is finished now.
    if (answer_ && finish_) finish_(*answer_);
}

void Deferred::OnDeliver(std::function<void(Response)> deliver) {
    std::lock_guard lock(mutex_);
    if (detached_) return;
    deliver_ = std::move(deliver);
    DeliverLocked();
}

void Deferred::Detach() {
    std::function<void(Response)> dropped;
    {
        std::lock_guard lock(mutex_);
        detached_ = true;
        dropped = std::move(deliver_);
        deliver_ = nullptr;
        answer_.reset();
    }
    // `dropped` (and the request it holds) goes away here, outside the lock.
}

void Deferred::DeliverLocked() {
    if (!answer_ || !deliver_) return;
    auto deliver = std::move(deliver_);
    deliver_ = nullptr;
    auto answer = std::move(*answer_);
    answer_.reset();
    deliver(std::move(answer));
}

}  // namespace wangge::http
