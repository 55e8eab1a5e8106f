#include "domain/registry/import/text.hpp"

namespace wangge::registry::import {
namespace {
constexpr std::string_view kIdeographicSpace = "\u3000";

std::size_t LeadingSpace(std::string_view s) {
    if (s.empty()) return 0;
    if (s.front() == ' ' || s.front() == '\t') return 1;
    return s.starts_with(kIdeographicSpace) ? kIdeographicSpace.size() : 0;
}

std::size_t TrailingSpace(std::string_view s) {
    if (s.empty()) return 0;
    if (s.back() == ' ' || s.back() == '\t') return 1;
    return s.ends_with(kIdeographicSpace) ? kIdeographicSpace.size() : 0;
}
}  // namespace

std::string Trim(std::string_view s) {
    while (auto n = LeadingSpace(s)) s.remove_prefix(n);
    while (auto n = TrailingSpace(s)) s.remove_suffix(n);
    return std::string(s);
}

std::string AsciiLower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

std::size_t CodePoints(std::string_view s) {
    std::size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

std::vector<std::string> SplitAny(std::string_view s, const std::vector<std::string_view>& separators) {
    std::vector<std::string> parts;
    std::size_t start = 0, i = 0;
    while (i < s.size()) {
        std::size_t matched = 0;
        for (auto sep : separators)
            if (s.substr(i).starts_with(sep)) {
                matched = sep.size();
                break;
            }
        if (matched == 0) {
            ++i;
            continue;
        }
        if (auto part = Trim(s.substr(start, i - start)); !part.empty()) parts.push_back(std::move(part));
        i += matched;
        start = i;
    }
    if (auto part = Trim(s.substr(start)); !part.empty()) parts.push_back(std::move(part));
    return parts;
}

}  // namespace wangge::registry::import
