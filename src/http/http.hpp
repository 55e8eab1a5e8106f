#pragma once
// wangge's own small HTTP types. Only server.cpp includes RESTinio; everything else —
// routes, tests — sees these.
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/result.hpp"

namespace wangge::http {

enum class Method { kGet, kPost, kPut, kPatch, kDelete, kHead, kOptions };

struct Request {
    Method method = Method::kGet;
    std::string path;                                  // without the query string
    std::map<std::string, std::string> query;          // decoded
    std::map<std::string, std::string> headers;        // names lower-cased
    std::map<std::string, std::string> params;        // from the route pattern: {id} → "42"
    std::string body;
    std::string remote_address;

    std::optional<std::string> Header(std::string_view lower_name) const;
    std::optional<std::string> Cookie(std::string_view name) const;
    std::optional<std::string> Query(std::string_view name) const;
};

// A response body read from a file (large exports): the server hands it to sendfile, so it never
// sits in memory. With RemoveFile::kYes the file is deleted when the last Response holding it is
// destroyed — by then the server has opened it, and the open descriptor keeps the transfer going.
enum class RemoveFile { kNo, kYes };
class FileBody {
public:
    FileBody(std::string path, RemoveFile remove) : path_(std::move(path)), remove_(remove) {}
    ~FileBody();
    FileBody(const FileBody&) = delete;
    FileBody& operator=(const FileBody&) = delete;
    const std::string& path() const { return path_; }

private:
    std::string path_;
    RemoveFile remove_;
};

// A server-sent event stream (text/event-stream, GET /api/v1/events): a handler answers with a Response
// holding one and keeps a reference to it; the server keeps the connection open, writes every chunk
// Send() queues as soon as it can (chunked transfer encoding, one flush per chunk) and a comment line
// every ServerOptions::stream_heartbeat_ms, and closes the stream when the client goes away. Producers
// never wait for the network: a stream that falls more than `max_pending` chunks behind is closed (the
// slowest subscriber is dropped; a browser's EventSource reconnects). Thread-safe. Create with
// std::make_shared.
class EventStream : public std::enable_shared_from_this<EventStream> {
public:
    explicit EventStream(std::size_t max_pending = 256) : max_pending_(max_pending) {}
    ~EventStream();
    EventStream(const EventStream&) = delete;
    EventStream& operator=(const EventStream&) = delete;

    // Queues `chunk` (complete SSE lines ending in a blank line: "event: x\ndata: {…}\n\n"). False when the
    // stream is closed — by the client, the server, Close(), or now, because this chunk would put it more
    // than max_pending chunks behind.
    bool Send(std::string chunk);
    // Ends the response. Idempotent.
    void Close();
    bool IsOpen() const;
    // Runs `fn` once when the stream closes for any reason, on the thread that closes it (at once when it
    // is already closed). Must not call Send() on this stream.
    void OnClose(std::function<void()> fn);

    // The server side: where the chunks go. Write and Finish must return without calling back into the
    // stream (the server posts the work to the connection's thread); `done` reports whether the chunk
    // was written.
    class Sink {
    public:
        virtual ~Sink() = default;
        virtual void Write(std::string chunk, std::function<void(bool ok)> done) = 0;
        virtual void Finish() = 0;
    };
    // Called once by the server when the response starts; chunks queued before go out now.
    void Attach(std::shared_ptr<Sink> sink);

private:
    void Written(bool ok);
    // Marks the stream closed; returns what must run outside the lock.
    std::pair<std::shared_ptr<Sink>, std::vector<std::function<void()>>> CloseLocked();

    const std::size_t max_pending_;
    mutable std::mutex mutex_;
    bool closed_ = false;                          // guarded by mutex_
    std::size_t pending_ = 0;                      // chunks queued or being written; guarded by mutex_
    std::shared_ptr<Sink> sink_;                   // guarded by mutex_
    std::vector<std::string> queued_;              // before Attach; guarded by mutex_
    std::vector<std::function<void()>> on_close_;  // guarded by mutex_
};

struct Response;

// A response the handler gives later, from any thread: the handler returns Response::Later(deferred)
// and calls deferred->Answer(…) when it has the answer (the scan path answers from the group commit, so
// no server thread waits for an fsync). The request stays in flight until the answer is written.
// Thread-safe. Create with std::make_shared.
class Deferred : public std::enable_shared_from_this<Deferred> {
public:
    // Makes the answer; run on a server thread, so a busy answering thread (the committer) only hands
    // over what the answer needs and the JSON is written elsewhere.
    using Maker = std::function<Response()>;

    Deferred() = default;
    // A handler that drops its Deferred without answering answers 500, so the client never hangs.
    ~Deferred();
    Deferred(const Deferred&) = delete;
    Deferred& operator=(const Deferred&) = delete;

    // Gives the answer. Only the first call counts; later ones are ignored.
    void Answer(Response response);
    void Answer(Maker make);

