#include "common/phone.hpp"

namespace wangge {
namespace {
bool AllDigits(std::string_view s) {
    if (s.empty()) return false;
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return true;
}
}  // namespace

Result<std::string> NormalizePhone(std::string_view text, std::string field) {
    std::string s;
    for (char c : text)
        if (c != ' ') s.push_back(c);
    if (s.size() == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9' && AllDigits(s)) return s;
    if (!s.empty() && s[0] == '0') {
        auto dash = s.find('-');
        std::string digits = s;
        if (dash != std::string::npos) digits.erase(dash, 1);
        if (AllDigits(digits) && digits.size() >= 10 && digits.size() <= 12) return s;
    }
    return Fail(ErrorCode::kInvalidArgument,
                "电话号码格式不正确，应为11位手机号或带区号的固话 (expected an 11-digit mobile or a landline with area code)",
                std::move(field));
}

std::string MaskPhone(std::string_view phone) {
    if (phone.size() == 11 && phone[0] == '1')
        return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(7));
    if (phone.size() <= 4) return std::string(phone.size(), '*');
    auto dash = phone.find('-');
    size_t keep_front = dash != std::string_view::npos ? dash + 1 : 4;
    if (keep_front + 4 > phone.size()) keep_front = 0;
    return std::string(phone.substr(0, keep_front)) + std::string(phone.size() - keep_front - 4, '*') +
           std::string(phone.substr(phone.size() - 4));
}

}  // namespace wangge
