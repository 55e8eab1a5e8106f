#include "http/wire.hpp"

#include <gtest/gtest.h>

namespace wangge::http {
namespace {

TEST(PercentDecodeTest, DecodesEscapesAndPlus) {
    EXPECT_EQ(PercentDecode("%E5%BC%A0%E4%B8%89", PlusMeans::kSpace), "张三");
    EXPECT_EQ(PercentDecode("a+b%20c", PlusMeans::kSpace), "a b c");
    EXPECT_EQ(PercentDecode("a+b", PlusMeans::kPlus), "a+b");
    EXPECT_EQ(PercentDecode("%2f%2F", PlusMeans::kPlus), "//");
    EXPECT_EQ(PercentDecode("", PlusMeans::kPlus), "");
}

TEST(PercentDecodeTest, RejectsMalformedEscapesAndNul) {
    EXPECT_EQ(PercentDecode("%", PlusMeans::kPlus), std::nullopt);
    EXPECT_EQ(PercentDecode("%4", PlusMeans::kPlus), std::nullopt);
    EXPECT_EQ(PercentDecode("ab%zz", PlusMeans::kPlus), std::nullopt);
    EXPECT_EQ(PercentDecode("a%00b", PlusMeans::kPlus), std::nullopt);
}

TEST(ParseQueryTest, SplitsAndDecodes) {
    auto query = ParseQuery("name=%E5%BC%A0+%E4%B8%89&page=2&flag&&empty=&page=3");
    ASSERT_TRUE(query);
    EXPECT_EQ(query->at("name"), "张 三");
    EXPECT_EQ(query->at("page"), "2");
    EXPECT_EQ(query->at("flag"), "");
    EXPECT_EQ(query->at("empty"), "");
    EXPECT_EQ(query->size(), 4u);
    EXPECT_EQ(ParseQuery("a=%G1"), std::nullopt);
    EXPECT_TRUE(ParseQuery("")->empty());
}

TEST(ReasonPhraseTest, KnownAndUnknown) {
    EXPECT_EQ(ReasonPhrase(413), "Payload Too Large");
    EXPECT_EQ(ReasonPhrase(299), "Unknown");
}

}  // namespace
}  // namespace wangge::http
