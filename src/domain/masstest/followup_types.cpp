#include "domain/masstest/followup_types.hpp"

#include "common/enum_names.hpp"

namespace wangge::masstest {
namespace {

constexpr EnumNames<DoorReason, 3> kDoorReasons = {{{DoorReason::kBedridden, "bedridden"},
                                                    {DoorReason::kElderlyAlone, "elderly_alone"},
                                                    {DoorReason::kSealed, "sealed"}}};
constexpr EnumNames<DoorStatus, 4> kDoorStatuses = {{{DoorStatus::kOpen, "open"},
                                                     {DoorStatus::kSampled, "sampled"},
                                                     {DoorStatus::kNotHome, "not_home"},
                                                     {DoorStatus::kRefused, "refused"}}};
constexpr EnumNames<RetestKind, 2> kRetestKinds = {
    {{RetestKind::kRetest, "retest"}, {RetestKind::kResample, "resample"}}};
constexpr EnumNames<RetestStatus, 5> kRetestStatuses = {{{RetestStatus::kPending, "pending"},
                                                         {RetestStatus::kSampled, "sampled"},
                                                         {RetestStatus::kNegative, "negative"},
                                                         {RetestStatus::kPositive, "positive"},
                                                         {RetestStatus::kInvalid, "invalid"}}};
constexpr EnumNames<AlertKind, 2> kAlertKinds = {
    {{AlertKind::kPositivePool, "positive_pool"}, {AlertKind::kPositiveRetest, "positive_retest"}}};

}  // namespace

std::string_view DoorReasonName(DoorReason v) { return NameOf(kDoorReasons, v); }
std::optional<DoorReason> ParseDoorReason(std::string_view name) { return ParseName(kDoorReasons, name); }
std::string_view DoorStatusName(DoorStatus v) { return NameOf(kDoorStatuses, v); }
std::optional<DoorStatus> ParseDoorStatus(std::string_view name) { return ParseName(kDoorStatuses, name); }
std::string_view RetestKindName(RetestKind v) { return NameOf(kRetestKinds, v); }
std::optional<RetestKind> ParseRetestKind(std::string_view name) { return ParseName(kRetestKinds, name); }
std::string_view RetestStatusName(RetestStatus v) { return NameOf(kRetestStatuses, v); }
std::optional<RetestStatus> ParseRetestStatus(std::string_view name) { return ParseName(kRetestStatuses, name); }
std::string_view AlertKindName(AlertKind v) { return NameOf(kAlertKinds, v); }
std::optional<AlertKind> ParseAlertKind(std::string_view name) { return ParseName(kAlertKinds, name); }

}  // namespace wangge::masstest
