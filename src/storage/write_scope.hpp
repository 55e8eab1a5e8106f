#pragma once
// Internal to the drivers: marks the thread that is inside Database::Write, so a nested Write on
// the same database fails fast instead of deadlocking on SQLite's writer mutex (on PostgreSQL it
// would silently run as a second, independent transaction on another connection).
#include <utility>

#include "storage/database.hpp"

namespace wangge::storage::internal {

// Lives for the duration of one Write call, on its thread.
class WriteScope {
public:
    explicit WriteScope(const Database* db) : outer_(std::exchange(current_, db)) {}
    ~WriteScope() { current_ = outer_; }
    WriteScope(const WriteScope&) = delete;
    WriteScope& operator=(const WriteScope&) = delete;

    // True when this thread is already inside Write on `db`.
    static bool Inside(const Database* db) { return current_ == db; }

    static Status NestedError() {
        return Fail(ErrorCode::kInternal, "Write() called from inside Write() on the same database; pass the "
                                          "Connection down instead");
    }

private:
    inline static thread_local const Database* current_ = nullptr;
    const Database* outer_;
};

}  // namespace wangge::storage::internal
