#include "storage/repositories/masstest/masstest_rows.hpp"

#include "storage/repositories/row_mapping.hpp"

namespace wangge::storage::masstest_sql {
namespace {

constexpr std::size_t kUpsertRows = 64;

std::string UpsertSql(std::string_view head, std::string_view tail, int first, int width, std::size_t rows) {
    std::string sql(head);
    int p = first;
    for (std::size_t r = 0; r < rows; ++r) {
        sql += r ? ", ($1" : "($1";
        for (int c = 0; c < width; ++c) sql += ", $" + std::to_string(p++);
        sql += ")";
    }
    sql += tail;
    return sql;
}

}  // namespace

Round ReadRound(const Row& row) {
    Round r;
    r.id = row.Int(0);
    r.name = row.Text(1);
    r.kind = ParseRoundKind(row.Text(2)).value_or(RoundKind::kEveryone);
    r.tag_mask = static_cast<registry::TagSet>(row.Int(3));
    r.pool_size = static_cast<int>(row.Int(4));
    r.status = ParseRoundStatus(row.Text(5)).value_or(RoundStatus::kDraft);
    r.starts_at = row.Int(6);
    r.ends_at = row.Int(7);
    r.owner_area_id = row.Int(8);
    r.owner_path = row.Text(9);
    r.created_by = row.Int(10);
    r.created_at = row.Int(11);
    r.activated_at = OptionalInt(row, 12);
    r.closed_at = OptionalInt(row, 13);
    r.updated_at = row.Int(14);
    r.version = row.Int(15);
    return r;
}

Tube ReadTube(const Row& row, int f) {
    Tube t;
    t.id = row.Int(f + 0);
    t.round_id = row.Int(f + 1);
    t.code = row.Text(f + 2);
    t.kind = ParseTubeKind(row.Text(f + 3)).value_or(TubeKind::kPool);
    t.status = ParseTubeStatus(row.Text(f + 4)).value_or(TubeStatus::kOpen);
    t.capacity = static_cast<int>(row.Int(f + 5));
    t.scan_count = static_cast<int>(row.Int(f + 6));
    t.household_id = OptionalInt(row, f + 7);
    t.path = row.Text(f + 8);
    t.point_id = OptionalInt(row, f + 9);
    t.opened_by = row.Int(f + 10);
    t.opened_at = row.Int(f + 11);
    t.closed_at = OptionalInt(row, f + 12);
    t.result = ParseTubeResult(row.Text(f + 13)).value_or(TubeResult::kPending);
    t.result_at = OptionalInt(row, f + 14);
    return t;
}

Scan ReadScan(const Row& row) {
    Scan s;
    s.id = row.Int(0);
    s.round_id = row.Int(1);
    s.client_id = row.Text(2);
    s.tube_id = row.Int(3);
    s.tube_code = row.Text(4);
    s.tube_seq = static_cast<int>(row.Int(5));
    s.resident_id = row.Int(6);
    s.household_id = row.Int(7);
    s.building_id = row.Int(8);
    s.path = row.Text(9);
    s.kind = row.Text(10) == "retest" ? ScanKind::kRetest : ScanKind::kRoutine;
    s.scanned_at = row.Int(11);
    s.received_at = row.Int(12);
    s.sampler_id = row.Int(13);
    return s;
}

Exemption ReadExemption(const Row& row, int f) {
    Exemption e;
    e.round_id = row.Int(f + 0);
    e.resident_id = row.Int(f + 1);
    e.household_id = row.Int(f + 2);
    e.building_id = row.Int(f + 3);
    e.path = row.Text(f + 4);
    e.reason = ParseExemptionReason(row.Text(f + 5)).value_or(ExemptionReason::kAway);
    e.note = row.Text(f + 6);
    e.created_by = row.Int(f + 7);
    e.created_at = row.Int(f + 8);
    return e;
}

void CoverageDeltas::Add(std::string_view path, std::int64_t household_id, std::int64_t building_id, Delta delta) {
    const auto ids = PathIds(path);
    std::size_t end = 1;  // the path of ids[i] ends after its "/"
    for (std::size_t i = 0; i < ids.size(); ++i) {
        end = path.find('/', end) + 1;
        auto& a = areas_[ids[i]];
        if (a.path.empty()) {
            a.path = std::string(path.substr(0, end));
            a.depth = static_cast<std::int64_t>(i);
            if (i > 0) a.parent_id = ids[i - 1];
        }
        a.delta.exempt += delta.exempt;
        a.delta.sampled += delta.sampled;
    }
    auto& h = households_[household_id];
    h.building_id = building_id;
    h.delta.exempt += delta.exempt;
    h.delta.sampled += delta.sampled;
}

Status CoverageDeltas::Flush(Connection& conn, std::int64_t round_id) {
    // Households first, then areas root-first: every transaction takes row locks in the same order.
    {
        std::vector<std::pair<std::int64_t, HouseholdDelta>> rows(households_.begin(), households_.end());
        for (std::size_t begin = 0; begin < rows.size(); begin += kUpsertRows) {
            const std::size_t n = std::min(kUpsertRows, rows.size() - begin);
            const std::string sql = UpsertSql(
                "INSERT INTO round_household_coverage (round_id, household_id, building_id, exempt, sampled) VALUES ",
                " ON CONFLICT (round_id, household_id) DO UPDATE SET "
                "exempt = round_household_coverage.exempt + excluded.exempt, "
                "sampled = round_household_coverage.sampled + excluded.sampled",
                2, 4, n);
            Params params{round_id};
            for (std::size_t i = begin; i < begin + n; ++i) {
                const auto& [id, h] = rows[i];
                params.insert(params.end(), {id, h.building_id, h.delta.exempt, h.delta.sampled});
            }
            if (auto r = conn.Exec(sql, params); !r) return Fail(r.error());
        }
    }
    std::vector<std::pair<std::int64_t, AreaDelta>> rows(areas_.begin(), areas_.end());
    std::sort(rows.begin(), rows.end(), [](const auto& a, const auto& b) {
        return a.second.depth != b.second.depth ? a.second.depth < b.second.depth : a.first < b.first;
    });
    for (std::size_t begin = 0; begin < rows.size(); begin += kUpsertRows) {
        const std::size_t n = std::min(kUpsertRows, rows.size() - begin);
        const std::string sql = UpsertSql(
            "INSERT INTO round_coverage (round_id, area_id, parent_id, path, depth, exempt, sampled) VALUES ",
            " ON CONFLICT (round_id, area_id) DO UPDATE SET exempt = round_coverage.exempt + excluded.exempt, "
            "sampled = round_coverage.sampled + excluded.sampled",
            2, 6, n);
        Params params{round_id};
        for (std::size_t i = begin; i < begin + n; ++i) {
            const auto& [id, a] = rows[i];
            params.insert(params.end(), {id, IntOrNull(a.parent_id), a.path, a.depth, a.delta.exempt, a.delta.sampled});
        }
        if (auto r = conn.Exec(sql, params); !r) return Fail(r.error());
    }
    areas_.clear();
    households_.clear();
    return {};
}

}  // namespace wangge::storage::masstest_sql
