#include "http/testing/http_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>

#include "http/testing/header_text.hpp"

namespace wangge::http::testing {
namespace {

// A test that waits longer than this for one response is hung, not slow.
constexpr int kIoTimeoutSeconds = 30;

bool HasHeader(const HeaderList& headers, std::string_view lower_name) {
    for (const auto& [name, value] : headers) {
        if (ToLower(name) == lower_name) return true;
    }
    return false;
}

ClientResponse Failure(std::string error) {
    ClientResponse response;
    response.error = std::move(error);
    return response;
}

}  // namespace

std::optional<std::string> ClientResponse::Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers) {
        if (name == lower_name) return value;
    }
    return std::nullopt;
}

std::vector<std::string> ClientResponse::Headers(std::string_view lower_name) const {
    std::vector<std::string> values;
    for (const auto& [name, value] : headers) {
        if (name == lower_name) values.push_back(value);
    }
    return values;
}

HttpClient::HttpClient(std::uint16_t port, std::string host) : host_(std::move(host)), port_(port) {}

HttpClient::~HttpClient() { CloseConnection(); }

void HttpClient::CloseConnection() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    buffer_.clear();
}

bool HttpClient::Connect(std::string* error) {
    CloseConnection();
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
        *error = std::string("socket: ") + std::strerror(errno);
        return false;
    }
    timeval timeout{kIoTimeoutSeconds, 0};
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &timeout, sizeof timeout);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(port_);
    if (::inet_pton(AF_INET, host_.c_str(), &address.sin_addr) != 1) {
        *error = "not an IPv4 address: " + host_;
        CloseConnection();
        return false;
    }
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        *error = std::string("connect: ") + std::strerror(errno);
        CloseConnection();
        return false;
    }
    return true;
}

bool HttpClient::WriteAll(std::string_view data, std::string* error) {
    while (!data.empty()) {
        // MSG_NOSIGNAL: a server that closed early must fail this call, not kill the test with SIGPIPE.
        ssize_t sent = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR) continue;
        if (sent <= 0) {
            *error = std::string("send: ") + std::strerror(errno);
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(sent));
    }
    return true;
}

ClientResponse HttpClient::Get(std::string_view path, const HeaderList& headers) {
    return Send("GET", path, {}, headers);
}
ClientResponse HttpClient::Post(std::string_view path, std::string_view body, const HeaderList& headers) {
    return Send("POST", path, body, headers);
}
ClientResponse HttpClient::Put(std::string_view path, std::string_view body, const HeaderList& headers) {
    return Send("PUT", path, body, headers);
}
ClientResponse HttpClient::Patch(std::string_view path, std::string_view body, const HeaderList& headers) {
    return Send("PATCH", path, body, headers);
}
ClientResponse HttpClient::Delete(std::string_view path, std::string_view body, const HeaderList& headers) {
    return Send("DELETE", path, body, headers);
}

ClientResponse HttpClient::Send(std::string_view method, std::string_view path, std::string_view body,
                                const HeaderList& headers) {
    std::string request;
    request.append(method).append(" ").append(path).append(" HTTP/1.1\r\n");
    request.append("Host: ").append(host_).append(":").append(std::to_string(port_)).append("\r\n");
    for (const auto& [name, value] : headers) request.append(name).append(": ").append(value).append("\r\n");
    if (!body.empty() && !HasHeader(headers, "content-type")) request.append("Content-Type: application/json\r\n");
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH") {
        request.append("Content-Length: ").append(std::to_string(body.size())).append("\r\n");
    }
    if (!cookies_.empty() && !HasHeader(headers, "cookie")) {
        request.append("Cookie: ");
        bool first = true;
        for (const auto& [name, value] : cookies_) {
            request.append(first ? "" : "; ").append(name).append("=").append(value);
            first = false;
        }
        request.append("\r\n");
    }
    request.append("\r\n").append(body);

    // A kept-alive connection may have been closed by the server meanwhile; then retry once on a new one.
    for (int attempt = 0; attempt < 2; ++attempt) {
        const bool reused = fd_ >= 0;
        std::string error;
        if (!reused && !Connect(&error)) return Failure(error);
        bool nothing_received = false;
        ClientResponse response;
        if (WriteAll(request, &error)) {
            response = ReadResponse(method == "HEAD", &nothing_received);
        } else {
            // The server may have answered early (413 on the declared length) and closed: read that answer.
            response = ReadResponse(method == "HEAD", &nothing_received);
            if (response.status == 0) {
                response = Failure(error);
                nothing_received = true;
            }
        }
        if (response.status != 0 || !reused || !nothing_received) {
            StoreCookies(response);
            return response;
        }
        CloseConnection();
    }
    return Failure("connection closed before a response");
}

