#include "app/seed/division_tree.hpp"

#include <gtest/gtest.h>

#include <filesystem>

namespace wangge::seed {
namespace {

using registry::AreaLevel;

std::string DistDir() { return std::string(WANGGE_SOURCE_DIR) + "/" + std::string(kDefaultDivisionDir); }

#define SKIP_WITHOUT_DATA()                                    \
    if (!std::filesystem::exists(DistDir() + "/villages.csv")) \
    GTEST_SKIP() << "division data missing: run npm ci in data/divisions"

TEST(DivisionTreeTest, ClassifiesGrassrootsNames) {
    EXPECT_EQ(ClassifyGrassroots("钟屯村民委员会").name, "钟屯村");
    EXPECT_EQ(ClassifyGrassroots("钟屯村民委员会").level, AreaLevel::kVillage);
    EXPECT_EQ(ClassifyGrassroots("沙河卜村委会").name, "沙河卜村");
    EXPECT_EQ(ClassifyGrassroots("新村村委会").name, "新村");
    EXPECT_EQ(ClassifyGrassroots("多福巷社区居委会").name, "多福巷社区");
    EXPECT_EQ(ClassifyGrassroots("多福巷社区居委会").level, AreaLevel::kCommunity);
    EXPECT_EQ(ClassifyGrassroots("光明居民委员会").name, "光明社区");
    EXPECT_EQ(ClassifyGrassroots("新铁社区").name, "新铁社区");
    EXPECT_EQ(ClassifyGrassroots("新铁社区").level, AreaLevel::kCommunity);
}

TEST(DivisionTreeTest, GutaDistrict) {
    SKIP_WITHOUT_DATA();
    auto tree = LoadDivisionTree("210702", DistDir());
    ASSERT_TRUE(tree) << tree.error().message;
    EXPECT_EQ(tree->name, "辽宁省");
    ASSERT_EQ(tree->children.size(), 1u);
    EXPECT_EQ(tree->children[0].name, "锦州市");
    ASSERT_EQ(tree->children[0].children.size(), 1u);
    const DivisionNode& guta = tree->children[0].children[0];
    EXPECT_EQ(guta.code, "210702");
    EXPECT_EQ(guta.name, "古塔区");
    auto counts = CountDivisions(guta);
    EXPECT_EQ(counts.streets, 5);
    EXPECT_EQ(counts.communities, 54);
    EXPECT_EQ(counts.villages, 13);
    const DivisionNode* jingye = FindDivision(*tree, "210702004");
    ASSERT_NE(jingye, nullptr);
    EXPECT_EQ(jingye->name, "敬业街道");
    EXPECT_EQ(FindDivision(*tree, "210702004002")->name, "新铁社区");
    EXPECT_EQ(FindDivision(*tree, "210702004003")->name, "华工社区");
    EXPECT_EQ(FindDivision(*tree, "210702005005")->name, "西长社区");
    EXPECT_EQ(FindDivision(*tree, "210702005")->name, "保安街道");
    const DivisionNode* village = FindDivision(*tree, "210702009200");
    ASSERT_NE(village, nullptr);
    EXPECT_EQ(village->name, "钟屯村");
    EXPECT_EQ(village->level, AreaLevel::kVillage);
}

TEST(DivisionTreeTest, Shenyang) {
    SKIP_WITHOUT_DATA();
    auto tree = LoadDivisionTree("2101", DistDir());
    ASSERT_TRUE(tree) << tree.error().message;
    ASSERT_EQ(tree->children.size(), 1u);
    EXPECT_EQ(tree->children[0].name, "沈阳市");
    auto counts = CountDivisions(*tree);
    EXPECT_EQ(counts.districts, 13);
    EXPECT_EQ(counts.communities + counts.villages, 2703);
}

TEST(DivisionTreeTest, UnknownOrMalformedCodes) {
    SKIP_WITHOUT_DATA();
    EXPECT_EQ(LoadDivisionTree("219999", DistDir()).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(LoadDivisionTree("21a", DistDir()).error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(LoadDivisionTree("2101", "/nonexistent").error().code, ErrorCode::kNotFound);
}

TEST(DivisionTreeTest, NationalDistrictCodes) {
    SKIP_WITHOUT_DATA();
    auto codes = LoadDistrictCodes(DistDir());
    ASSERT_TRUE(codes);
    EXPECT_GT(codes->size(), 2800u);
    EXPECT_TRUE(std::binary_search(codes->begin(), codes->end(), "210702"));
}

}  // namespace
}  // namespace wangge::seed
