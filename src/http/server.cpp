// The only file that includes RESTinio (it costs ~19 s to compile): it moves bytes between RESTinio and the
// Pipeline, which holds all of the request logic.
#include <algorithm>
#include <cctype>
#include <climits>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <future>
#include <limits>
#include <mutex>
#include <restinio/all.hpp>
#include <thread>
#include <unordered_map>

#include "http/http.hpp"
#include "http/pipeline.hpp"
#include "http/wire.hpp"

namespace wangge::http {
namespace {

// Our own type for the traits' methods mapper, only so that the parser settings below can be specialised
// for wangge's servers without touching any other RESTinio user in the process.
struct HttpMethods : restinio::default_http_methods_t {};

}  // namespace
}  // namespace wangge::http

namespace restinio::impl {

// RESTinio closes the connection without a reply when a body exceeds max_body_size. Clients deserve a 413 with
// our JSON error, so these two callbacks replace RESTinio's: a declared Content-Length over the limit makes the
// parser skip the body (the Pipeline answers 413 from the header and closes the connection, without reading a
// byte of it); a chunked body is read to its end but kept only up to limit + 1 bytes, which is enough for the
// Pipeline to see that it is too large, and leaves the connection usable.
inline int WanggeHeadersCompleteCallback(http_parser* parser) {
    auto* context = reinterpret_cast<http_parser_ctx_t*>(parser->data);
    context->m_leading_headers_completed = true;
    if (parser->content_length != ULLONG_MAX && parser->content_length > 0) {
        if (parser->content_length > context->m_limits.max_body_size()) return 1;  // 1: "this message has no body"
        try {
            context->m_body.reserve(static_cast<std::size_t>(parser->content_length));
        } catch (const std::exception&) {
            return -1;
        }
    }
    return 0;
}

inline int WanggeBodyCallback(http_parser* parser, const char* at, size_t length) {
    auto* context = reinterpret_cast<http_parser_ctx_t*>(parser->data);
    const std::uint64_t limit = context->m_limits.max_body_size();
    const std::uint64_t kept = context->m_body.size();
    if (limit != std::numeric_limits<std::uint64_t>::max()) {
        if (kept > limit) return 0;
        length = static_cast<size_t>(std::min<std::uint64_t>(length, limit + 1 - kept));
    }
    try {
        context->m_body.append(at, length);
    } catch (const std::exception&) {
        return -1;
    }
    return 0;
}

template <>
inline http_parser_settings create_parser_settings<wangge::http::HttpMethods>() noexcept {
    http_parser_settings settings = create_parser_settings<default_http_methods_t>();
    settings.on_headers_complete = WanggeHeadersCompleteCallback;
    settings.on_body = WanggeBodyCallback;
    settings.on_message_complete = restinio_message_complete_cb<wangge::http::HttpMethods>;
    return settings;
}

}  // namespace restinio::impl

namespace wangge::http {
namespace {

// The open event streams by connection, so that a client going away closes its stream at once (RESTinio
// reports every connection it closes here), and so that heartbeats and Stop() reach every stream.
class StreamConnections {
  public:
    void state_changed(const restinio::connection_state::notice_t& notice) noexcept {
        if (count_.load(std::memory_order_relaxed) == 0) return;  // the common case: no streams at all
        if (!restinio::holds_alternative<restinio::connection_state::closed_t>(notice.cause())) return;
        std::shared_ptr<EventStream> stream;
        {
            std::lock_guard lock(mutex_);
            auto it = streams_.find(notice.connection_id());
            if (it == streams_.end()) return;
            stream = it->second.lock();
            streams_.erase(it);
            count_ = streams_.size();
        }
        if (stream) stream->Close();
    }

    void Add(restinio::connection_id_t id, const std::shared_ptr<EventStream>& stream) {
        std::lock_guard lock(mutex_);
        streams_[id] = stream;
        count_ = streams_.size();
    }

