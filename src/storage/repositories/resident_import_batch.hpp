#pragma once
// Internal to resident_import_writer: writes validated import rows inside one transaction —
// households found or created, residents inserted, updated or left alone, members, heads,
// history and the area counters up each path.
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "domain/registry/import/row_parser.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

// A validated row and the building its code resolved to.
struct ResolvedRow {
    registry::import::ImportRow row;
    std::int64_t building_id = 0;
    std::string building_path;
};

// Up to kImportBatchRows rows are looked up together (one IN query for their ID numbers).
inline constexpr std::size_t kImportBatchRows = 500;

// Looks up which of `id_numbers` (at most kImportBatchRows) are stored and under which path.
// Calls fn(id_number, path) for each found.
Status FindResidentPaths(Connection& conn, const std::vector<std::string>& id_numbers,
                         const std::function<void(const std::string&, const std::string&)>& fn);

class ImportTransaction {
  public:
    // Lives for one Database::Write transaction on `conn`; counts into `report`.
    ImportTransaction(Connection& conn, const registry::import::ImportOptions& options,
                      registry::import::ImportReport& report);

    // Writes `rows` (at most kImportBatchRows, distinct ID numbers). A row whose resident turns
    // out to be registered outside the scope is refused into the report instead.
    Status WriteBatch(const std::vector<ResolvedRow>& rows, const std::string& id_column_label);

    // Applies the area counter changes gathered so far. Call once, before the commit.
    Status Finish();

  private:
    Result<std::int64_t> HouseholdFor(const ResolvedRow& r);
    // Inserts with multi-row INSERT … RETURNING; fills each resident's id.
    Status InsertResidents(std::vector<registry::Resident>& residents);

    Connection& conn_;
    const registry::import::ImportOptions& options_;
    registry::import::ImportReport& report_;
    // Households of the buildings touched in this transaction: (unit, room) → id.
    std::unordered_map<std::int64_t, std::map<std::pair<std::string, std::string>, std::int64_t>> households_;
    // Per building path: households and residents added (or removed, negative).
    std::unordered_map<std::string, std::pair<std::int64_t, std::int64_t>> area_deltas_;
};

}  // namespace wangge::storage
