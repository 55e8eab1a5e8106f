// Deferred answers (Response::Later): given later from another thread, through a real server.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>

#include "http/http.hpp"
#include "http/testing/http_client.hpp"

namespace wangge::http {
namespace {

using testing::HttpClient;

// Answers queued Deferreds from one thread of its own, in order, as the group commit does.
class Answerer {
  public:
    Answerer() : thread_([this] { Run(); }) {}
    ~Answerer() {
        {
            std::lock_guard lock(mutex_);
            stop_ = true;
        }
        cv_.notify_one();
        thread_.join();
    }
    void Queue(std::shared_ptr<Deferred> deferred, std::string id) {
        {
            std::lock_guard lock(mutex_);
            queue_.emplace_back(std::move(deferred), std::move(id));
        }
        cv_.notify_one();
    }
    // Holds answers back until Release().
    void Hold() {
        std::lock_guard lock(mutex_);
        held_ = true;
    }
    void Release() {
        {
            std::lock_guard lock(mutex_);
            held_ = false;
        }
        cv_.notify_one();
    }

  private:
    void Run() {
        std::unique_lock lock(mutex_);
        for (;;) {
            cv_.wait(lock, [&] { return stop_ || (!held_ && !queue_.empty()); });
            if (stop_) return;
            auto [deferred, id] = std::move(queue_.front());
            queue_.pop_front();
            lock.unlock();
            deferred->Answer(Response::Json(200, nlohmann::json{{"id", id}}.dump()));
            lock.lock();
        }
    }

    std::mutex mutex_;
    std::condition_variable cv_;
    std::deque<std::pair<std::shared_ptr<Deferred>, std::string>> queue_;  // guarded by mutex_
    bool held_ = false;                                                    // guarded by mutex_
    bool stop_ = false;                                                    // guarded by mutex_
    std::thread thread_;
};

class DeferredTest : public ::testing::Test {
  protected:
    void SetUp() override {
        auto router = std::make_shared<Router>();
        router->Add(Method::kGet, "/api/v1/later/{id}", [this](Request& request) {
            auto deferred = std::make_shared<Deferred>();
            answerer_.Queue(deferred, request.params["id"]);
            return Response::Later(deferred);
        });
        router->Add(Method::kGet, "/api/v1/at-once", [](Request&) {
            auto deferred = std::make_shared<Deferred>();
            deferred->Answer(Response::Json(201, R"({"at_once":true})"));
            deferred->Answer(Response::Json(500, R"({"second":true})"));  // ignored
            return Response::Later(deferred);
        });
        router->Add(Method::kGet, "/api/v1/dropped",
                    [](Request&) { return Response::Later(std::make_shared<Deferred>()); });
        ServerOptions options;
        options.threads = 2;
        options.drain_timeout_ms = 300;
        server_ = std::make_unique<Server>(options, router);
        auto port = server_->Start();
        ASSERT_TRUE(port) << port.error().message;
        port_ = *port;
    }

    Answerer answerer_;  // outlives the server: answers may come after it stopped
    std::unique_ptr<Server> server_;
    std::uint16_t port_ = 0;
};

TEST_F(DeferredTest, AnswerFromAnotherThreadReachesTheClientWithSecurityHeaders) {
    HttpClient client(port_);
    auto response = client.Get("/api/v1/later/42");
    ASSERT_EQ(response.status, 200) << response.error;
    EXPECT_EQ(nlohmann::json::parse(response.body)["id"], "42");
    EXPECT_EQ(response.Header("x-content-type-options"), "nosniff");
    // Keep-alive goes on after a deferred answer.
    auto next = client.Get("/api/v1/later/43");
    ASSERT_EQ(next.status, 200) << next.error;
    EXPECT_EQ(nlohmann::json::parse(next.body)["id"], "43");
}

TEST_F(DeferredTest, AnAnswerGivenBeforeTheHandlerReturnsCountsOnce) {
    auto response = HttpClient(port_).Get("/api/v1/at-once");
    EXPECT_EQ(response.status, 201) << response.error;
    EXPECT_EQ(nlohmann::json::parse(response.body)["at_once"], true);
}

TEST_F(DeferredTest, ADroppedDeferredAnswers500RatherThanHanging) {
    auto response = HttpClient(port_).Get("/api/v1/dropped");
    EXPECT_EQ(response.status, 500) << response.error;
    EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "internal");
}

TEST_F(DeferredTest, TwoServerThreadsCarryManyClientsWaitingAtOnce) {
    // 40 clients wait at the same time although the server has only 2 threads: none of them holds one.
    answerer_.Hold();
    constexpr int kClients = 40;
    std::atomic<int> ok{0};
    std::vector<std::thread> clients;
    for (int i = 0; i < kClients; ++i) {
        clients.emplace_back([this, i, &ok] {
            auto response = HttpClient(port_).Get("/api/v1/later/" + std::to_string(i));
            if (response.status == 200 && nlohmann::json::parse(response.body)["id"] == std::to_string(i)) ++ok;
        });
    }
    // While every answer is held, the server still answers other requests.
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    EXPECT_EQ(HttpClient(port_).Get("/healthz").status, 200);
    answerer_.Release();
    for (auto& c : clients) c.join();
    EXPECT_EQ(ok.load(), kClients);
    auto metrics = HttpClient(port_).Get("/metrics");
    EXPECT_NE(
        metrics.body.find("wangge_http_requests_total{method=\"GET\",route=\"/api/v1/later/{id}\",status=\"200\"} "
                          "40\n"),
        std::string::npos)
        << metrics.body;
}

TEST_F(DeferredTest, StopWithAnAnswerStillToComeDoesNotHangOrCrash) {
    answerer_.Hold();
    testing::ClientResponse response;
    std::thread caller([this, &response] { response = HttpClient(port_).Get("/api/v1/later/7"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    server_->Stop();  // waits up to its drain timeout, then lets the request go
    caller.join();
    EXPECT_NE(response.status, 200);
    server_.reset();
    answerer_.Release();  // the late answer finds nobody to write to
}

}  // namespace
}  // namespace wangge::http
