#pragma once
// A blocking reader of a server-sent event stream (text/event-stream over chunked HTTP/1.1), for tests
// of GET /api/v1/events over a real socket. Plain POSIX sockets, no RESTinio. Not thread-safe.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "http/testing/http_client.hpp"

namespace wangge::http::testing {

struct SseEvent {
    std::string event;  // "message" when the stream gave no "event:" line; "" for a comment
    std::string data;   // the data lines joined with '\n'
    std::string id;
    std::string comment;  // a comment line's text (": heartbeat" → "heartbeat")
    bool is_comment() const { return event.empty(); }
};

class SseClient {
  public:
    explicit SseClient(std::uint16_t port);
    ~SseClient();
    SseClient(const SseClient&) = delete;
    SseClient& operator=(const SseClient&) = delete;

    // Sends GET `path` with `headers` (e.g. the session cookie) and reads the response head. False (see
    // error()) when the exchange failed; a non-200 answer is read whole into body().
    bool Open(std::string_view path, const HeaderList& headers = {});
    int status() const { return status_; }
    std::optional<std::string> Header(std::string_view lower_name) const;
    const std::string& body() const { return body_; }
    const std::string& error() const { return error_; }

    // The next event or comment, waiting up to the socket timeout (30 s); nullopt when the server ended
    // the stream (a final chunk or a closed connection) or a read failed.
    std::optional<SseEvent> Next();
    // The next event of type `type`, skipping everything else.
    std::optional<SseEvent> NextOf(std::string_view type);
    // The next comment line, skipping events.
    std::optional<SseEvent> NextComment();
    // True once the server has finished the response.
    bool ended() const { return ended_; }

    // Closes the socket: the client goes away.
    void Close();

  private:
    bool Fill();     // reads more bytes; false on EOF or error
    bool Dechunk();  // moves complete chunks from raw_ into text_; sets ended_ on the last one
    std::optional<SseEvent> TakeEvent();

    std::uint16_t port_;
    int fd_ = -1;
    int status_ = 0;
    HeaderList headers_;
    std::string body_, error_;
    std::string raw_;   // bytes after the head, still chunk-encoded
    std::string text_;  // decoded stream text not yet parsed into events
    bool ended_ = false;
};

}  // namespace wangge::http::testing
