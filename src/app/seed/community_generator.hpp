#pragma once
// Generates what lies below one real community or village: grids (第N网格, code = community code
// + 2 digits) of ~300-500 households, buildings (N号楼 with 1-6 units; in villages N组 groups,
// code = grid code + 3 digits), households at a unit and room ("502"; in villages the house
// number), and their residents with unique, valid ID numbers. Pure: no storage.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "app/seed/id_allocator.hpp"
#include "app/seed/population.hpp"
#include "common/clock.hpp"
#include "domain/registry/area.hpp"
#include "domain/registry/resident.hpp"

namespace wangge::seed {

// The next ids to hand out; ids are assigned here so that the same seed gives the same rows.
struct IdCounters {
    std::int64_t next_area = 1;
    std::int64_t next_household = 1;
    std::int64_t next_resident = 1;
};

struct CommunityData {
    std::vector<registry::Area> areas;  // grids and buildings, parents before children, counters filled
    std::vector<registry::Household> households;
    std::vector<registry::Resident> residents;
};

// Where floating residents come from: every district of the country but the home one, most
// from the home province, many from the neighbouring provinces.
class OriginPicker {
  public:
    // `national` is every district code (LoadDistrictCodes); `home_district` a 6-digit code.
    OriginPicker(const std::vector<std::string>& national, std::string_view home_district);
    std::string_view Draw(Rng& rng) const;

  private:
    std::vector<std::string> same_province_, neighbours_, elsewhere_;
};

class CommunityGenerator {
  public:
    // All references must outlive the generator; `allocator` is shared by every community of a
    // seed, which keeps ID numbers unique across them.
    CommunityGenerator(const PopulationModel& population, IdAllocator& allocator, const OriginPicker& origins,
                       std::uint64_t seed, EpochMillis timestamp);

    // Generates about `households` households under `community` (id, code, path, depth and level
    // set; level kCommunity or kVillage). Registered residents carry `district_code`. Advances
    // `ids`. The same seed, community code and allocator state give the same data.
    CommunityData Generate(const registry::Area& community, std::string_view district_code, std::int64_t households,
                           IdCounters& ids);

  private:
    const PopulationModel& population_;
    IdAllocator& allocator_;
    const OriginPicker& origins_;
    std::uint64_t seed_;
    EpochMillis timestamp_;
};

}  // namespace wangge::seed
