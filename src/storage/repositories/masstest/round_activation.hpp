#pragma once
// Internal to the mass-testing repository: the one-time computation of a round's coverage rows when
// it is activated.
#include "domain/masstest/masstest.hpp"
#include "storage/database.hpp"

namespace wangge::storage::masstest_sql {

// Inside a write transaction: creates the round's coverage rows — every area of its scope subtrees
// and their ancestors, every household — with their expected counts, then adds the exemptions
// recorded while the round was a draft. `everyone` rounds copy the registry's kept counters
// (areas.resident_count, households.member_count) and sum only the ancestors above the scope;
// `tags` rounds count the tagged residents once per household and sum every level upwards.
Status BuildCoverage(Connection& conn, const masstest::Round& round);

}  // namespace wangge::storage::masstest_sql
