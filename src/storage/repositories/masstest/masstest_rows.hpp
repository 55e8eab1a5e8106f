#pragma once
// Internal to the mass-testing repository: column lists, row readers, IN-list and multi-row SQL
// builders, and the coverage deltas that scans and exemptions add up and write once per transaction.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/masstest/masstest.hpp"
#include "storage/database.hpp"

namespace wangge::storage::masstest_sql {

using namespace wangge::masstest;

inline constexpr std::string_view kRoundColumns =
    "id, name, kind, tag_mask, pool_size, status, starts_at, ends_at, owner_area_id, owner_path, created_by, "
    "created_at, activated_at, closed_at, updated_at, version";
Round ReadRound(const Row& row);  // without areas

inline constexpr std::string_view kTubeColumns =
    "id, round_id, code, kind, status, capacity, scan_count, household_id, path, point_id, opened_by, opened_at, "
    "closed_at, result, result_at";
Tube ReadTube(const Row& row, int first = 0);

inline constexpr std::string_view kScanColumns =
    "s.id, s.round_id, s.client_id, s.tube_id, t.code, s.tube_seq, s.resident_id, s.household_id, s.building_id, "
    "s.path, s.kind, s.scanned_at, s.received_at, s.sampler_id";
Scan ReadScan(const Row& row);

inline constexpr std::string_view kExemptionColumns =
    "e.round_id, e.resident_id, e.household_id, e.building_id, e.path, e.reason, e.note, e.created_by, e.created_at";
Exemption ReadExemption(const Row& row, int first = 0);

// How much one resident adds to the counters.
struct Delta {
    std::int64_t exempt = 0, sampled = 0;
};

// Counter changes of one transaction, summed per area and household, written with one multi-row
// upsert per 64 rows in id order (a fixed lock order on PostgreSQL). Areas are those on the
// resident's path, root first; a row missing since activation (an area or household created later)
// is created with expected 0.
class CoverageDeltas {
  public:
    void Add(std::string_view path, std::int64_t household_id, std::int64_t building_id, Delta delta);
    bool empty() const { return areas_.empty() && households_.empty(); }
    Status Flush(Connection& conn, std::int64_t round_id);

  private:
    struct AreaDelta {
        std::optional<std::int64_t> parent_id;
        std::string path;
        std::int64_t depth = 0;
        Delta delta;
    };
    struct HouseholdDelta {
        std::int64_t building_id = 0;
        Delta delta;
    };
    std::map<std::int64_t, AreaDelta> areas_;
    std::map<std::int64_t, HouseholdDelta> households_;
};

}  // namespace wangge::storage::masstest_sql
