#pragma once
// The plan of a seed: ids, paths and depths for the real division tree (province → city →
// districts → streets → communities and villages), and how many households each community or
// village gets. Pure and deterministic.
#include <cstdint>
#include <string>
#include <vector>

#include "app/seed/community_generator.hpp"
#include "app/seed/division_tree.hpp"

namespace wangge::seed {

struct CommunityTask {
    std::size_t area_index = 0;  // into SeedPlan::areas
    std::string district_code;   // 6 digits: registered residents' division code
    std::int64_t households = 0;
};

struct SeedPlan {
    std::vector<registry::Area> areas;       // the real tree in depth-first order, ids from 1; counters zero
    std::vector<CommunityTask> communities;  // in area order
    IdCounters next_ids;                     // what the generated levels continue from
};

// Mean household size of PopulationModel's size distribution (1..7 persons).
inline constexpr double kMeanHouseholdSize = 2.60;

// Shares `households` among the tree's communities and villages by a size weight drawn from
// `seed` (communities 0.55-1.55, villages a third of that: rural units are smaller).
SeedPlan PlanSeed(const DivisionNode& tree, std::int64_t households, std::uint64_t seed);

}  // namespace wangge::seed
