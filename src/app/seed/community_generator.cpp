#include "app/seed/community_generator.hpp"

#include <algorithm>
#include <array>
#include <cstdio>

namespace wangge::seed {
namespace {

using registry::Area;
using registry::AreaLevel;
using registry::Household;
using registry::Registration;
using registry::Resident;

constexpr std::int64_t kHouseholdsPerGrid = 400;  // grids hold ~300-500
constexpr double kUrbanFloating = 0.21;           // share of households registered elsewhere
constexpr double kVillageFloating = 0.08;
constexpr double kOccupancy = 0.93;  // flats lived in

// Neighbours of Liaoning and the provinces migrants to the north-east come from most.
constexpr std::array<std::string_view, 6> kNeighbourProvinces = {"22", "23", "15", "13", "37", "21"};

std::string Digits(std::int64_t value, int width) {
    char buf[24];
    std::snprintf(buf, sizeof buf, "%0*lld", width, static_cast<long long>(value));
    return buf;
}

Area MakeArea(IdCounters& ids, const Area& parent, std::string code, std::string name, AreaLevel level) {
    Area a;
    a.id = ids.next_area++;
    a.parent_id = parent.id;
    a.code = std::move(code);
    a.name = std::move(name);
    a.level = level;
    a.path = registry::ChildPath(parent.path, a.id);
    a.depth = parent.depth + 1;
    return a;
}

// A residential building's shape: units side by side, floors, flats per floor per unit.
struct Layout {
    int units, floors, flats;
};

Layout DrawLayout(Rng& rng) {
    static const WeightedChoice kUnits({10, 20, 25, 20, 15, 10});  // 1..6 units
    static const std::array<int, 7> kFloors = {5, 6, 7, 11, 18, 26, 33};
    static const WeightedChoice kFloorChoice({15, 35, 15, 10, 12, 8, 5});
    Layout l;
    l.units = static_cast<int>(kUnits(rng)) + 1;
    l.floors = kFloors[kFloorChoice(rng)];
    l.flats = l.floors >= 11 ? static_cast<int>(rng.Between(2, 4)) : 2;
    if (l.floors >= 18) l.units = std::min(l.units, 3);  // towers have few stairwells
    return l;
}

}  // namespace

OriginPicker::OriginPicker(const std::vector<std::string>& national, std::string_view home_district) {
    const std::string_view home_province = home_district.substr(0, 2);
    for (const auto& code : national) {
        if (code == home_district) continue;
        std::string_view province = std::string_view(code).substr(0, 2);
        if (province == home_province)
            same_province_.push_back(code);
        else if (std::find(kNeighbourProvinces.begin(), kNeighbourProvinces.end(), province) !=
                 kNeighbourProvinces.end())
            neighbours_.push_back(code);
        else
            elsewhere_.push_back(code);
    }
}

std::string_view OriginPicker::Draw(Rng& rng) const {
    double r = rng.Unit();
    const auto& pool = r < 0.5 && !same_province_.empty() ? same_province_
                       : r < 0.8 && !neighbours_.empty()  ? neighbours_
                       : !elsewhere_.empty()              ? elsewhere_
                                                          : same_province_;
    return pool[rng.Below(pool.size())];
}

CommunityGenerator::CommunityGenerator(const PopulationModel& population, IdAllocator& allocator,
                                       const OriginPicker& origins, std::uint64_t seed, EpochMillis timestamp)
    : population_(population), allocator_(allocator), origins_(origins), seed_(seed), timestamp_(timestamp) {}

CommunityData CommunityGenerator::Generate(const Area& community, std::string_view district_code,
                                           std::int64_t households, IdCounters& ids) {
    Rng rng = Rng::For(seed_, community.code);
    const bool village = community.level == AreaLevel::kVillage;
    CommunityData out;
    const std::int64_t grids = std::max<std::int64_t>(1, (households + kHouseholdsPerGrid / 2) / kHouseholdsPerGrid);
    int building_number = 0;

    auto add_household = [&](Area& building, Area& grid, std::string unit, std::string room) {
        Household h;
        h.id = ids.next_household++;
        h.building_id = building.id;
        h.path = building.path;
        h.unit = std::move(unit);
        h.room = std::move(room);
        h.created_at = timestamp_;
        const bool floating = rng.Chance(village ? kVillageFloating : kUrbanFloating);
        const std::string origin(floating ? origins_.Draw(rng) : district_code);
        auto members = population_.DrawHousehold(rng, population_.DrawHouseholdSize(rng));
        for (auto& p : members) {
            Resident r;
            r.id = ids.next_resident++;
            r.household_id = h.id;
            r.path = building.path;
            r.name = std::move(p.name);
            r.sex = p.sex;
            r.birth_date = p.birth;
            r.id_number = allocator_.Allocate(origin, p.sex, r.birth_date);
            r.phone = std::move(p.phone);
            r.registration = floating ? Registration::kFloating : Registration::kRegistered;
            r.relation = std::string(p.relation);
            r.tags = p.tags;
            r.updated_at = timestamp_;
            if (p.relation == "head") h.head_resident_id = r.id;
            out.residents.push_back(std::move(r));
        }
        h.member_count = static_cast<std::int64_t>(members.size());
        building.household_count += 1;
        building.resident_count += h.member_count;
        grid.household_count += 1;
        grid.resident_count += h.member_count;
        out.households.push_back(std::move(h));
    };

    for (std::int64_t g = 0; g < grids; ++g) {
        std::int64_t target = households / grids + (g < households % grids ? 1 : 0);
        out.areas.push_back(MakeArea(ids, community, community.code + Digits(g + 1, 2),
                                     "第" + std::to_string(g + 1) + "网格", AreaLevel::kGrid));
        const std::size_t grid_index = out.areas.size() - 1;
        int buildings_in_grid = 0;
        while (target > 0) {
            ++building_number;
            ++buildings_in_grid;
            Area building =
                MakeArea(ids, out.areas[grid_index], out.areas[grid_index].code + Digits(buildings_in_grid, 3),
                         std::to_string(building_number) + (village ? "组" : "号楼"), AreaLevel::kBuilding);
            out.areas[grid_index].child_count += 1;
            Area& grid = out.areas[grid_index];
            if (village) {
                const std::int64_t n = std::min<std::int64_t>(target, rng.Between(25, 70));
                for (std::int64_t k = 1; k <= n; ++k) add_household(building, grid, "", std::to_string(k));
                target -= n;
            } else {
                const Layout l = DrawLayout(rng);
                for (int u = 1; u <= l.units && target > 0; ++u)
                    for (int f = 1; f <= l.floors && target > 0; ++f)
                        for (int k = 1; k <= l.flats && target > 0; ++k) {
                            if (!rng.Chance(kOccupancy)) continue;
                            add_household(building, grid, std::to_string(u), std::to_string(f * 100 + k));
                            --target;
                        }
            }
            out.areas.push_back(std::move(building));
        }
    }
    return out;
}

}  // namespace wangge::seed