    // Forgets `id` if it still refers to `stream` (a kept-alive connection may have moved on to another).
    void Remove(restinio::connection_id_t id, const EventStream* stream) {
        std::lock_guard lock(mutex_);
        auto it = streams_.find(id);
        if (it == streams_.end()) return;
        auto held = it->second.lock();
        if (held && held.get() != stream) return;
        streams_.erase(it);
        count_ = streams_.size();
    }

    std::vector<std::shared_ptr<EventStream>> All() {
        std::vector<std::shared_ptr<EventStream>> out;
        std::lock_guard lock(mutex_);
        for (const auto& [id, weak] : streams_)
            if (auto stream = weak.lock()) out.push_back(std::move(stream));
        return out;
    }

  private:
    std::mutex mutex_;
    std::unordered_map<restinio::connection_id_t, std::weak_ptr<EventStream>> streams_;  // guarded by mutex_
    std::atomic<std::size_t> count_{0};
};

struct Traits : restinio::default_traits_t {
    using http_methods_mapper_t = HttpMethods;
    using connection_state_listener_t = StreamConnections;
    static constexpr bool use_connection_count_limiter = true;
};
using HttpServer = restinio::http_server_t<Traits>;

// asio keeps shutdown() protected. Stop() needs it: connections still open when the threads end live on in
// the io_context's queued handlers, and each one reports to the connection-count limiter inside RESTinio's
// acceptor when destroyed. Shutting the context down while the server (and so the acceptor) still exists
// destroys them in the right order; letting ~io_context do it after the server is gone is a use-after-free.
class IoContext : public restinio::asio_ns::io_context {
  public:
    using restinio::asio_ns::io_context::shutdown;
};

// Header limits: generous for cookies and long filter queries, small enough that a client cannot make us
// buffer megabytes of headers. Exceeding one closes the connection.
constexpr std::size_t kMaxUrlBytes = 16 * 1024;
constexpr std::size_t kMaxHeaderNameBytes = 1024;
constexpr std::size_t kMaxHeaderValueBytes = 16 * 1024;
constexpr std::size_t kMaxHeaderCount = 100;

std::optional<Method> ToMethod(int parser_method) {
    switch (parser_method) {
        case HTTP_GET:
            return Method::kGet;
        case HTTP_POST:
            return Method::kPost;
        case HTTP_PUT:
            return Method::kPut;
        case HTTP_PATCH:
            return Method::kPatch;
        case HTTP_DELETE:
            return Method::kDelete;
        case HTTP_HEAD:
            return Method::kHead;
        case HTTP_OPTIONS:
            return Method::kOptions;
        default:
            return std::nullopt;
    }
}

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

std::string ToLower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

std::string_view View(restinio::string_view_t text) { return {text.data(), text.size()}; }

// Writes an event stream's chunks as a chunked response. Every builder call runs on one strand, posted,
// so producers on any thread never block on the socket and never re-enter the stream.
class ChunkWriter final : public EventStream::Sink, public std::enable_shared_from_this<ChunkWriter> {
  public:
    using Builder = restinio::response_builder_t<restinio::chunked_output_t>;

    ChunkWriter(Builder builder, restinio::asio_ns::io_context& io)
        : builder_(std::move(builder)), strand_(restinio::asio_ns::make_strand(io)) {}

    // Sends the status line and headers now, before the first event.
    void Start() {
        restinio::asio_ns::post(strand_, [self = shared_from_this()] {
            if (self->builder_) self->builder_->flush();
        });
    }

    void Write(std::string chunk, std::function<void(bool)> done) override {
        restinio::asio_ns::post(
            strand_, [self = shared_from_this(), chunk = std::move(chunk), done = std::move(done)]() mutable {
                if (!self->builder_) return done(false);
                self->builder_->append_chunk(std::move(chunk));
                self->builder_->flush(
                    [done = std::move(done)](const restinio::asio_ns::error_code& error) { done(!error); });
            });
    }

    void Finish() override {
        restinio::asio_ns::post(strand_, [self = shared_from_this()] {
            if (!self->builder_) return;
            self->builder_->done();
            self->builder_.reset();
        });
    }