ClientResponse HttpClient::SendRaw(std::string_view raw) {
    std::string error;
    if (!Connect(&error)) return Failure(error);
    bool nothing_received = false;
    // The write may fail halfway when the server answers early (413) and closes; the answer still counts.
    WriteAll(raw, &error);
    ClientResponse response = ReadResponse(false, &nothing_received);
    if (response.status == 0 && !error.empty()) response.error += " (after " + error + ")";
    StoreCookies(response);
    CloseConnection();
    return response;
}

ClientResponse HttpClient::ReadResponse(bool head_request, bool* nothing_received) {
    *nothing_received = buffer_.empty();
    // Reads more bytes into buffer_; false on EOF or error.
    auto fill = [this, nothing_received]() {
        char chunk[16384];
        for (;;) {
            ssize_t got = ::recv(fd_, chunk, sizeof chunk, 0);
            if (got < 0 && errno == EINTR) continue;
            if (got <= 0) return false;
            buffer_.append(chunk, static_cast<std::size_t>(got));
            *nothing_received = false;
            return true;
        }
    };
    std::size_t header_end;
    while ((header_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
        if (!fill()) {
            CloseConnection();
            return Failure("connection closed while reading the response head");
        }
    }
    ClientResponse response;
    std::string_view head(buffer_.data(), header_end);
    std::size_t line_end = head.find("\r\n");
    std::string_view status_line = head.substr(0, line_end);
    std::size_t space = status_line.find(' ');
    if (space == std::string_view::npos || status_line.size() < space + 4) {
        CloseConnection();
        return Failure("malformed status line: " + std::string(status_line));
    }
    std::from_chars(status_line.data() + space + 1, status_line.data() + space + 4, response.status);
    bool close = status_line.substr(0, 8) == "HTTP/1.0";
    while (line_end != std::string_view::npos) {
        head.remove_prefix(line_end + 2);
        line_end = head.find("\r\n");
        std::string_view line = head.substr(0, line_end);
        std::size_t colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        response.headers.emplace_back(ToLower(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1))));
    }
    buffer_.erase(0, header_end + 4);

    auto connection = response.Header("connection");
    if (connection && ToLower(*connection) == "close") close = true;
    if (connection && ToLower(*connection) == "keep-alive") close = false;
    auto length = response.Header("content-length");
    auto encoding = response.Header("transfer-encoding");
    const bool no_body = head_request || response.status == 204 || response.status == 304 || response.status < 200;
    auto fail = [this](std::string what) {
        CloseConnection();
        return Failure(std::move(what));
    };
    if (no_body) {
        // Nothing to read.
    } else if (encoding && ToLower(*encoding).find("chunked") != std::string::npos) {
        for (;;) {
            std::size_t size_end;
            while ((size_end = buffer_.find("\r\n")) == std::string::npos) {
                if (!fill()) return fail("connection closed inside a chunked body");
            }
            std::size_t chunk_size = 0;
            std::from_chars(buffer_.data(), buffer_.data() + size_end, chunk_size, 16);
            buffer_.erase(0, size_end + 2);
            if (chunk_size == 0) {
                // Skip trailers up to the empty line.
                std::size_t trailer_end;
                while ((trailer_end = buffer_.find("\r\n")) != 0) {
                    if (trailer_end != std::string::npos) {
                        buffer_.erase(0, trailer_end + 2);
                    } else if (!fill()) {
                        return fail("connection closed inside chunk trailers");
                    }
                }
                buffer_.erase(0, 2);
                break;
            }
            while (buffer_.size() < chunk_size + 2) {
                if (!fill()) return fail("connection closed inside a chunk");
            }
            response.body.append(buffer_, 0, chunk_size);
            buffer_.erase(0, chunk_size + 2);
        }
    } else if (length) {
        std::size_t size = 0;
        std::from_chars(length->data(), length->data() + length->size(), size);
        while (buffer_.size() < size) {
            if (!fill()) return fail("connection closed inside the body");
        }
        response.body = buffer_.substr(0, size);
        buffer_.erase(0, size);
    } else {
        while (fill()) {
        }
        response.body = std::move(buffer_);
        close = true;
    }
    if (close) CloseConnection();
    return response;
}

// Max-Age=0 (or a value-less cookie) deletes, as browsers do; other attributes are the server's business.
void HttpClient::StoreCookies(const ClientResponse& response) {
    for (const std::string& set_cookie : response.Headers("set-cookie")) {
        std::string_view text = set_cookie;
        std::string_view pair = text.substr(0, text.find(';'));
        std::size_t eq = pair.find('=');
        if (eq == std::string_view::npos) continue;
        std::string name(Trim(pair.substr(0, eq)));
        std::string value(Trim(pair.substr(eq + 1)));
        const std::string attributes = ToLower(text);
        if (value.empty() || attributes.find("max-age=0") != std::string::npos) {
            cookies_.erase(name);
        } else {
            cookies_[name] = value;
        }
    }
}

}  // namespace wangge::http::testing
