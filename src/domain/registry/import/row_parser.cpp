#include "domain/registry/import/row_parser.hpp"

#include <array>
#include <utility>

#include "domain/registry/import/encoding.hpp"
#include "domain/registry/import/text.hpp"

namespace wangge::registry::import {
namespace {

constexpr std::size_t kMaxNameChars = 50;
constexpr std::size_t kMaxCellChars = 32;  // unit, room, building code

constexpr std::array<std::pair<std::string_view, std::string_view>, 17> kRelations = {{
    {"户主", "head"},
    {"本人", "head"},
    {"head", "head"},
    {"配偶", "spouse"},
    {"妻子", "spouse"},
    {"丈夫", "spouse"},
    {"spouse", "spouse"},
    {"子女", "child"},
    {"儿子", "child"},
    {"女儿", "child"},
    {"child", "child"},
    {"父母", "parent"},
    {"父亲", "parent"},
    {"母亲", "parent"},
    {"parent", "parent"},
    {"其他", "other"},
    {"other", "other"},
}};

std::string StripSuffix(std::string s, std::string_view suffix) {
    if (s.size() > suffix.size() && std::string_view(s).ends_with(suffix)) s.resize(s.size() - suffix.size());
    return s;
}

// Collects the cells of one record and the errors against them.
class RowCheck {
  public:
    RowCheck(const HeaderMap& map, const std::vector<std::string>& fields, std::int64_t line,
             std::vector<RowError>& errors)
        : map_(map), fields_(fields), line_(line), errors_(errors) {}

    // The trimmed cell, "" when the column or the cell is absent.
    std::string Cell(Column c) const {
        int i = map_.IndexOf(c);
        if (i < 0 || static_cast<std::size_t>(i) >= fields_.size()) return {};
        return Trim(fields_[static_cast<std::size_t>(i)]);
    }
    void Error(Column c, std::string reason) {
        errors_.push_back(
            {line_, map_.LabelOf(c).empty() ? std::string(ColumnChineseName(c)) : map_.LabelOf(c), std::move(reason)});
        ok_ = false;
    }
    void FileError(std::string reason) {
        errors_.push_back({line_, "", std::move(reason)});
        ok_ = false;
    }
    bool ok() const { return ok_; }

  private:
    const HeaderMap& map_;
    const std::vector<std::string>& fields_;
    std::int64_t line_;
    std::vector<RowError>& errors_;
    bool ok_ = true;
};

void CheckIdNumber(RowCheck& check, const std::string& text, CivilDate today, ImportRow& row) {
    if (text.empty()) return check.Error(Column::kIdNumber, "身份证号不能为空 (ID number is required)");
    if (text.find("E+") != std::string::npos || text.find("e+") != std::string::npos)
        return check.Error(Column::kIdNumber,
                           "身份证号被转成了科学计数法，请在Excel中把该列设为文本 "
                           "(the ID number was turned into scientific notation; format the column as text)");
    auto id = ParseIdNumber(text, today);
    if (!id) return check.Error(Column::kIdNumber, id.error().message);
    row.resident.id_number = id->normalized;
    row.resident.sex = id->sex;
    row.resident.birth_date = id->birth_date;
}

void CheckShortCell(RowCheck& check, Column c, const std::string& text, std::string_view what) {
    if (CodePoints(text) > kMaxCellChars)
        check.Error(c, std::string(what) + "过长，最多" + std::to_string(kMaxCellChars) + "个字 (too long)");
}

TagSet ParseTags(RowCheck& check, const std::string& text) {
    TagSet tags = 0;
    for (const auto& part : SplitAny(text, {"、", ";", "；", "，", ","})) {
        auto tag = ParseTag(part);
        if (!tag) {
            check.Error(Column::kTags,
                        "未知标签“" + part + "”，可用：独居老人、卧床、残疾、孕妇、婴幼儿、外出 (unknown tag)");
            continue;
        }
        tags |= static_cast<TagSet>(*tag);
    }
    return tags;
}

}  // namespace

std::optional<std::string> ParseRelation(std::string_view text) {
    if (text.empty()) return std::string();
    std::string lower = AsciiLower(text);
    for (const auto& [from, to] : kRelations)
        if (lower == from) return std::string(to);
    return std::nullopt;
}

std::optional<ImportRow> ParseRow(const HeaderMap& map, const std::vector<std::string>& fields, std::int64_t line,
                                  CivilDate today, std::vector<RowError>& errors) {
    RowCheck check(map, fields, line, errors);
    for (std::size_t i = map.width; i < fields.size(); ++i)
        if (!Trim(fields[i]).empty()) {
            check.FileError("第" + std::to_string(i + 1) + "列超出表头的列数 (more cells than header columns)");
            break;
        }
    for (const auto& field : fields)
        if (!IsValidUtf8(field)) {
            check.FileError("文本不是有效的UTF-8编码，请以GBK编码导入 (text is not valid UTF-8; import as GBK)");
            return std::nullopt;
        }

    ImportRow row;
    row.line = line;
    for (std::size_t c = 0; c < kColumnCount; ++c)
        if (!check.Cell(static_cast<Column>(c)).empty()) row.given |= 1u << c;
    Resident& r = row.resident;
    r.name = check.Cell(Column::kName);
    if (r.name.empty())
        check.Error(Column::kName, "姓名不能为空 (name is required)");
    else if (CodePoints(r.name) > kMaxNameChars)
        check.Error(Column::kName, "姓名过长，最多50个字 (name is longer than 50 characters)");

    CheckIdNumber(check, check.Cell(Column::kIdNumber), today, row);

    if (std::string phone = check.Cell(Column::kPhone); !phone.empty()) {
        auto normalized = NormalizePhone(phone);
        if (normalized)
            r.phone = *normalized;
        else
            check.Error(Column::kPhone, normalized.error().message);
    }

    row.building_code = check.Cell(Column::kBuildingCode);
    if (row.building_code.empty()) check.Error(Column::kBuildingCode, "楼栋编码不能为空 (building code is required)");
    CheckShortCell(check, Column::kBuildingCode, row.building_code, "楼栋编码");

    row.unit = StripSuffix(check.Cell(Column::kUnit), "单元");
    CheckShortCell(check, Column::kUnit, row.unit, "单元");
    row.room = StripSuffix(check.Cell(Column::kRoom), "室");
    if (row.room.empty()) check.Error(Column::kRoom, "房号不能为空 (room is required)");
    CheckShortCell(check, Column::kRoom, row.room, "房号");

    std::string relation_text = check.Cell(Column::kRelation);
    if (auto relation = ParseRelation(relation_text))
        r.relation = *relation;
    else
        check.Error(Column::kRelation, "与户主关系“" + relation_text +
                                           "”无法识别，应为户主、配偶、子女、父母、其他之一 (unknown relation)");

    if (std::string reg = check.Cell(Column::kRegistration); !reg.empty()) {
        if (auto parsed = ParseRegistration(AsciiLower(reg)))
            r.registration = *parsed;
        else
            check.Error(Column::kRegistration,
                        "户籍类型“" + reg + "”无法识别，应为户籍、常住、流动或暂住 (unknown registration)");
    }

    r.tags = ParseTags(check, check.Cell(Column::kTags));
    if (!check.ok()) return std::nullopt;
    return row;
}

}  // namespace wangge::registry::import
