// The scanning half of MassTestService: shape checks, subject parsing, one ingest per request.
#include <algorithm>

#include "common/id_number.hpp"
#include "domain/masstest/masstest_service.hpp"
#include "domain/masstest/resident_code.hpp"
#include "domain/masstest/scan_rules.hpp"
#include "domain/masstest/service_checks.hpp"

namespace wangge::masstest {
namespace {

using auth::Caller;
using auth::Permission;
using internal::Require;

tl::unexpected<Error> Bad(const std::string& prefix, std::string_view field, std::string message) {
    return Fail(ErrorCode::kInvalidArgument, std::move(message), prefix + std::string(field));
}

}  // namespace

namespace internal {

Result<std::string> CleanText(std::string_view text, std::string_view field, std::size_t max_chars, bool required) {
    constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
    bool changed = true;
    while (changed && !text.empty()) {
        changed = false;
        while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') text.remove_prefix(1), changed = true;
        while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1), changed = true;
        if (text.starts_with(kIdeographicSpace)) text.remove_prefix(kIdeographicSpace.size()), changed = true;
        if (text.ends_with(kIdeographicSpace)) text.remove_suffix(kIdeographicSpace.size()), changed = true;
    }
    if (required && text.empty())
        return Fail(ErrorCode::kInvalidArgument, "此项不能为空 (" + std::string(field) + " is required)",
                    std::string(field));
    const auto chars =
        std::count_if(text.begin(), text.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; });
    if (static_cast<std::size_t>(chars) > max_chars)
        return Fail(ErrorCode::kInvalidArgument,
                    "内容过长，最多" + std::to_string(max_chars) + "字 (" + std::string(field) + " is too long)",
                    std::string(field));
    return std::string(text);
}

}  // namespace internal

Result<PreparedOp> MassTestService::Prepare(const ScanOp& op, const std::string& prefix) const {
    PreparedOp out;
    out.op = op;
    out.scanned_at = op.scanned_at.value_or(clock_.Now());
    if (!ValidTubeCode(op.tube_code))
        return Bad(prefix, "tube", "管码须为1至64个可见ASCII字符 (tube: 1-64 printable ASCII characters)");
    if (op.op != OpKind::kScan) return out;

    if (!ValidClientId(op.client_id))
        return Bad(prefix, "client_id",
                   "client_id 须为1至64个字母、数字、- 或 _ (client_id: 1-64 of [A-Za-z0-9_-], e.g. a UUID)");
    const ScanSubject& s = op.subject;
    const int given = (s.resident_id ? 1 : 0) + (s.resident_code.empty() ? 0 : 1) + (s.id_number.empty() ? 0 : 1);
    if (given != 1)
        return Bad(prefix, "resident_id",
                   "须且只能给出 resident_id、resident_code、id_number 之一 (give exactly one of resident_id, "
                   "resident_code, id_number)");
    if (s.resident_id) {
        if (*s.resident_id <= 0) return Bad(prefix, "resident_id", "resident_id 须为正整数 (a positive id)");
        out.resident_id = s.resident_id;
    } else if (!s.resident_code.empty()) {
        if (auto id = ParseResidentCode(s.resident_code)) {
            out.resident_id = id;
        } else {
            out.refusal = RefusalReason::kUnknownPerson;
            out.refusal_message = "居民码无法识别，请重扫或输入身份证号 (unreadable resident code)";
        }
    } else {
        auto parsed = ParseIdNumber(s.id_number);
        if (parsed) {
            out.id_number = parsed->normalized;
        } else {
            out.refusal = RefusalReason::kInvalidIdNumber;
            out.refusal_message = parsed.error().message;
        }
    }
    return out;
}

void MassTestService::MaskResults(std::vector<OpResult>& results) {
    for (auto& r : results)
        if (!r.resident_id_number.empty()) r.resident_id_number = MaskIdNumber(r.resident_id_number);
}

Result<MassTestService::PreparedRequest> MassTestService::PrepareRequest(const Caller& caller, std::int64_t round_id,
                                                                         const std::vector<ScanOp>& ops, bool batch) {
    WANGGE_CHECK(Require(caller, Permission::kScanSamples));
    WANGGE_TRY(round, VisibleRound(caller, round_id));
    if (batch && (ops.empty() || ops.size() > static_cast<std::size_t>(kMaxBatchScans)))
        return Fail(ErrorCode::kInvalidArgument, "每批1至500条 (items: 1 to 500 ops)", "items");
    PreparedRequest request{std::move(round), {}};
    request.ops.reserve(ops.size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
        WANGGE_TRY(p, Prepare(ops[i], batch ? "items[" + std::to_string(i) + "]." : ""));
        request.ops.push_back(std::move(p));
    }
    return request;
}

Result<std::vector<OpResult>> MassTestService::ApplyBatch(const Caller& caller, std::int64_t round_id,
                                                          const std::vector<ScanOp>& ops) {
    WANGGE_TRY(request, PrepareRequest(caller, round_id, ops, true));
    WANGGE_TRY(results,
               repo_.Ingest(*request.round, Sampler{caller.user_id, caller.area_path}, request.ops, clock_.Now()));
    MaskResults(results);
    return results;
}

Result<OpResult> MassTestService::Apply(const Caller& caller, std::int64_t round_id, const ScanOp& op) {
    WANGGE_TRY(request, PrepareRequest(caller, round_id, {op}, false));
    WANGGE_TRY(results,
               repo_.Ingest(*request.round, Sampler{caller.user_id, caller.area_path}, request.ops, clock_.Now()));
    MaskResults(results);
    return std::move(results.front());
}

void MassTestService::ApplyBatchLater(const Caller& caller, std::int64_t round_id, const std::vector<ScanOp>& ops,
                                      std::function<void(Result<std::vector<OpResult>>)> done) {
    auto request = PrepareRequest(caller, round_id, ops, true);
    if (!request) return done(Fail(request.error()));
    repo_.IngestLater(*request->round, Sampler{caller.user_id, caller.area_path}, std::move(request->ops), clock_.Now(),
                      [done = std::move(done)](Result<std::vector<OpResult>> results) {
                          if (results) MaskResults(*results);
                          done(std::move(results));
                      });
}

void MassTestService::ApplyLater(const Caller& caller, std::int64_t round_id, const ScanOp& op,
                                 std::function<void(Result<OpResult>)> done) {
    auto request = PrepareRequest(caller, round_id, {op}, false);
    if (!request) return done(Fail(request.error()));
    repo_.IngestLater(*request->round, Sampler{caller.user_id, caller.area_path}, std::move(request->ops), clock_.Now(),
                      [done = std::move(done)](Result<std::vector<OpResult>> results) {
                          if (!results) return done(Fail(results.error()));
                          MaskResults(*results);
                          done(std::move(results->front()));
                      });
}

Result<TubeDetail> MassTestService::GetTube(const Caller& caller, std::int64_t round_id, const std::string& code) {
    WANGGE_TRY(round, VisibleRound(caller, round_id));
    auto tube = repo_.GetTube(round->id, code);
    if (!tube && tube.error().code != ErrorCode::kNotFound) return Fail(tube.error());
    if (!tube || !TubeUsableFrom(tube->path, caller.area_path)) return internal::NotFound("采样管", "tube");
    WANGGE_TRY(scans, repo_.ListTubeScans(tube->id));
    return TubeDetail{std::move(*tube), std::move(scans)};
}

}  // namespace wangge::masstest
