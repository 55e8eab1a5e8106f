#include "domain/masstest/scan_rules.hpp"

#include <algorithm>

namespace wangge::masstest {
namespace {

ScanDecision Refuse(RefusalReason reason, std::string message) { return ScanDecision{reason, std::move(message), {}}; }

ScanDecision Refuse(RefusalReason reason) { return Refuse(reason, RefusalMessage(reason)); }

std::string Fill(const Tube& tube) { return std::to_string(tube.scan_count) + "/" + std::to_string(tube.capacity); }

}  // namespace

std::string RefusalMessage(RefusalReason reason) {
    switch (reason) {
        case RefusalReason::kRoundNotActive:
            return "本轮检测未在进行中 (the round is not active)";
        case RefusalReason::kOutsideTimeWindow:
            return "不在本轮检测时间内 (outside the round's time window)";
        case RefusalReason::kUnknownTube:
            return "采样管未开管或不属于本区域，请先扫管码 (unknown tube: open it first)";
        case RefusalReason::kTubeOtherRound:
            return "采样管属于其他轮次，请换管 (the tube belongs to another round)";
        case RefusalReason::kTubeClosed:
            return "采样管已封管，请换新管 (the tube is closed)";
        case RefusalReason::kTubeFull:
            return "采样管已满，请换新管 (the tube is full)";
        case RefusalReason::kUnknownPerson:
            return "本辖区登记人口中查无此人 (no such resident in your area)";
        case RefusalReason::kInvalidIdNumber:
            return "身份证号有误 (invalid ID number)";
        case RefusalReason::kOutsideRound:
            return "此人不在本轮检测范围内 (outside the round's areas)";
        case RefusalReason::kNotInKeyGroup:
            return "此人不属于本轮重点人群 (not in the round's key groups)";
        case RefusalReason::kExempt:
            return "此人本轮免检 (exempt from this round)";
        case RefusalReason::kAlreadySampled:
            return "此人本轮已采样 (already sampled in this round)";
        case RefusalReason::kHouseholdTube:
            return "封控楼栋一户一管 (sealed building: one tube per household)";
    }
    return "";
}

ScanDecision DecideScan(const Round& round, const ScanFacts& f) {
    if (f.status != RoundStatus::kActive) return Refuse(RefusalReason::kRoundNotActive);
    if (f.scanned_at < round.starts_at || f.scanned_at > round.ends_at)
        return Refuse(RefusalReason::kOutsideTimeWindow);

    if (!f.tube) return Refuse(f.tube_other_round ? RefusalReason::kTubeOtherRound : RefusalReason::kUnknownTube);
    const Tube& tube = *f.tube;
    // A tube closes itself when full; the sampler is told it is full, which says why.
    if (tube.scan_count >= tube.capacity)
        return Refuse(RefusalReason::kTubeFull,
                      "采样管 " + tube.code + " 已满 (" + Fill(tube) + ")，请换新管 (the tube is full)");
    if (tube.status == TubeStatus::kClosed)
        return Refuse(RefusalReason::kTubeClosed,
                      "采样管 " + tube.code + " 已封管 (" + Fill(tube) + ")，请换新管 (the tube is closed)");

    if (!f.person) return Refuse(RefusalReason::kUnknownPerson);
    const PersonFacts& p = *f.person;
    if (!round.CoversPath(p.path)) return Refuse(RefusalReason::kOutsideRound);
    if (!round.Covers(p.path, p.tags)) return Refuse(RefusalReason::kNotInKeyGroup);
    if (p.exemption)
        return Refuse(RefusalReason::kExempt,
                      "此人本轮免检：" + std::string(ExemptionReasonLabel(*p.exemption)) +
                          " (exempt from this round: " + std::string(ExemptionReasonName(*p.exemption)) + ")");
    if (!p.sampled_tube.empty())
        return Refuse(RefusalReason::kAlreadySampled,
                      "此人本轮已采样，管码 " + p.sampled_tube + " (already sampled in tube " + p.sampled_tube + ")");

    ScanDecision accept;
    if (tube.kind == TubeKind::kHousehold) {
        if (!tube.household_id || *tube.household_id != p.household_id)
            return Refuse(RefusalReason::kHouseholdTube,
                          "此管为封控楼栋另一户的单户管 (a household tube of another household)");
    } else if (p.building_sealed) {
        if (tube.scan_count > 0)
            return Refuse(RefusalReason::kHouseholdTube,
                          "封控楼栋一户一管：请为本户另开新管 (sealed building: open a new tube for this household)");
        accept.household_capacity =
            static_cast<int>(std::clamp<std::int64_t>(p.household_remaining, 1, kMaxHouseholdTube));
    }
    return accept;
}

std::optional<ScanDecision> DecideOpen(RoundStatus status, bool code_in_other_round) {
    if (status != RoundStatus::kActive) return Refuse(RefusalReason::kRoundNotActive);
    if (code_in_other_round) return Refuse(RefusalReason::kTubeOtherRound);
    return std::nullopt;
}

}  // namespace wangge::masstest
