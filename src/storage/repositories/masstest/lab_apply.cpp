#include "storage/repositories/masstest/lab_apply.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <unordered_map>

#include "domain/masstest/scan_rules.hpp"
#include "storage/repositories/masstest/followup_sql.hpp"
#include "storage/repositories/masstest/masstest_rows.hpp"
#include "storage/repositories/row_mapping.hpp"

namespace wangge::storage::followup_sql {
namespace {

using namespace masstest;

constexpr std::size_t kUpdateChunk = 100;

std::string TubesSql(std::size_t n) {
    return fmt::format("SELECT {} FROM tubes WHERE round_id = $1 AND code IN ({})", masstest_sql::kTubeColumns,
                       Marks(2, n));
}

constexpr std::string_view kInsertUpload =
    "INSERT INTO lab_uploads (round_id, format, encoding, row_count, applied, unchanged, positives, invalids, "
    "uploaded_by, uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING id";

const std::vector<std::string> kResultColumns = {"round_id",    "tube_id",   "result", "previous",    "lab",
                                                 "resulted_at", "upload_id", "line",   "uploaded_by", "uploaded_at"};
constexpr std::string_view kInsertResult =
    "INSERT INTO tube_results (round_id, tube_id, result, previous, lab, resulted_at, upload_id, line, uploaded_by, "
    "uploaded_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)";

// One statement sets the result of up to kUpdateChunk tubes.
std::string UpdateTubesSql(std::size_t n) {
    std::string values;
    for (std::size_t i = 0; i < n; ++i) {
        const int p = static_cast<int>(3 * i + 1);
        values += fmt::format("{}(CAST(${} AS BIGINT), CAST(${} AS TEXT), CAST(${} AS BIGINT))", i ? ", " : "", p,
                              p + 1, p + 2);
    }
    return "UPDATE tubes SET result = v.column2, result_at = v.column3 FROM (VALUES " + values +
           ") AS v WHERE tubes.id = v.column1";
}

constexpr std::string_view kSetSingleTask = "UPDATE retest_tasks SET status = $2, result_at = $3 WHERE tube_id = $1";

std::string ScansSql(std::size_t n) {
    return "SELECT tube_id, resident_id, household_id, building_id, path FROM scans WHERE tube_id IN (" + Marks(1, n) +
           ") ORDER BY tube_id, tube_seq";
}

std::string AreasSql(std::size_t n) {
    return "SELECT id, name, level, path FROM areas WHERE id IN (" + Marks(1, n) + ")";
}

constexpr std::string_view kInsertTask =
    "INSERT INTO retest_tasks (round_id, kind, source_tube_id, resident_id, household_id, building_id, path, "
    "status, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, 'pending', $8) "
    "ON CONFLICT (source_tube_id, resident_id, kind) DO NOTHING";

constexpr std::string_view kInsertAlert =
    "INSERT INTO masstest_alerts (round_id, kind, tube_id, area_id, community_id, grid_id, path, people, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (tube_id, area_id) DO NOTHING RETURNING id";

struct ScanOfTube {
    std::int64_t resident_id = 0, household_id = 0, building_id = 0;
    std::string path;
};

struct AreaInfo {
    std::string name, level, path;
};

struct Change {
    Tube* tube = nullptr;
    TubeResult previous = TubeResult::kPending;
    const LabRow* row = nullptr;
};

std::string_view ResultName(TubeResult r) { return TubeResultName(r); }

class LabUploadRun {
  public:
    LabUploadRun(Connection& c, const Round& round, const std::string& scope, const std::vector<LabRow>& rows,
                 const LabUpload& upload)
        : c_(c), round_(round), scope_(scope), rows_(rows), upload_(upload) {}

