#include "domain/registry/import/row_parser.hpp"

#include <gtest/gtest.h>

namespace wangge::registry::import {
namespace {

const CivilDate kToday{2025, 6, 30};

std::string ValidId(std::string first17) { return first17 + IdNumberCheckChar(first17); }

HeaderMap Map() {
    std::vector<RowError> errors;
    return *MapHeader({"姓名", "身份证号", "联系电话", "楼栋编码", "单元", "房号", "与户主关系", "户籍类型", "标签"},
                      errors);
}

struct Case {
    std::vector<std::string> fields;
    std::vector<std::pair<std::string, std::string>> errors;  // column, reason fragment
};

TEST(RowParserTest, ValidRow) {
    std::vector<RowError> errors;
    auto row = ParseRow(Map(),
                        {"  王秀英 ", ValidId("21070219500315002"), "138 0000 1234", "210702004002001001", "3单元",
                         "502室", "户主", "常住", "独居老人、残疾"},
                        7, kToday, errors);
    ASSERT_TRUE(row) << (errors.empty() ? "" : errors[0].reason);
    EXPECT_EQ(row->line, 7);
    EXPECT_EQ(row->resident.name, "王秀英");
    EXPECT_EQ(row->resident.sex, Sex::kFemale);
    EXPECT_EQ(row->resident.birth_date, (CivilDate{1950, 3, 15}));
    EXPECT_EQ(row->resident.phone, "13800001234");
    EXPECT_EQ(row->unit, "3");
    EXPECT_EQ(row->room, "502");
    EXPECT_EQ(row->resident.relation, "head");
    EXPECT_EQ(row->resident.registration, Registration::kRegistered);
    EXPECT_EQ(row->resident.tags, static_cast<TagSet>(Tag::kElderlyAlone) | static_cast<TagSet>(Tag::kDisabled));
}

TEST(RowParserTest, EveryBadCellIsReportedWithLineAndColumn) {
    std::string good_id = ValidId("21070219800101001");
    std::string bad_check = good_id.substr(0, 17) + (good_id[17] == '0' ? '1' : '0');
    const std::vector<Case> cases = {
        {{"", good_id, "", "B1", "", "101", "", "", ""}, {{"姓名", "姓名不能为空"}}},
        {{"张三", "", "", "B1", "", "101", "", "", ""}, {{"身份证号", "身份证号不能为空"}}},
        {{"张三", bad_check, "", "B1", "", "101", "", "", ""},
         {{"身份证号", std::string("身份证号校验位错误，应为") + good_id[17]}}},
        {{"张三", "2107021980010100", "", "B1", "", "101", "", "", ""}, {{"身份证号", "身份证号应为18位"}}},
        {{"张三", "2.10702E+17", "", "B1", "", "101", "", "", ""}, {{"身份证号", "科学计数法"}}},
        {{"张三", ValidId("21070220990101001"), "", "B1", "", "101", "", "", ""}, {{"身份证号", "晚于今天"}}},
        {{"张三", good_id, "12345", "B1", "", "101", "", "", ""}, {{"联系电话", "电话号码格式不正确"}}},
        {{"张三", good_id, "", "", "", "101", "", "", ""}, {{"楼栋编码", "楼栋编码不能为空"}}},
        {{"张三", good_id, "", "B1", "", "", "", "", ""}, {{"房号", "房号不能为空"}}},
        {{"张三", good_id, "", "B1", "", "101", "表哥", "", ""}, {{"与户主关系", "无法识别"}}},
        {{"张三", good_id, "", "B1", "", "101", "", "外籍", ""}, {{"户籍类型", "无法识别"}}},
        {{"张三", good_id, "", "B1", "", "101", "", "", "孕妇；VIP"}, {{"标签", "未知标签“VIP”"}}},
        {{"", "123", "999", "", "", "", "x", "y", "z"},
         {{"姓名", ""},
          {"身份证号", ""},
          {"联系电话", ""},
          {"楼栋编码", ""},
          {"房号", ""},
          {"与户主关系", ""},
          {"户籍类型", ""},
          {"标签", ""}}},
        {{"张三", good_id, "", "B1", "", "101", "", "", "", "extra"}, {{"", "超出表头的列数"}}},
        {{"张\xCD\xF5", good_id, "", "B1", "", "101", "", "", ""}, {{"", "不是有效的UTF-8"}}},
    };
    for (std::size_t i = 0; i < cases.size(); ++i) {
        std::vector<RowError> errors;
        auto row = ParseRow(Map(), cases[i].fields, 42, kToday, errors);
        EXPECT_FALSE(row) << "case " << i;
        ASSERT_EQ(errors.size(), cases[i].errors.size()) << "case " << i;
        for (std::size_t k = 0; k < errors.size(); ++k) {
            EXPECT_EQ(errors[k].line, 42);
            EXPECT_EQ(errors[k].column, cases[i].errors[k].first) << "case " << i;
            EXPECT_NE(errors[k].reason.find(cases[i].errors[k].second), std::string::npos)
                << "case " << i << ": " << errors[k].reason;
        }
    }
}

TEST(RowParserTest, EnglishValuesAndShortRows) {
    std::vector<RowError> errors;
    std::vector<RowError> header_errors;
    auto map =
        *MapHeader({"name", "id_number", "building_code", "room", "relation", "registration", "tags"}, header_errors);
    auto row =
        ParseRow(map, {"Li Na", ValidId("11010119900101002"), "B1", "101", "spouse", "floating", "pregnant;away"}, 2,
                 kToday, errors);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->resident.relation, "spouse");
    EXPECT_EQ(row->resident.registration, Registration::kFloating);
    EXPECT_EQ(row->resident.tags, static_cast<TagSet>(Tag::kPregnant) | static_cast<TagSet>(Tag::kAway));
    // Trailing empty cells dropped by a spreadsheet are fine.
    row = ParseRow(map, {"李娜", ValidId("11010119900101002"), "B1", "101"}, 3, kToday, errors);
    ASSERT_TRUE(row);
    EXPECT_EQ(row->resident.relation, "");
}

TEST(RowParserTest, RelationNames) {
    EXPECT_EQ(ParseRelation("户主"), "head");
    EXPECT_EQ(ParseRelation("配偶"), "spouse");
    EXPECT_EQ(ParseRelation("子女"), "child");
    EXPECT_EQ(ParseRelation("父母"), "parent");
    EXPECT_EQ(ParseRelation("其他"), "other");
    EXPECT_EQ(ParseRelation("Head"), "head");
    EXPECT_FALSE(ParseRelation("boss"));
}

}  // namespace
}  // namespace wangge::registry::import
