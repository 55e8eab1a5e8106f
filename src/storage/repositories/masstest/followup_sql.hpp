#pragma once
// Internal to the mass-testing repositories: small helpers for reads and IN lists they share.
#include <functional>
#include <string>
#include <vector>

#include "storage/database.hpp"

namespace wangge::storage::followup_sql {

// Runs `sql_for(padded n)` over `values` in chunks of at most 256, padded to a power of two (so a few
// statement texts stay prepared), with `head` as the first parameters.
Status QueryIn(Connection& c, const std::function<std::string(std::size_t)>& sql_for, const Params& head,
               const std::vector<Value>& values, const RowFn& on_row);

// Exec that turns a failure into a Status.
Status Run(Connection& c, std::string_view sql, const Params& params, const RowFn& on_row = {});

// "$first, …" for n parameters.
std::string Marks(int first, std::size_t n);

}  // namespace wangge::storage::followup_sql
