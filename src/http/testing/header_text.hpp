#pragma once
// Text helpers the test clients share for reading HTTP header lines.
#include <cctype>
#include <string>
#include <string_view>

namespace wangge::http::testing {

inline std::string ToLower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Without surrounding spaces, tabs and a trailing CR.
inline std::string_view Trim(std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) text.remove_suffix(1);
    return text;
}

}  // namespace wangge::http::testing
