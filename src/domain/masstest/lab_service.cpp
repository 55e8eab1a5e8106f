#include "domain/masstest/lab_service.hpp"

#include <algorithm>
#include <set>

#include "common/id_number.hpp"
#include "common/phone.hpp"
#include "domain/masstest/followup_checks.hpp"
#include "domain/masstest/resident_code.hpp"
#include "domain/masstest/scan_rules.hpp"

namespace wangge::masstest {
namespace {

using auth::Caller;
using auth::Permission;
using internal::NotFound;
using internal::Require;

constexpr int kUploadListLimit = 100;
constexpr int kAlertListLimit = 500;
void Mask(TracePerson& p) {
    p.resident.id_number = MaskIdNumber(p.resident.id_number);
    if (!p.resident.phone.empty()) p.resident.phone = MaskPhone(p.resident.phone);
}

void MaskPerson(RetestTaskRow& row) {
    row.id_number = MaskIdNumber(row.id_number);
    if (!row.phone.empty()) row.phone = MaskPhone(row.phone);
}

}  // namespace

LabService::LabService(LabRepository& lab, MassTestRepository& rounds, registry::RegistryRepository& registry,
                       auth::AuthRepository& audit, EventPublisher& events, const Clock& clock)
    : lab_(lab), rounds_(rounds), registry_(registry), audit_(audit), events_(events), clock_(clock) {}

Result<Round> LabService::UploadRound(const Caller& caller, std::int64_t round_id) {
    WANGGE_CHECK(Require(caller, Permission::kUploadLabResults));
    WANGGE_TRY(round, internal::LoadVisibleRound(rounds_, caller, round_id));
    if (round.status == RoundStatus::kDraft)
        return Fail(ErrorCode::kFailedPrecondition, "本轮检测尚未启动 (the round is not active yet)");
    return round;
}

Result<LabReport> LabService::UploadCsv(const Caller& caller, std::int64_t round_id, std::string_view body,
                                        registry::import::Encoding encoding) {
    WANGGE_TRY(round, UploadRound(caller, round_id));
    WANGGE_TRY(parse, ParseLabCsv(body, encoding, clock_.Now()));
    return Apply(caller, round, std::move(parse), LabFormat::kCsv);
}

Result<LabReport> LabService::UploadRows(const Caller& caller, std::int64_t round_id,
                                         const std::vector<LabRowInput>& rows) {
    WANGGE_TRY(round, UploadRound(caller, round_id));
    if (rows.empty() || rows.size() > kMaxLabRows)
        return Fail(
            ErrorCode::kInvalidArgument,
            "每次上传1至" + std::to_string(kMaxLabRows) + "行 (items: 1 to " + std::to_string(kMaxLabRows) + " rows)",
            "items");
    return Apply(caller, round, ValidateLabRows(rows, clock_.Now()), LabFormat::kJson);
}

Result<LabReport> LabService::Apply(const Caller& caller, const Round& round, LabParse parse, LabFormat format) {
    LabReport report;
    report.total = parse.total;
    report.encoding = parse.encoding;
    if (parse.total == 0)
        return Fail(ErrorCode::kInvalidArgument, "文件中没有结果行 (the upload has no result rows)", "file");
    if (parse.error_count > 0) {
        report.errors = std::move(parse.errors);
        report.error_count = parse.error_count;
        return report;
    }
    LabUpload upload;
    upload.round_id = round.id;
    upload.format = format;
    upload.encoding = parse.encoding;
    upload.row_count = parse.total;
    upload.uploaded_by = caller.user_id;
    upload.uploaded_at = clock_.Now();
    WANGGE_TRY(applied, lab_.ApplyLabResults(round, caller.area_path, parse.rows, upload));
    if (!applied.errors.empty()) {
        report.error_count = static_cast<std::int64_t>(applied.errors.size());
        report.errors = std::move(applied.errors);
        if (report.errors.size() > kMaxLabErrors) report.errors.resize(kMaxLabErrors);
        return report;
    }
    report.outcome = std::move(applied.outcome);
    // Committed: now the dashboards may hear of it.
    if (report.outcome && !report.outcome->alerts.empty()) events_.AlertsRaised(report.outcome->alerts);
    return report;
}

Result<std::vector<LabUpload>> LabService::ListUploads(const Caller& caller, std::int64_t round_id) {
    if (!caller.Can(Permission::kUploadLabResults)) WANGGE_CHECK(Require(caller, Permission::kReadMassTesting));
    WANGGE_TRY(round, internal::LoadVisibleRound(rounds_, caller, round_id));
    return lab_.ListUploads(round.id, kUploadListLimit);
}

Result<TraceView> LabService::Trace(const Caller& caller, std::int64_t round_id, const std::string& tube_code,
                                    const registry::RevealRequest& reveal) {
    WANGGE_CHECK(Require(caller, Permission::kReadMassTesting));
    WANGGE_TRY(round, internal::LoadVisibleRound(rounds_, caller, round_id));
    auto rows = lab_.GetTrace(round.id, tube_code);
    if (!rows) {
        if (rows.error().code == ErrorCode::kNotFound) return NotFound("采样管", "tube");
        return Fail(rows.error());
    }
    TraceView view;
    view.tube = std::move(rows->tube);
    std::set<std::string> paths;
    for (auto& p : rows->people) {
        if (!caller.InScope(p.path)) {
            ++view.people_elsewhere;
            continue;
        }
        paths.insert(p.path);
        view.people.push_back(std::move(p));
    }
    if (view.people.empty() && !TubeUsableFrom(view.tube.path, caller.area_path)) return NotFound("采样管", "tube");
    for (auto& area : rows->areas) {
        const bool on_a_path =
            std::any_of(paths.begin(), paths.end(), [&](const std::string& p) { return p.starts_with(area.path); });
        if (on_a_path) view.areas.push_back(std::move(area));
    }
    std::sort(view.areas.begin(), view.areas.end(),
              [](const registry::Area& a, const registry::Area& b) { return a.path < b.path; });

    if (reveal.reveal == registry::Reveal::kYes) {
        WANGGE_CHECK(Require(caller, Permission::kRevealPii));
        if (reveal.reason.empty())
            return Fail(ErrorCode::kInvalidArgument, "查看完整信息需填写事由 (a reason is required to reveal)",
                        "reason");
        for (const auto& p : view.people) {
            WANGGE_CHECK(
                audit_.AppendAudit({.at = clock_.Now(),
                                    .user_id = caller.user_id,
                                    .action = "reveal_pii",
                                    .subject_type = "resident",
                                    .subject_id = p.resident.id,
                                    .reason = ("阳性溯源 " + view.tube.code + ": " + reveal.reason).substr(0, 500)}));
        }
        view.revealed = true;
    } else {
        for (auto& p : view.people) Mask(p);
    }
    return view;
}

Result<std::vector<Alert>> LabService::ListAlerts(const Caller& caller, std::int64_t round_id,
                                                  std::optional<std::int64_t> area_id) {
    WANGGE_CHECK(Require(caller, Permission::kReadMassTesting));
    WANGGE_TRY(round, internal::LoadVisibleRound(rounds_, caller, round_id));
    std::string scope = caller.area_path;
    if (area_id) {
        WANGGE_TRY(area, internal::AreaInScope(registry_, caller, *area_id));
        scope = area.path;
    }
    return lab_.ListAlerts(round.id, scope, kAlertListLimit);
}

Result<Page<RetestTaskRow>> LabService::ListRetests(const Caller& caller, std::int64_t round_id,
                                                    std::optional<std::int64_t> area_id,
                                                    std::optional<RetestStatus> status, std::optional<RetestKind> kind,
                                                    const std::string& cursor, int limit) {
    WANGGE_CHECK(Require(caller, Permission::kReadMassTesting));
    WANGGE_TRY(round, internal::LoadVisibleRound(rounds_, caller, round_id));
    RetestQuery q;
    q.round_id = round.id;
    q.scope_path = caller.area_path;
    if (area_id) {
        WANGGE_TRY(area, internal::AreaInScope(registry_, caller, *area_id));
        q.scope_path = area.path;
    }
    q.status = status;
    q.kind = kind;
    q.cursor = cursor;
    q.limit = internal::ClampLimit(limit);
    WANGGE_TRY(page, lab_.ListRetestTasks(q));
    for (auto& row : page.items) MaskPerson(row);
    return page;
}

Result<RetestTaskRow> LabService::GetRetest(const Caller& caller, std::int64_t task_id) {
    WANGGE_CHECK(Require(caller, Permission::kReadMassTesting));
    auto task = lab_.GetRetestTask(task_id);
    if (!task && task.error().code != ErrorCode::kNotFound) return Fail(task.error());
    if (!task || !caller.InScope(task->path)) return NotFound("复核任务", "re-test task");
    // The list's row for this task alone (with its tubes, person and address).
    RetestQuery q;
    q.round_id = task->round_id;
    q.scope_path = task->path;
    q.task_id = task_id;
    q.limit = 1;
    WANGGE_TRY(page, lab_.ListRetestTasks(q));
    if (page.items.empty()) return NotFound("复核任务", "re-test task");
    RetestTaskRow row = std::move(page.items.front());
    MaskPerson(row);
    return row;
}

Result<RetestSampleResult> LabService::SampleRetest(const Caller& caller, std::int64_t task_id,
                                                    const RetestInput& input) {
    WANGGE_CHECK(Require(caller, Permission::kScanSamples));
    if (!ValidClientId(input.client_id))
        return Fail(ErrorCode::kInvalidArgument,
                    "client_id 须为1至64个字母、数字、- 或 _ (client_id: 1-64 of [A-Za-z0-9_-], e.g. a UUID)",
                    "client_id");
    if (!ValidTubeCode(input.tube_code))
        return Fail(ErrorCode::kInvalidArgument, "管码须为1至64个可见ASCII字符 (tube: 1-64 printable ASCII characters)",
                    "tube");
    auto task = lab_.GetRetestTask(task_id);
    if (!task && task.error().code != ErrorCode::kNotFound) return Fail(task.error());
    if (!task || !caller.InScope(task->path)) return NotFound("复核任务", "re-test task");
    WANGGE_TRY(resident, registry_.GetResident(task->resident_id));

    // The sampler scans the person's code (or types the ID number): it must be this task's person.
    const ScanSubject& s = input.subject;
    const int given = (s.resident_id ? 1 : 0) + (s.resident_code.empty() ? 0 : 1) + (s.id_number.empty() ? 0 : 1);
    if (given != 1)
        return Fail(ErrorCode::kInvalidArgument,
                    "须且只能给出 resident_id、resident_code、id_number 之一 (give exactly one of resident_id, "
                    "resident_code, id_number)",
                    "resident_id");
    bool same = false;
    std::string field = "resident_id";
    if (s.resident_id) {
        same = *s.resident_id == resident.id;
    } else if (!s.resident_code.empty()) {
        field = "resident_code";
        auto id = ParseResidentCode(s.resident_code);
        if (!id)
            return Fail(ErrorCode::kInvalidArgument, "居民码无法识别，请重扫或输入身份证号 (unreadable resident code)",
                        field);
        same = *id == resident.id;
    } else {
        field = "id_number";
        auto parsed = ParseIdNumber(s.id_number);
        if (!parsed) return Fail(ErrorCode::kInvalidArgument, parsed.error().message, field);
        same = parsed->normalized == resident.id_number;
    }
    if (!same)
        return Fail(ErrorCode::kInvalidArgument, "不是本任务的复核对象，请核对身份 (not this task's person)", field);

    const EpochMillis now = clock_.Now();
    RetestSample sample;
    sample.task_id = task->id;
    sample.client_id = input.client_id;
    sample.tube_code = input.tube_code;
    sample.scanned_at = input.scanned_at.value_or(now);
    sample.sampler_id = caller.user_id;
    sample.sampler_path = caller.area_path;
    sample.received_at = now;
    return lab_.SampleRetest(sample);
}

}  // namespace wangge::masstest
