#include "common/id_number.hpp"

#include <array>
#include <cstdio>

namespace wangge {
namespace {

constexpr std::array<int, 17> kWeights = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
constexpr std::string_view kCheckChars = "10X98765432";

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

int Digits(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

}  // namespace

bool CivilDate::IsValid() const {
    return year >= 1800 && year <= 2999 && month >= 1 && month <= 12 && day >= 1 && day <= DaysInMonth(year, month);
}

std::string CivilDate::ToIso() const {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02d", year, month, day);
    return buf;
}

std::optional<CivilDate> CivilDate::ParseIso(std::string_view text) {
    if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
    for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (text[i] < '0' || text[i] > '9') return std::nullopt;
    CivilDate d{Digits(text.substr(0, 4)), Digits(text.substr(5, 2)), Digits(text.substr(8, 2))};
    if (!d.IsValid()) return std::nullopt;
    return d;
}

char IdNumberCheckChar(std::string_view first17) {
    int sum = 0;
    for (size_t i = 0; i < 17; ++i) sum += (first17[i] - '0') * kWeights[i];
    return kCheckChars[sum % 11];
}

Result<IdNumberInfo> ParseIdNumber(std::string_view text, std::optional<CivilDate> today, std::string field) {
    if (text.size() != 18)
        return Fail(ErrorCode::kInvalidArgument,
                    "身份证号应为18位，实为" + std::to_string(text.size()) + "位 (ID number must have 18 characters)",
                    field);
    for (size_t i = 0; i < 17; ++i)
        if (text[i] < '0' || text[i] > '9')
            return Fail(ErrorCode::kInvalidArgument,
                        "身份证号前17位只能是数字 (the first 17 characters must be digits)", field);
    char last = text[17] == 'x' ? 'X' : text[17];
    if (!((last >= '0' && last <= '9') || last == 'X'))
        return Fail(ErrorCode::kInvalidArgument, "身份证号末位应为数字或X (last character must be a digit or X)",
                    field);
    int province = Digits(text.substr(0, 2));
    if (province < 11 || province > 82)
        return Fail(ErrorCode::kInvalidArgument,
                    "身份证号前两位不是有效的省级行政区划代码 (not a valid province code)", field);
    CivilDate birth{Digits(text.substr(6, 4)), Digits(text.substr(10, 2)), Digits(text.substr(12, 2))};
    if (!birth.IsValid() || birth.year < 1880)
        return Fail(ErrorCode::kInvalidArgument, "身份证号中的出生日期无效 (birth date is not a real date)", field);
    if (today && birth > *today)
        return Fail(ErrorCode::kInvalidArgument, "身份证号中的出生日期晚于今天 (birth date is in the future)", field);
    char expected = IdNumberCheckChar(text.substr(0, 17));
    if (expected != last)
        return Fail(ErrorCode::kInvalidArgument,
                    std::string("身份证号校验位错误，应为") + expected + " (check character should be " + expected + ")",
                    field);
    IdNumberInfo info;
    info.normalized = std::string(text.substr(0, 17)) + last;
    info.division_code = std::string(text.substr(0, 6));
    info.birth_date = birth;
    info.sex = (text[16] - '0') % 2 == 1 ? Sex::kMale : Sex::kFemale;
    return info;
}

std::string MaskIdNumber(std::string_view id) {
    if (id.size() < 10) return std::string(id.size(), '*');
    return std::string(id.substr(0, 6)) + std::string(id.size() - 10, '*') + std::string(id.substr(id.size() - 4));
}

}  // namespace wangge
