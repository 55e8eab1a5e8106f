#pragma once
// The API names of an enum's values as one constexpr table per enum: the table gives the name of
// a value and the value of a name, so the two directions cannot drift apart.
#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace wangge {

template <typename E, std::size_t N>
using EnumNames = std::array<std::pair<E, std::string_view>, N>;

// "" for a value missing from the table.
template <typename E, std::size_t N>
constexpr std::string_view NameOf(const EnumNames<E, N>& names, E value) {
    for (const auto& [v, name] : names)
        if (v == value) return name;
    return "";
}

// Empty text never parses: "" is the name of "none" values (kNone), which are not input.
template <typename E, std::size_t N>
constexpr std::optional<E> ParseName(const EnumNames<E, N>& names, std::string_view text) {
    if (text.empty()) return std::nullopt;
    for (const auto& [v, name] : names)
        if (name == text) return v;
    return std::nullopt;
}

}  // namespace wangge
