#include "domain/registry/area.hpp"

#include <array>
#include <utility>

namespace wangge::registry {
namespace {
constexpr std::array<std::pair<AreaLevel, std::string_view>, 8> kLevelNames = {{
    {AreaLevel::kProvince, "province"},
    {AreaLevel::kCity, "city"},
    {AreaLevel::kDistrict, "district"},
    {AreaLevel::kStreet, "street"},
    {AreaLevel::kCommunity, "community"},
    {AreaLevel::kVillage, "village"},
    {AreaLevel::kGrid, "grid"},
    {AreaLevel::kBuilding, "building"},
}};
}  // namespace

std::string_view AreaLevelName(AreaLevel level) {
    for (const auto& [l, name] : kLevelNames)
        if (l == level) return name;
    return "community";
}

std::optional<AreaLevel> ParseAreaLevel(std::string_view name) {
    for (const auto& [l, n] : kLevelNames)
        if (n == name) return l;
    return std::nullopt;
}

}  // namespace wangge::registry
