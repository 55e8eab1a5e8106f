// Lab uploads, positive-pool traces, alerts and re-test tasks.
#include <fmt/format.h>

#include <algorithm>

#include "domain/registry/area.hpp"
#include "storage/repositories/masstest/followup_sql.hpp"
#include "storage/repositories/masstest/lab_apply.hpp"
#include "storage/repositories/masstest/masstest_rows.hpp"
#include "storage/repositories/masstest/sql_followup_repositories.hpp"
#include "storage/repositories/read_rows.hpp"
#include "storage/repositories/row_mapping.hpp"

namespace wangge::storage {
namespace {

using namespace masstest;
using namespace followup_sql;
using registry::Page;
using registry::PathUpperBound;

// A lost race on PostgreSQL (a deadlock, the same client id sent twice at once) is settled by running the
// transaction again, when the winner's rows are visible.
constexpr int kAttempts = 3;

// "a, b" → "t.a, t.b".
std::string Prefixed(std::string_view columns, std::string_view prefix) {
    std::string out(prefix);
    for (char ch : columns) {
        out.push_back(ch);
        if (ch == ' ') out += prefix;
    }
    return out;
}

constexpr std::string_view kRetestColumns =
    "id, round_id, kind, source_tube_id, resident_id, household_id, building_id, path, status, tube_id, scan_id, "
    "sampled_by, sampled_at, result_at, created_at";
constexpr int kRetestColumnCount = 15;
constexpr int kTubeColumnCount = 15;
constexpr int kResidentColumnCount = 13;

RetestTask ReadRetest(const Row& row, int f = 0) {
    RetestTask t;
    t.id = row.Int(f + 0);
    t.round_id = row.Int(f + 1);
    t.kind = ParseRetestKind(row.Text(f + 2)).value_or(RetestKind::kRetest);
    t.source_tube_id = row.Int(f + 3);
    t.resident_id = row.Int(f + 4);
    t.household_id = row.Int(f + 5);
    t.building_id = row.Int(f + 6);
    t.path = row.Text(f + 7);
    t.status = ParseRetestStatus(row.Text(f + 8)).value_or(RetestStatus::kPending);
    t.tube_id = OptionalInt(row, f + 9);
    t.scan_id = OptionalInt(row, f + 10);
    t.sampled_by = OptionalInt(row, f + 11);
    t.sampled_at = OptionalInt(row, f + 12);
    t.result_at = OptionalInt(row, f + 13);
    t.created_at = row.Int(f + 14);
    return t;
}

constexpr std::string_view kListUploads =
    "SELECT id, round_id, format, encoding, row_count, applied, unchanged, positives, invalids, uploaded_by, "
    "uploaded_at FROM lab_uploads WHERE round_id = $1 ORDER BY id DESC LIMIT $2";

// The whole trace in one read: the tube, its scans in tube order, each person's registry row, household
// and re-test task of this tube (source), or — for a single re-test tube — the task it answers.
const std::string kTrace = fmt::format(
    "SELECT {}, s.tube_seq, s.scanned_at, s.household_id, s.building_id, s.path, h.unit, h.room, "
    "r.id, r.household_id, r.path, r.name, r.id_number, r.sex, r.birth_date, r.phone, r.registration, r.relation, "
    "r.tags, r.version, r.updated_at, {}, {} "
    "FROM tubes t LEFT JOIN scans s ON s.tube_id = t.id LEFT JOIN residents r ON r.id = s.resident_id "
    "LEFT JOIN households h ON h.id = s.household_id "
    "LEFT JOIN retest_tasks rt ON rt.source_tube_id = t.id AND rt.resident_id = s.resident_id "
    "LEFT JOIN retest_tasks rs ON rs.tube_id = t.id "
    "WHERE t.round_id = $1 AND t.code = $2 ORDER BY s.tube_seq, rt.kind DESC",
    Prefixed(masstest_sql::kTubeColumns, "t."), Prefixed(kRetestColumns, "rt."), Prefixed(kRetestColumns, "rs."));

std::string AreasSql(std::size_t n) {
    return fmt::format("SELECT {} FROM areas WHERE id IN ({})", kAreaColumns, Marks(1, n));
}

constexpr std::string_view kListAlerts =
    "SELECT a.id, a.round_id, a.kind, a.tube_id, t.code, a.area_id, a.community_id, a.grid_id, a.path, a.people, "
    "a.created_at, ar.name, c.name FROM masstest_alerts a JOIN tubes t ON t.id = a.tube_id "
    "JOIN areas ar ON ar.id = a.area_id LEFT JOIN areas c ON c.id = a.community_id "
    "WHERE a.round_id = $1 AND a.path >= $2 AND a.path < $3 ORDER BY a.id DESC LIMIT $4";

const std::string kSelectRetest = fmt::format("SELECT {} FROM retest_tasks WHERE id = $1", kRetestColumns);
const std::string kListRetests = fmt::format(
    "SELECT {}, st.code, nt.code, r.name, r.id_number, r.phone, h.unit, h.room, b.name "
    "FROM retest_tasks rt JOIN tubes st ON st.id = rt.source_tube_id LEFT JOIN tubes nt ON nt.id = rt.tube_id "
    "JOIN residents r ON r.id = rt.resident_id JOIN households h ON h.id = rt.household_id "
    "JOIN areas b ON b.id = rt.building_id "
    "WHERE rt.round_id = $1 AND rt.path >= $2 AND rt.path < $3 AND (rt.path > $4 OR (rt.path = $4 AND rt.id > $5)) "
    "AND ($6 = '' OR rt.status = $6) AND ($7 = '' OR rt.kind = $7) AND ($9 = 0 OR rt.id = $9) "
    "ORDER BY rt.path, rt.id LIMIT $8",
    Prefixed(kRetestColumns, "rt."));

constexpr std::string_view kFindScanByClient = "SELECT id, tube_id FROM scans WHERE round_id = $1 AND client_id = $2";
constexpr std::string_view kCodeTaken = "SELECT count(*) FROM tubes WHERE code = $1";
const std::string kInsertSingleTube = fmt::format(
    "INSERT INTO tubes (round_id, code, kind, status, capacity, scan_count, path, point_id, opened_by, opened_at, "
    "closed_at) VALUES ($1, $2, 'single', 'closed', 1, 1, $3, {}, $4, $5, $5) RETURNING id",
    BoundPointSql(1, 4));
constexpr std::string_view kInsertRetestScan =
    "INSERT INTO scans (round_id, client_id, tube_id, tube_seq, resident_id, household_id, building_id, path, kind, "
    "scanned_at, received_at, sampler_id) VALUES ($1, $2, $3, 1, $4, $5, $6, $7, 'retest', $8, $9, $10) RETURNING id";
constexpr std::string_view kMarkSampled =
    "UPDATE retest_tasks SET status = 'sampled', tube_id = $2, scan_id = $3, sampled_by = $4, sampled_at = $5 "
    "WHERE id = $1 AND status IN ('pending', 'invalid')";
const std::string kSelectTubeById = fmt::format("SELECT {} FROM tubes WHERE id = $1", masstest_sql::kTubeColumns);

bool Retryable(const Error& e) { return e.code == ErrorCode::kAborted || e.code == ErrorCode::kAlreadyExists; }

class SqlLabRepository final : public LabRepository {
  public:
    explicit SqlLabRepository(Database& db) : db_(db) {}

