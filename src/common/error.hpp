#pragma once
// The one error catalogue of wangge. When adding a code, map it in http/status.cpp
// (ToHttpStatus) and give it a snake_case name in ErrorCodeName.
#include <string>
#include <string_view>

namespace wangge {

enum class ErrorCode {
    kInvalidArgument,     // bad input from the caller; `field` names which
    kNotFound,            // absent, or outside the caller's scope (never tell which)
    kAlreadyExists,       // unique key taken
    kPermissionDenied,    // authenticated but the role may not do this
    kUnauthenticated,     // no or expired session, wrong password
    kFailedPrecondition,  // an illegal workflow step
    kAborted,             // lost an optimistic-lock race; retry
    kResourceExhausted,   // limits: too large, too many attempts (lockout)
    kUnavailable,         // a dependency is down; retry later
    kInternal,            // a bug or an unexpected failure
};

// snake_case name used in API error bodies ("invalid_argument").
std::string_view ErrorCodeName(ErrorCode code);

struct Error {
    ErrorCode code = ErrorCode::kInternal;
    std::string message;
    std::string field;  // the offending input field, when there is one
};

inline Error MakeError(ErrorCode code, std::string message, std::string field = {}) {
    return Error{code, std::move(message), std::move(field)};
}

}  // namespace wangge
