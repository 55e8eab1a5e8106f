#pragma once
// Turns one record of a resident import file into a validated row, or says what is wrong with
// each bad cell. Pure: no storage; building codes are only checked for presence here.
#include <optional>
#include <string>
#include <vector>

#include "domain/registry/import/header_map.hpp"
#include "domain/registry/resident.hpp"

namespace wangge::registry::import {

struct ImportRow {
    std::int64_t line = 0;
    std::string building_code;
    std::string unit;         // "3" (a trailing 单元 dropped), may be empty
    std::string room;         // "502" (a trailing 室 dropped)
    Resident resident;        // name, id_number, sex, birth_date, phone, registration, relation, tags
    std::uint32_t given = 0;  // bit per Column whose cell was not blank

    // Whether the file gave a value for `c`. A blank optional cell means "not known here": an
    // import leaves what is stored for an existing resident.
    bool Given(Column c) const { return given & (1u << static_cast<unsigned>(c)); }
};

// "户主"/"head" → "head", 配偶 → spouse, 子女/儿子/女儿 → child, 父母/父亲/母亲 → parent,
// 其他 → other; "" stays "". nullopt when unknown.
std::optional<std::string> ParseRelation(std::string_view text);

// Parses the cells named by `map`. On success returns the row; otherwise appends one RowError
// per bad cell (line `line`, the file's column label) and returns nullopt. `today` bounds birth dates.
std::optional<ImportRow> ParseRow(const HeaderMap& map, const std::vector<std::string>& fields, std::int64_t line,
                                  CivilDate today, std::vector<RowError>& errors);

}  // namespace wangge::registry::import
