#include "domain/masstest/masstest.hpp"

#include <algorithm>

#include "common/enum_names.hpp"

namespace wangge::masstest {
namespace {

constexpr EnumNames<RoundKind, 2> kRoundKinds = {{{RoundKind::kEveryone, "everyone"}, {RoundKind::kTags, "tags"}}};
constexpr EnumNames<RoundStatus, 3> kRoundStatuses = {
    {{RoundStatus::kDraft, "draft"}, {RoundStatus::kActive, "active"}, {RoundStatus::kClosed, "closed"}}};
constexpr EnumNames<ExemptionReason, 3> kReasons = {{{ExemptionReason::kAway, "away"},
                                                     {ExemptionReason::kInfant, "infant"},
                                                     {ExemptionReason::kHospitalised, "hospitalised"}}};
constexpr EnumNames<ExemptionReason, 3> kReasonLabels = {
    {{ExemptionReason::kAway, "外出"}, {ExemptionReason::kInfant, "婴幼儿"}, {ExemptionReason::kHospitalised, "住院"}}};
constexpr EnumNames<TubeKind, 3> kTubeKinds = {
    {{TubeKind::kPool, "pool"}, {TubeKind::kHousehold, "household"}, {TubeKind::kSingle, "single"}}};
constexpr EnumNames<TubeStatus, 2> kTubeStatuses = {{{TubeStatus::kOpen, "open"}, {TubeStatus::kClosed, "closed"}}};
constexpr EnumNames<ScanKind, 2> kScanKinds = {{{ScanKind::kRoutine, "routine"}, {ScanKind::kRetest, "retest"}}};
constexpr EnumNames<TubeResult, 4> kTubeResults = {{{TubeResult::kPending, ""},
                                                    {TubeResult::kNegative, "negative"},
                                                    {TubeResult::kPositive, "positive"},
                                                    {TubeResult::kInvalid, "invalid"}}};
constexpr EnumNames<RefusalReason, 13> kRefusals = {{
    {RefusalReason::kRoundNotActive, "round_not_active"},
    {RefusalReason::kOutsideTimeWindow, "outside_time_window"},
    {RefusalReason::kUnknownTube, "unknown_tube"},
    {RefusalReason::kTubeOtherRound, "tube_other_round"},
    {RefusalReason::kTubeClosed, "tube_closed"},
    {RefusalReason::kTubeFull, "tube_full"},
    {RefusalReason::kUnknownPerson, "unknown_person"},
    {RefusalReason::kInvalidIdNumber, "invalid_id_number"},
    {RefusalReason::kOutsideRound, "outside_round"},
    {RefusalReason::kNotInKeyGroup, "not_in_key_group"},
    {RefusalReason::kExempt, "exempt"},
    {RefusalReason::kAlreadySampled, "already_sampled"},
    {RefusalReason::kHouseholdTube, "household_tube"},
}};

}  // namespace

std::string_view RoundKindName(RoundKind v) { return NameOf(kRoundKinds, v); }
std::optional<RoundKind> ParseRoundKind(std::string_view name) { return ParseName(kRoundKinds, name); }
std::string_view RoundStatusName(RoundStatus v) { return NameOf(kRoundStatuses, v); }
std::optional<RoundStatus> ParseRoundStatus(std::string_view name) { return ParseName(kRoundStatuses, name); }
std::string_view ExemptionReasonName(ExemptionReason v) { return NameOf(kReasons, v); }
std::string_view ExemptionReasonLabel(ExemptionReason v) { return NameOf(kReasonLabels, v); }
std::optional<ExemptionReason> ParseExemptionReason(std::string_view name) { return ParseName(kReasons, name); }
std::string_view TubeKindName(TubeKind v) { return NameOf(kTubeKinds, v); }
std::optional<TubeKind> ParseTubeKind(std::string_view name) { return ParseName(kTubeKinds, name); }
std::string_view TubeStatusName(TubeStatus v) { return NameOf(kTubeStatuses, v); }
std::optional<TubeStatus> ParseTubeStatus(std::string_view name) { return ParseName(kTubeStatuses, name); }
std::string_view ScanKindName(ScanKind v) { return NameOf(kScanKinds, v); }
std::string_view TubeResultName(TubeResult v) { return NameOf(kTubeResults, v); }
std::optional<TubeResult> ParseTubeResult(std::string_view name) { return ParseName(kTubeResults, name); }
std::string_view RefusalReasonName(RefusalReason v) { return NameOf(kRefusals, v); }
std::optional<RefusalReason> ParseRefusalReason(std::string_view name) { return ParseName(kRefusals, name); }

bool Round::CoversPath(std::string_view path) const {
    for (const auto& scope : area_paths)
        if (path.starts_with(scope)) return true;
    return false;
}

bool Round::Covers(std::string_view path, registry::TagSet tags) const {
    if (!CoversPath(path)) return false;
    return kind == RoundKind::kEveryone || (tags & tag_mask) != 0;
}

bool ValidTubeCode(std::string_view code) {
    constexpr std::size_t kMaxTubeCode = 64;
    if (code.empty() || code.size() > kMaxTubeCode) return false;
    return std::all_of(code.begin(), code.end(), [](char c) { return c > ' ' && c < 127; });
}

bool ValidClientId(std::string_view id) {
    constexpr std::size_t kMaxClientId = 64;
    if (id.empty() || id.size() > kMaxClientId) return false;
    return std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    });
}

}  // namespace wangge::masstest