    Result<Applied> ApplyLabResults(const Round& round, const std::string& scope_path, const std::vector<LabRow>& rows,
                                    const LabUpload& upload) override {
        for (int attempt = 1;; ++attempt) {
            Applied applied;
            auto status = db_.Write([&](Connection& c) -> Status {
                WANGGE_TRY(result, ApplyLabUpload(c, round, scope_path, rows, upload));
                applied = std::move(result);
                return {};
            });
            if (status) return applied;
            if (attempt >= kAttempts || !Retryable(status.error())) return Fail(status.error());
        }
    }

    Result<std::vector<LabUpload>> ListUploads(std::int64_t round_id, int limit) override {
        return ReadAll(db_, kListUploads, {round_id, std::int64_t{limit}}, [](const Row& row) {
            LabUpload u;
            u.id = row.Int(0);
            u.round_id = row.Int(1);
            u.format = row.Text(2) == "json" ? LabFormat::kJson : LabFormat::kCsv;
            u.encoding = row.Text(3);
            u.row_count = row.Int(4);
            u.applied = row.Int(5);
            u.unchanged = row.Int(6);
            u.positives = row.Int(7);
            u.invalids = row.Int(8);
            u.uploaded_by = row.Int(9);
            u.uploaded_at = row.Int(10);
            return u;
        });
    }

