#include "domain/registry/registry_service.hpp"

#include <algorithm>

namespace wangge::registry {
namespace {

using auth::Caller;
using auth::Permission;

// The same answer for "absent" and "outside your scope": existence must not leak.
tl::unexpected<Error> NotFound(std::string_view what) {
    std::string_view chinese = what == "area" ? "区域" : what == "household" ? "住户" : "居民";
    return Fail(ErrorCode::kNotFound, std::string(chinese) + "不存在 (" + std::string(what) + " not found)");
}

Status Require(const Caller& caller, Permission permission) {
    if (!caller.Can(permission))
        return Fail(ErrorCode::kPermissionDenied, "当前角色无权执行此操作 (your role may not do this)");
    return {};
}

int ClampLimit(int limit) { return std::clamp(limit <= 0 ? 50 : limit, 1, 200); }

bool IsDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// 18 characters of digits (X last) is an ID number, 11 digits a mobile, else a name prefix.
ResidentQuery ClassifySearch(std::string text) {
    ResidentQuery q;
    if (text.empty()) return q;
    if (text.size() == 18 && IsDigits(text.substr(0, 17)) &&
        (IsDigits(text.substr(17)) || text[17] == 'X' || text[17] == 'x')) {
        text[17] = text[17] == 'x' ? 'X' : text[17];
        q.kind = SearchKind::kIdNumber;
    } else if (IsDigits(text) && (text.size() == 11 || text.front() == '0')) {
        q.kind = SearchKind::kPhone;
    } else {
        q.kind = SearchKind::kName;
    }
    q.text = std::move(text);
    return q;
}

}  // namespace

RegistryService::RegistryService(RegistryRepository& repo, auth::AuthRepository& audit, const Clock& clock)
    : repo_(repo), audit_(audit), clock_(clock) {}

ResidentView RegistryService::Mask(Resident resident) const {
    resident.id_number = MaskIdNumber(resident.id_number);
    if (!resident.phone.empty()) resident.phone = MaskPhone(resident.phone);
    return ResidentView{std::move(resident), false};
}

Result<Area> RegistryService::AreaInScope(const Caller& caller, std::int64_t id) {
    WANGGE_CHECK(Require(caller, Permission::kReadRegistry));
    auto area = repo_.GetArea(id);
    if (!area && area.error().code == ErrorCode::kNotFound) return NotFound("area");
    if (!area) return area;
    if (!caller.InScope(area->path)) return NotFound("area");
    return area;
}

Result<AreaView> RegistryService::GetArea(const Caller& caller, std::int64_t id) {
    WANGGE_TRY(area, AreaInScope(caller, id));
    WANGGE_TRY(ancestors, repo_.ListAncestors(area.path));
    std::erase_if(ancestors, [&](const Area& a) { return !caller.InScope(a.path) || a.id == area.id; });
    return AreaView{std::move(area), std::move(ancestors)};
}

Result<std::vector<Area>> RegistryService::ListChildren(const Caller& caller, std::int64_t id) {
    WANGGE_TRY(area, AreaInScope(caller, id));
    return repo_.ListChildren(area.id);
}

Result<Page<Household>> RegistryService::ListHouseholds(const Caller& caller, std::int64_t area_id,
                                                        const std::string& cursor, int limit) {
    WANGGE_TRY(area, AreaInScope(caller, area_id));
    return repo_.ListHouseholds(HouseholdQuery{area.path, cursor, ClampLimit(limit)});
}

Result<HouseholdView> RegistryService::GetHousehold(const Caller& caller, std::int64_t id, Members members) {
    WANGGE_CHECK(Require(caller, Permission::kReadRegistry));
    auto household = repo_.GetHousehold(id);
    if (!household || !caller.InScope(household->path)) {
        if (household || household.error().code == ErrorCode::kNotFound) return NotFound("household");
        return Fail(household.error());
    }
    WANGGE_TRY(ancestors, repo_.ListAncestors(household->path));
    std::erase_if(ancestors, [&](const Area& a) { return !caller.InScope(a.path); });
    HouseholdView view{std::move(*household), std::move(ancestors), {}};
    if (members == Members::kSkip) return view;
    WANGGE_TRY(residents, repo_.ListMembers(id));
    for (auto& m : residents) view.members.push_back(Mask(std::move(m)));
    return view;
}

Result<Household> RegistryService::CreateHousehold(const Caller& caller, std::int64_t building_id,
                                                   const std::string& unit, const std::string& room) {
    WANGGE_CHECK(Require(caller, Permission::kWriteRegistry));
    WANGGE_TRY(building, AreaInScope(caller, building_id));
    if (building.level != AreaLevel::kBuilding)
        return Fail(ErrorCode::kInvalidArgument, "住户只能建在楼栋下 (households belong to a building)", "building_id");
    if (room.empty()) return Fail(ErrorCode::kInvalidArgument, "房号不能为空 (room is required)", "room");
    if (room.size() > 32 || unit.size() > 32)
        return Fail(ErrorCode::kInvalidArgument, "单元或房号过长 (unit or room too long)",
                    room.size() > 32 ? "room" : "unit");
    Household h;
    h.building_id = building.id;
    h.path = building.path;
    h.unit = unit;
    h.room = room;
    h.created_at = clock_.Now();
    return repo_.CreateHousehold(h);
}

Result<Page<ResidentView>> RegistryService::SearchResidents(const Caller& caller, std::optional<std::int64_t> area_id,
                                                            const std::string& text, const std::string& cursor,
                                                            int limit) {
    WANGGE_TRY(area, AreaInScope(caller, area_id.value_or(caller.area_id)));
    ResidentQuery query = ClassifySearch(text);
    query.scope_path = area.path;
    query.scope_residents = area.resident_count;
    query.cursor = cursor;
    query.limit = ClampLimit(limit);
    WANGGE_TRY(page, repo_.SearchResidents(query));
    Page<ResidentView> out{{}, page.next_cursor};
    out.items.reserve(page.items.size());
    for (auto& r : page.items) out.items.push_back(Mask(std::move(r)));
    return out;
}

Result<Resident> RegistryService::ResidentInScope(const Caller& caller, std::int64_t id) {
    WANGGE_CHECK(Require(caller, Permission::kReadRegistry));
    auto resident = repo_.GetResident(id);
    if (!resident || !caller.InScope(resident->path)) {
        if (resident || resident.error().code == ErrorCode::kNotFound) return NotFound("resident");
        return Fail(resident.error());
    }
    return resident;
}

Result<ResidentView> RegistryService::GetResident(const Caller& caller, std::int64_t id, const RevealRequest& reveal) {
    WANGGE_TRY(resident, ResidentInScope(caller, id));
    if (reveal.reveal == Reveal::kNo) return Mask(std::move(resident));
    WANGGE_CHECK(Require(caller, Permission::kRevealPii));
    if (reveal.reason.empty())
        return Fail(ErrorCode::kInvalidArgument, "查看完整信息需填写事由 (a reason is required to reveal)", "reason");
    WANGGE_CHECK(audit_.AppendAudit({.at = clock_.Now(),
                                     .user_id = caller.user_id,
                                     .action = "reveal_pii",
                                     .subject_type = "resident",
                                     .subject_id = resident.id,
                                     .reason = reveal.reason.substr(0, 500)}));
    return ResidentView{std::move(resident), true};
}

Result<std::vector<HistoryEntry>> RegistryService::GetHistory(const Caller& caller, std::int64_t resident_id) {
    WANGGE_TRY(resident, ResidentInScope(caller, resident_id));
    return repo_.ListHistory(resident.id);
}

Result<ResidentView> RegistryService::CreateResident(const Caller& caller, std::int64_t household_id,
                                                     const ResidentDraft& draft) {
    WANGGE_CHECK(Require(caller, Permission::kWriteRegistry));
    auto household = repo_.GetHousehold(household_id);
    if (!household || !caller.InScope(household->path))
        return Fail(ErrorCode::kInvalidArgument, "住户不存在 (no such household)", "household_id");
    WANGGE_TRY(resident, ValidateResident(draft, CivilDateFromMillis(clock_.Now())));
    resident.household_id = household->id;
    resident.path = household->path;
    resident.updated_at = clock_.Now();
    WANGGE_TRY(created, repo_.CreateResident(resident, caller.user_id));
    if (created.relation == "head") WANGGE_CHECK(repo_.SetHouseholdHead(household->id, created.id));
    return Mask(std::move(created));
}

Result<ResidentView> RegistryService::UpdateResident(const Caller& caller, std::int64_t id,
                                                     std::int64_t expected_version, const ResidentPatch& patch) {
    WANGGE_CHECK(Require(caller, Permission::kWriteRegistry));
    WANGGE_TRY(current, ResidentInScope(caller, id));
    ResidentDraft draft{patch.name.value_or(current.name),
                        patch.id_number.value_or(current.id_number),
                        std::nullopt,
                        std::nullopt,
                        patch.phone.value_or(current.phone),
                        patch.registration.value_or(current.registration),
                        patch.relation.value_or(current.relation),
                        patch.tags.value_or(current.tags)};
    WANGGE_TRY(resident, ValidateResident(draft, CivilDateFromMillis(clock_.Now())));
    resident.id = id;
    resident.household_id = current.household_id;
    resident.path = current.path;
    resident.updated_at = clock_.Now();
    WANGGE_TRY(updated, repo_.UpdateResident(resident, expected_version, caller.user_id));
    if (updated.relation == "head") WANGGE_CHECK(repo_.SetHouseholdHead(updated.household_id, updated.id));
    return Mask(std::move(updated));
}

Result<ResidentView> RegistryService::MoveResident(const Caller& caller, std::int64_t id, std::int64_t household_id) {
    WANGGE_CHECK(Require(caller, Permission::kWriteRegistry));
    WANGGE_TRY(current, ResidentInScope(caller, id));
    auto to = repo_.GetHousehold(household_id);
    if (!to || !caller.InScope(to->path))
        return Fail(ErrorCode::kInvalidArgument, "目标住户不存在 (no such household)", "household_id");
    if (to->id == current.household_id)
        return Fail(ErrorCode::kFailedPrecondition, "该居民已在此住户 (already in this household)", "household_id");
    WANGGE_TRY(moved, repo_.MoveResident(id, *to, clock_.Now(), caller.user_id));
    return Mask(std::move(moved));
}

}  // namespace wangge::registry
