#pragma once
// `wangge seed`: fills an empty database with a realistic registry — the real division tree of
// a district or a city down to every community and village, and generated grids, buildings,
// households and residents below them. Deterministic: the same options give byte-identical rows.
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "app/seed/division_tree.hpp"
#include "common/id_number.hpp"
#include "common/result.hpp"
#include "storage/database.hpp"

namespace wangge::seed {

enum class SeedPreset {
    kDistrict,  // 古塔区, 锦州市 (210702): ~250,000 residents
    kCity,      // 沈阳市 (2101): ~9,000,000 residents in ~3,500,000 households, 13 districts
};
std::optional<SeedPreset> ParseSeedPreset(std::string_view name);  // "district" | "city"

// Whether the secondary (non-unique) indexes of households and residents are dropped for the
// load and rebuilt after it. kAuto: for a million residents or more. Measured on SQLite (2 cores,
// city preset): kept, the random-keyed name and phone indexes slow the load to ~11,000
// residents/s after a few million rows (over 14 minutes in all); dropped and rebuilt, the whole
// seed takes ~3.5 minutes. The rebuild sorts in SQLite's temp store, ~0.7 GB of memory at 9M.
enum class RebuildIndexes { kAuto, kNo, kYes };

struct SeedOptions {
    SeedPreset preset = SeedPreset::kDistrict;
    std::uint64_t seed = 1;
    std::string division_dir = std::string(kDefaultDivisionDir);
    std::string division_code;              // overrides the preset's: 2, 4, 6 or 9 digits
    std::int64_t target_residents = 0;      // overrides the preset's; the result is within a few percent
    CivilDate reference_date{2025, 6, 30};  // "today" of the data: ages, infants, timestamps
    RebuildIndexes rebuild_indexes = RebuildIndexes::kAuto;
};

// An area the demo accounts are attached to.
struct SeedArea {
    std::int64_t id = 0;
    std::string code;
    std::string name;
    std::string path;
};

struct SeedReport {
    std::int64_t areas = 0, grids = 0, buildings = 0, households = 0, residents = 0;
    std::int64_t communities = 0, villages = 0;
    double seconds = 0;
    // For demo users: the district (古塔区 in the district preset, the first district of a city),
    // a street (敬业街道 when present), two communities of it (新铁社区, 华工社区), a community of
    // another street (西长社区), and the first grid of the first community.
    SeedArea city, district, street, community, community2, other_community, grid;
};

struct SeedProgress {
    std::int64_t communities_done = 0, communities_total = 0;
    std::int64_t residents_done = 0, residents_target = 0;
};
using SeedProgressFn = std::function<void(const SeedProgress&)>;

// Seeds `db`, which must hold the migrated schema and no areas. Writes in transactions of about
// 100,000 rows, generating a community, writing it and forgetting it, so memory stays flat.
// Calls `progress` after each community. Errors: kFailedPrecondition when the database already
// has areas; kNotFound when the division data is missing (run npm ci in data/divisions) or the
// code is unknown; storage errors as they come (a failed load leaves the committed part behind:
// seed a fresh database again).
Result<SeedReport> Seed(storage::Database& db, const SeedOptions& options, const SeedProgressFn& progress = {});

}  // namespace wangge::seed
