#include "domain/masstest/followup_checks.hpp"

#include <algorithm>

namespace wangge::masstest::internal {

bool RoundOverlaps(const Round& round, std::string_view scope) {
    for (const auto& p : round.area_paths)
        if (PathsOverlap(p, scope)) return true;
    return false;
}

Result<Round> LoadVisibleRound(MassTestRepository& rounds, const auth::Caller& caller, std::int64_t id) {
    auto round = rounds.GetRound(id);
    if (!round) {
        if (round.error().code == ErrorCode::kNotFound) return NotFound("检测轮次", "round");
        return Fail(round.error());
    }
    if (!RoundOverlaps(*round, caller.area_path)) return NotFound("检测轮次", "round");
    return round;
}

Result<registry::Area> AreaInScope(registry::RegistryRepository& registry, const auth::Caller& caller,
                                   std::int64_t id) {
    auto area = registry.GetArea(id);
    if (!area && area.error().code != ErrorCode::kNotFound) return Fail(area.error());
    if (!area || !caller.InScope(area->path)) return NotFound("区域", "area");
    return area;
}

int ClampLimit(int limit) { return std::clamp(limit <= 0 ? 50 : limit, 1, 500); }

}  // namespace wangge::masstest::internal
