// Server-sent event streams (EventStream, Response::Stream): the queue on its own, then a real server on
// port 0 read by a real socket — events in order, heartbeats, the client going away, the slowest
// subscriber dropped, the server stopping.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "http/http.hpp"
#include "http/testing/http_client.hpp"
#include "http/testing/sse_client.hpp"

namespace wangge::http {
namespace {

using testing::HttpClient;
using testing::SseClient;

// A sink that records writes and completes them only when told.
class FakeSink final : public EventStream::Sink {
  public:
    void Write(std::string chunk, std::function<void(bool)> done) override {
        written.push_back(std::move(chunk));
        callbacks.push_back(std::move(done));
    }
    void Finish() override { ++finished; }
    std::vector<std::string> written;
    std::vector<std::function<void(bool)>> callbacks;
    int finished = 0;
};

TEST(EventStream, ChunksQueuedBeforeTheResponseStartsGoOutInOrder) {
    auto stream = std::make_shared<EventStream>(8);
    EXPECT_TRUE(stream->Send("a"));
    EXPECT_TRUE(stream->Send("b"));
    auto sink = std::make_shared<FakeSink>();
    stream->Attach(sink);
    EXPECT_TRUE(stream->Send("c"));
    EXPECT_EQ(sink->written, (std::vector<std::string>{"a", "b", "c"}));
    for (auto& done : sink->callbacks) done(true);
    EXPECT_TRUE(stream->IsOpen());
    int closed = 0;
    stream->OnClose([&] { ++closed; });
    stream->Close();
    stream->Close();
    EXPECT_EQ(closed, 1);
    EXPECT_EQ(sink->finished, 1);
    EXPECT_FALSE(stream->Send("d"));
    stream->OnClose([&] { ++closed; });  // already closed: runs at once
    EXPECT_EQ(closed, 2);
}

TEST(EventStream, ASubscriberThatFallsBehindIsDroppedNotWaitedFor) {
    auto stream = std::make_shared<EventStream>(3);
    auto sink = std::make_shared<FakeSink>();
    stream->Attach(sink);
    int closed = 0;
    stream->OnClose([&] { ++closed; });
    EXPECT_TRUE(stream->Send("1"));
    EXPECT_TRUE(stream->Send("2"));
    EXPECT_TRUE(stream->Send("3"));
    sink->callbacks[0](true);  // one written: room for one more
    EXPECT_TRUE(stream->Send("4"));
    EXPECT_FALSE(stream->Send("5"));  // four behind: dropped
    EXPECT_EQ(closed, 1);
    EXPECT_EQ(sink->finished, 1);
    EXPECT_FALSE(stream->IsOpen());
    sink->callbacks[1](true);  // late completions are harmless
}

TEST(EventStream, AFailedWriteClosesTheStream) {
    auto stream = std::make_shared<EventStream>();
    auto sink = std::make_shared<FakeSink>();
    stream->Attach(sink);
    EXPECT_TRUE(stream->Send("x"));
    sink->callbacks[0](false);
    EXPECT_FALSE(stream->IsOpen());
}

// A server whose /api/v1/events hands out streams the test then writes to.
class EventStreamServerTest : public ::testing::Test {
  protected:
    void Start(unsigned heartbeat_ms = 15000, std::size_t max_pending = 256) {
        auto router = std::make_shared<Router>();
        router->Add(Method::kGet, "/api/v1/events", [this, max_pending](Request&) {
            auto stream = std::make_shared<EventStream>(max_pending);
            stream->Send("retry: 3000\n\n");
            stream->Send("event: ready\ndata: {}\n\n");
            stream->OnClose([this] {
                std::lock_guard lock(mutex_);
                ++closed_;
                changed_.notify_all();
            });
            std::lock_guard lock(mutex_);
            streams_.push_back(stream);
            changed_.notify_all();
            return Response::Stream(stream);
        });
        router->Add(Method::kGet, "/api/v1/ping", [](Request&) { return Response::Json(200, R"({"pong":true})"); });
        ServerOptions options;
        options.stream_heartbeat_ms = heartbeat_ms;
        server_ = std::make_unique<Server>(options, router);
        auto port = server_->Start();
        ASSERT_TRUE(port) << port.error().message;
        port_ = *port;
    }

