#include "domain/masstest/masstest_service.hpp"

#include <algorithm>

#include "common/id_number.hpp"
#include "common/phone.hpp"
#include "domain/masstest/service_checks.hpp"

namespace wangge::masstest {
namespace {

using auth::Caller;
using auth::Permission;
using internal::NotFound;
using internal::Require;
using registry::Area;
using registry::AreaLevel;

constexpr std::size_t kMaxRoundAreas = 100;
constexpr std::size_t kMaxSealedOnCreate = 5000;
constexpr int kRoundListLimit = 200;

int ClampLimit(int limit) { return std::clamp(limit <= 0 ? 50 : limit, 1, 500); }

bool Overlaps(const Round& round, std::string_view scope) {
    for (const auto& p : round.area_paths)
        if (p.starts_with(scope) || scope.starts_with(p)) return true;
    return false;
}

}  // namespace

MassTestService::MassTestService(MassTestRepository& repo, registry::RegistryRepository& registry, const Clock& clock)
    : repo_(repo), registry_(registry), clock_(clock) {}

Result<Area> MassTestService::AreaInScope(const Caller& caller, std::int64_t id, std::string_view field) {
    auto area = registry_.GetArea(id);
    if (!area && area.error().code != ErrorCode::kNotFound) return Fail(area.error());
    if (!area || !caller.InScope(area->path))
        return Fail(ErrorCode::kInvalidArgument, "区域不存在或不在您的管辖范围内 (area not found in your scope)",
                    std::string(field));
    return area;
}

Result<std::shared_ptr<const Round>> MassTestService::LoadRound(std::int64_t id) {
    {
        std::lock_guard lock(rounds_mutex_);
        if (auto it = rounds_.find(id); it != rounds_.end()) return it->second;
    }
    auto round = repo_.GetRound(id);
    if (!round) {
        if (round.error().code == ErrorCode::kNotFound) return NotFound("检测轮次", "round");
        return Fail(round.error());
    }
    auto shared = std::make_shared<const Round>(std::move(*round));
    std::lock_guard lock(rounds_mutex_);
    rounds_[id] = shared;
    return shared;
}

void MassTestService::Forget(std::int64_t id) {
    std::lock_guard lock(rounds_mutex_);
    rounds_.erase(id);
}

Result<std::shared_ptr<const Round>> MassTestService::VisibleRound(const Caller& caller, std::int64_t id) {
    WANGGE_CHECK(Require(caller, Permission::kReadMassTesting));
    WANGGE_TRY(round, LoadRound(id));
    if (!Overlaps(*round, caller.area_path)) return NotFound("检测轮次", "round");
    return round;
}

Result<RoundView> MassTestService::View(const Caller& caller, const Round& round) {
    RoundView view;
    view.round = round;
    for (auto id : round.area_ids) {
        WANGGE_TRY(area, registry_.GetArea(id));
        view.areas.push_back(std::move(area));
    }
    if (round.status != RoundStatus::kDraft) {
        auto row = repo_.GetCoverage(round.id, caller.area_id);
        if (row) {
            view.coverage = row->counts;
        } else if (row.error().code != ErrorCode::kNotFound) {
            return Fail(row.error());
        }
    }
    WANGGE_TRY(sealed, repo_.ListSealedBuildings(round.id, caller.area_path));
    view.sealed_building_count = static_cast<std::int64_t>(sealed.size());
    return view;
}

Result<RoundView> MassTestService::CreateRound(const Caller& caller, const RoundDraft& draft) {
    WANGGE_CHECK(Require(caller, Permission::kManageRounds));
    Round round;
    WANGGE_TRY(name, internal::CleanText(draft.name, "name", 100, true));
    round.name = std::move(name);
    round.kind = draft.kind;
    if (draft.kind == RoundKind::kTags) {
        if (draft.tags == 0)
            return Fail(ErrorCode::kInvalidArgument, "重点人群轮次至少选择一个标签 (a key-group round needs tags)",
                        "tags");
        round.tag_mask = draft.tags;
    }
    if (std::find(std::begin(kPoolSizes), std::end(kPoolSizes), draft.pool_size) == std::end(kPoolSizes))
        return Fail(ErrorCode::kInvalidArgument, "混采人数只能是1、5、10或20 (pool_size must be 1, 5, 10 or 20)",
                    "pool_size");
    round.pool_size = draft.pool_size;
    if (draft.starts_at <= 0) return Fail(ErrorCode::kInvalidArgument, "开始时间无效 (starts_at)", "starts_at");
    if (draft.ends_at <= draft.starts_at)
        return Fail(ErrorCode::kInvalidArgument, "结束时间须晚于开始时间 (ends_at must be after starts_at)", "ends_at");
    round.starts_at = draft.starts_at;
    round.ends_at = draft.ends_at;
    if (draft.area_ids.empty() || draft.area_ids.size() > kMaxRoundAreas)
        return Fail(ErrorCode::kInvalidArgument, "请选择1至100个区域 (area_ids: 1 to 100 areas)", "area_ids");

    // Areas inside another chosen area add nothing; dropping them keeps every person counted once.
    std::vector<Area> areas;
    for (auto id : draft.area_ids) {
        WANGGE_TRY(area, AreaInScope(caller, id, "area_ids"));
        areas.push_back(std::move(area));
    }
    std::sort(areas.begin(), areas.end(), [](const Area& a, const Area& b) { return a.path < b.path; });
    for (const auto& area : areas) {
        if (!round.area_paths.empty() && area.path.starts_with(round.area_paths.back())) continue;
        round.area_ids.push_back(area.id);
        round.area_paths.push_back(area.path);
    }

    if (draft.sealed_building_ids.size() > kMaxSealedOnCreate)
        return Fail(ErrorCode::kInvalidArgument, "封控楼栋过多 (too many sealed buildings)", "sealed_building_ids");
    std::vector<SealedBuilding> sealed;
    const EpochMillis now = clock_.Now();
    for (auto id : draft.sealed_building_ids) {
        WANGGE_TRY(building, AreaInScope(caller, id, "sealed_building_ids"));
        if (building.level != AreaLevel::kBuilding || !round.CoversPath(building.path))
            return Fail(ErrorCode::kInvalidArgument,
                        "封控楼栋须是本轮范围内的楼栋 (sealed buildings must be buildings inside the round)",
                        "sealed_building_ids");
        sealed.push_back(SealedBuilding{building.id, building.path, caller.user_id, now});
    }

    round.status = RoundStatus::kDraft;
    round.owner_area_id = caller.area_id;
    round.owner_path = caller.area_path;
    round.created_by = caller.user_id;
    round.created_at = now;
    round.updated_at = now;
    WANGGE_TRY(stored, repo_.CreateRound(round, sealed));
    if (draft.activate) return Activate(caller, stored.id);
    return View(caller, stored);
}

Result<RoundView> MassTestService::GetRound(const Caller& caller, std::int64_t id) {
    WANGGE_TRY(cached, VisibleRound(caller, id));
    WANGGE_TRY(round, repo_.GetRound(cached->id));  // fresh status and counters
    return View(caller, round);
}

Result<std::vector<RoundView>> MassTestService::ListRounds(const Caller& caller, std::optional<RoundStatus> status) {
    WANGGE_CHECK(Require(caller, Permission::kReadMassTesting));
    WANGGE_TRY(rounds, repo_.ListRounds(status, kRoundListLimit));
    std::vector<RoundView> out;
    for (const auto& round : rounds) {
        if (!Overlaps(round, caller.area_path)) continue;
        WANGGE_TRY(view, View(caller, round));
        out.push_back(std::move(view));
    }
    return out;
}

Result<RoundView> MassTestService::Activate(const Caller& caller, std::int64_t id) {
    WANGGE_CHECK(Require(caller, Permission::kManageRounds));
    WANGGE_TRY(cached, VisibleRound(caller, id));
    WANGGE_TRY(round, repo_.GetRound(cached->id));
    if (!caller.InScope(round.owner_path)) return internal::Denied();
    if (round.status != RoundStatus::kDraft)
        return Fail(ErrorCode::kFailedPrecondition, "只有草稿轮次可以启动 (only a draft round can be activated)");
    WANGGE_TRY(active, repo_.ActivateRound(round.id, round.version, clock_.Now()));
    Forget(id);
    return View(caller, active);
}

Result<RoundView> MassTestService::Close(const Caller& caller, std::int64_t id) {
    WANGGE_CHECK(Require(caller, Permission::kManageRounds));
    WANGGE_TRY(cached, VisibleRound(caller, id));
    WANGGE_TRY(round, repo_.GetRound(cached->id));
    if (!caller.InScope(round.owner_path)) return internal::Denied();
    if (round.status != RoundStatus::kActive)
        return Fail(ErrorCode::kFailedPrecondition, "只有进行中的轮次可以结束 (only an active round can be closed)");
    WANGGE_TRY(closed, repo_.CloseRound(round.id, round.version, clock_.Now()));
    Forget(id);
    return View(caller, closed);
}

Status MassTestService::Seal(const Caller& caller, std::int64_t round_id, std::int64_t building_id) {
    WANGGE_CHECK(Require(caller, Permission::kManageRounds));
    WANGGE_TRY(round, VisibleRound(caller, round_id));
    WANGGE_TRY(building, AreaInScope(caller, building_id, "building_id"));
    if (building.level != AreaLevel::kBuilding || !round->CoversPath(building.path))
        return Fail(ErrorCode::kInvalidArgument,
                    "封控楼栋须是本轮范围内的楼栋 (sealed buildings must be buildings inside the round)",
                    "building_id");
    WANGGE_TRY(fresh, repo_.GetRound(round_id));
    if (fresh.status == RoundStatus::kClosed)
        return Fail(ErrorCode::kFailedPrecondition, "本轮检测已结束 (the round is closed)");
    return repo_.SealBuilding(round_id, SealedBuilding{building.id, building.path, caller.user_id, clock_.Now()});
}

Status MassTestService::Unseal(const Caller& caller, std::int64_t round_id, std::int64_t building_id) {
    WANGGE_CHECK(Require(caller, Permission::kManageRounds));
    WANGGE_TRY(round, VisibleRound(caller, round_id));
    WANGGE_TRY(building, AreaInScope(caller, building_id, "building_id"));
    return repo_.UnsealBuilding(round->id, building.id);
}

Result<std::vector<SealedBuildingView>> MassTestService::ListSealed(const Caller& caller, std::int64_t round_id) {
    WANGGE_TRY(round, VisibleRound(caller, round_id));
    WANGGE_TRY(sealed, repo_.ListSealedBuildings(round->id, caller.area_path));
    std::vector<SealedBuildingView> out;
    for (auto& s : sealed) {
        auto area = registry_.GetArea(s.building_id);
        out.push_back(SealedBuildingView{std::move(s), area ? area->name : std::string()});
    }
    return out;
}

Result<ExemptionView> MassTestService::Exempt(const Caller& caller, std::int64_t round_id, std::int64_t resident_id,
                                              ExemptionReason reason, const std::string& note) {
    WANGGE_CHECK(Require(caller, Permission::kExemptResidents));
    WANGGE_TRY(round, VisibleRound(caller, round_id));
    WANGGE_TRY(clean_note, internal::CleanText(note, "note", 200, false));
    auto resident = registry_.GetResident(resident_id);
    if (!resident && resident.error().code != ErrorCode::kNotFound) return Fail(resident.error());
    if (!resident || !caller.InScope(resident->path))
        return Fail(ErrorCode::kInvalidArgument, "居民不存在或不在您的管辖范围内 (resident not found in your scope)",
                    "resident_id");
    if (!round->Covers(resident->path, resident->tags))
        return Fail(ErrorCode::kInvalidArgument, "此人不在本轮检测范围内 (the resident is not in this round)",
                    "resident_id");
    WANGGE_TRY(household, registry_.GetHousehold(resident->household_id));
    Exemption e;
    e.round_id = round->id;
    e.resident_id = resident->id;
    e.household_id = household.id;
    e.building_id = household.building_id;
    e.path = resident->path;
    e.reason = reason;
    e.note = std::move(clean_note);
    e.created_by = caller.user_id;
    e.created_at = clock_.Now();
    WANGGE_TRY(stored, repo_.AddExemption(e));
    return ExemptionView{std::move(stored), resident->name, MaskIdNumber(resident->id_number), household.unit,
                         household.room};
}

Status MassTestService::Unexempt(const Caller& caller, std::int64_t round_id, std::int64_t resident_id) {
    WANGGE_CHECK(Require(caller, Permission::kExemptResidents));
    WANGGE_TRY(round, VisibleRound(caller, round_id));
    auto resident = registry_.GetResident(resident_id);
    if (!resident && resident.error().code != ErrorCode::kNotFound) return Fail(resident.error());
    if (!resident || !caller.InScope(resident->path)) return NotFound("免检记录", "exemption");
    auto removed = repo_.RemoveExemption(round->id, resident_id);
    if (!removed && removed.error().code == ErrorCode::kNotFound) return NotFound("免检记录", "exemption");
    return removed;
}

Result<Page<ExemptionView>> MassTestService::ListExemptions(const Caller& caller, std::int64_t round_id,
                                                            std::optional<std::int64_t> area_id,
                                                            const std::string& cursor, int limit) {
    WANGGE_TRY(round, VisibleRound(caller, round_id));
    std::string scope = caller.area_path;
    if (area_id) {
        auto area = registry_.GetArea(*area_id);
        if (!area || !caller.InScope(area->path)) return NotFound("区域", "area");
        scope = area->path;
    }
    WANGGE_TRY(page, repo_.ListExemptions(round->id, scope, cursor, ClampLimit(limit)));
    Page<ExemptionView> out;
    out.next_cursor = page.next_cursor;
    for (auto& row : page.items)
        out.items.push_back(ExemptionView{std::move(row.exemption), std::move(row.name), MaskIdNumber(row.id_number),
                                          std::move(row.unit), std::move(row.room)});
    return out;
}

Result<CoverageView> MassTestService::Coverage(const Caller& caller, std::int64_t round_id,
                                               std::optional<std::int64_t> area_id, const std::string& cursor,
                                               int limit) {
    WANGGE_TRY(cached, VisibleRound(caller, round_id));
    const std::int64_t id = area_id.value_or(caller.area_id);
    if (area_id) {
        auto area = registry_.GetArea(id);
        if (!area && area.error().code != ErrorCode::kNotFound) return Fail(area.error());
        if (!area || !caller.InScope(area->path)) return NotFound("区域", "area");
    }
    auto row = repo_.GetCoverage(cached->id, id);
    if (!row) {
        if (row.error().code != ErrorCode::kNotFound) return Fail(row.error());
        WANGGE_TRY(fresh, repo_.GetRound(cached->id));
        if (fresh.status == RoundStatus::kDraft)
            return Fail(ErrorCode::kFailedPrecondition, "本轮检测尚未启动 (the round is not active yet)");
        return NotFound("区域", "area");
    }
    CoverageView view;
    view.area = std::move(*row);
    if (view.area.level == registry::AreaLevelName(AreaLevel::kBuilding)) {
        WANGGE_TRY(households, repo_.ListHouseholdCoverage(cached->id, id, cursor, ClampLimit(limit)));
        view.households = std::move(households);
    } else {
        WANGGE_TRY(children, repo_.ListChildCoverage(cached->id, id));
        view.children = std::move(children);
    }
    return view;
}

Result<Page<UntestedResident>> MassTestService::Untested(const Caller& caller, std::int64_t round_id,
                                                         std::int64_t area_id, const std::string& cursor, int limit) {
    WANGGE_TRY(round, VisibleRound(caller, round_id));
    auto area = registry_.GetArea(area_id);
    if (!area && area.error().code != ErrorCode::kNotFound) return Fail(area.error());
    if (!area || !caller.InScope(area->path)) return NotFound("区域", "area");
    switch (area->level) {
        case AreaLevel::kCommunity:
        case AreaLevel::kVillage:
        case AreaLevel::kGrid:
        case AreaLevel::kBuilding:
            break;
        default:
            return Fail(ErrorCode::kInvalidArgument,
                        "未检名单按社区、网格或楼栋查看 (the untested list is per community, grid or building)",
                        "area");
    }
    if (!round->CoversPath(area->path))
        return Fail(ErrorCode::kInvalidArgument, "该区域不在本轮检测范围内 (the area is not inside the round)", "area");
    const registry::TagSet mask = round->kind == RoundKind::kTags ? round->tag_mask : 0;
    WANGGE_TRY(page, repo_.ListUntested(round->id, mask, area->path, cursor, ClampLimit(limit)));
    for (auto& item : page.items) {
        item.resident.id_number = MaskIdNumber(item.resident.id_number);
        if (!item.resident.phone.empty()) item.resident.phone = MaskPhone(item.resident.phone);
    }
    return page;
}

}  // namespace wangge::masstest
