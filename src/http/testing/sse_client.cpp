#include "http/testing/sse_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "http/testing/header_text.hpp"

namespace wangge::http::testing {
namespace {

constexpr int kIoTimeoutSeconds = 30;

}  // namespace

SseClient::SseClient(std::uint16_t port) : port_(port) {}

SseClient::~SseClient() { Close(); }

void SseClient::Close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
}

std::optional<std::string> SseClient::Header(std::string_view lower_name) const {
    for (const auto& [name, value] : headers_)
        if (name == lower_name) return value;
    return std::nullopt;
}

bool SseClient::Fill() {
    if (fd_ < 0) return false;
    char chunk[16384];
    for (;;) {
        ssize_t got = ::recv(fd_, chunk, sizeof chunk, 0);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            error_ = got == 0 ? "connection closed" : std::string("recv: ") + std::strerror(errno);
            return false;
        }
        raw_.append(chunk, static_cast<std::size_t>(got));
        return true;
    }
}

bool SseClient::Open(std::string_view path, const HeaderList& headers) {
    Close();
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) {
        error_ = std::string("socket: ") + std::strerror(errno);
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
    ::inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
    if (::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0) {
        error_ = std::string("connect: ") + std::strerror(errno);
        Close();
        return false;
    }
    std::string request = "GET " + std::string(path) + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n";
    for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
    request += "\r\n";
    for (std::string_view rest = request; !rest.empty();) {
        ssize_t sent = ::send(fd_, rest.data(), rest.size(), MSG_NOSIGNAL);
        if (sent < 0 && errno == EINTR) continue;
        if (sent <= 0) {
            error_ = std::string("send: ") + std::strerror(errno);
            return false;
        }
        rest.remove_prefix(static_cast<std::size_t>(sent));
    }
    std::size_t end;
    while ((end = raw_.find("\r\n\r\n")) == std::string::npos)
        if (!Fill()) return false;
    const std::string head = raw_.substr(0, end);
    raw_.erase(0, end + 4);
    std::size_t line_end = head.find("\r\n");
    const std::string status_line = head.substr(0, line_end);
    if (status_line.size() < 12) {
        error_ = "bad status line: " + status_line;
        return false;
    }
    status_ = std::stoi(status_line.substr(9, 3));
    while (line_end != std::string::npos) {
        const std::size_t start = line_end + 2;
        line_end = head.find("\r\n", start);
        std::string_view line =
            std::string_view(head).substr(start, line_end == std::string::npos ? std::string::npos : line_end - start);
        const auto colon = line.find(':');
        if (colon == std::string_view::npos) continue;
        headers_.emplace_back(ToLower(Trim(line.substr(0, colon))), std::string(Trim(line.substr(colon + 1))));
    }
    if (status_ != 200) {
        // An error answer: read its body (by length or de-chunked) and stop.
        if (auto length = Header("content-length")) {
            const std::size_t n = std::stoul(*length);
            while (raw_.size() < n && Fill()) {
            }
            body_ = raw_.substr(0, n);
        } else {
            while (!ended_) {
                Dechunk();
                if (ended_ || !Fill()) break;
            }
            body_ = text_;
        }
        ended_ = true;
    }
    return true;
}

bool SseClient::Dechunk() {
    for (;;) {
        const std::size_t line_end = raw_.find("\r\n");
        if (line_end == std::string::npos) return false;
        const std::size_t size = std::stoul(raw_.substr(0, line_end), nullptr, 16);
        if (size == 0) {
            ended_ = true;
            raw_.clear();
            return true;
        }
        if (raw_.size() < line_end + 2 + size + 2) return false;
        text_.append(raw_, line_end + 2, size);
        raw_.erase(0, line_end + 2 + size + 2);
    }
}

std::optional<SseEvent> SseClient::TakeEvent() {
    // Events end with a blank line; text_ uses "\n" line ends (wangge writes no "\r").
    const std::size_t end = text_.find("\n\n");
    if (end == std::string::npos) return std::nullopt;
    const std::string block = text_.substr(0, end);
    text_.erase(0, end + 2);
    SseEvent event;
    bool any_field = false;
    std::size_t start = 0;
    while (start <= block.size()) {
        std::size_t stop = block.find('\n', start);
        if (stop == std::string::npos) stop = block.size();
        std::string_view line = std::string_view(block).substr(start, stop - start);
        start = stop + 1;
        if (line.empty()) continue;
        if (line.front() == ':') {
            if (!any_field) event.comment = std::string(Trim(line.substr(1)));
            continue;
        }
        const auto colon = line.find(':');
        std::string_view field = line.substr(0, colon);
        std::string_view value = colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
        if (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        any_field = true;
        if (field == "event") event.event = std::string(value);
        if (field == "id") event.id = std::string(value);
        if (field == "data") event.data += (event.data.empty() ? "" : "\n") + std::string(value);
    }
    if (any_field && event.event.empty()) event.event = "message";
    return event;
}

std::optional<SseEvent> SseClient::Next() {
    for (;;) {
        if (auto event = TakeEvent()) return event;
        if (ended_) return std::nullopt;
        Dechunk();
        if (auto event = TakeEvent()) return event;
        if (ended_) return std::nullopt;
        if (!Fill()) {
            ended_ = true;
            return std::nullopt;
        }
    }
}

std::optional<SseEvent> SseClient::NextOf(std::string_view type) {
    while (auto event = Next())
        if (event->event == type) return event;
    return std::nullopt;
}

std::optional<SseEvent> SseClient::NextComment() {
    while (auto event = Next())
        if (event->is_comment()) return event;
    return std::nullopt;
}

}  // namespace wangge::http::testing
