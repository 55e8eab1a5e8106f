#include "common/id_number.hpp"

#include <gtest/gtest.h>

namespace wangge {
namespace {

struct IdCase {
    const char* text;
    bool valid;
    const char* fragment;  // part of the error message when invalid
};

class IdNumberTest : public ::testing::TestWithParam<IdCase> {};

TEST_P(IdNumberTest, ValidatesPerGb11643) {
    const auto& c = GetParam();
    auto info = ParseIdNumber(c.text, CivilDate{2022, 4, 1});
    EXPECT_EQ(info.has_value(), c.valid) << c.text;
    if (!c.valid && !info) {
        EXPECT_EQ(info.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(info.error().field, "id_number");
        EXPECT_NE(info.error().message.find(c.fragment), std::string::npos) << info.error().message;
    }
}

INSTANTIATE_TEST_SUITE_P(
    Table, IdNumberTest,
    ::testing::Values(IdCase{"11010519491231002X", true, ""},   // the standard's own example
                      IdCase{"11010519491231002x", true, ""},   // lower-case x accepted
                      IdCase{"440524188001010014", true, ""},   // the standard's second example
                      IdCase{"110105194912310021", false, "校验位"},
                      IdCase{"11010519491231002", false, "18位"},
                      IdCase{"1101051949123100211", false, "18位"},
                      IdCase{"11010519491331002X", false, "出生日期"},  // month 13
                      IdCase{"11010519490230002X", false, "出生日期"},  // 30 February
                      IdCase{"11010520300101002X", false, "出生日期"},  // after "today"
                      IdCase{"1101051949123A002X", false, "数字"},
                      IdCase{"01010519491231002X", false, "省级"},
                      IdCase{"11010519491231002Y", false, "末位"}));

TEST(IdNumber, DerivesBirthDateAndSex) {
    auto info = ParseIdNumber("11010519491231002X");
    ASSERT_TRUE(info);
    EXPECT_EQ(info->division_code, "110105");
    EXPECT_EQ(info->birth_date, (CivilDate{1949, 12, 31}));
    EXPECT_EQ(info->sex, Sex::kFemale);  // sequence 002: even
    auto male = ParseIdNumber("440524188001010014");
    ASSERT_TRUE(male);
    EXPECT_EQ(male->sex, Sex::kMale);  // 001: odd
}

TEST(IdNumber, CheckCharCoversEveryResidue) {
    // Build numbers with every check character and make sure each round-trips.
    std::string seen;
    for (int seq = 0; seq < 200 && seen.size() < 11; ++seq) {
        char body[18];
        std::snprintf(body, sizeof body, "21070219800101%03d", seq);
        char check = IdNumberCheckChar(body);
        if (seen.find(check) == std::string::npos) seen.push_back(check);
        EXPECT_TRUE(ParseIdNumber(std::string(body) + check)) << body << check;
    }
    EXPECT_EQ(seen.size(), 11u);
}

TEST(IdNumber, LeapDays) {
    std::string leap = "21070220000229001";
    EXPECT_TRUE(ParseIdNumber(leap + IdNumberCheckChar(leap)));
    std::string not_leap = "21070219000229001";  // 1900 is not a leap year
    EXPECT_FALSE(ParseIdNumber(not_leap + IdNumberCheckChar(not_leap)));
}

TEST(IdNumber, Masks) {
    EXPECT_EQ(MaskIdNumber("21010219800101123X"), "210102********123X");
    EXPECT_EQ(MaskIdNumber("123"), "***");
}

TEST(CivilDate, ParsesIso) {
    EXPECT_EQ(CivilDate::ParseIso("1984-02-29"), (CivilDate{1984, 2, 29}));
    EXPECT_FALSE(CivilDate::ParseIso("1983-02-29"));
    EXPECT_FALSE(CivilDate::ParseIso("1984/02/29"));
    EXPECT_EQ((CivilDate{1984, 2, 9}).ToIso(), "1984-02-09");
}

}  // namespace
}  // namespace wangge
