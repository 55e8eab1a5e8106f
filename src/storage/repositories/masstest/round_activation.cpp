#include "storage/repositories/masstest/round_activation.hpp"

#include <algorithm>
#include <set>

#include "domain/registry/area.hpp"
#include "storage/repositories/masstest/masstest_rows.hpp"
#include "storage/repositories/row_mapping.hpp"

namespace wangge::storage::masstest_sql {
namespace {

using registry::PathUpperBound;

constexpr std::string_view kInsertScopeAreas =
    "INSERT INTO round_coverage (round_id, area_id, parent_id, path, depth, expected, exempt, sampled) "
    "SELECT CAST($1 AS BIGINT), id, parent_id, path, depth, CASE WHEN $4 = CAST(1 AS BIGINT) THEN resident_count ELSE "
    "0 END, 0, 0 FROM areas "
    "WHERE path >= $2 AND path < $3";
constexpr std::string_view kInsertAncestor =
    "INSERT INTO round_coverage (round_id, area_id, parent_id, path, depth, expected, exempt, sampled) "
    "SELECT CAST($1 AS BIGINT), id, parent_id, path, depth, 0, 0, 0 FROM areas WHERE id = $2 "
    "ON CONFLICT (round_id, area_id) DO NOTHING";
constexpr std::string_view kInsertHouseholdsEveryone =
    "INSERT INTO round_household_coverage (round_id, household_id, building_id, expected, exempt, sampled) "
    "SELECT CAST($1 AS BIGINT), id, building_id, member_count, 0, 0 FROM households WHERE path >= $2 AND path < $3";
// One pass over the scope's residents; only households with someone tagged get a row.
constexpr std::string_view kInsertHouseholdsTagged =
    "INSERT INTO round_household_coverage (round_id, household_id, building_id, expected, exempt, sampled) "
    "SELECT CAST($1 AS BIGINT), r.household_id, h.building_id, count(*), 0, 0 FROM residents r "
    "JOIN households h ON h.id = r.household_id "
    "WHERE r.path >= $2 AND r.path < $3 AND (r.tags & $4) <> 0 GROUP BY r.household_id, h.building_id";
constexpr std::string_view kMaxDepth = "SELECT coalesce(max(depth), -1) FROM round_coverage WHERE round_id = $1";
// A level's expected = its households' (buildings) + its children's, deepest level first.
constexpr std::string_view kRollUpLevel =
    "UPDATE round_coverage SET expected = "
    "(SELECT coalesce(sum(h.expected), 0) FROM round_household_coverage h "
    " WHERE h.round_id = round_coverage.round_id AND h.building_id = round_coverage.area_id) + "
    "(SELECT coalesce(sum(c.expected), 0) FROM round_coverage c "
    " WHERE c.round_id = round_coverage.round_id AND c.parent_id = round_coverage.area_id) "
    "WHERE round_id = $1 AND depth = $2";
constexpr std::string_view kRollUpArea =
    "UPDATE round_coverage SET expected = "
    "(SELECT coalesce(sum(c.expected), 0) FROM round_coverage c "
    " WHERE c.round_id = round_coverage.round_id AND c.parent_id = round_coverage.area_id) "
    "WHERE round_id = $1 AND area_id = $2";
constexpr std::string_view kListExemptions =
    "SELECT household_id, building_id, path FROM round_exemptions WHERE round_id = $1";

}  // namespace

Status BuildCoverage(Connection& c, const masstest::Round& round) {
    const bool everyone = round.kind == masstest::RoundKind::kEveryone;
    for (const auto& path : round.area_paths) {
        const std::string upper = PathUpperBound(path);
        if (auto r = c.Exec(kInsertScopeAreas, {round.id, path, upper, std::int64_t{everyone ? 1 : 0}}); !r)
            return Fail(r.error());
        auto r = everyone ? c.Exec(kInsertHouseholdsEveryone, {round.id, path, upper})
                          : c.Exec(kInsertHouseholdsTagged,
                                   {round.id, path, upper, static_cast<std::int64_t>(round.tag_mask)});
        if (!r) return Fail(r.error());
    }

    // Ancestors above the scope areas, deepest first so each sums finished children.
    std::set<std::pair<std::size_t, std::int64_t>, std::greater<>> ancestors;  // (depth, id)
    for (const auto& path : round.area_paths) {
        const auto ids = PathIds(path);
        for (std::size_t i = 0; i + 1 < ids.size(); ++i) ancestors.insert({i, ids[i]});
    }
    for (const auto& [depth, id] : ancestors)
        if (auto r = c.Exec(kInsertAncestor, {round.id, id}); !r) return Fail(r.error());

    if (everyone) {
        for (const auto& [depth, id] : ancestors)
            if (auto r = c.Exec(kRollUpArea, {round.id, id}); !r) return Fail(r.error());
    } else {
        WANGGE_TRY(max_depth, QueryInt(c, kMaxDepth, {round.id}));
        for (std::int64_t d = max_depth; d >= 0; --d)
            if (auto r = c.Exec(kRollUpLevel, {round.id, d}); !r) return Fail(r.error());
    }

    CoverageDeltas deltas;
    auto r = c.Exec(kListExemptions, {round.id}, [&](const Row& row) {
        deltas.Add(row.Text(2), row.Int(0), row.Int(1), Delta{1, 0});
    });
    if (!r) return Fail(r.error());
    return deltas.Flush(c, round.id);
}

}  // namespace wangge::storage::masstest_sql
