#pragma once
// A small blocking HTTP/1.1 client for tests of wangge's HTTP endpoints. Plain POSIX sockets, no RESTinio,
// so test files compile fast. Not for production use: no TLS, no redirects, no proxies.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace wangge::http::testing {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

struct ClientResponse {
    int status = 0;      // 0 when the exchange failed; `error` says why
    HeaderList headers;  // names lower-cased, in arrival order; repeated names (set-cookie) all kept
    std::string body;    // de-chunked
    std::string error;   // empty on success

    // The first value of a header, by lower-case name.
    std::optional<std::string> Header(std::string_view lower_name) const;
    // Every value of a header, in order.
    std::vector<std::string> Headers(std::string_view lower_name) const;
};

// One keep-alive connection to 127.0.0.1:port (reopened when the server closes it) and a cookie jar:
// Set-Cookie from any response is stored and sent back on later requests, so "log in, then call" works
// the way a browser does. Not thread-safe: use one client per thread.
class HttpClient {
  public:
    explicit HttpClient(std::uint16_t port, std::string host = "127.0.0.1");
    ~HttpClient();
    HttpClient(const HttpClient&) = delete;
    HttpClient& operator=(const HttpClient&) = delete;

    // `path` may carry a query string and must already be percent-encoded. `headers` are sent as given;
    // a body gets "Content-Type: application/json" unless headers name another.
    ClientResponse Get(std::string_view path, const HeaderList& headers = {});
    ClientResponse Post(std::string_view path, std::string_view body, const HeaderList& headers = {});
    ClientResponse Put(std::string_view path, std::string_view body, const HeaderList& headers = {});
    ClientResponse Patch(std::string_view path, std::string_view body, const HeaderList& headers = {});
    ClientResponse Delete(std::string_view path, std::string_view body = {}, const HeaderList& headers = {});
    ClientResponse Send(std::string_view method, std::string_view path, std::string_view body,
                        const HeaderList& headers);

    // Writes `raw` bytes verbatim on a fresh connection and reads one response: for malformed, chunked or
    // oversized requests. Cookies from the response are stored; the connection is closed afterwards.
    ClientResponse SendRaw(std::string_view raw);

    // The cookie jar: name → value. Tests may edit it (e.g. clear it to act as a logged-out browser).
    std::map<std::string, std::string>& cookies() { return cookies_; }

    // Closes the kept-alive connection; the next request opens a new one.
    void CloseConnection();

  private:
    bool Connect(std::string* error);
    bool WriteAll(std::string_view data, std::string* error);
    // Reads one response; `*nothing_received` tells a stale keep-alive connection from a real failure.
    ClientResponse ReadResponse(bool head_request, bool* nothing_received);
    void StoreCookies(const ClientResponse& response);

    std::string host_;
    std::uint16_t port_;
    int fd_ = -1;
    std::string buffer_;  // bytes read past the previous response
    std::map<std::string, std::string> cookies_;
};

}  // namespace wangge::http::testing
