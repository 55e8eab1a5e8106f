#pragma once
// Chinese phone numbers: mobiles (11 digits, 1[3-9]…) and landlines (0 + area code, optional '-').
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace wangge {

// Returns the number without spaces, or kInvalidArgument naming `field`.
Result<std::string> NormalizePhone(std::string_view text, std::string field = "phone");

// "138****5678" for a mobile; landlines keep the area code and last four digits.
std::string MaskPhone(std::string_view phone);

}  // namespace wangge