    std::shared_ptr<EventStream> Latest() {
        std::unique_lock lock(mutex_);
        changed_.wait(lock, [this] { return !streams_.empty(); });
        return streams_.back();
    }

    // Waits (without a deadline the test depends on) until `n` streams have closed.
    bool WaitClosed(int n) {
        std::unique_lock lock(mutex_);
        return changed_.wait_for(lock, std::chrono::seconds(30), [&] { return closed_ >= n; });
    }

    std::unique_ptr<Server> server_;
    std::uint16_t port_ = 0;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::vector<std::shared_ptr<EventStream>> streams_;
    int closed_ = 0;
};

TEST_F(EventStreamServerTest, EventsArriveInOrderOverARealSocket) {
    Start();
    SseClient client(port_);
    ASSERT_TRUE(client.Open("/api/v1/events")) << client.error();
    EXPECT_EQ(client.status(), 200);
    EXPECT_EQ(client.Header("content-type"), "text/event-stream; charset=utf-8");
    EXPECT_EQ(client.Header("cache-control"), "no-cache");
    EXPECT_EQ(client.Header("transfer-encoding"), "chunked");
    auto ready = client.NextOf("ready");
    ASSERT_TRUE(ready);
    EXPECT_EQ(ready->data, "{}");

    auto stream = Latest();
    for (int i = 0; i < 50; ++i)
        EXPECT_TRUE(stream->Send("id: " + std::to_string(i) + "\nevent: tick\ndata: {\"n\":" + std::to_string(i) +
                                 "}\ndata: second line\n\n"));
    for (int i = 0; i < 50; ++i) {
        auto tick = client.Next();
        ASSERT_TRUE(tick);
        EXPECT_EQ(tick->event, "tick");
        EXPECT_EQ(tick->id, std::to_string(i));
        EXPECT_EQ(tick->data, "{\"n\":" + std::to_string(i) + "}\nsecond line");
    }
    // Other requests are served meanwhile.
    HttpClient other(port_);
    EXPECT_EQ(other.Get("/api/v1/ping").status, 200);
    stream->Close();
    EXPECT_FALSE(client.Next());
    EXPECT_TRUE(client.ended());
}

TEST_F(EventStreamServerTest, HeartbeatsKeepTheStreamAlive) {
    Start(/*heartbeat_ms=*/20);
    SseClient client(port_);
    ASSERT_TRUE(client.Open("/api/v1/events")) << client.error();
    auto beat = client.NextComment();
    ASSERT_TRUE(beat);
    EXPECT_EQ(beat->comment, "heartbeat");
    EXPECT_TRUE(client.NextComment());
}

TEST_F(EventStreamServerTest, AClientGoingAwayClosesItsStream) {
    Start();
    SseClient client(port_);
    ASSERT_TRUE(client.Open("/api/v1/events")) << client.error();
    ASSERT_TRUE(client.NextOf("ready"));
    auto stream = Latest();
    client.Close();
    ASSERT_TRUE(WaitClosed(1));
    EXPECT_FALSE(stream->IsOpen());
    EXPECT_FALSE(stream->Send("event: late\ndata: {}\n\n"));
}

TEST_F(EventStreamServerTest, TheSlowestSubscriberIsDropped) {
    Start(15000, /*max_pending=*/4);
    SseClient client(port_);
    ASSERT_TRUE(client.Open("/api/v1/events")) << client.error();
    ASSERT_TRUE(client.NextOf("ready"));
    auto stream = Latest();
    // The client reads nothing more: once the socket buffers are full, writes pile up and the stream is
    // closed instead of growing without bound.
    const std::string big = "event: big\ndata: " + std::string(256 * 1024, 'x') + "\n\n";
    bool dropped = false;
    for (int i = 0; i < 10000 && !dropped; ++i) dropped = !stream->Send(big);
    EXPECT_TRUE(dropped);
    EXPECT_TRUE(WaitClosed(1));
}

TEST_F(EventStreamServerTest, StoppingTheServerEndsOpenStreams) {
    Start();
    SseClient client(port_);
    ASSERT_TRUE(client.Open("/api/v1/events")) << client.error();
    ASSERT_TRUE(client.NextOf("ready"));
    server_->Stop();
    EXPECT_FALSE(client.Next());
    EXPECT_TRUE(WaitClosed(1));
}

}  // namespace
}  // namespace wangge::http
