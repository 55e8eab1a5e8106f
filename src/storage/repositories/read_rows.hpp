#pragma once
// Reading rows in one read transaction: every repository's ReadAll / ReadOne.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "storage/database.hpp"

namespace wangge::storage {

// Every row of `sql`, each mapped by `read(const Row&)`.
template <typename ReadFn>
auto ReadAll(Database& db, std::string_view sql, const Params& params, ReadFn read)
    -> Result<std::vector<decltype(read(std::declval<const Row&>()))>> {
    std::vector<decltype(read(std::declval<const Row&>()))> out;
    WANGGE_CHECK(db.Read([&](Connection& c) -> Status {
        WANGGE_CHECK(c.Exec(sql, params, [&](const Row& row) { out.push_back(read(row)); }));
        return {};
    }));
    return out;
}

// The first row of `sql`, or kNotFound with the message `not_found`.
template <typename ReadFn>
auto ReadOne(Database& db, std::string_view sql, const Params& params, ReadFn read, std::string_view not_found)
    -> Result<decltype(read(std::declval<const Row&>()))> {
    WANGGE_TRY(rows, ReadAll(db, sql, params, read));
    if (rows.empty()) return Fail(ErrorCode::kNotFound, std::string(not_found));
    return std::move(rows.front());
}

}  // namespace wangge::storage
