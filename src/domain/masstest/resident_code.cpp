#include "domain/masstest/resident_code.hpp"

namespace wangge::masstest {
namespace {

constexpr std::size_t kDigits = 10;

// ISO 7064 MOD 11-2 over decimal digits (the scheme of GB 11643's check character).
char CheckChar(std::string_view digits) {
    int p = 0;
    for (char c : digits) p = ((p + (c - '0')) * 2) % 11;
    const int check = (12 - p) % 11;
    return check == 10 ? 'X' : static_cast<char>('0' + check);
}

std::string_view Trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

}  // namespace

std::string ResidentCode(std::int64_t resident_id) {
    std::string digits = std::to_string(resident_id);
    if (digits.size() < kDigits) digits.insert(0, kDigits - digits.size(), '0');
    return "WG" + digits + CheckChar(digits);
}

std::optional<std::int64_t> ParseResidentCode(std::string_view code) {
    code = Trim(code);
    if (code.size() != 2 + kDigits + 1) return std::nullopt;
    if ((code[0] != 'W' && code[0] != 'w') || (code[1] != 'G' && code[1] != 'g')) return std::nullopt;
    const std::string_view digits = code.substr(2, kDigits);
    std::int64_t id = 0;
    for (char c : digits) {
        if (c < '0' || c > '9') return std::nullopt;
        id = id * 10 + (c - '0');
    }
    char check = code.back();
    if (check == 'x') check = 'X';
    if (check != CheckChar(digits) || id <= 0) return std::nullopt;
    return id;
}

}  // namespace wangge::masstest