  private:
    std::optional<Builder> builder_;  // only on strand_
    restinio::asio_ns::strand<restinio::asio_ns::io_context::executor_type> strand_;
};

// A file body for sendfile, opened now (so the FileBody may delete the path as soon as the Response goes
// away). Large exports go to slow phones too: the write may take the request timeout plus a second for
// every 64 KiB. Throws when the file cannot be opened (the handler made it, so that is a server fault).
restinio::sendfile_t SendFile(const FileBody& file, unsigned request_timeout_s) {
    auto body = restinio::sendfile(file.path());
    const auto bytes = static_cast<std::uint64_t>(body.size());
    body.timelimit(std::chrono::seconds(request_timeout_s) + std::chrono::seconds(bytes / (64 * 1024)));
    return body;
}

// asio's to_string goes through inet_ntop and sprintf, which showed up in profiles; IPv4 is formatted by hand.
std::string AddressText(const restinio::asio_ns::ip::address& address) {
    if (!address.is_v4()) return address.to_string();
    std::string text;
    text.reserve(15);
    for (unsigned char byte : address.to_v4().to_bytes()) {
        if (!text.empty()) text.push_back('.');
        if (byte >= 100) text.push_back(static_cast<char>('0' + byte / 100));
        if (byte >= 10) text.push_back(static_cast<char>('0' + byte / 10 % 10));
        text.push_back(static_cast<char>('0' + byte % 10));
    }
    return text;
}

void FillIncoming(const restinio::request_handle_t& req, Incoming& incoming) {
    const auto& header = req->header();
    incoming.method = ToMethod(header.method().raw_id());
    incoming.method_name = header.method().c_str();
    incoming.raw_path = View(header.path());
    incoming.raw_query = View(header.query());
    Request& request = incoming.request;
    header.for_each_field([&request](const restinio::http_header_field_t& field) {
        std::string name = ToLower(field.name());
        auto [it, inserted] = request.headers.emplace(name, field.value());
        if (!inserted) it->second += (name == "cookie" ? "; " : ", ") + field.value();
    });
    // The handler owns the request from here and RESTinio never reads the body again; moving it saves a
    // copy of up to max_body_bytes for imports. m_body is not a const object, so this is well-defined.
    request.body = std::move(const_cast<std::string&>(req->body()));
    request.remote_address = AddressText(req->remote_endpoint().address());
}

}  // namespace

struct Server::Impl {
    enum class State { kNew, kRunning, kStopping, kStopped };

    Impl(ServerOptions server_options, std::shared_ptr<const Router> router)
        : options(std::move(server_options)), pipeline(options, std::move(router)) {}

    restinio::request_handling_status_t OnRequest(const restinio::request_handle_t& req);
    restinio::request_handling_status_t Send(const restinio::request_handle_t& req, Response response);
    restinio::request_handling_status_t Defer(const restinio::request_handle_t& req, Deferred& deferred);
    restinio::request_handling_status_t StartStream(const restinio::request_handle_t& req, Response& response);
    void ScheduleHeartbeat();
    Result<std::unique_ptr<HttpServer>> MakeServer();
    void RunThread();

    const ServerOptions options;
    Pipeline pipeline;
    IoContext io;  // declared before the server, which refers to it
    std::unique_ptr<HttpServer> server;
    // Keeps the threads in run() when there is no other work (after a failed open, say) so that the
    // close_async Stop() posts always runs.
    std::optional<restinio::asio_ns::executor_work_guard<restinio::asio_ns::io_context::executor_type>> work;
    std::vector<std::thread> threads;
    std::atomic<std::uint16_t> bound_port{0};
    std::shared_ptr<StreamConnections> streams = std::make_shared<StreamConnections>();
    std::optional<restinio::asio_ns::steady_timer> heartbeat;  // used on the io threads only, after Start
    // Deferred answers not yet given, so that Stop() can let go of their requests while the server exists.
    std::mutex pending_mutex;
    std::unordered_map<std::uint64_t, std::weak_ptr<Deferred>> pending;  // guarded by pending_mutex
    std::atomic<std::uint64_t> next_pending{0};

