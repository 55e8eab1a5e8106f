#include "app/seed/seed.hpp"

#include <chrono>
#include <unordered_map>

#include "app/seed/community_generator.hpp"
#include "app/seed/seed_plan.hpp"
#include "app/seed/seed_rows.hpp"

namespace wangge::seed {
namespace {

using registry::Area;
using registry::AreaLevel;

struct PresetSpec {
    std::string_view division_code;
    std::int64_t residents;
};
constexpr PresetSpec kDistrictPreset = {"210702", 250'000};
constexpr PresetSpec kCityPreset = {"2101", 9'000'000};

constexpr std::int64_t kRowsPerTransaction = 100'000;
constexpr std::int64_t kRebuildIndexesFrom = 1'000'000;  // residents; see RebuildIndexes::kAuto

constexpr std::string_view kCountAreas = "SELECT count(*) FROM areas";

EpochMillis MillisOf(const CivilDate& date) { return DaysFromCivil(date) * 86'400'000 - 8 * 3'600'000; }  // 00:00 CST

SeedArea ToSeedArea(const Area& a) { return {a.id, a.code, a.name, a.path}; }

// Picks the demo areas: by name when the Guta data is there, else the first ones of the kind.
void PickDemoAreas(const SeedPlan& plan, SeedReport& report) {
    auto find = [&](AreaLevel level, std::string_view name, std::int64_t parent,
                    std::int64_t not_parent) -> const Area* {
        const Area* first = nullptr;
        for (const auto& a : plan.areas) {
            if (a.level != level || (parent && a.parent_id != parent) || (not_parent && a.parent_id == not_parent))
                continue;
            if (a.name == name) return &a;
            if (!first) first = &a;
        }
        return first;
    };
    auto set = [](SeedArea& out, const Area* a) {
        if (a) out = ToSeedArea(*a);
    };
    const Area* city = find(AreaLevel::kCity, "", 0, 0);
    set(report.city, city);
    const Area* district = find(AreaLevel::kDistrict, "古塔区", 0, 0);
    set(report.district, district);
    const Area* street = find(AreaLevel::kStreet, "敬业街道", district ? district->id : 0, 0);
    set(report.street, street);
    const std::int64_t street_id = street ? street->id : 0;
    const Area* first = find(AreaLevel::kCommunity, "新铁社区", street_id, 0);
    set(report.community, first);
    const Area* second = find(AreaLevel::kCommunity, "华工社区", street_id, 0);
    if (second == first) {  // no 华工社区: the next community of the street
        second = nullptr;
        for (const auto& a : plan.areas)
            if (!second && a.level == AreaLevel::kCommunity && a.parent_id == street_id && &a != first) second = &a;
    }
    set(report.community2, second);
    set(report.other_community, find(AreaLevel::kCommunity, "西长社区", 0, street_id));
}

// Adds a community's totals to it and to every ancestor in the plan.
void AddUp(const Area& community, std::int64_t households, std::int64_t residents, std::int64_t grids, SeedPlan& plan,
           const std::unordered_map<std::int64_t, std::size_t>& index_of) {
    plan.areas[index_of.at(community.id)].child_count = grids;
    for (std::optional<std::int64_t> id = community.id; id;) {
        Area& a = plan.areas[index_of.at(*id)];
        a.household_count += households;
        a.resident_count += residents;
        id = a.parent_id;
    }
}

}  // namespace

std::optional<SeedPreset> ParseSeedPreset(std::string_view name) {
    if (name == "district") return SeedPreset::kDistrict;
    if (name == "city") return SeedPreset::kCity;
    return std::nullopt;
}

Result<SeedReport> Seed(storage::Database& db, const SeedOptions& options, const SeedProgressFn& progress) {
    const auto started = std::chrono::steady_clock::now();
    const PresetSpec preset = options.preset == SeedPreset::kCity ? kCityPreset : kDistrictPreset;
    const std::string code = options.division_code.empty() ? std::string(preset.division_code) : options.division_code;
    const std::int64_t target = options.target_residents > 0 ? options.target_residents : preset.residents;

    std::int64_t existing = 0;
    WANGGE_CHECK(db.Read([&](storage::Connection& conn) -> Status {
        WANGGE_TRY(n, storage::QueryInt(conn, kCountAreas));
        existing = n;
        return {};
    }));
    if (existing > 0)
        return Fail(ErrorCode::kFailedPrecondition,
                    "数据库中已有" + std::to_string(existing) +
                        "个区域，seed 只能写入空数据库 (the database already has areas; seed an empty database)");

    WANGGE_TRY(tree, LoadDivisionTree(code, options.division_dir));
    WANGGE_TRY(national, LoadDistrictCodes(options.division_dir));
    SeedPlan plan = PlanSeed(tree, static_cast<std::int64_t>(target / kMeanHouseholdSize + 0.5), options.seed);
    std::unordered_map<std::int64_t, std::size_t> index_of;
    for (std::size_t i = 0; i < plan.areas.size(); ++i) index_of[plan.areas[i].id] = i;

    SeedReport report;
    PickDemoAreas(plan, report);
    const bool rebuild = options.rebuild_indexes == RebuildIndexes::kYes ||
                         (options.rebuild_indexes == RebuildIndexes::kAuto && target >= kRebuildIndexesFrom);
    std::vector<IndexDefinition> dropped;
    WANGGE_CHECK(db.Write([&](storage::Connection& conn) -> Status {
        WANGGE_CHECK(InsertAreas(conn, plan.areas));
        if (rebuild) {
            WANGGE_TRY(indexes, DropSecondaryIndexes(conn));
            dropped = std::move(indexes);
        }
        return {};
    }));

    const PopulationModel population(options.reference_date);
    IdAllocator allocator;
    std::unordered_map<std::string, OriginPicker> origins;  // by home district
    const EpochMillis timestamp = MillisOf(options.reference_date);
    IdCounters ids = plan.next_ids;
    SeedProgress state{0, static_cast<std::int64_t>(plan.communities.size()), 0, target};
    std::size_t next = 0;
    Status load_status;
    while (next < plan.communities.size() && load_status) {
        load_status = db.Write([&](storage::Connection& conn) -> Status {
            std::int64_t rows = 0;
            while (next < plan.communities.size() && rows < kRowsPerTransaction) {
                const CommunityTask& task = plan.communities[next];
                const Area community = plan.areas[task.area_index];
                auto origin = origins.try_emplace(task.district_code, national, task.district_code).first;
                CommunityGenerator generator(population, allocator, origin->second, options.seed, timestamp);
                CommunityData data = generator.Generate(community, task.district_code, task.households, ids);
                WANGGE_CHECK(InsertAreas(conn, data.areas));
                WANGGE_CHECK(InsertHouseholds(conn, data.households));
                WANGGE_CHECK(InsertResidents(conn, data.residents));
                std::int64_t grids = 0;
                for (const auto& a : data.areas) {
                    if (a.level == AreaLevel::kGrid)
                        ++grids;
                    else
                        ++report.buildings;
                    if (a.level == AreaLevel::kGrid && community.id == report.community.id && report.grid.id == 0)
                        report.grid = ToSeedArea(a);
                }
                report.grids += grids;
                const auto households = static_cast<std::int64_t>(data.households.size());
                const auto residents = static_cast<std::int64_t>(data.residents.size());
                AddUp(community, households, residents, grids, plan, index_of);
                (community.level == AreaLevel::kVillage ? report.villages : report.communities) += 1;
                report.households += households;
                report.residents += residents;
                report.areas += static_cast<std::int64_t>(data.areas.size());
                rows += static_cast<std::int64_t>(data.areas.size()) + households + residents;
                ++next;
                state.communities_done = static_cast<std::int64_t>(next);
                state.residents_done = report.residents;
                if (progress) progress(state);
            }
            return {};
        });
    }
    // Indexes come back even when the load failed, so the database is never left without them.
    Status finish = db.Write([&](storage::Connection& conn) -> Status {
        WANGGE_CHECK(CreateIndexes(conn, dropped));
        if (!load_status) return {};
        WANGGE_CHECK(UpdateAreaCounters(conn, plan.areas));
        return AdvanceSequences(conn);
    });
    if (!load_status) return Fail(load_status.error());
    if (!finish) return Fail(finish.error());
    report.areas += static_cast<std::int64_t>(plan.areas.size());
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    return report;
}

}  // namespace wangge::seed
