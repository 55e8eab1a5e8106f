#include "storage/repositories/masstest/followup_sql.hpp"

#include <algorithm>
#include <bit>

namespace wangge::storage::followup_sql {

namespace {
constexpr std::size_t kChunk = 256;
}

std::string Marks(int first, std::size_t n) {
    std::string out;
    for (std::size_t i = 0; i < n; ++i) {
        if (i) out += ", ";
        out += "$" + std::to_string(first + static_cast<int>(i));
    }
    return out;
}

Status QueryIn(Connection& c, const std::function<std::string(std::size_t)>& sql_for, const Params& head,
               const std::vector<Value>& values, const RowFn& on_row) {
    for (std::size_t begin = 0; begin < values.size(); begin += kChunk) {
        const std::size_t n = std::min(kChunk, values.size() - begin);
        const std::size_t padded = n <= 1 ? 1 : std::bit_ceil(n);
        Params params = head;
        for (std::size_t i = 0; i < padded; ++i) params.push_back(values[begin + std::min(i, n - 1)]);
        if (auto r = c.Exec(sql_for(padded), params, on_row); !r) return Fail(r.error());
    }
    return {};
}

Status Run(Connection& c, std::string_view sql, const Params& params, const RowFn& on_row) {
    if (auto r = c.Exec(sql, params, on_row); !r) return Fail(r.error());
    return {};
}

}  // namespace wangge::storage::followup_sql
