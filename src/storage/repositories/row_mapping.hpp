#pragma once
// Column lists and row readers shared by the repositories, so every query that returns an
// area, household or resident selects the same columns in the same order.
#include "domain/registry/area.hpp"
#include "domain/registry/resident.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

inline constexpr std::string_view kAreaColumns =
    "id, parent_id, code, name, level, path, depth, household_count, resident_count, child_count";
registry::Area ReadArea(const Row& row);

inline constexpr std::string_view kResidentColumns =
    "id, household_id, path, name, id_number, sex, birth_date, phone, registration, relation, tags, version, "
    "updated_at";
registry::Resident ReadResident(const Row& row, int first = 0);
// Parameters in kResidentColumns order, without id.
Params ResidentParams(const registry::Resident& r);

// The resident_history detail of a change: {"field": [old, new], …} for the fields that differ,
// with ID number and phone masked (history is shown to everyone who may see the resident).
// `before` with id 0 is "nothing": a creation.
std::string ResidentChangeJson(const registry::Resident& before, const registry::Resident& after);

// Statements the registry repository and the import both run on households and area counters.
inline constexpr std::string_view kAddHouseholdMembersSql =
    "UPDATE households SET member_count = member_count + $1 WHERE id = $2";
inline constexpr std::string_view kSetHouseholdHeadSql = "UPDATE households SET head_resident_id = $1 WHERE id = $2";
inline constexpr std::string_view kClearHouseholdHeadIfSql =
    "UPDATE households SET head_resident_id = NULL WHERE id = $1 AND head_resident_id = $2";
inline constexpr std::string_view kAddAreaCountsSql =
    "UPDATE areas SET household_count = household_count + $1, resident_count = resident_count + $2 WHERE id = $3";

// The ids on a materialised path "/1/7/42/" → {1, 7, 42}.
std::vector<std::int64_t> PathIds(std::string_view path);

// Adds to the subtree counters of every area on `path` (the building and all above it).
Status AddToAreaCounters(Connection& conn, std::string_view path, std::int64_t households, std::int64_t residents);

// Opaque page cursors: "<strategy>|<sort key>|<id>".
std::string MakeCursor(char strategy, std::string_view key, std::int64_t id);
struct Cursor {
    char strategy = 0;
    std::string key;
    std::int64_t id = 0;
};
// kInvalidArgument (field "cursor") for a malformed cursor; strategy 0 for "".
Result<Cursor> ParseCursor(std::string_view text);

}  // namespace wangge::storage
