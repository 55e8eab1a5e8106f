#include "domain/appeals/ledger.hpp"

#include <algorithm>

#include "domain/auth/auth_service.hpp"

namespace wangge::appeals {
namespace {

void Field(std::string& out, std::string_view text) {
    out += std::to_string(text.size());
    out += ':';
    out += text;
    out += '|';
}

void Field(std::string& out, std::int64_t value) { Field(out, std::to_string(value)); }

std::string Seq(std::int64_t seq) { return "#" + std::to_string(seq); }

}  // namespace

std::string CanonicalEventText(const AppealEvent& e) {
    std::string out = "wangge-appeal-event-v1|";
    Field(out, e.community_id);
    Field(out, e.seq);
    Field(out, e.appeal_id);
    Field(out, e.at);
    Field(out, e.actor_id);
    Field(out, e.actor_name);
    Field(out, e.action);
    Field(out, e.from_status);
    Field(out, e.to_status);
    Field(out, e.note);
    Field(out, e.detail);
    return out;
}

std::string ChainHash(std::string_view prev_hash, const AppealEvent& event) {
    return auth::Sha256Hex(std::string(prev_hash) + CanonicalEventText(event));
}

LedgerReport VerifyLedger(std::int64_t community_id, const std::vector<AppealEvent>& events,
                          const std::optional<LedgerHead>& head) {
    using Problem = LedgerFinding::Problem;
    LedgerReport report;
    report.community_id = community_id;
    report.events = static_cast<std::int64_t>(events.size());
    std::int64_t expected_seq = 1;
    std::string prev_hash;
    for (const AppealEvent& e : events) {
        const bool gap = e.seq > expected_seq;
        for (std::int64_t missing = expected_seq; missing < e.seq; ++missing)
            report.findings.push_back(
                {Problem::kRemoved, missing, std::nullopt, std::nullopt,
                 "台账事件" + Seq(missing) + "已被删除 (event " + Seq(missing) + " was removed)"});
        if (!gap && e.prev_hash != prev_hash)
            report.findings.push_back(
                {Problem::kBrokenLink, e.seq, e.id, e.appeal_id,
                 "台账事件" + Seq(e.seq) + "与前一事件的链接不符：前一事件被改动、删除或重排 (event " + Seq(e.seq) +
                     " does not follow from the one before: that one was altered, removed or reordered)"});
        if (ChainHash(e.prev_hash, e) != e.hash)
            report.findings.push_back(
                {Problem::kEdited, e.seq, e.id, e.appeal_id,
                 "台账事件" + Seq(e.seq) + "内容已被改动 (event " + Seq(e.seq) + " was edited after it was written)"});
        expected_seq = std::max(expected_seq, e.seq) + 1;
        prev_hash = e.hash;
    }
    if (head) {
        const std::int64_t last = expected_seq - 1;
        for (std::int64_t missing = expected_seq; missing <= head->seq; ++missing)
            report.findings.push_back(
                {Problem::kRemoved, missing, std::nullopt, std::nullopt,
                 "台账事件" + Seq(missing) + "已被删除 (event " + Seq(missing) + " was removed)"});
        if (head->seq == last && head->hash != prev_hash && last > 0)
            report.findings.push_back({Problem::kEdited, last, events.back().id, events.back().appeal_id,
                                       "台账最后一条事件" + Seq(last) + "与链头不符 (the last event " + Seq(last) +
                                           " does not match the chain head: it was altered)"});
    }
    return report;
}

}  // namespace wangge::appeals
