#include "app/seed/seed_plan.hpp"

namespace wangge::seed {
namespace {

using registry::Area;
using registry::AreaLevel;

constexpr double kVillageWeight = 0.33;
constexpr std::uint64_t kWeightScale = 1'000'000;

// `parent` is copied, not referenced: plan.areas grows (and moves) while the tree is walked.
void AddNode(const DivisionNode& node, const Area* parent, const std::string& district_code, SeedPlan& plan) {
    Area a;
    a.id = plan.next_ids.next_area++;
    if (parent) a.parent_id = parent->id;
    a.code = node.code;
    a.name = node.name;
    a.level = node.level;
    a.path = registry::ChildPath(parent ? parent->path : "/", a.id);
    a.depth = parent ? parent->depth + 1 : 0;
    a.child_count = static_cast<std::int64_t>(node.children.size());
    plan.areas.push_back(a);
    const std::size_t index = plan.areas.size() - 1;
    const std::string& district = node.level == AreaLevel::kDistrict ? node.code : district_code;
    if (node.level == AreaLevel::kCommunity || node.level == AreaLevel::kVillage) {
        plan.communities.push_back({index, district, 0});
        return;
    }
    const Area self = plan.areas[index];
    for (const auto& child : node.children) AddNode(child, &self, district, plan);
}

}  // namespace

SeedPlan PlanSeed(const DivisionNode& tree, std::int64_t households, std::uint64_t seed) {
    SeedPlan plan;
    AddNode(tree, nullptr, std::string(), plan);
    if (plan.communities.empty()) return plan;
    Rng rng = Rng::For(seed, "plan");
    std::vector<std::uint64_t> weights;
    unsigned __int128 total = 0;
    for (const auto& task : plan.communities) {
        double w = 0.55 + rng.Unit();
        if (plan.areas[task.area_index].level == AreaLevel::kVillage) w *= kVillageWeight;
        weights.push_back(static_cast<std::uint64_t>(w * kWeightScale));
        total += weights.back();
    }
    std::int64_t given = 0;
    for (std::size_t i = 0; i < plan.communities.size(); ++i) {
        auto share = static_cast<std::int64_t>(static_cast<unsigned __int128>(households) * weights[i] / total);
        plan.communities[i].households = share;
        given += share;
    }
    for (std::size_t i = 0; given < households; i = (i + 1) % plan.communities.size(), ++given)
        plan.communities[i].households += 1;
    return plan;
}

}  // namespace wangge::seed