    Result<TraceRows> GetTrace(std::int64_t round_id, const std::string& tube_code) override {
        std::optional<TraceRows> trace;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(Run(c, kTrace, {round_id, tube_code}, [&](const Row& row) {
                if (!trace) {
                    trace.emplace();
                    trace->tube = masstest_sql::ReadTube(row);
                }
                int f = kTubeColumnCount;
                if (row.IsNull(f)) return;  // an empty tube
                const int seq = static_cast<int>(row.Int(f));
                if (!trace->people.empty() && trace->people.back().tube_seq == seq) return;  // a second task
                TracePerson p;
                p.tube_seq = seq;
                p.scanned_at = row.Int(f + 1);
                p.household_id = row.Int(f + 2);
                p.building_id = row.Int(f + 3);
                p.path = row.Text(f + 4);
                p.unit = row.Text(f + 5);
                p.room = row.Text(f + 6);
                f += 7;
                p.resident = ReadResident(row, f);
                f += kResidentColumnCount;
                if (!row.IsNull(f)) {
                    p.retest = ReadRetest(row, f);
                } else if (!row.IsNull(f + kRetestColumnCount)) {
                    p.retest = ReadRetest(row, f + kRetestColumnCount);
                }
                trace->people.push_back(std::move(p));
            }));
            if (!trace) return {};
            std::vector<std::int64_t> ids;
            for (const auto& p : trace->people)
                for (auto id : PathIds(p.path)) ids.push_back(id);
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
            std::vector<Value> values(ids.begin(), ids.end());
            return QueryIn(c, AreasSql, {}, values, [&](const Row& row) { trace->areas.push_back(ReadArea(row)); });
        }));
        if (!trace) return Fail(ErrorCode::kNotFound, "采样管不存在 (tube not found)");
        return std::move(*trace);
    }

    Result<std::vector<Alert>> ListAlerts(std::int64_t round_id, const std::string& scope_path, int limit) override {
        return ReadAll(db_, kListAlerts, {round_id, scope_path, PathUpperBound(scope_path), std::int64_t{limit}},
                       [](const Row& row) {
                           Alert a;
                           a.id = row.Int(0);
                           a.round_id = row.Int(1);
                           a.kind = ParseAlertKind(row.Text(2)).value_or(AlertKind::kPositivePool);
                           a.tube_id = row.Int(3);
                           a.tube_code = row.Text(4);
                           a.area_id = row.Int(5);
                           a.community_id = OptionalInt(row, 6);
                           a.grid_id = OptionalInt(row, 7);
                           a.path = row.Text(8);
                           a.people = row.Int(9);
                           a.created_at = row.Int(10);
                           a.area_name = row.Text(11);
                           a.community_name = row.Text(12);
                           return a;
                       });
    }

    Result<RetestTask> GetRetestTask(std::int64_t id) override {
        return ReadOne(
            db_, kSelectRetest, {id}, [](const Row& row) { return ReadRetest(row); },
            "复核任务不存在 (re-test task not found)");
    }

    Result<Page<RetestTaskRow>> ListRetestTasks(const RetestQuery& q) override {
        WANGGE_TRY(cursor, ParseCursor(q.cursor));
        if (cursor.strategy == 0) cursor.key = q.scope_path;
        Page<RetestTaskRow> page;
        WANGGE_CHECK(db_.Read([&](Connection& c) {
            return Run(c, kListRetests,
                       {q.round_id, q.scope_path, PathUpperBound(q.scope_path), cursor.key, cursor.id,
                        q.status ? std::string(RetestStatusName(*q.status)) : std::string(),
                        q.kind ? std::string(RetestKindName(*q.kind)) : std::string(), std::int64_t{q.limit + 1},
                        q.task_id.value_or(0)},
                       [&](const Row& row) {
                           RetestTaskRow r;
                           r.task = ReadRetest(row);
                           int f = kRetestColumnCount;
                           r.source_tube_code = row.Text(f++);
                           r.tube_code = row.Text(f++);
                           r.resident_name = row.Text(f++);
                           r.id_number = row.Text(f++);
                           r.phone = row.Text(f++);
                           r.unit = row.Text(f++);
                           r.room = row.Text(f++);
                           r.building_name = row.Text(f++);
                           page.items.push_back(std::move(r));
                       });
        }));
        if (static_cast<int>(page.items.size()) > q.limit) {
            page.items.pop_back();
            const auto& last = page.items.back().task;
            page.next_cursor = MakeCursor('p', last.path, last.id);
        }
        return page;
    }

    Result<RetestSampleResult> SampleRetest(const RetestSample& s) override {
        for (int attempt = 1;; ++attempt) {
            RetestSampleResult out;
            auto status = db_.Write([&](Connection& c) { return SampleOnce(c, s, out); });
            if (status) return out;
            if (attempt >= kAttempts || !Retryable(status.error())) return Fail(status.error());
        }
    }

  private:
    static Status SampleOnce(Connection& c, const RetestSample& s, RetestSampleResult& out) {
        std::optional<RetestTask> task;
        WANGGE_CHECK(Run(c, kSelectRetest, {s.task_id}, [&](const Row& row) { task = ReadRetest(row); }));
        if (!task) return Fail(ErrorCode::kNotFound, "复核任务不存在 (re-test task not found)");

        std::optional<std::pair<std::int64_t, std::int64_t>> earlier;  // (scan id, tube id)
        WANGGE_CHECK(Run(c, kFindScanByClient, {task->round_id, s.client_id},
                         [&](const Row& row) { earlier = std::make_pair(row.Int(0), row.Int(1)); }));
        if (earlier) {
            if (task->scan_id != earlier->first)
                return Fail(ErrorCode::kInvalidArgument,
                            "client_id 已用于另一次扫码 (client_id belongs to another scan)", "client_id");
            out.replayed = true;
            return Finish(c, *task, earlier->second, earlier->first, out);
        }
        if (task->status != RetestStatus::kPending && task->status != RetestStatus::kInvalid)
            return Fail(ErrorCode::kFailedPrecondition, "该复核任务已采样 (the re-test is already sampled)");
        WANGGE_TRY(taken, QueryInt(c, kCodeTaken, {s.tube_code}));
        if (taken > 0)
            return Fail(ErrorCode::kFailedPrecondition,
                        "管码已被使用，请换新管 (the tube code is taken: use a new tube)", "tube");
        WANGGE_TRY(tube_id, QueryInt(c, kInsertSingleTube,
                                     {task->round_id, s.tube_code, s.sampler_path, s.sampler_id, s.received_at}));
        WANGGE_TRY(scan_id, QueryInt(c, kInsertRetestScan,
                                     {task->round_id, s.client_id, tube_id, task->resident_id, task->household_id,
                                      task->building_id, task->path, s.scanned_at, s.received_at, s.sampler_id}));
        auto n = c.Exec(kMarkSampled, {task->id, tube_id, scan_id, s.sampler_id, s.received_at});
        if (!n) return Fail(n.error());
        if (*n == 0) return Fail(ErrorCode::kAborted, "复核任务已被他人更新 (the re-test task changed; retry)");
        WANGGE_CHECK(Run(c, kSelectRetest, {s.task_id}, [&](const Row& row) { task = ReadRetest(row); }));
        return Finish(c, *task, tube_id, scan_id, out);
    }

    static Status Finish(Connection& c, const RetestTask& task, std::int64_t tube_id, std::int64_t scan_id,
                         RetestSampleResult& out) {
        out.task = task;
        out.scan_id = scan_id;
        bool found = false;
        WANGGE_CHECK(Run(c, kSelectTubeById, {tube_id}, [&](const Row& row) {
            out.tube = masstest_sql::ReadTube(row);
            found = true;
        }));
        if (!found) return Fail(ErrorCode::kInternal, "re-test tube missing");
        return {};
    }

    Database& db_;
};

}  // namespace

std::unique_ptr<LabRepository> MakeSqlLabRepository(Database& db) { return std::make_unique<SqlLabRepository>(db); }

}  // namespace wangge::storage
