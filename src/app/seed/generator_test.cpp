// The generator without a database: a few communities, checked row by row.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "app/seed/community_generator.hpp"
#include "app/seed/names.hpp"
#include "app/seed/seed_plan.hpp"

namespace wangge::seed {
namespace {

using registry::Area;
using registry::AreaLevel;
using registry::Registration;
using registry::Tag;

const CivilDate kReference{2025, 6, 30};
const std::vector<std::string> kNational = {"110101", "130102", "210102", "210702", "210703",
                                            "220102", "370102", "440103", "510104"};

DivisionNode Node(std::string code, std::string name, AreaLevel level, std::vector<DivisionNode> children = {}) {
    return DivisionNode{std::move(code), std::move(name), level, std::move(children)};
}

DivisionNode SmallTree() {
    return Node("21", "辽宁省", AreaLevel::kProvince,
                {Node("2107", "锦州市", AreaLevel::kCity,
                      {Node("210702", "古塔区", AreaLevel::kDistrict,
                            {Node("210702004", "敬业街道", AreaLevel::kStreet,
                                  {Node("210702004002", "新铁社区", AreaLevel::kCommunity),
                                   Node("210702004003", "华工社区", AreaLevel::kCommunity),
                                   Node("210702004200", "钟屯村", AreaLevel::kVillage)})})})});
}

struct Generated {
    SeedPlan plan;
    std::vector<CommunityData> communities;
};

Generated Generate(std::uint64_t seed, std::int64_t households) {
    Generated g;
    g.plan = PlanSeed(SmallTree(), households, seed);
    PopulationModel population(kReference);
    IdAllocator allocator;
    OriginPicker origins(kNational, "210702");
    CommunityGenerator generator(population, allocator, origins, seed, 1'750'000'000'000);
    IdCounters ids = g.plan.next_ids;
    for (const auto& task : g.plan.communities)
        g.communities.push_back(
            generator.Generate(g.plan.areas[task.area_index], task.district_code, task.households, ids));
    return g;
}

std::uint64_t Hash(const Generated& g, std::size_t max_residents) {
    std::uint64_t h = 0;
    auto mix = [&](const std::string& s) { h = h * 0x100000001B3ull ^ HashText(s); };
    std::size_t n = 0;
    for (const auto& c : g.communities) {
        for (const auto& a : c.areas) mix(std::to_string(a.id) + a.code + a.name + a.path);
        for (const auto& hh : c.households) mix(std::to_string(hh.id) + hh.unit + "/" + hh.room);
        for (const auto& r : c.residents) {
            if (n++ == max_residents) return h;
            mix(std::to_string(r.id) + r.name + r.id_number + r.phone + r.relation + std::to_string(r.tags));
        }
    }
    return h;
}

TEST(GeneratorTest, IdNumbersAreValidUniqueAndAgreeWithTheResident) {
    Generated g = Generate(7, 3000);
    std::set<std::string> seen;
    std::int64_t floating = 0, residents = 0;
    for (const auto& c : g.communities)
        for (const auto& r : c.residents) {
            ++residents;
            auto info = ParseIdNumber(r.id_number, kReference);
            ASSERT_TRUE(info) << r.id_number << ": " << info.error().message;
            EXPECT_TRUE(seen.insert(r.id_number).second) << "duplicate " << r.id_number;
            EXPECT_EQ(info->sex, r.sex);
            EXPECT_EQ(info->birth_date, r.birth_date);
            if (r.registration == Registration::kRegistered) {
                EXPECT_EQ(info->division_code, "210702");
            } else {
                ++floating;
                EXPECT_NE(info->division_code, "210702");
            }
        }
    EXPECT_GT(residents, 6000);
    EXPECT_NEAR(static_cast<double>(floating) / residents, 0.19, 0.05);
}

TEST(GeneratorTest, AllocatorStaysUniqueWhenADateRunsOut) {
    IdAllocator allocator;
    std::set<std::string> seen;
    for (int i = 0; i < 1200; ++i) {
        CivilDate birth{1990, 5, 17};
        std::string id = allocator.Allocate("210702", i % 2 ? Sex::kMale : Sex::kFemale, birth);
        ASSERT_TRUE(seen.insert(id).second) << id;
        auto info = ParseIdNumber(id);
        ASSERT_TRUE(info);
        EXPECT_EQ(info->birth_date, birth);
        EXPECT_EQ(info->sex, i % 2 ? Sex::kMale : Sex::kFemale);
    }
    EXPECT_EQ(allocator.pairs(), 2u);  // 1990-05-17 filled up, then 05-18
}

TEST(GeneratorTest, SameSeedSameRowsOtherSeedOtherRows) {
    EXPECT_EQ(Hash(Generate(42, 2000), 1000), Hash(Generate(42, 2000), 1000));
    EXPECT_NE(Hash(Generate(42, 2000), 1000), Hash(Generate(43, 2000), 1000));
}

TEST(GeneratorTest, AreasFollowTheCodeAndPathRules) {
    Generated g = Generate(1, 2400);
    std::int64_t households = 0;
    for (std::size_t i = 0; i < g.communities.size(); ++i) {
        const Area& community = g.plan.areas[g.plan.communities[i].area_index];
        std::map<std::int64_t, const Area*> by_id{{community.id, &community}};
        for (const auto& a : g.communities[i].areas) {
            by_id[a.id] = &a;
            const Area* parent = by_id.at(*a.parent_id);
            EXPECT_EQ(a.path, parent->path + std::to_string(a.id) + "/");
            EXPECT_EQ(a.depth, parent->depth + 1);
            EXPECT_EQ(a.code.substr(0, parent->code.size()), parent->code);
            if (a.level == AreaLevel::kGrid) {
                EXPECT_EQ(a.code.size(), 14u);
                EXPECT_GE(a.household_count, 150);  // ~300-500, fewer only in small villages
                EXPECT_LE(a.household_count, 600);
            } else {
                ASSERT_EQ(a.level, AreaLevel::kBuilding);
                EXPECT_EQ(a.code.size(), 17u);
                EXPECT_TRUE(a.name.ends_with(community.level == AreaLevel::kVillage ? "组" : "号楼")) << a.name;
            }
        }
        for (const auto& h : g.communities[i].households) {
            EXPECT_EQ(by_id.at(h.building_id)->path, h.path);
            EXPECT_FALSE(h.room.empty());
        }
        households += static_cast<std::int64_t>(g.communities[i].households.size());
    }
    EXPECT_EQ(households, 2400);
}

TEST(GeneratorTest, HouseholdsAreConsistent) {
    Generated g = Generate(3, 4000);
    std::map<int, int> sizes;
    std::int64_t total = 0, men = 0, infants = 0, alone_elderly = 0, disabled = 0;
    for (const auto& c : g.communities) {
        std::map<std::int64_t, std::vector<const registry::Resident*>> members;
        for (const auto& r : c.residents) members[r.household_id].push_back(&r);
        for (const auto& h : c.households) {
            const auto& m = members[h.id];
            ASSERT_EQ(static_cast<std::int64_t>(m.size()), h.member_count);
            ++sizes[static_cast<int>(m.size())];
            ASSERT_TRUE(h.head_resident_id);
            EXPECT_EQ(*h.head_resident_id, m[0]->id);
            EXPECT_EQ(m[0]->relation, "head");
            for (const auto* r : m) {
                ++total;
                if (r->sex == Sex::kMale) ++men;
                const int age = kReference.year - r->birth_date.year;
                const bool infant = r->tags & static_cast<registry::TagSet>(Tag::kInfant);
                EXPECT_EQ(infant, r->birth_date > (CivilDate{2022, 6, 1})) << r->birth_date.ToIso();
                if (infant) ++infants;
                if (r->tags & static_cast<registry::TagSet>(Tag::kDisabled)) ++disabled;
                if (r->tags & static_cast<registry::TagSet>(Tag::kElderlyAlone)) {
                    ++alone_elderly;
                    EXPECT_EQ(m.size(), 1u);
                    EXPECT_GE(age, 65);
                }
                if (r->relation == "child") {
                    EXPECT_GT(r->birth_date, m[0]->birth_date);
                }
                if (r->relation == "parent") {
                    EXPECT_LT(r->birth_date, m[0]->birth_date);
                }
                if (age < 12) {
                    EXPECT_TRUE(r->phone.empty());
                }
                if (!r->phone.empty()) {
                    EXPECT_TRUE(NormalizePhone(r->phone)) << r->phone;
                }
            }
        }
    }
    const double n = 4000;
    EXPECT_NEAR(sizes[1] / n, 0.25, 0.03);
    EXPECT_NEAR(sizes[2] / n, 0.30, 0.03);
    EXPECT_NEAR(sizes[3] / n, 0.21, 0.03);
    EXPECT_NEAR(static_cast<double>(men) / total, 0.51, 0.03);
    EXPECT_NEAR(static_cast<double>(disabled) / total, 0.05, 0.015);
    EXPECT_GT(infants, 0);
    EXPECT_GT(alone_elderly, 0);
    EXPECT_NEAR(static_cast<double>(total) / 4000, kMeanHouseholdSize, 0.1);
}

TEST(GeneratorTest, NamesAreChinese) {
    Rng rng(5);
    std::map<std::string, int> surnames;
    for (int i = 0; i < 10000; ++i) ++surnames[std::string(DrawSurname(rng))];
    EXPECT_GT(surnames["王"], surnames["周"]);
    EXPECT_NEAR(surnames["王"] / 10000.0, 0.08, 0.02);  // 7.1% of all, a little more of the listed ones
    std::string given = DrawGivenName(rng, Sex::kFemale, 1960);
    EXPECT_TRUE(given.size() == 3 || given.size() == 6) << given;
}

}  // namespace
}  // namespace wangge::seed
