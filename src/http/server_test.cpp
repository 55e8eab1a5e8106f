// A real server on port 0, driven over sockets by the test client.
#include <gtest/gtest.h>

#include <cstdlib>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <thread>

#include "http/http.hpp"
#include "http/testing/http_client.hpp"

namespace wangge::http {
namespace {

using testing::HttpClient;

constexpr std::size_t kMaxBody = 1024;

std::shared_ptr<Router> MakeRouter() {
    auto router = std::make_shared<Router>();
    router->Add(Method::kGet, "/api/v1/echo", [](Request& request) {
        nlohmann::json body = {{"q", request.Query("q").value_or("")}, {"path", request.path}};
        return Response::Json(200, body.dump());
    });
    router->Add(Method::kPost, "/api/v1/echo", [](Request& request) {
        return Response::Json(200, nlohmann::json{{"size", request.body.size()}}.dump());
    });
    router->Add(Method::kGet, "/api/v1/items/{id}", [](Request& request) {
        return Response::Json(200, nlohmann::json{{"id", request.params["id"]}}.dump());
    });
    router->Add(Method::kGet, "/api/v1/whoami", [](Request& request) {
        nlohmann::json body = {{"remote", request.remote_address},
                               {"custom", request.Header("x-custom").value_or("")},
                               {"b", request.Cookie("b").value_or("")}};
        return Response::Json(200, body.dump());
    });
    router->Add(Method::kGet, "/api/v1/throw", [](Request&) -> Response { throw std::runtime_error("boom"); });
    router->Add(Method::kGet, "/api/v1/slow", [](Request&) {
        std::this_thread::sleep_for(std::chrono::milliseconds(300));
        return Response::Json(200, R"({"slow":true})");
    });
    router->Add(Method::kPost, "/api/v1/login", [](Request&) {
        Response response = Response::NoContent();
        response.headers.emplace_back("Set-Cookie", "session=s3cr3t; Path=/; HttpOnly; SameSite=Strict");
        response.headers.emplace_back("Set-Cookie", "theme=dark; Path=/");
        return response;
    });
    router->Add(Method::kGet, "/api/v1/me", [](Request& request) {
        auto session = request.Cookie("session");
        if (!session) return Response::FromError(MakeError(ErrorCode::kUnauthenticated, "log in first"));
        return Response::Json(200, nlohmann::json{{"session", *session}}.dump());
    });
    return router;
}

class ServerTest : public ::testing::Test {
  protected:
    void SetUp() override {
        ServerOptions options;
        options.max_body_bytes = kMaxBody;
        server_ = std::make_unique<Server>(options, MakeRouter());
        auto port = server_->Start();
        ASSERT_TRUE(port) << port.error().message;
        port_ = *port;
    }

