#pragma once
// Resident ID numbers per GB 11643-1999: 6-digit division code, 8-digit birth date,
// 3-digit sequence (odd = male), and an ISO 7064 MOD 11-2 check character.
#include <optional>
#include <string>
#include <string_view>

#include "common/result.hpp"

namespace wangge {

enum class Sex { kMale, kFemale };

struct CivilDate {
    int year = 0, month = 0, day = 0;
    auto operator<=>(const CivilDate&) const = default;
    std::string ToIso() const;  // "1984-02-29"
    static std::optional<CivilDate> ParseIso(std::string_view text);
    bool IsValid() const;
};

struct IdNumberInfo {
    std::string normalized;  // upper-case X
    std::string division_code;  // first six digits
    CivilDate birth_date;
    Sex sex = Sex::kMale;
};

// The check character for the first 17 digits ('0'..'9' or 'X'). Precondition: 17 digits.
char IdNumberCheckChar(std::string_view first17);

// Validates `text` and returns what it encodes. `today`, when given, refuses birth dates after it.
// Errors are kInvalidArgument with field `field` and a message saying exactly what is wrong.
Result<IdNumberInfo> ParseIdNumber(std::string_view text, std::optional<CivilDate> today = std::nullopt,
                                   std::string field = "id_number");

// "210102********123X": the first six and last four characters shown.
std::string MaskIdNumber(std::string_view id_number);

}  // namespace wangge
