#include "domain/registry/import/header_map.hpp"

#include <gtest/gtest.h>

namespace wangge::registry::import {
namespace {

TEST(HeaderMapTest, ChineseHeaders) {
    std::vector<RowError> errors;
    auto map = MapHeader(
        {"序号", " 姓名 ", "身份证号码", "联系电话", "楼栋编码", "单元", "房号", "与户主关系", "户籍类型", "标签"},
        errors);
    ASSERT_TRUE(map) << errors.size();
    EXPECT_EQ(map->IndexOf(Column::kName), 1);
    EXPECT_EQ(map->IndexOf(Column::kIdNumber), 2);
    EXPECT_EQ(map->IndexOf(Column::kTags), 9);
    EXPECT_EQ(map->LabelOf(Column::kName), "姓名");
    EXPECT_EQ(map->LabelOf(Column::kIdNumber), "身份证号码");
}

TEST(HeaderMapTest, EnglishHeadersAnyCase) {
    std::vector<RowError> errors;
    auto map = MapHeader({"Name", "ID_NUMBER", "building_code", "room", "unknown_extra"}, errors);
    ASSERT_TRUE(map);
    EXPECT_EQ(map->IndexOf(Column::kRoom), 3);
    EXPECT_EQ(map->IndexOf(Column::kPhone), -1);
    EXPECT_EQ(map->width, 5u);
}

TEST(HeaderMapTest, EachMissingRequiredColumnReportedOnce) {
    std::vector<RowError> errors;
    EXPECT_FALSE(MapHeader({"姓名", "联系电话"}, errors));
    ASSERT_EQ(errors.size(), 3u);  // 身份证号, 楼栋编码, 房号
    EXPECT_EQ(errors[0].line, 1);
    EXPECT_EQ(errors[0].column, "身份证号");
    EXPECT_NE(errors[0].reason.find("缺少必填列"), std::string::npos);
    EXPECT_EQ(errors[1].column, "楼栋编码");
    EXPECT_EQ(errors[2].column, "房号");
}

TEST(HeaderMapTest, DuplicateColumnIsAnError) {
    std::vector<RowError> errors;
    EXPECT_FALSE(MapHeader({"姓名", "name", "身份证号", "楼栋编码", "房号"}, errors));
    ASSERT_EQ(errors.size(), 1u);
    EXPECT_EQ(errors[0].column, "name");
}

}  // namespace
}  // namespace wangge::registry::import