    // The server side. `finish` (the pipeline's: security headers, metrics) is applied to the made answer;
    // `deliver` (the server's) receives the maker with `finish` folded in, and must run it on a server
    // thread and write the result. Set `finish` first, then `deliver`, before or after the answer. `deliver`
    // runs with this object's lock held, so Detach() waits for a delivery in progress; it must not call back
    // into this object.
    void OnFinish(std::function<void(Response&)> finish);
    void OnDeliver(std::function<void(Maker)> deliver);
    // Drops `deliver` (and what it holds) without running it: the server stopped before the answer came.
    void Detach();

private:
    void DeliverLocked();

    std::mutex mutex_;
    std::function<void(Response&)> finish_;  // guarded by mutex_
    std::function<void(Maker)> deliver_;     // guarded by mutex_
    Maker make_;                             // guarded by mutex_: given, not yet delivered
    bool answered_ = false;                  // guarded by mutex_
    bool detached_ = false;                  // guarded by mutex_
};

struct Response {
    int status = 200;
    std::string content_type = "application/json; charset=utf-8";
    std::string body;
    std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, …)
    std::shared_ptr<const FileBody> file;  // when set, the body is this file's content and `body` is unused
    std::shared_ptr<EventStream> stream;   // when set, the body is this event stream and `body` is unused
    std::shared_ptr<Deferred> deferred;    // when set, the answer comes later through it; the rest is unused

    static Response Json(int status, std::string body);
    static Response NoContent();
    // 200 with the file's content as the body (see FileBody).
    static Response File(std::string content_type, std::string path, RemoveFile remove);
    // 200 text/event-stream, not cached, not buffered by proxies (see EventStream).
    static Response Stream(std::shared_ptr<EventStream> stream);
    // The answer will come through `deferred` (see Deferred).
    static Response Later(std::shared_ptr<Deferred> deferred);
    // {"error":{"code":"…","message":"…","field":"…"}} with the status ToHttpStatus gives.
    static Response FromError(const Error& error);
};

// "attachment; filename=\"<ascii_fallback>\"; filename*=UTF-8''<utf8_name percent-encoded>" (RFC 6266 with
// RFC 5987's encoding), so browsers save a Chinese file name and old clients get the fallback.
std::string AttachmentDisposition(std::string_view utf8_name, std::string_view ascii_fallback);

// One mapping from the error catalogue to HTTP. When adding an ErrorCode, map it here.
int ToHttpStatus(ErrorCode code);

using Handler = std::function<Response(Request&)>;

// Matches "/api/v1/areas/{id}/children"-style patterns; {name} takes one path segment.
class Router {
public:
    void Add(Method method, std::string pattern, Handler handler);
    // 404 for an unknown path, 405 (with an Allow header) for a known path with another method.
    // Fills request.params from the matched pattern. Handler exceptions propagate to the caller.
    Response Dispatch(Request& request) const;
    // As above, and sets *matched_pattern to the pattern that matched ("" when none did) so the server
    // labels metrics without matching twice. The view lives as long as the Router.
    Response Dispatch(Request& request, std::string_view* matched_pattern) const;
    // The pattern that matched (for metrics labels), or "" when none did.
    std::string MatchedPattern(const Request& request) const;

private:
    struct Route {
        Method method;
        std::string pattern;
        std::vector<std::string> segments;
        Handler handler;
    };
    // The best route for method and path: the one with the most literal segments, the first added on a tie.
    // `params` (may be null) receives the {name} values; `allowed` (may be null) the methods of every route
    // whose pattern matches the path.
    const Route* Find(Method method, std::string_view path, std::map<std::string, std::string>* params,
                      std::vector<Method>* allowed) const;
    std::vector<Route> routes_;
};

struct ServerOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0;             // 0: any free port
    unsigned threads = 2;
    std::size_t max_body_bytes = 64u << 20;   // imports may be large
    unsigned request_timeout_s = 120;
    std::size_t max_connections = 4096;
    std::string static_dir;             // the built web app, served from "/" (SPA fallback to index.html)
    unsigned stream_heartbeat_ms = 15000;  // a comment line on every open event stream this often
    unsigned drain_timeout_ms = 10000;     // Stop() lets in-flight requests finish this long, then drops them
};

// Runs a Router on RESTinio threads in the background. Catches every exception a handler
// throws (500 and a log line); counts requests for /metrics; serves /healthz and /metrics.
class Server {
public:
    Server(ServerOptions options, std::shared_ptr<const Router> router);
    ~Server();
    // Binds and starts; returns the bound port (the one the OS chose when options.port is 0).
    // kInvalidArgument for a host that is not an IP address, kUnavailable when the port cannot be bound,
    // kFailedPrecondition when called twice. A server is started at most once.
    Result<std::uint16_t> Start();
    // Graceful: stops accepting, lets in-flight requests finish (up to drain_timeout_ms), then closes everything.
    // Idempotent and thread-safe; must not be called from a handler. The destructor calls it.
    void Stop();
    // Blocks until Stop() or SIGINT/SIGTERM (then stops as Stop() does). Returns at once when not running.
    // Signals are handled only while a thread waits here.
    void Wait();

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace wangge::http
