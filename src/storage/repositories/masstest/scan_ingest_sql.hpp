#pragma once
// Internal to the scan ingest (scan_ingest.cpp): its SQL — the statements, the set reads of a batch's
// keys (an IN list on SQLite, one array parameter on PostgreSQL) and the bulk writes.
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "storage/database.hpp"

namespace wangge::storage::masstest_sql {

// The round's status and the sample point the sampler's device is bound to (sampler_bindings,
// migration 009), which tubes opened here carry: one read.
inline constexpr std::string_view kSelectStatus =
    "SELECT r.status, (SELECT b.point_id FROM sampler_bindings b JOIN sample_points p ON p.id = b.point_id "
    "WHERE b.user_id = $2 AND (p.round_id IS NULL OR p.round_id = $1) LIMIT 1) FROM test_rounds r WHERE r.id = $1";
// Tubes are written once per ingest, in their final state: the new ones in one multi-row insert
// (their ids come back for the scans), the changed ones in one multi-row upsert on the id.
inline constexpr int kTubeWidth = 12;
inline constexpr std::string_view kTubeInsertHead =
    "INSERT INTO tubes (round_id, code, kind, status, capacity, scan_count, household_id, path, point_id, opened_by, "
    "opened_at, closed_at) VALUES ";
inline constexpr std::string_view kTubeUpsertHead =
    "INSERT INTO tubes (id, round_id, code, kind, status, capacity, scan_count, household_id, path, opened_by, "
    "opened_at, closed_at) VALUES ";
inline constexpr std::string_view kTubeUpsertTail =
    " ON CONFLICT (id) DO UPDATE SET kind = excluded.kind, status = excluded.status, capacity = excluded.capacity, "
    "scan_count = excluded.scan_count, household_id = excluded.household_id, closed_at = excluded.closed_at";
inline constexpr std::size_t kTubeRows = 64;

inline const std::vector<std::string> kScanInsertColumns = {"round_id",    "client_id",    "tube_id",     "tube_seq",
                                                            "resident_id", "household_id", "building_id", "path",
                                                            "kind",        "scanned_at",   "received_at", "sampler_id"};
inline constexpr std::string_view kInsertScan =
    "INSERT INTO scans (round_id, client_id, tube_id, tube_seq, resident_id, household_id, building_id, path, kind, "
    "scanned_at, received_at, sampler_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)";
inline const std::vector<std::string> kRefusalInsertColumns = {"round_id",   "client_id",   "reason",
                                                               "message",    "tube_code",   "resident_id",
                                                               "scanned_at", "received_at", "sampler_id"};
inline constexpr std::string_view kInsertRefusal =
    "INSERT INTO scan_refusals (round_id, client_id, reason, message, tube_code, resident_id, scanned_at, "
    "received_at, sampler_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";

// "($1, …, $12), ($13, …)" for `rows` rows of `width` parameters.
std::string ValuesSql(std::size_t rows, int width);

// The stored outcome of each client id ($2…): an accepted scan (kind 0) or a refusal (kind 1).
std::string StoredSql(Backend b, std::size_t n);
// The batch's tubes by code ($2…), with the round each belongs to (this round's locked on PostgreSQL).
std::string TubesSql(Backend b, std::size_t n);
// Everything a scan decision needs about a person, found by `key` (id or id_number) in $2….
std::string PeopleSql(Backend b, std::string_view key, std::size_t n);

// Runs `sql_for(padded n)` over `values` with `first` as $1: on PostgreSQL in one statement with
// the values as one array; on SQLite in IN-list chunks.
Status QueryIn(Connection& c, const std::function<std::string(std::size_t)>& sql_for, const Value& first,
               const std::vector<Value>& values, const RowFn& on_row);

// Bulk on PostgreSQL (COPY); on SQLite cached multi-row and single-row statements. Moves the values
// out of `rows`.
Status InsertRows(Connection& c, std::string_view table, const std::vector<std::string>& columns,
                  std::string_view single_sql, std::vector<Params>& rows);

}  // namespace wangge::storage::masstest_sql