    std::mutex mutex;
    std::condition_variable state_changed;
    State state = State::kNew;                             // guarded by mutex
    bool signalled = false;                                // guarded by mutex
    std::optional<restinio::asio_ns::signal_set> signals;  // guarded by mutex; only while Wait() runs
};

restinio::request_handling_status_t Server::Impl::OnRequest(const restinio::request_handle_t& req) {
    Metrics& metrics = pipeline.metrics();
    metrics.AddInFlight(1);
    try {
        Incoming incoming;
        FillIncoming(req, incoming);
        Response response = pipeline.Handle(incoming);
        if (response.stream) {
            if (req->header().method() != restinio::http_method_head()) {
                auto status = StartStream(req, response);
                metrics.AddInFlight(-1);  // handled: an open stream is not a request in flight
                return status;
            }
            response.stream->Close();
        }
        if (response.deferred) return Defer(req, *response.deferred);
        return Send(req, std::move(response));
    } catch (const std::exception& error) {
        std::fprintf(stderr, "wangge http: cannot answer a request: %s\n", error.what());
    }
    metrics.AddInFlight(-1);
    return restinio::request_rejected();  // RESTinio answers 501 and closes the connection
}

// Owns one in-flight count: the write's completion drops it (RESTinio calls it after the write, or when the
// write is abandoned), and so does a failure to build the response.
restinio::request_handling_status_t Server::Impl::Send(const restinio::request_handle_t& req, Response response) {
    Metrics& metrics = pipeline.metrics();
    try {
        auto builder = req->create_response(
            restinio::http_status_line_t{restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
                                         std::string(ReasonPhrase(response.status))});
        if (!response.content_type.empty()) {
            builder.append_header(restinio::http_field::content_type, std::move(response.content_type));
        }
        bool close = false;
        for (auto& [name, value] : response.headers) {
            // RESTinio writes the Connection header itself; a duplicate would confuse clients.
            if (EqualsIgnoreCase(name, "connection")) {
                close = close || EqualsIgnoreCase(value, "close");
                continue;
            }
            builder.append_header(std::move(name), std::move(value));
        }
        if (close) builder.connection_close();
        const bool head = req->header().method() == restinio::http_method_head();
        if (head) response.body.clear();
        if (response.file && !head) {
            builder.set_body(SendFile(*response.file, options.request_timeout_s));
        } else {
            builder.set_body(std::move(response.body));
        }
        return builder.done([&metrics](const restinio::asio_ns::error_code&) { metrics.AddInFlight(-1); });
    } catch (const std::exception& error) {
        std::fprintf(stderr, "wangge http: cannot answer a request: %s\n", error.what());
    }
    metrics.AddInFlight(-1);
    return restinio::request_rejected();
}

// Whichever thread gives the answer, it is made and written on a server thread (posted). Until then the
// Deferred holds the request, and Stop() detaches what is still pending before the server goes.
restinio::request_handling_status_t Server::Impl::Defer(const restinio::request_handle_t& req, Deferred& deferred) {
    const std::uint64_t key = next_pending++;
    {
        std::lock_guard lock(pending_mutex);
        pending.emplace(key, deferred.weak_from_this());
    }
    deferred.OnDeliver([this, req, key](Deferred::Maker make) {
        {
            std::lock_guard lock(pending_mutex);
            pending.erase(key);
        }
        restinio::asio_ns::post(io, [this, req, make = std::move(make)] {
            Response answer;
            try {
                answer = make();
            } catch (const std::exception& error) {
                std::fprintf(stderr, "wangge http: cannot make a deferred answer: %s\n", error.what());
                answer = Response::FromError(MakeError(ErrorCode::kInternal, "internal error"));
            }
            if (answer.stream) answer.stream->Close();  // streams are not deferred; refuse rather than hang
            Send(req, std::move(answer));
        });
    });
    return restinio::request_accepted();
}

restinio::request_handling_status_t Server::Impl::StartStream(const restinio::request_handle_t& req,
                                                              Response& response) {
    auto builder = req->create_response<restinio::chunked_output_t>(
        restinio::http_status_line_t{restinio::http_status_code_t{static_cast<std::uint16_t>(response.status)},
                                     std::string(ReasonPhrase(response.status))});
    builder.append_header(restinio::http_field::content_type, std::move(response.content_type));
    for (auto& [name, value] : response.headers) {
        if (EqualsIgnoreCase(name, "connection")) continue;
        builder.append_header(std::move(name), std::move(value));
    }
    auto writer = std::make_shared<ChunkWriter>(std::move(builder), io);
    writer->Start();
    const auto id = req->connection_id();
    streams->Add(id, response.stream);
    response.stream->OnClose([weak = std::weak_ptr<StreamConnections>(streams), id, raw = response.stream.get()] {
        if (auto s = weak.lock()) s->Remove(id, raw);
    });
    response.stream->Attach(std::move(writer));
    return restinio::request_accepted();
}

// A comment line on every open stream keeps proxies and RESTinio's per-write timeout from closing it, and
// finds clients that left without a FIN.
void Server::Impl::ScheduleHeartbeat() {
    heartbeat->expires_after(std::chrono::milliseconds(std::max(1u, options.stream_heartbeat_ms)));
    heartbeat->async_wait([this](const restinio::asio_ns::error_code& error) {
        if (error) return;
        for (auto& stream : streams->All()) stream->Send(": heartbeat\n\n");
        ScheduleHeartbeat();
    });
}

Result<std::unique_ptr<HttpServer>> Server::Impl::MakeServer() {
    restinio::asio_ns::error_code error;
    const std::string host = options.host == "localhost" ? "127.0.0.1" : options.host;
    const auto address = restinio::asio_ns::ip::make_address(host, error);
    if (error) return Fail(ErrorCode::kInvalidArgument, "not an IP address: " + options.host, "host");

    restinio::server_settings_t<Traits> settings;
    settings.address(address)
        .protocol(address.is_v6() ? restinio::asio_ns::ip::tcp::v6() : restinio::asio_ns::ip::tcp::v4())
        .port(options.port)
        .request_handler([this](const restinio::request_handle_t& req) { return OnRequest(req); })
        .acceptor_post_bind_hook(
            [this](restinio::asio_ns::ip::tcp::acceptor& acceptor) { bound_port = acceptor.local_endpoint().port(); })
        .connection_state_listener(streams)
        // A second slot keeps a connection reading while its event stream is open, so a client closing it is
        // seen at once (EOF) rather than when a later heartbeat fails to write.
        .max_pipelined_requests(2)
        .max_parallel_connections(options.max_connections)
        .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                      .max_url_size(kMaxUrlBytes)
                                      .max_field_name_size(kMaxHeaderNameBytes)
                                      .max_field_value_size(kMaxHeaderValueBytes)
                                      .max_field_count(kMaxHeaderCount)
                                      .max_body_size(options.max_body_bytes))
        // Reading a request (including a large import) and idling on a keep-alive connection share one limit.
        .read_next_http_message_timelimit(std::chrono::seconds(options.request_timeout_s))
        .write_http_response_timelimit(std::chrono::seconds(options.request_timeout_s))
        .handle_request_timeout(std::chrono::seconds(options.request_timeout_s));
    return std::make_unique<HttpServer>(restinio::external_io_context(io), std::move(settings));
}

