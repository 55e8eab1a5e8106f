#pragma once
// Internal to the appeal service's .cpp files: the checks and texts they share.
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "domain/auth/user.hpp"

namespace wangge::appeals::internal {

// The same answer for "absent" and "outside your scope": existence must not leak.
inline tl::unexpected<Error> NotFound(std::string_view chinese, std::string_view english) {
    return Fail(ErrorCode::kNotFound, std::string(chinese) + "不存在 (" + std::string(english) + " not found)");
}

inline Status Require(const auth::Caller& caller, auth::Permission permission) {
    if (!caller.Can(permission))
        return Fail(ErrorCode::kPermissionDenied, "当前角色无权执行此操作 (your role may not do this)");
    return {};
}

// Without leading and trailing ASCII and ideographic (U+3000) spaces.
std::string Trim(std::string_view text);

// Characters, not bytes: limits are stated in characters to people who type Chinese.
std::size_t CharCount(std::string_view utf8);

// Trims `text`; kInvalidArgument naming `field` when empty and required, or longer than `max_chars`.
Result<std::string> CleanText(std::string_view text, std::string_view field, std::size_t max_chars, bool required);

// How the caller appears in the ledger.
inline std::string ActorName(const auth::Caller& caller) {
    return caller.display_name.empty() ? caller.username : caller.display_name;
}

}  // namespace wangge::appeals::internal
