#include "domain/appeals/appeal.hpp"

#include "common/enum_names.hpp"

namespace wangge::appeals {
namespace {

constexpr EnumNames<Channel, 8> kChannels = {{
    {Channel::kQuestionnaire, "questionnaire"},
    {Channel::kPhoneLine, "phone_line"},
    {Channel::kWechatGroup, "wechat_group"},
    {Channel::kGridVisit, "grid_visit"},
    {Channel::kPartyMemberVisit, "party_member_visit"},
    {Channel::kWalkIn, "walk_in"},
    {Channel::kPartyDay, "party_day"},
    {Channel::kHotline12345, "hotline_12345"},
}};

constexpr EnumNames<Track, 3> kTracks = {{
    {Track::kNone, ""},
    {Track::kImmediate, "immediate"},
    {Track::kConsultative, "consultative"},
}};

constexpr EnumNames<AppealStatus, 13> kStatuses = {{
    {AppealStatus::kRecorded, "recorded"},
    {AppealStatus::kTriaged, "triaged"},
    {AppealStatus::kClaimed, "claimed"},
    {AppealStatus::kInProgress, "in_progress"},
    {AppealStatus::kResolved, "resolved"},
    {AppealStatus::kReported, "reported"},
    {AppealStatus::kEvaluated, "evaluated"},
    {AppealStatus::kClosed, "closed"},
    {AppealStatus::kEscalated, "escalated"},
    {AppealStatus::kSuspended, "suspended"},
    {AppealStatus::kNotResponsible, "not_responsible"},
    {AppealStatus::kMerged, "merged"},
    {AppealStatus::kRejected, "rejected"},
}};

constexpr EnumNames<AppealStatus, 13> kStatusLabels = {{
    {AppealStatus::kRecorded, "已登记"},
    {AppealStatus::kTriaged, "待认领"},
    {AppealStatus::kClaimed, "已认领"},
    {AppealStatus::kInProgress, "办理中"},
    {AppealStatus::kResolved, "已办结"},
    {AppealStatus::kReported, "已通报"},
    {AppealStatus::kEvaluated, "已评价"},
    {AppealStatus::kClosed, "已关闭"},
    {AppealStatus::kEscalated, "已上报街道"},
    {AppealStatus::kSuspended, "已挂起"},
    {AppealStatus::kNotResponsible, "非职责范围"},
    {AppealStatus::kMerged, "已合并"},
    {AppealStatus::kRejected, "不予受理"},
}};

constexpr EnumNames<Evaluation, 4> kEvaluations = {{
    {Evaluation::kNone, ""},
    {Evaluation::kSatisfied, "satisfied"},
    {Evaluation::kBasicallySatisfied, "basically_satisfied"},
    {Evaluation::kNotSatisfied, "not_satisfied"},
}};

constexpr EnumNames<ReporterKind, 3> kReporterKinds = {{
    {ReporterKind::kAnonymous, "anonymous"},
    {ReporterKind::kResident, "resident"},
    {ReporterKind::kNamed, "named"},
}};

constexpr EnumNames<ClaimerKind, 3> kClaimerKinds = {{
    {ClaimerKind::kNone, ""},
    {ClaimerKind::kUser, "user"},
    {ClaimerKind::kMember, "member"},
}};

constexpr EnumNames<MemberKind, 7> kMemberKinds = {{
    {MemberKind::kPartyCommittee, "party_committee"},
    {MemberKind::kPartTimeMember, "part_time_member"},
    {MemberKind::kUnitInArea, "unit_in_area"},
    {MemberKind::kPropertyManagement, "property_management"},
    {MemberKind::kOwnersCommittee, "owners_committee"},
    {MemberKind::kSocialOrganisation, "social_organisation"},
    {MemberKind::kResidentRepresentative, "resident_representative"},
}};

}  // namespace

std::string_view ChannelName(Channel v) { return NameOf(kChannels, v); }
std::optional<Channel> ParseChannel(std::string_view name) { return ParseName(kChannels, name); }
std::string_view TrackName(Track v) { return NameOf(kTracks, v); }
std::optional<Track> ParseTrack(std::string_view name) { return ParseName(kTracks, name); }
std::string_view StatusName(AppealStatus v) { return NameOf(kStatuses, v); }
std::optional<AppealStatus> ParseStatus(std::string_view name) { return ParseName(kStatuses, name); }
std::string_view StatusLabel(AppealStatus v) { return NameOf(kStatusLabels, v); }
std::string_view EvaluationName(Evaluation v) { return NameOf(kEvaluations, v); }
std::optional<Evaluation> ParseEvaluation(std::string_view name) { return ParseName(kEvaluations, name); }
std::string_view ReporterKindName(ReporterKind v) { return NameOf(kReporterKinds, v); }
std::optional<ReporterKind> ParseReporterKind(std::string_view name) { return ParseName(kReporterKinds, name); }
std::string_view ClaimerKindName(ClaimerKind v) { return NameOf(kClaimerKinds, v); }
std::optional<ClaimerKind> ParseClaimerKind(std::string_view name) { return ParseName(kClaimerKinds, name); }
std::string_view MemberKindName(MemberKind v) { return NameOf(kMemberKinds, v); }
std::optional<MemberKind> ParseMemberKind(std::string_view name) { return ParseName(kMemberKinds, name); }

std::vector<Channel> AllChannels() {
    std::vector<Channel> out;
    for (const auto& [v, name] : kChannels) out.push_back(v);
    return out;
}

std::vector<AppealStatus> AllStatuses() {
    std::vector<AppealStatus> out;
    for (const auto& [v, name] : kStatuses) out.push_back(v);
    return out;
}

bool IsTerminal(AppealStatus status) {
    return status == AppealStatus::kClosed || status == AppealStatus::kNotResponsible ||
           status == AppealStatus::kMerged || status == AppealStatus::kRejected;
}

bool IsOpenWork(AppealStatus status) {
    return status == AppealStatus::kTriaged || status == AppealStatus::kClaimed || status == AppealStatus::kInProgress;
}

}  // namespace wangge::appeals
