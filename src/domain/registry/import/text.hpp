#pragma once
// Small text helpers for cells pasted from spreadsheets.
#include <string>
#include <string_view>
#include <vector>

namespace wangge::registry::import {

// Trims ASCII spaces, tabs and ideographic spaces (U+3000) at both ends.
std::string Trim(std::string_view s);
std::string AsciiLower(std::string_view s);
// Number of UTF-8 code points.
std::size_t CodePoints(std::string_view s);
// Splits on any of the separators (UTF-8 strings), trimming parts and dropping empty ones.
std::vector<std::string> SplitAny(std::string_view s, const std::vector<std::string_view>& separators);

}  // namespace wangge::registry::import
