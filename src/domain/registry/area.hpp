#pragma once
// The area tree: city → district → street → community (or village) → grid → building.
// Any depth is allowed; `level` says what a node is. Every node carries its materialised
// path "/1/7/42/" so that "is X inside Y" and "everything under Y" are string-prefix tests.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wangge::registry {

enum class AreaLevel { kProvince, kCity, kDistrict, kStreet, kCommunity, kVillage, kGrid, kBuilding };

std::string_view AreaLevelName(AreaLevel level);  // "community"
std::optional<AreaLevel> ParseAreaLevel(std::string_view name);

struct Area {
    std::int64_t id = 0;
    std::optional<std::int64_t> parent_id;
    std::string code;  // GB/T 2260 + community codes above the grid; generated below
    std::string name;
    AreaLevel level = AreaLevel::kCommunity;
    std::string path;  // "/1/7/42/", ends with this area's id
    int depth = 0;
    std::int64_t household_count = 0;  // whole subtree
    std::int64_t resident_count = 0;   // whole subtree
    std::int64_t child_count = 0;
};

// True when `path` is `scope` itself or lies below it.
inline bool PathWithin(std::string_view path, std::string_view scope) { return path.starts_with(scope); }

// The exclusive upper bound of the subtree range [scope, bound): scope with its final '/' as '0'.
inline std::string PathUpperBound(std::string_view scope) {
    std::string bound(scope);
    if (!bound.empty()) bound.back() = '0';
    return bound;
}

// The path of a child of `parent_path` with id `id`.
inline std::string ChildPath(std::string_view parent_path, std::int64_t id) {
    return std::string(parent_path.empty() ? "/" : parent_path) + std::to_string(id) + "/";
}

}  // namespace wangge::registry
