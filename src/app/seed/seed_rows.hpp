#pragma once
// Writing generated registry rows with explicit ids (Connection::BulkInsert), and the index
// juggling that makes a load of millions of rows fast.
#include <string>
#include <vector>

#include "domain/registry/area.hpp"
#include "domain/registry/resident.hpp"
#include "storage/database.hpp"

namespace wangge::seed {

// Insert rows as they are (ids, paths and counters included). Must run inside Database::Write.
Status InsertAreas(storage::Connection& conn, const std::vector<registry::Area>& areas);
Status InsertHouseholds(storage::Connection& conn, const std::vector<registry::Household>& households);
Status InsertResidents(storage::Connection& conn, const std::vector<registry::Resident>& residents);

// Sets the three counters of each area by id.
Status UpdateAreaCounters(storage::Connection& conn, const std::vector<registry::Area>& areas);

// PostgreSQL: moves the id sequences of areas, households and residents past the explicit ids
// written, so later inserts do not collide. No-op on SQLite.
Status AdvanceSequences(storage::Connection& conn);

// A secondary (non-unique) index of households or residents, as its CREATE statement.
struct IndexDefinition {
    std::string name;
    std::string create_sql;
};

// Lists and drops those indexes (not primary keys or unique constraints, which the load needs).
Result<std::vector<IndexDefinition>> DropSecondaryIndexes(storage::Connection& conn);
Status CreateIndexes(storage::Connection& conn, const std::vector<IndexDefinition>& indexes);

}  // namespace wangge::seed
