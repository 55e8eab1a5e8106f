#pragma once
// Expected failures are values: Result<T> holds a T or an Error.
#include <tl/expected.hpp>

#include "common/error.hpp"

namespace wangge {

template <typename T>
using Result = tl::expected<T, Error>;

using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> Fail(ErrorCode code, std::string message, std::string field = {}) {
    return tl::unexpected<Error>(MakeError(code, std::move(message), std::move(field)));
}

inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

}  // namespace wangge

// Propagate an error from a Result-returning expression; otherwise yield its value.
#define WANGGE_TRY(var, expr)                                   \
    auto var##_result_ = (expr);                                \
    if (!var##_result_) return ::wangge::Fail(var##_result_.error()); \
    auto var = std::move(*var##_result_)

#define WANGGE_CHECK(expr)                                        \
    do {                                                          \
        auto wangge_status_ = (expr);                             \
        if (!wangge_status_) return ::wangge::Fail(wangge_status_.error()); \
    } while (0)