// RESTinio's handlers do not throw, but a server thread must never die: log and keep running.
void Server::Impl::RunThread() {
    for (;;) {
        try {
            io.run();
            return;
        } catch (const std::exception& error) {
            std::fprintf(stderr, "wangge http: server thread caught: %s\n", error.what());
        }
    }
}

Server::Server(ServerOptions options, std::shared_ptr<const Router> router)
    : impl_(std::make_unique<Impl>(std::move(options), std::move(router))) {}

Server::~Server() { Stop(); }

Result<std::uint16_t> Server::Start() {
    {
        std::lock_guard lock(impl_->mutex);
        if (impl_->state != Impl::State::kNew) return Fail(ErrorCode::kFailedPrecondition, "server already started");
        impl_->state = Impl::State::kRunning;
    }
    auto server = impl_->MakeServer();
    if (!server) {
        Stop();
        return Fail(server.error());
    }
    impl_->server = std::move(*server);
    impl_->work.emplace(impl_->io.get_executor());
    impl_->heartbeat.emplace(impl_->io);
    restinio::asio_ns::post(impl_->io, [impl = impl_.get()] { impl->ScheduleHeartbeat(); });

    std::promise<void> opened;
    impl_->server->open_async([&opened] { opened.set_value(); },
                              [&opened](std::exception_ptr error) { opened.set_exception(error); });
    const unsigned thread_count = std::max(1u, impl_->options.threads);
    for (unsigned i = 0; i < thread_count; ++i) impl_->threads.emplace_back([this] { impl_->RunThread(); });
    try {
        opened.get_future().get();
    } catch (const std::exception& error) {
        Stop();
        return Fail(ErrorCode::kUnavailable, "cannot listen on " + impl_->options.host + ":" +
                                                 std::to_string(impl_->options.port) + ": " + error.what());
    }
    return impl_->bound_port.load();
}

