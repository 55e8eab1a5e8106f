#pragma once
// Internal to the drivers: the argument checks both BulkInsert implementations make.
#include "storage/database.hpp"

namespace wangge::storage {

// kInternal (a caller bug) when there are no columns or a row's width differs from the columns'.
Status CheckBulkInsertShape(const std::vector<std::string>& columns, const std::vector<Params>& rows);

}  // namespace wangge::storage
