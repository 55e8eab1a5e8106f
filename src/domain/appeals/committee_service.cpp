// AppealService: the big Party committee (大党委) of a community and its Party-day setting.
#include "common/phone.hpp"
#include "domain/appeals/appeal_service.hpp"
#include "domain/appeals/service_checks.hpp"

namespace wangge::appeals {
namespace {

using auth::Caller;
using auth::Permission;
using internal::CleanText;
using internal::NotFound;
using internal::Require;
using registry::Area;
using registry::AreaLevel;

constexpr std::size_t kMaxName = 50;
constexpr std::size_t kMaxUnit = 100;

Result<std::string> CleanPhone(const std::string& text) {
    std::string phone = internal::Trim(text);
    if (phone.empty()) return phone;
    return NormalizePhone(phone, "phone");
}

// Phones go out masked, as residents' do: lists and cards are shown on shared screens at meetings.
CommitteeMember Masked(CommitteeMember member) {
    if (!member.phone.empty()) member.phone = MaskPhone(member.phone);
    return member;
}

}  // namespace

Result<Area> AppealService::CommunityInScope(const Caller& caller, std::int64_t id) {
    WANGGE_CHECK(Require(caller, Permission::kReadAppeals));
    WANGGE_TRY(area, AreaInScope(caller, id));
    if (area.level != AreaLevel::kCommunity && area.level != AreaLevel::kVillage) return NotFound("社区", "community");
    return area;
}

Result<CommitteeMember> AppealService::MemberInScope(const Caller& caller, std::int64_t id) {
    auto member = repo_.GetMember(id);
    if (!member && member.error().code != ErrorCode::kNotFound) return member;
    if (!member) return NotFound("大党委成员", "committee member");
    auto community = CommunityInScope(caller, member->community_id);
    if (!community && community.error().code == ErrorCode::kNotFound) return NotFound("大党委成员", "committee member");
    if (!community) return Fail(community.error());
    return member;
}

Result<std::vector<CommitteeMember>> AppealService::ListMembers(const Caller& caller, std::int64_t community_id,
                                                                bool include_removed) {
    WANGGE_TRY(community, CommunityInScope(caller, community_id));
    WANGGE_TRY(members, repo_.ListMembers(community.id, include_removed));
    for (auto& m : members) m = Masked(std::move(m));
    return members;
}

Result<CommitteeMember> AppealService::AddMember(const Caller& caller, std::int64_t community_id,
                                                 const MemberDraft& draft) {
    WANGGE_TRY(community, CommunityInScope(caller, community_id));
    WANGGE_CHECK(Require(caller, Permission::kManageAppeals));
    CommitteeMember member;
    member.community_id = community.id;
    WANGGE_TRY(name, CleanText(draft.name, "name", kMaxName, true));
    WANGGE_TRY(unit, CleanText(draft.unit_name, "unit_name", kMaxUnit, false));
    WANGGE_TRY(phone, CleanPhone(draft.phone));
    member.name = std::move(name);
    member.unit_name = std::move(unit);
    member.phone = std::move(phone);
    member.kind = draft.kind;
    member.created_at = clock_.Now();
    WANGGE_TRY(created, repo_.CreateMember(member));
    return Masked(std::move(created));
}

Result<CommitteeMember> AppealService::UpdateMember(const Caller& caller, std::int64_t id, std::int64_t version,
                                                    const MemberPatch& patch) {
    WANGGE_TRY(member, MemberInScope(caller, id));
    WANGGE_CHECK(Require(caller, Permission::kManageAppeals));
    if (patch.name) {
        WANGGE_TRY(name, CleanText(*patch.name, "name", kMaxName, true));
        member.name = std::move(name);
    }
    if (patch.unit_name) {
        WANGGE_TRY(unit, CleanText(*patch.unit_name, "unit_name", kMaxUnit, false));
        member.unit_name = std::move(unit);
    }
    if (patch.phone) {
        WANGGE_TRY(phone, CleanPhone(*patch.phone));
        member.phone = std::move(phone);
    }
    if (patch.kind) member.kind = *patch.kind;
    WANGGE_TRY(updated, repo_.UpdateMember(member, version));
    return Masked(std::move(updated));
}

Status AppealService::RemoveMember(const Caller& caller, std::int64_t id) {
    WANGGE_TRY(member, MemberInScope(caller, id));
    WANGGE_CHECK(Require(caller, Permission::kManageAppeals));
    if (!member.active) return {};
    member.active = false;
    WANGGE_CHECK(repo_.UpdateMember(member, member.version));
    return {};
}

Result<PartyDayRule> AppealService::RuleFor(std::int64_t community_id) {
    WANGGE_TRY(rule, repo_.GetPartyDayRule(community_id));
    return rule.value_or(PartyDayRule{});
}

Result<AppealSettings> AppealService::GetSettings(const Caller& caller, std::int64_t community_id) {
    WANGGE_TRY(community, CommunityInScope(caller, community_id));
    WANGGE_TRY(rule, repo_.GetPartyDayRule(community.id));
    AppealSettings settings;
    settings.party_day = rule.value_or(PartyDayRule{});
    settings.is_default = !rule.has_value();
    settings.next_party_day = PartyDayOnOrAfter(settings.party_day, ChinaDate(clock_.Now()));
    return settings;
}

Result<AppealSettings> AppealService::SetPartyDayRule(const Caller& caller, std::int64_t community_id,
                                                      const PartyDayRule& rule) {
    WANGGE_TRY(community, CommunityInScope(caller, community_id));
    WANGGE_CHECK(Require(caller, Permission::kManageAppeals));
    WANGGE_CHECK(MakePartyDayRule(PartyDayRuleKindName(rule.kind), rule.value));
    WANGGE_CHECK(repo_.SetPartyDayRule(community.id, rule, clock_.Now()));
    return GetSettings(caller, community.id);
}

}  // namespace wangge::appeals