    std::unique_ptr<Server> server_;
    std::uint16_t port_ = 0;
};

TEST_F(ServerTest, HealthzAndSecurityHeaders) {
    HttpClient client(port_);
    auto response = client.Get("/healthz");
    ASSERT_EQ(response.status, 200) << response.error;
    EXPECT_EQ(nlohmann::json::parse(response.body), nlohmann::json({{"status", "ok"}}));
    EXPECT_EQ(response.Header("content-type"), "application/json; charset=utf-8");
    EXPECT_EQ(response.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(response.Header("x-frame-options"), "DENY");
    EXPECT_EQ(response.Header("referrer-policy"), "same-origin");
    auto csp = response.Header("content-security-policy");
    ASSERT_TRUE(csp);
    EXPECT_NE(csp->find("default-src 'self'"), std::string::npos);
    EXPECT_EQ(csp->find("script-src 'self' 'unsafe-inline'"), std::string::npos);
    // Errors carry them too.
    EXPECT_EQ(client.Get("/api/v1/missing").Header("x-frame-options"), "DENY");
}

TEST_F(ServerTest, HeadIsGetWithoutABody) {
    HttpClient client(port_);
    auto head = client.Send("HEAD", "/api/v1/items/5", {}, {});
    EXPECT_EQ(head.status, 200) << head.error;
    EXPECT_TRUE(head.body.empty());
    EXPECT_EQ(client.Send("HEAD", "/healthz", {}, {}).status, 200);
    // The connection is still in step: no stray body bytes were sent.
    auto next = client.Get("/api/v1/items/6");
    ASSERT_EQ(next.status, 200) << next.error;
    EXPECT_EQ(nlohmann::json::parse(next.body)["id"], "6");
}

TEST_F(ServerTest, MetricsCountByRoutePattern) {
    HttpClient client(port_);
    for (const char* path : {"/api/v1/items/7", "/api/v1/items/8", "/api/v1/items/9"}) {
        ASSERT_EQ(client.Get(path).status, 200);
    }
    ASSERT_EQ(client.Get("/api/v1/nothing/here").status, 404);
    auto response = client.Get("/metrics");
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.Header("content-type")->rfind("text/plain", 0), 0u);
    const std::string& text = response.body;
    EXPECT_NE(text.find("wangge_http_requests_total{method=\"GET\",route=\"/api/v1/items/{id}\",status=\"200\"} 3\n"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("wangge_http_requests_total{method=\"GET\",route=\"unmatched\",status=\"404\"} 1\n"),
              std::string::npos);
    EXPECT_EQ(text.find("/api/v1/items/7"), std::string::npos) << "raw paths must not become labels";
    EXPECT_NE(text.find("wangge_http_request_duration_seconds_bucket{method=\"GET\",route=\"/api/v1/items/{id}\","
                        "le=\"+Inf\"} 3\n"),
              std::string::npos);
    EXPECT_NE(text.find("wangge_http_request_duration_seconds_count{method=\"GET\",route=\"/api/v1/items/{id}\"} 3"),
              std::string::npos);
    // The /metrics request itself is in flight while the text is rendered. A request counts until its
    // reply is written, so the previous keep-alive request may still be finishing: 1 or 2.
    const std::string_view sample = "\nwangge_http_in_flight ";  // the value line, not # HELP / # TYPE
    const auto gauge = text.find(sample);
    ASSERT_NE(gauge, std::string::npos) << text;
    const int in_flight = std::atoi(text.c_str() + gauge + sample.size());
    EXPECT_GE(in_flight, 1);
    EXPECT_LE(in_flight, 2);
}

TEST_F(ServerTest, BodyWithinTheLimitIsAccepted) {
    HttpClient client(port_);
    auto response = client.Post("/api/v1/echo", std::string(kMaxBody, 'x'));
    ASSERT_EQ(response.status, 200) << response.error;
    EXPECT_EQ(nlohmann::json::parse(response.body)["size"], kMaxBody);
}

TEST_F(ServerTest, OversizedBodyIs413AndTheConnectionStaysUsable) {
    HttpClient client(port_);
    auto response = client.Post("/api/v1/echo", std::string(kMaxBody + 1, 'x'));
    EXPECT_EQ(response.status, 413);
    EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "resource_exhausted");
    EXPECT_EQ(client.Get("/healthz").status, 200);
}

TEST_F(ServerTest, DeclaredLengthOverTheLimitIsRefusedBeforeReading) {
    HttpClient client(port_);
    const auto start = std::chrono::steady_clock::now();
    // Only a few of the promised 100 MB are sent: the answer must not wait for the rest.
    auto response = client.SendRaw(
        "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        "Content-Length: 100000000\r\n\r\n{\"a\":");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
    ASSERT_EQ(response.status, 413) << response.error;
    EXPECT_EQ(response.Header("connection"), "close");
    EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "resource_exhausted");
    EXPECT_EQ(client.Get("/healthz").status, 200);
}

TEST_F(ServerTest, OversizedChunkedBodyIs413) {
    HttpClient client(port_);
    const std::string chunk(kMaxBody, 'y');
    auto response =
        client.SendRaw("POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + chunk +
                       "\r\n400\r\n" + chunk + "\r\n0\r\n\r\n");
    EXPECT_EQ(response.status, 413) << response.error;
    auto small = client.SendRaw(
        "POST /api/v1/echo HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n");
    ASSERT_EQ(small.status, 200) << small.error;
    EXPECT_EQ(nlohmann::json::parse(small.body)["size"], 3);
}

TEST_F(ServerTest, ThrowingHandlerIs500AndTheServerGoesOn) {
    HttpClient client(port_);
    ::testing::internal::CaptureStderr();
    auto response = client.Get("/api/v1/throw");
    const std::string log = ::testing::internal::GetCapturedStderr();
    EXPECT_EQ(response.status, 500);
    auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["error"]["code"], "internal");
    EXPECT_EQ(body["error"]["message"].get<std::string>().find("boom"), std::string::npos) << "no internals leak";
    EXPECT_NE(log.find("/api/v1/throw"), std::string::npos) << log;
    EXPECT_NE(log.find("boom"), std::string::npos) << log;
    EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 1) << log;
    EXPECT_EQ(client.Get("/healthz").status, 200);
    EXPECT_EQ(HttpClient(port_).Get("/healthz").status, 200);
}

TEST_F(ServerTest, DecodesChineseQueryAndPath) {
    HttpClient client(port_);
    auto response = client.Get("/api/v1/echo?q=%E5%BC%A0%E4%B8%89+%E6%9D%8E%E5%9B%9B&x=1");
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(nlohmann::json::parse(response.body)["q"], "张三 李四");
    auto item = client.Get("/api/v1/items/%E5%8C%97%E4%BA%AC+1");
    ASSERT_EQ(item.status, 200);
    EXPECT_EQ(nlohmann::json::parse(item.body)["id"], "北京+1");
    auto bad = client.Get("/api/v1/echo?q=%E5%B");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(nlohmann::json::parse(bad.body)["error"]["code"], "invalid_argument");
}