    Result<LabRepository::Applied> Run() {
        LabRepository::Applied applied;
        WANGGE_CHECK(LoadTubes());
        for (const auto& row : rows_) {
            auto it = tubes_.find(row.tube_code);
            if (it == tubes_.end() || !TubeUsableFrom(it->second.path, scope_))
                applied.errors.push_back(
                    {row.line, "tube", "本轮检测中没有管码 " + row.tube_code + " (no such tube in this round)"});
        }
        if (!applied.errors.empty()) return applied;

        LabOutcome out;
        out.upload = upload_;
        for (const auto& row : rows_) {
            Tube& tube = tubes_.at(row.tube_code);
            if (tube.result == row.result) {
                ++out.upload.unchanged;
                continue;
            }
            changes_.push_back(Change{&tube, tube.result, &row});
            tube.result = row.result;
            tube.result_at = row.resulted_at;
            ++out.upload.applied;
            if (row.result == TubeResult::kPositive) ++out.upload.positives;
            if (row.result == TubeResult::kInvalid) ++out.upload.invalids;
        }
        WANGGE_TRY(upload_id,
                   QueryInt(c_, kInsertUpload,
                            {round_.id, std::string(upload_.format == LabFormat::kCsv ? "csv" : "json"),
                             upload_.encoding, upload_.row_count, out.upload.applied, out.upload.unchanged,
                             out.upload.positives, out.upload.invalids, upload_.uploaded_by, upload_.uploaded_at}));
        out.upload.id = upload_id;
        WANGGE_CHECK(WriteResults(upload_id));
        WANGGE_CHECK(UpdateTubes());
        WANGGE_CHECK(Trace(out));
        for (const auto& ch : changes_)
            if (ch.tube->result == TubeResult::kPositive) out.positive_tubes.push_back(*ch.tube);
        applied.outcome = std::move(out);
        return applied;
    }

  private:
    Status LoadTubes() {
        std::vector<Value> codes;
        for (const auto& row : rows_) codes.emplace_back(row.tube_code);
        return QueryIn(c_, TubesSql, {round_.id}, codes, [&](const Row& row) {
            Tube t = masstest_sql::ReadTube(row);
            std::string code = t.code;
            tubes_[std::move(code)] = std::move(t);
        });
    }

    Status WriteResults(std::int64_t upload_id) {
        std::vector<Params> rows;
        rows.reserve(changes_.size());
        for (const auto& ch : changes_)
            rows.push_back(Params{round_.id, ch.tube->id, std::string(ResultName(ch.row->result)),
                                  std::string(ResultName(ch.previous)), ch.row->lab, ch.row->resulted_at, upload_id,
                                  ch.row->line, upload_.uploaded_by, upload_.uploaded_at});
        if (rows.empty()) return {};
        if (c_.backend() == Backend::kPostgres && rows.size() > 1)
            return c_.BulkInsert("tube_results", kResultColumns, rows);
        for (const auto& r : rows) WANGGE_CHECK(followup_sql::Run(c_, kInsertResult, r));
        return {};
    }

    Status UpdateTubes() {
        for (std::size_t begin = 0; begin < changes_.size(); begin += kUpdateChunk) {
            const std::size_t n = std::min(kUpdateChunk, changes_.size() - begin);
            Params params;
            for (std::size_t i = begin; i < begin + n; ++i) {
                const Tube& t = *changes_[i].tube;
                params.insert(params.end(),
                              {t.id, std::string(ResultName(t.result)), t.result_at.value_or(upload_.uploaded_at)});
            }
            WANGGE_CHECK(followup_sql::Run(c_, UpdateTubesSql(n), params));
        }
        return {};
    }

    // Re-test bookkeeping for single tubes; tasks and alerts for positive and invalid ones.
    Status Trace(LabOutcome& out) {
        std::vector<Value> traced;
        for (const auto& ch : changes_) {
            const Tube& t = *ch.tube;
            if (t.kind == TubeKind::kSingle) {
                WANGGE_CHECK(followup_sql::Run(
                    c_, kSetSingleTask,
                    {t.id, std::string(ResultName(t.result)), t.result_at.value_or(upload_.uploaded_at)}));
            }
            if (t.result == TubeResult::kPositive || (t.result == TubeResult::kInvalid && t.kind != TubeKind::kSingle))
                traced.emplace_back(t.id);
        }
        if (traced.empty()) return {};

        std::map<std::int64_t, std::vector<ScanOfTube>> scans;  // by tube id
        WANGGE_CHECK(QueryIn(c_, ScansSql, {}, traced, [&](const Row& row) {
            scans[row.Int(0)].push_back(ScanOfTube{row.Int(1), row.Int(2), row.Int(3), row.Text(4)});
        }));
        std::vector<Value> area_ids;
        {
            std::vector<std::int64_t> ids;
            for (const auto& [tube, people] : scans)
                for (const auto& p : people)
                    for (auto id : PathIds(p.path)) ids.push_back(id);
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
            area_ids.assign(ids.begin(), ids.end());
        }
        std::unordered_map<std::int64_t, AreaInfo> areas;
        WANGGE_CHECK(QueryIn(c_, AreasSql, {}, area_ids, [&](const Row& row) {
            areas[row.Int(0)] = AreaInfo{row.Text(1), row.Text(2), row.Text(3)};
        }));

        const EpochMillis now = upload_.uploaded_at;
        for (const auto& ch : changes_) {
            const Tube& t = *ch.tube;
            auto it = scans.find(t.id);
            if (it == scans.end()) continue;
            const bool positive = t.result == TubeResult::kPositive;
            if (t.kind != TubeKind::kSingle && (positive || t.result == TubeResult::kInvalid)) {
                const std::string kind(RetestKindName(positive ? RetestKind::kRetest : RetestKind::kResample));
                for (const auto& p : it->second) {
                    auto n = c_.Exec(kInsertTask, {round_.id, kind, t.id, p.resident_id, p.household_id, p.building_id,
                                                   p.path, now});
                    if (!n) return Fail(n.error());
                    (positive ? out.retest_tasks : out.resample_tasks) += *n;
                }
            }
            if (positive) WANGGE_CHECK(RaiseAlerts(t, it->second, areas, out));
        }
        return {};
    }

