#include "domain/masstest/events.hpp"

#include <gtest/gtest.h>

namespace wangge::masstest {
namespace {

TEST(CoverageChangeBuilder, EveryAreaOnThePathMovesRootFirst) {
    CoverageChangeBuilder b(7);
    EXPECT_TRUE(b.empty());
    b.Add("/1/2/5/", 0, 1);
    b.Add("/1/2/6/", 0, 2);
    b.Add("/1/2/5/", 1, 0);
    auto change = b.Build();
    EXPECT_EQ(change.round_id, 7);
    ASSERT_EQ(change.areas.size(), 4u);
    EXPECT_EQ(change.areas[0].area_id, 1);
    EXPECT_EQ(change.areas[0].path, "/1/");
    EXPECT_EQ(change.areas[0].sampled, 3);
    EXPECT_EQ(change.areas[0].exempt, 1);
    EXPECT_EQ(change.areas[1].path, "/1/2/");
    EXPECT_EQ(change.areas[2].area_id, 5);
    EXPECT_EQ(change.areas[2].sampled, 1);
    EXPECT_EQ(change.areas[2].exempt, 1);
    EXPECT_EQ(change.areas[3].area_id, 6);
    EXPECT_EQ(change.areas[3].sampled, 2);
}

TEST(CoverageChangeBuilder, SkipsMalformedSegments) {
    CoverageChangeBuilder b(1);
    b.Add("/1/x/3/", 0, 1);
    b.Add("", 0, 1);
    b.Add("/4", 0, 1);
    auto change = b.Build();
    ASSERT_EQ(change.areas.size(), 2u);
    EXPECT_EQ(change.areas[0].area_id, 1);
    EXPECT_EQ(change.areas[1].area_id, 3);
    EXPECT_EQ(change.areas[1].path, "/1/x/3/");
}

}  // namespace
}  // namespace wangge::masstest