TEST_F(ServerTest, RequestCarriesRemoteAddressAndLowerCasedHeaders) {
    HttpClient client(port_);
    auto response =
        client.Get("/api/v1/whoami", {{"X-Custom", "one"}, {"x-CUSTOM", "two"}, {"Cookie", "a=1"}, {"Cookie", "b=2"}});
    ASSERT_EQ(response.status, 200);
    auto body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["remote"], "127.0.0.1");
    EXPECT_EQ(body["custom"], "one, two");
    EXPECT_EQ(body["b"], "2") << "repeated Cookie headers are joined with '; '";
}

TEST_F(ServerTest, WrongMethodIs405) {
    HttpClient client(port_);
    auto response = client.Delete("/api/v1/items/3");
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(response.Header("allow"), "GET");
    EXPECT_EQ(client.Send("TRACE", "/api/v1/echo", {}, {}).status, 405);
}

TEST_F(ServerTest, SetCookiePassesThroughAndTheJarSendsItBack) {
    HttpClient client(port_);
    EXPECT_EQ(client.Get("/api/v1/me").status, 401);
    auto login = client.Post("/api/v1/login", "{}");
    ASSERT_EQ(login.status, 204);
    auto cookies = login.Headers("set-cookie");
    ASSERT_EQ(cookies.size(), 2u);
    EXPECT_EQ(cookies[0], "session=s3cr3t; Path=/; HttpOnly; SameSite=Strict");
    auto me = client.Get("/api/v1/me");
    ASSERT_EQ(me.status, 200);
    EXPECT_EQ(nlohmann::json::parse(me.body)["session"], "s3cr3t");
}

TEST_F(ServerTest, FiftyConcurrentKeepAliveClientsAreAllAnswered) {
    constexpr int kClients = 50;
    constexpr int kRequestsEach = 20;
    std::atomic<int> ok{0};
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i) {
        threads.emplace_back([this, i, &ok] {
            HttpClient client(port_);
            for (int j = 0; j < kRequestsEach; ++j) {
                auto response = client.Get("/api/v1/items/" + std::to_string(i * 1000 + j));
                if (response.status == 200 &&
                    nlohmann::json::parse(response.body)["id"] == std::to_string(i * 1000 + j)) {
                    ++ok;
                }
            }
        });
    }
    for (auto& thread : threads) thread.join();
    EXPECT_EQ(ok.load(), kClients * kRequestsEach);
}

TEST_F(ServerTest, StopLetsInFlightRequestsFinish) {
    testing::ClientResponse slow;
    std::thread caller([this, &slow] { slow = HttpClient(port_).Get("/api/v1/slow"); });
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    server_->Stop();
    caller.join();
    EXPECT_EQ(slow.status, 200) << slow.error;
    EXPECT_EQ(HttpClient(port_).Get("/healthz").status, 0) << "no longer accepting";
}

TEST_F(ServerTest, WaitReturnsAfterStop) {
    std::thread waiter([this] { server_->Wait(); });
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    server_->Stop();
    waiter.join();
    server_->Wait();  // returns at once when stopped
}

TEST(ServerPortTest, ManyServersOnPortZeroGetDistinctWorkingPorts) {
    constexpr int kServers = 16;
    std::vector<std::unique_ptr<Server>> servers;
    std::set<std::uint16_t> ports;
    for (int i = 0; i < kServers; ++i) {
        servers.push_back(std::make_unique<Server>(ServerOptions{}, std::make_shared<Router>()));
        auto port = servers.back()->Start();
        ASSERT_TRUE(port) << port.error().message;
        ASSERT_NE(*port, 0);
        ports.insert(*port);
        EXPECT_EQ(HttpClient(*port).Get("/healthz").status, 200);
    }
    EXPECT_EQ(ports.size(), static_cast<std::size_t>(kServers));
}

TEST(ServerPortTest, BusyPortAndBadHostAreErrors) {
    Server first(ServerOptions{}, std::make_shared<Router>());
    auto port = first.Start();
    ASSERT_TRUE(port);
    ServerOptions same;
    same.port = *port;
    Server second(same, std::make_shared<Router>());
    auto busy = second.Start();
    ASSERT_FALSE(busy);
    EXPECT_EQ(busy.error().code, ErrorCode::kUnavailable);
    ServerOptions bad;
    bad.host = "not-an-ip";
    auto invalid = Server(bad, std::make_shared<Router>()).Start();
    ASSERT_FALSE(invalid);
    EXPECT_EQ(invalid.error().field, "host");
}

}  // namespace
}  // namespace wangge::http
