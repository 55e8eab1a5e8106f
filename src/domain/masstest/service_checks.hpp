#pragma once
// Internal to the mass-testing service's .cpp files: the checks and texts they share.
#include <string>
#include <string_view>

#include "common/result.hpp"
#include "domain/auth/user.hpp"

namespace wangge::masstest::internal {

// The same answer for "absent" and "outside your scope": existence must not leak.
inline tl::unexpected<Error> NotFound(std::string_view chinese, std::string_view english) {
    return Fail(ErrorCode::kNotFound, std::string(chinese) + "不存在 (" + std::string(english) + " not found)");
}

inline tl::unexpected<Error> Denied() {
    return Fail(ErrorCode::kPermissionDenied, "当前角色无权执行此操作 (your role may not do this)");
}

inline Status Require(const auth::Caller& caller, auth::Permission permission) {
    if (!caller.Can(permission)) return Denied();
    return {};
}

// Trims ASCII and ideographic spaces; kInvalidArgument naming `field` when empty and required, or
// longer than `max_chars` characters.
Result<std::string> CleanText(std::string_view text, std::string_view field, std::size_t max_chars, bool required);

}  // namespace wangge::masstest::internal