    // One alert per grid (else community, else building) the tube's people live in.
    Status RaiseAlerts(const Tube& t, const std::vector<ScanOfTube>& people,
                       const std::unordered_map<std::int64_t, AreaInfo>& areas, LabOutcome& out) {
        std::map<std::int64_t, Alert> by_area;
        for (const auto& p : people) {
            std::optional<std::int64_t> grid, community;
            for (auto id : PathIds(p.path)) {
                auto a = areas.find(id);
                if (a == areas.end()) continue;
                if (a->second.level == "grid") grid = id;
                if (a->second.level == "community" || a->second.level == "village") community = id;
            }
            const std::int64_t area_id = grid ? *grid : community ? *community : p.building_id;
            Alert& alert = by_area[area_id];
            if (alert.people == 0) {
                alert.round_id = round_.id;
                alert.kind = t.kind == TubeKind::kSingle ? AlertKind::kPositiveRetest : AlertKind::kPositivePool;
                alert.tube_id = t.id;
                alert.tube_code = t.code;
                alert.area_id = area_id;
                alert.community_id = community;
                alert.grid_id = grid;
                if (auto a = areas.find(area_id); a != areas.end()) {
                    alert.path = a->second.path;
                    alert.area_name = a->second.name;
                } else {
                    alert.path = p.path;
                }
                if (community)
                    if (auto c = areas.find(*community); c != areas.end()) alert.community_name = c->second.name;
                alert.created_at = upload_.uploaded_at;
            }
            ++alert.people;
        }
        for (auto& [area_id, alert] : by_area) {
            std::optional<std::int64_t> id;
            WANGGE_CHECK(followup_sql::Run(
                c_, kInsertAlert,
                {alert.round_id, std::string(AlertKindName(alert.kind)), alert.tube_id, alert.area_id,
                 IntOrNull(alert.community_id), IntOrNull(alert.grid_id), alert.path, alert.people, alert.created_at},
                [&](const Row& row) { id = row.Int(0); }));
            if (!id) continue;  // raised before (the tube was positive, then corrected, then positive again)
            alert.id = *id;
            out.alerts.push_back(std::move(alert));
        }
        return {};
    }

    Connection& c_;
    const Round& round_;
    const std::string& scope_;
    const std::vector<LabRow>& rows_;
    const LabUpload& upload_;
    std::unordered_map<std::string, Tube> tubes_;  // by code
    std::vector<Change> changes_;                  // in row order; pointers into tubes_
};

}  // namespace

Result<LabRepository::Applied> ApplyLabUpload(Connection& conn, const Round& round, const std::string& scope_path,
                                              const std::vector<LabRow>& rows, const LabUpload& upload) {
    return LabUploadRun(conn, round, scope_path, rows, upload).Run();
}

std::string BoundPointSql(int round_param, int sampler_param) {
    return fmt::format(
        "(SELECT b.point_id FROM sampler_bindings b JOIN sample_points p ON p.id = b.point_id "
        "WHERE b.user_id = ${} AND (p.round_id IS NULL OR p.round_id = ${}))",
        sampler_param, round_param);
}

}  // namespace wangge::storage::followup_sql