void Server::Stop() {
    {
        std::unique_lock lock(impl_->mutex);
        switch (impl_->state) {
            case Impl::State::kNew:
                impl_->state = Impl::State::kStopped;
                impl_->state_changed.notify_all();
                return;
            case Impl::State::kStopping:
                impl_->state_changed.wait(lock, [this] { return impl_->state == Impl::State::kStopped; });
                return;
            case Impl::State::kStopped:
                return;
            case Impl::State::kRunning:
                impl_->state = Impl::State::kStopping;
                break;
        }
    }
    if (impl_->server) {
        // Event streams never finish by themselves: end them (their final chunk goes out while the threads run).
        for (auto& stream : impl_->streams->All()) stream->Close();
        // Stop accepting; open connections keep being served while the in-flight requests finish.
        std::promise<void> closed;
        impl_->server->close_async([&closed] { closed.set_value(); },
                                   [&closed](std::exception_ptr) { closed.set_value(); });
        if (!impl_->threads.empty()) closed.get_future().wait();
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::milliseconds(impl_->options.drain_timeout_ms);
        while (impl_->pipeline.metrics().InFlight() > 0 && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
        impl_->work.reset();
        impl_->io.stop();
    }
    for (std::thread& thread : impl_->threads) thread.join();
    impl_->threads.clear();
    // Answers still to come would write to connections that are about to go: drop their requests now.
    std::vector<std::shared_ptr<Deferred>> pending;
    {
        std::lock_guard lock(impl_->pending_mutex);
        for (auto& [key, weak] : impl_->pending)
            if (auto deferred = weak.lock()) pending.push_back(std::move(deferred));
        impl_->pending.clear();
    }
    for (auto& deferred : pending) deferred->Detach();
    std::lock_guard lock(impl_->mutex);
    impl_->signals.reset();
    impl_->io.shutdown();  // destroys the abandoned connections while the server still exists
    impl_->heartbeat.reset();
    impl_->server.reset();
    impl_->state = Impl::State::kStopped;
    impl_->state_changed.notify_all();
}

void Server::Wait() {
    std::unique_lock lock(impl_->mutex);
    if (impl_->state == Impl::State::kRunning) {
        // Signals are taken only while someone waits here, so tests that run many servers keep the default.
        impl_->signals.emplace(impl_->io, SIGINT, SIGTERM);
        impl_->signals->async_wait([impl = impl_.get()](const restinio::asio_ns::error_code& error, int) {
            if (error) return;
            std::lock_guard signal_lock(impl->mutex);
            impl->signalled = true;
            impl->state_changed.notify_all();
        });
        impl_->state_changed.wait(lock, [this] { return impl_->state != Impl::State::kRunning || impl_->signalled; });
        if (impl_->state == Impl::State::kRunning) {
            lock.unlock();
            Stop();
            return;
        }
    }
    impl_->state_changed.wait(lock, [this] { return impl_->state != Impl::State::kStopping; });
}

}  // namespace wangge::http
