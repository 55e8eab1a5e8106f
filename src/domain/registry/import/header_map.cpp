#include "domain/registry/import/header_map.hpp"

#include "domain/registry/import/text.hpp"

namespace wangge::registry::import {
namespace {

struct ColumnSpec {
    Column column;
    std::string_view chinese;
    std::string_view english;
    bool required;
    std::array<std::string_view, 4> aliases;  // other spellings seen in real templates
};

constexpr std::array<ColumnSpec, kColumnCount> kColumns = {{
    {Column::kName, "姓名", "name", true, {"居民姓名", "", "", ""}},
    {Column::kIdNumber, "身份证号", "id_number", true, {"身份证号码", "公民身份号码", "证件号码", "id"}},
    {Column::kPhone, "联系电话", "phone", false, {"电话", "手机号", "手机号码", "联系方式"}},
    {Column::kBuildingCode, "楼栋编码", "building_code", true, {"楼栋代码", "building", "", ""}},
    {Column::kUnit, "单元", "unit", false, {"单元号", "", "", ""}},
    {Column::kRoom, "房号", "room", true, {"房间号", "门牌号", "室", ""}},
    {Column::kRelation, "与户主关系", "relation", false, {"关系", "", "", ""}},
    {Column::kRegistration, "户籍类型", "registration", false, {"人口类型", "户籍性质", "", ""}},
    {Column::kTags, "标签", "tags", false, {"人员标签", "", "", ""}},
}};

const ColumnSpec& Spec(Column c) { return kColumns[static_cast<std::size_t>(c)]; }

std::optional<Column> Match(std::string_view header) {
    std::string h = AsciiLower(Trim(header));
    for (const auto& spec : kColumns) {
        if (h == spec.chinese || h == spec.english) return spec.column;
        for (auto alias : spec.aliases)
            if (!alias.empty() && h == alias) return spec.column;
    }
    return std::nullopt;
}

}  // namespace

std::string_view ColumnChineseName(Column column) { return Spec(column).chinese; }
std::string_view ColumnEnglishName(Column column) { return Spec(column).english; }
bool IsRequired(Column column) { return Spec(column).required; }

std::optional<HeaderMap> MapHeader(const std::vector<std::string>& header, std::vector<RowError>& errors) {
    HeaderMap map;
    map.index.fill(-1);
    map.width = header.size();
    std::size_t errors_before = errors.size();
    for (std::size_t i = 0; i < header.size(); ++i) {
        auto column = Match(header[i]);
        if (!column) continue;
        auto slot = static_cast<std::size_t>(*column);
        if (map.index[slot] >= 0) {
            errors.push_back({1, Trim(header[i]),
                              "列重复：与第" + std::to_string(map.index[slot] + 1) + "列相同 (column appears twice)"});
            continue;
        }
        map.index[slot] = static_cast<int>(i);
        map.label[slot] = Trim(header[i]);
    }
    for (const auto& spec : kColumns) {
        if (!spec.required || map.IndexOf(spec.column) >= 0) continue;
        errors.push_back({1, std::string(spec.chinese),
                          "缺少必填列“" + std::string(spec.chinese) + "”(" + std::string(spec.english) +
                              ") (required column is missing)"});
    }
    if (errors.size() != errors_before) return std::nullopt;
    return map;
}

}  // namespace wangge::registry::import
