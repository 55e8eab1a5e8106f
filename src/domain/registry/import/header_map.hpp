#pragma once
// The columns of a resident import file and how a header row maps onto them. Headers may be
// Chinese (as the template and Excel users write them) or English (as scripts write them).
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/registry/import/import_report.hpp"

namespace wangge::registry::import {

enum class Column { kName, kIdNumber, kPhone, kBuildingCode, kUnit, kRoom, kRelation, kRegistration, kTags };
inline constexpr std::size_t kColumnCount = 9;

std::string_view ColumnChineseName(Column column);  // "身份证号"
std::string_view ColumnEnglishName(Column column);  // "id_number"
bool IsRequired(Column column);                     // name, id number, building code, room

// Which field of a record holds each column, and the header text the file used for it.
struct HeaderMap {
    std::array<int, kColumnCount> index;  // -1 when the column is absent
    std::array<std::string, kColumnCount> label;
    std::size_t width = 0;  // fields in the header row

    int IndexOf(Column c) const { return index[static_cast<std::size_t>(c)]; }
    const std::string& LabelOf(Column c) const { return label[static_cast<std::size_t>(c)]; }
};

// Maps a header row. Names are matched after trimming spaces, case-insensitively for English;
// unknown columns are ignored. Appends to `errors` (line 1) once per missing required column
// and per column named twice; returns nullopt when any was appended.
std::optional<HeaderMap> MapHeader(const std::vector<std::string>& header, std::vector<RowError>& errors);

}  // namespace wangge::registry::import
