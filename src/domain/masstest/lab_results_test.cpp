#include "domain/masstest/lab_results.hpp"

#include <gtest/gtest.h>

namespace wangge::masstest {
namespace {

using registry::import::Encoding;

constexpr EpochMillis kNow = 1'650'100'000'000;  // 2022-04-16 17:06:40 +08:00

TEST(LabResult, ChineseAndEnglishNames) {
    EXPECT_EQ(ParseLabResult("阴性"), TubeResult::kNegative);
    EXPECT_EQ(ParseLabResult(" Positive "), TubeResult::kPositive);
    EXPECT_EQ(ParseLabResult("阳性"), TubeResult::kPositive);
    EXPECT_EQ(ParseLabResult("INVALID"), TubeResult::kInvalid);
    EXPECT_EQ(ParseLabResult("无效"), TubeResult::kInvalid);
    EXPECT_FALSE(ParseLabResult(""));
    EXPECT_FALSE(ParseLabResult("pending"));
    EXPECT_FALSE(ParseLabResult("阳"));
}

TEST(LabTime, ChinaStandardTimeUnlessAZoneIsGiven) {
    // 2022-04-16 10:30:00 +08:00 = 02:30:00 UTC.
    const EpochMillis expected = 1'650'076'200'000;
    EXPECT_EQ(ParseLabTime("2022-04-16 10:30:00"), expected);
    EXPECT_EQ(ParseLabTime("2022/4/16 10:30"), expected);
    EXPECT_EQ(ParseLabTime("2022-04-16T10:30:00+08:00"), expected);
    EXPECT_EQ(ParseLabTime("2022-04-16T02:30:00Z"), expected);
    EXPECT_EQ(ParseLabTime("2022-04-16T02:30:00.250Z"), expected + 250);
    EXPECT_EQ(ParseLabTime("2022-04-16T04:30:00+0200"), expected);
    EXPECT_EQ(ParseLabTime("1650076200000"), expected);
    EXPECT_EQ(ParseLabTime("2022-04-16"), expected - (10 * 60 + 30) * 60 * 1000);  // midnight in China
}

TEST(LabTime, RefusesWhatItCannotRead) {
    for (const char* bad : {"", "yesterday", "2022-13-01 10:00", "2022-02-29 10:00", "2022-04-16 25:00",
                            "2022-04-16 10:61", "2022-04-16 10:30 +8", "16/04/2022", "123", "2022-04-16 10:30x"}) {
        auto t = ParseLabTime(bad);
        EXPECT_FALSE(t) << bad;
        if (!t) {
            EXPECT_EQ(t.error().field, "time") << bad;
        }
    }
    EXPECT_TRUE(ParseLabTime("2024-02-29 00:00"));  // a leap day
}

TEST(LabRows, EveryProblemIsReportedWithLineAndField) {
    std::vector<LabRowInput> rows = {
        {2, "T001", "阴性", "2022-04-16 10:30", "市检验中心"},
        {3, "", "阳性", "", ""},
        {4, "T 003", "maybe", "soon", ""},
        {5, "T004", "阳性", "2023-01-01 00:00", std::string(101, 'x')},
    };
    auto parse = ValidateLabRows(rows, kNow);
    EXPECT_EQ(parse.total, 4);
    ASSERT_EQ(parse.rows.size(), 1u);
    EXPECT_EQ(parse.rows[0].tube_code, "T001");
    EXPECT_EQ(parse.rows[0].lab, "市检验中心");
    ASSERT_EQ(parse.error_count, 6);
    struct Want {
        std::int64_t line;
        const char* field;
    };
    const Want want[] = {{3, "tube"}, {4, "tube"}, {4, "result"}, {4, "time"}, {5, "time"}, {5, "lab"}};
    for (std::size_t i = 0; i < 6; ++i) {
        EXPECT_EQ(parse.errors[i].line, want[i].line) << i;
        EXPECT_EQ(parse.errors[i].field, want[i].field) << i;
        EXPECT_FALSE(parse.errors[i].reason.empty());
    }
}

TEST(LabRows, RepeatsKeepOneRowAndConflictsAreErrors) {
    std::vector<LabRowInput> rows = {
        {1, "T1", "negative", "", ""},
        {2, "T1", "阴性", "", ""},
        {3, "T2", "positive", "", ""},
        {4, "T2", "negative", "", ""},
    };
    auto parse = ValidateLabRows(rows, kNow);
    ASSERT_EQ(parse.rows.size(), 2u);
    EXPECT_EQ(parse.rows[0].resulted_at, kNow);  // no time: the upload's
    ASSERT_EQ(parse.errors.size(), 1u);
    EXPECT_EQ(parse.errors[0].line, 4);
    EXPECT_EQ(parse.errors[0].field, "tube");
}

TEST(LabCsv, EnglishHeadersAnyOrderWithBomAndQuotes) {
    const std::string csv =
        "\xEF\xBB\xBFlab,Result,tube_code,time\r\n"
        "\"City Lab, North\",negative,T001,2022-04-16 10:30\r\n"
        "City Lab,POSITIVE,T002,\r\n";
    auto parse = ParseLabCsv(csv, Encoding::kAuto, kNow);
    ASSERT_TRUE(parse) << parse.error().message;
    EXPECT_EQ(parse->encoding, "utf-8");
    ASSERT_EQ(parse->rows.size(), 2u);
    EXPECT_EQ(parse->rows[0].lab, "City Lab, North");
    EXPECT_EQ(parse->rows[0].line, 2);
    EXPECT_EQ(parse->rows[1].tube_code, "T002");
    EXPECT_EQ(parse->rows[1].result, TubeResult::kPositive);
    EXPECT_EQ(parse->rows[1].line, 3);
}

TEST(LabCsv, GbkWithChineseHeaders) {
    // "管码,结果,检测时间,检测机构" / "T9,阳性,2022-04-16 10:30,市检验中心" / "T10,无效,,市检验中心" in GBK.
    const std::string csv =
        "\xb9\xdc\xc2\xeb,\xbd\xe1\xb9\xfb,\xbc\xec\xb2\xe2\xca\xb1\xbc\xe4,\xbc\xec\xb2\xe2\xbb\xfa\xb9\xb9\n"
        "T9,\xd1\xf4\xd0\xd4,2022-04-16 10:30,\xca\xd0\xbc\xec\xd1\xe9\xd6\xd0\xd0\xc4\n"
        "T10,\xce\xde\xd0\xa7,,\xca\xd0\xbc\xec\xd1\xe9\xd6\xd0\xd0\xc4\n";
    auto parse = ParseLabCsv(csv, Encoding::kAuto, kNow);
    ASSERT_TRUE(parse) << parse.error().message;
    EXPECT_EQ(parse->encoding, "gbk");
    ASSERT_EQ(parse->rows.size(), 2u) << (parse->errors.empty() ? "" : parse->errors[0].reason);
    EXPECT_EQ(parse->rows[0].result, TubeResult::kPositive);
    EXPECT_EQ(parse->rows[0].lab, "市检验中心");
    EXPECT_EQ(parse->rows[1].result, TubeResult::kInvalid);
}

TEST(LabCsv, HeaderMustNameTubeAndResult) {
    auto missing = ParseLabCsv("tube,time\nT1,2022-04-16\n", Encoding::kUtf8, kNow);
    ASSERT_FALSE(missing);
    EXPECT_EQ(missing.error().field, "file");
    auto twice = ParseLabCsv("tube,管码,result\nT1,T1,negative\n", Encoding::kUtf8, kNow);
    ASSERT_FALSE(twice);
    EXPECT_FALSE(ParseLabCsv("", Encoding::kAuto, kNow));
    auto only_header = ParseLabCsv("tube,result\n", Encoding::kAuto, kNow);
    ASSERT_TRUE(only_header);
    EXPECT_EQ(only_header->total, 0);
}

TEST(LabCsv, ShortRowsAreReadAsEmptyCells) {
    auto parse = ParseLabCsv("tube,result,lab\nT1\n", Encoding::kUtf8, kNow);
    ASSERT_TRUE(parse);
    ASSERT_EQ(parse->errors.size(), 1u);
    EXPECT_EQ(parse->errors[0].field, "result");
    EXPECT_EQ(parse->errors[0].line, 2);
}

}  // namespace
}  // namespace wangge::masstest
