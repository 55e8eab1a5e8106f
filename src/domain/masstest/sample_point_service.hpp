#pragma once
// Sample points (采样点) as callers see them: a place with lanes and a crew in an area, the buildings it
// serves, and the point a sampler's device is bound to (tubes the sampler opens carry it). Points are
// kept by kDispatchFieldWork inside the caller's scope; anyone with kReadMassTesting sees the points of
// their area, below it and above it (a grid's sampler binds to the community's point). Thread-safe as
// far as the repositories are.
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/auth/user.hpp"
#include "domain/masstest/followup_repository.hpp"
#include "domain/registry/registry_repository.hpp"

namespace wangge::masstest {

struct SamplePointDraft {
    std::optional<std::int64_t> round_id;  // absent: standing
    std::int64_t area_id = 0;
    std::string name, place;
    int lanes = 1;
    std::vector<CrewMember> crew;
};

// A partial edit; absent fields keep their value.
struct SamplePointPatch {
    std::optional<std::string> name, place;
    std::optional<int> lanes;
    std::optional<std::vector<CrewMember>> crew;
};

struct SamplePointView {
    SamplePoint point;
    registry::Area area;
    std::vector<PointBuilding> buildings;  // filled by Get only
};

class SamplePointService {
  public:
    // Borrows everything, which must outlive this.
    SamplePointService(SamplePointRepository& points, MassTestRepository& rounds,
                       registry::RegistryRepository& registry, const Clock& clock);

    // kInvalidArgument naming the field (name 1–50 characters, place up to 200, lanes 1–50, crew up to
    // 100 with names); the area must be in the caller's scope and, with a round, inside the round.
    Result<SamplePointView> Create(const auth::Caller& caller, const SamplePointDraft& draft);
    Result<SamplePointView> Get(const auth::Caller& caller, std::int64_t id);
    // kAborted when `expected_version` is stale.
    Result<SamplePointView> Update(const auth::Caller& caller, std::int64_t id, std::int64_t expected_version,
                                   const SamplePointPatch& patch);
    // Points under `area_id` (default: the caller's area, plus the points of the areas above it), with
    // `round_id`: that round's and the standing ones.
    Result<std::vector<SamplePointView>> List(const auth::Caller& caller, std::optional<std::int64_t> area_id,
                                              std::optional<std::int64_t> round_id);

    // The building (level building, inside the point's area and the caller's scope) is served by the
    // point from now on. Idempotent.
    Status AssignBuilding(const auth::Caller& caller, std::int64_t point_id, std::int64_t building_id);
    Status UnassignBuilding(const auth::Caller& caller, std::int64_t point_id, std::int64_t building_id);

    // Binds the caller's device (their account) to a point they can see (kScanSamples).
    Result<SamplePointView> Bind(const auth::Caller& caller, std::int64_t point_id);
    Status Unbind(const auth::Caller& caller);
    // The caller's point, if bound.
    Result<std::optional<SamplePointView>> Binding(const auth::Caller& caller);

  private:
    Result<SamplePoint> Visible(const auth::Caller& caller, std::int64_t id);
    Result<SamplePoint> Editable(const auth::Caller& caller, std::int64_t id);
    Result<SamplePointView> View(SamplePoint point);

    SamplePointRepository& points_;
    MassTestRepository& rounds_;
    registry::RegistryRepository& registry_;
    const Clock& clock_;
};

}  // namespace wangge::masstest
