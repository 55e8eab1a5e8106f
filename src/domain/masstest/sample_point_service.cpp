#include "domain/masstest/sample_point_service.hpp"

#include "domain/masstest/followup_checks.hpp"

namespace wangge::masstest {
namespace {

using auth::Caller;
using auth::Permission;
using internal::NotFound;
using internal::Require;
using registry::AreaLevel;

constexpr int kPointListLimit = 500;

Result<std::vector<CrewMember>> CleanCrew(const std::vector<CrewMember>& crew) {
    if (crew.size() > kMaxCrew)
        return Fail(ErrorCode::kInvalidArgument, "工作人员最多100人 (crew: at most 100 people)", "crew");
    std::vector<CrewMember> out;
    for (std::size_t i = 0; i < crew.size(); ++i) {
        const std::string field = "crew[" + std::to_string(i) + "]";
        WANGGE_TRY(name, internal::CleanText(crew[i].name, field + ".name", 30, true));
        WANGGE_TRY(duty, internal::CleanText(crew[i].duty, field + ".duty", 30, false));
        out.push_back(CrewMember{std::move(name), std::move(duty)});
    }
    return out;
}

Status CheckLanes(int lanes) {
    if (lanes < 1 || lanes > kMaxLanes)
        return Fail(ErrorCode::kInvalidArgument, "通道数须为1至50 (lanes: 1 to 50)", "lanes");
    return {};
}

}  // namespace

SamplePointService::SamplePointService(SamplePointRepository& points, MassTestRepository& rounds,
                                       registry::RegistryRepository& registry, const Clock& clock)
    : points_(points), rounds_(rounds), registry_(registry), clock_(clock) {}

Result<SamplePointView> SamplePointService::View(SamplePoint point) {
    WANGGE_TRY(area, registry_.GetArea(point.area_id));
    return SamplePointView{std::move(point), std::move(area), {}};
}

// Seen from inside the point's area, from above it, and from below it (the crew of a grid works at the
// community's point).
Result<SamplePoint> SamplePointService::Visible(const Caller& caller, std::int64_t id) {
    WANGGE_CHECK(Require(caller, Permission::kReadMassTesting));
    auto point = points_.GetPoint(id);
    if (!point && point.error().code != ErrorCode::kNotFound) return Fail(point.error());
    if (!point || !internal::PathsOverlap(point->path, caller.area_path)) return NotFound("采样点", "sample point");
    return point;
}

Result<SamplePoint> SamplePointService::Editable(const Caller& caller, std::int64_t id) {
    WANGGE_CHECK(Require(caller, Permission::kDispatchFieldWork));
    WANGGE_TRY(point, Visible(caller, id));
    if (!caller.InScope(point.path)) return internal::Denied();
    return point;
}

Result<SamplePointView> SamplePointService::Create(const Caller& caller, const SamplePointDraft& draft) {
    WANGGE_CHECK(Require(caller, Permission::kDispatchFieldWork));
    SamplePoint point;
    WANGGE_TRY(name, internal::CleanText(draft.name, "name", 50, true));
    WANGGE_TRY(place, internal::CleanText(draft.place, "place", 200, false));
    WANGGE_CHECK(CheckLanes(draft.lanes));
    WANGGE_TRY(crew, CleanCrew(draft.crew));
    auto area = registry_.GetArea(draft.area_id);
    if (!area && area.error().code != ErrorCode::kNotFound) return Fail(area.error());
    if (!area || !caller.InScope(area->path))
        return Fail(ErrorCode::kInvalidArgument, "区域不存在或不在您的管辖范围内 (area not found in your scope)",
                    "area_id");
    if (area->level == AreaLevel::kBuilding)
        return Fail(ErrorCode::kInvalidArgument,
                    "采样点设在社区、网格等区域，而非楼栋 (a point belongs to an area above "
                    "the buildings)",
                    "area_id");
    if (draft.round_id) {
        auto round = internal::LoadVisibleRound(rounds_, caller, *draft.round_id);
        if (!round) return Fail(ErrorCode::kInvalidArgument, round.error().message, "round_id");
        if (!internal::RoundOverlaps(*round, area->path))
            return Fail(ErrorCode::kInvalidArgument, "该区域不在本轮检测范围内 (the area is not inside the round)",
                        "area_id");
        if (round->status == RoundStatus::kClosed)
            return Fail(ErrorCode::kFailedPrecondition, "本轮检测已结束 (the round is closed)", "round_id");
    }
    point.round_id = draft.round_id;
    point.area_id = area->id;
    point.path = area->path;
    point.name = std::move(name);
    point.place = std::move(place);
    point.lanes = draft.lanes;
    point.crew = std::move(crew);
    point.created_by = caller.user_id;
    point.created_at = point.updated_at = clock_.Now();
    WANGGE_TRY(stored, points_.CreatePoint(point));
    return SamplePointView{std::move(stored), std::move(*area), {}};
}

Result<SamplePointView> SamplePointService::Get(const Caller& caller, std::int64_t id) {
    WANGGE_TRY(point, Visible(caller, id));
    WANGGE_TRY(buildings, points_.ListPointBuildings(point.id));
    WANGGE_TRY(view, View(std::move(point)));
    view.buildings = std::move(buildings);
    return view;
}

Result<SamplePointView> SamplePointService::Update(const Caller& caller, std::int64_t id, std::int64_t expected_version,
                                                   const SamplePointPatch& patch) {
    WANGGE_TRY(point, Editable(caller, id));
    if (patch.name) {
        WANGGE_TRY(name, internal::CleanText(*patch.name, "name", 50, true));
        point.name = std::move(name);
    }
    if (patch.place) {
        WANGGE_TRY(place, internal::CleanText(*patch.place, "place", 200, false));
        point.place = std::move(place);
    }
    if (patch.lanes) {
        WANGGE_CHECK(CheckLanes(*patch.lanes));
        point.lanes = *patch.lanes;
    }
    if (patch.crew) {
        WANGGE_TRY(crew, CleanCrew(*patch.crew));
        point.crew = std::move(crew);
    }
    point.updated_at = clock_.Now();
    WANGGE_TRY(stored, points_.UpdatePoint(point, expected_version));
    return View(std::move(stored));
}

Result<std::vector<SamplePointView>> SamplePointService::List(const Caller& caller, std::optional<std::int64_t> area_id,
                                                              std::optional<std::int64_t> round_id) {
    WANGGE_CHECK(Require(caller, Permission::kReadMassTesting));
    if (round_id) WANGGE_CHECK(internal::LoadVisibleRound(rounds_, caller, *round_id));
    std::vector<SamplePoint> points;
    if (area_id) {
        WANGGE_TRY(area, internal::AreaInScope(registry_, caller, *area_id));
        WANGGE_TRY(below, points_.ListPoints(area.path, round_id, kPointListLimit));
        points = std::move(below);
    } else {
        // The areas above the caller's, then the caller's subtree: (path, id) order throughout.
        std::vector<std::string> above;
        for (std::size_t end = caller.area_path.find('/', 1);
             end != std::string::npos && end + 1 < caller.area_path.size(); end = caller.area_path.find('/', end + 1))
            above.push_back(caller.area_path.substr(0, end + 1));
        if (!above.empty()) {
            WANGGE_TRY(at, points_.ListPointsAt(above, round_id));
            points = std::move(at);
        }
        WANGGE_TRY(below, points_.ListPoints(caller.area_path, round_id, kPointListLimit));
        points.insert(points.end(), std::make_move_iterator(below.begin()), std::make_move_iterator(below.end()));
    }
    std::vector<SamplePointView> out;
    out.reserve(points.size());
    for (auto& p : points) {
        WANGGE_TRY(view, View(std::move(p)));
        out.push_back(std::move(view));
    }
    return out;
}

Status SamplePointService::AssignBuilding(const Caller& caller, std::int64_t point_id, std::int64_t building_id) {
    WANGGE_TRY(point, Editable(caller, point_id));
    auto building = registry_.GetArea(building_id);
    if (!building && building.error().code != ErrorCode::kNotFound) return Fail(building.error());
    if (!building || !caller.InScope(building->path))
        return Fail(ErrorCode::kInvalidArgument, "楼栋不存在或不在您的管辖范围内 (building not found in your scope)",
                    "building_id");
    if (building->level != AreaLevel::kBuilding || !building->path.starts_with(point.path))
        return Fail(ErrorCode::kInvalidArgument,
                    "只能分配采样点所在区域内的楼栋 (only buildings inside the point's area can be assigned)",
                    "building_id");
    return points_.AssignBuilding(point, building->id, building->path, clock_.Now());
}

Status SamplePointService::UnassignBuilding(const Caller& caller, std::int64_t point_id, std::int64_t building_id) {
    WANGGE_TRY(point, Editable(caller, point_id));
    auto removed = points_.UnassignBuilding(point.id, building_id);
    if (!removed && removed.error().code == ErrorCode::kNotFound) return NotFound("楼栋分配", "building assignment");
    return removed;
}

Result<SamplePointView> SamplePointService::Bind(const Caller& caller, std::int64_t point_id) {
    WANGGE_CHECK(Require(caller, Permission::kScanSamples));
    WANGGE_TRY(point, Visible(caller, point_id));
    if (point.round_id) {
        WANGGE_TRY(round, rounds_.GetRound(*point.round_id));
        if (round.status == RoundStatus::kClosed)
            return Fail(ErrorCode::kFailedPrecondition, "该采样点所属轮次已结束 (the point's round is closed)");
    }
    WANGGE_CHECK(points_.BindSampler(SamplerBinding{caller.user_id, point.id, clock_.Now()}));
    return View(std::move(point));
}

Status SamplePointService::Unbind(const Caller& caller) {
    WANGGE_CHECK(Require(caller, Permission::kScanSamples));
    return points_.UnbindSampler(caller.user_id);
}

Result<std::optional<SamplePointView>> SamplePointService::Binding(const Caller& caller) {
    WANGGE_CHECK(Require(caller, Permission::kReadMassTesting));
    WANGGE_TRY(binding, points_.GetBinding(caller.user_id));
    if (!binding) return std::optional<SamplePointView>();
    auto point = points_.GetPoint(binding->point_id);
    if (!point) {
        if (point.error().code == ErrorCode::kNotFound) return std::optional<SamplePointView>();
        return Fail(point.error());
    }
    WANGGE_TRY(view, View(std::move(*point)));
    return std::optional<SamplePointView>(std::move(view));
}

}  // namespace wangge::masstest
