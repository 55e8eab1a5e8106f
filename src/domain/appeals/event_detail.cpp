#include "domain/appeals/event_detail.hpp"

#include <cstdio>

namespace wangge::appeals {

void EventDetail::Key(std::string_view key) {
    if (!body_.empty()) body_ += ',';
    body_ += '"';
    body_ += key;
    body_ += "\":";
}

EventDetail& EventDetail::Add(std::string_view key, std::int64_t value) {
    Key(key);
    body_ += std::to_string(value);
    return *this;
}

EventDetail& EventDetail::Add(std::string_view key, std::string_view value) {
    Key(key);
    body_ += '"';
    for (char c : value) {
        if (c == '"' || c == '\\') {
            body_ += '\\';
            body_ += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char escaped[8];
            std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
            body_ += escaped;
        } else {
            body_ += c;
        }
    }
    body_ += '"';
    return *this;
}

}  // namespace wangge::appeals
