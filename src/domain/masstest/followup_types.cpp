#include "domain/masstest/followup_types.hpp"

#include <array>
#include <utility>

namespace wangge::masstest {
namespace {

template <typename E, std::size_t N>
using Names = std::array<std::pair<E, std::string_view>, N>;

template <typename E, std::size_t N>
std::string_view NameOf(const Names<E, N>& names, E value) {
    for (const auto& [v, name] : names)
        if (v == value) return name;
    return "";
}

template <typename E, std::size_t N>
std::optional<E> Parse(const Names<E, N>& names, std::string_view text) {
    for (const auto& [v, name] : names)
        if (name == text) return v;
    return std::nullopt;
}

constexpr Names<DoorReason, 3> kDoorReasons = {{{DoorReason::kBedridden, "bedridden"},
                                                {DoorReason::kElderlyAlone, "elderly_alone"},
                                                {DoorReason::kSealed, "sealed"}}};
constexpr Names<DoorStatus, 4> kDoorStatuses = {{{DoorStatus::kOpen, "open"},
                                                 {DoorStatus::kSampled, "sampled"},
                                                 {DoorStatus::kNotHome, "not_home"},
                                                 {DoorStatus::kRefused, "refused"}}};
constexpr Names<RetestKind, 2> kRetestKinds = {{{RetestKind::kRetest, "retest"}, {RetestKind::kResample, "resample"}}};
constexpr Names<RetestStatus, 5> kRetestStatuses = {{{RetestStatus::kPending, "pending"},
                                                     {RetestStatus::kSampled, "sampled"},
                                                     {RetestStatus::kNegative, "negative"},
                                                     {RetestStatus::kPositive, "positive"},
                                                     {RetestStatus::kInvalid, "invalid"}}};
constexpr Names<AlertKind, 2> kAlertKinds = {
    {{AlertKind::kPositivePool, "positive_pool"}, {AlertKind::kPositiveRetest, "positive_retest"}}};

}  // namespace

std::string_view DoorReasonName(DoorReason v) { return NameOf(kDoorReasons, v); }
std::optional<DoorReason> ParseDoorReason(std::string_view name) { return Parse(kDoorReasons, name); }
std::string_view DoorStatusName(DoorStatus v) { return NameOf(kDoorStatuses, v); }
std::optional<DoorStatus> ParseDoorStatus(std::string_view name) { return Parse(kDoorStatuses, name); }
std::string_view RetestKindName(RetestKind v) { return NameOf(kRetestKinds, v); }
std::optional<RetestKind> ParseRetestKind(std::string_view name) { return Parse(kRetestKinds, name); }
std::string_view RetestStatusName(RetestStatus v) { return NameOf(kRetestStatuses, v); }
std::optional<RetestStatus> ParseRetestStatus(std::string_view name) { return Parse(kRetestStatuses, name); }
std::string_view AlertKindName(AlertKind v) { return NameOf(kAlertKinds, v); }
std::optional<AlertKind> ParseAlertKind(std::string_view name) { return Parse(kAlertKinds, name); }

}  // namespace wangge::masstest
