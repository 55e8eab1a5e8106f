#pragma once
// Internal to the mass-testing repository: one ingest of scan ops inside one write transaction.
// Set-based so that a batch costs a fixed handful of statements whatever its size (what matters on
// PostgreSQL, where each statement is a round trip): one read each for the round's status, stored
// outcomes of the batch's client ids, its tubes and its people (with their exemption, earlier
// sample, sealed building and household counters); the decisions in memory (scan_rules.hpp); then
// the writes — scans and refusals in bulk (COPY on PostgreSQL), each changed tube once, the
// counters once per row.
#include <vector>

#include "domain/masstest/masstest_repository.hpp"
#include "storage/database.hpp"

namespace wangge::storage::masstest_sql {

// Runs inside Database::Write on `conn`. Errors leave the transaction to be rolled back; kAborted
// and kAlreadyExists mean a concurrent writer won a race (PostgreSQL) and the whole ingest may be
// run again.
Result<std::vector<masstest::OpResult>> RunIngest(Connection& conn, const masstest::Round& round,
                                                  const masstest::Sampler& sampler,
                                                  const std::vector<masstest::PreparedOp>& ops, EpochMillis now);
// The same for ops of several samplers in one ingest, applied in order as if each sampler had sent its
// own: ops[i] comes from *samplers[i] (its scope decides which tubes and people it may use; its id and
// sample point go on what it stores).
Result<std::vector<masstest::OpResult>> RunIngest(Connection& conn, const masstest::Round& round,
                                                  const std::vector<const masstest::Sampler*>& samplers,
                                                  const std::vector<masstest::PreparedOp>& ops, EpochMillis now);

}  // namespace wangge::storage::masstest_sql
