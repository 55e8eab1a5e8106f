#include "domain/masstest/lab_results.hpp"

#include <array>
#include <charconv>
#include <unordered_map>

#include "domain/registry/import/byte_source.hpp"
#include "domain/registry/import/csv_reader.hpp"
#include "domain/registry/import/text.hpp"

namespace wangge::masstest {
namespace {

using registry::import::AsciiLower;
using registry::import::CodePoints;
using registry::import::Trim;

constexpr EpochMillis kDay = 24LL * 3600 * 1000;
constexpr EpochMillis kChinaOffset = 8LL * 3600 * 1000;

enum class Column { kTube, kResult, kTime, kLab };
constexpr std::size_t kColumnCount = 4;

struct ColumnSpec {
    Column column;
    std::string_view key;  // the field name errors use
    std::array<std::string_view, 6> names;
};

constexpr std::array<ColumnSpec, kColumnCount> kColumns = {{
    {Column::kTube, "tube", {"管码", "采样管号", "试管编号", "条码", "tube", "tube_code"}},
    {Column::kResult, "result", {"结果", "检测结果", "result", "", "", ""}},
    {Column::kTime, "time", {"时间", "检测时间", "报告时间", "time", "resulted_at", "tested_at"}},
    {Column::kLab, "lab", {"检测机构", "实验室", "lab", "", "", ""}},
}};

std::optional<Column> MatchColumn(std::string_view header) {
    const std::string h = AsciiLower(Trim(header));
    for (const auto& spec : kColumns)
        for (auto name : spec.names)
            if (!name.empty() && h == name) return spec.column;
    return std::nullopt;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
std::int64_t DaysFromCivil(std::int64_t y, unsigned m, unsigned d) {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const auto yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Reads exactly `width` digits at `pos` (1–2 for month/day/hour when `flexible`).
bool ReadNumber(std::string_view s, std::size_t& pos, int min_width, int max_width, int& out) {
    int value = 0, n = 0;
    while (pos < s.size() && n < max_width && s[pos] >= '0' && s[pos] <= '9') {
        value = value * 10 + (s[pos] - '0');
        ++pos;
        ++n;
    }
    if (n < min_width) return false;
    out = value;
    return true;
}

tl::unexpected<Error> BadTime(std::string_view text) {
    return Fail(ErrorCode::kInvalidArgument,
                "时间格式无法识别：" + std::string(text) +
                    "，应为 2022-04-16 10:30:00 或毫秒时间戳 (unreadable time; use 2022-04-16 10:30:00 or epoch "
                    "milliseconds)",
                "time");
}

void AddError(LabParse& parse, std::int64_t line, std::string_view field, std::string reason) {
    ++parse.error_count;
    if (parse.errors.size() < kMaxLabErrors) parse.errors.push_back({line, std::string(field), std::move(reason)});
}

}  // namespace

std::optional<TubeResult> ParseLabResult(std::string_view text) {
    const std::string t = AsciiLower(Trim(text));
    if (t == "阴性" || t == "negative") return TubeResult::kNegative;
    if (t == "阳性" || t == "positive") return TubeResult::kPositive;
    if (t == "无效" || t == "invalid") return TubeResult::kInvalid;
    return std::nullopt;
}

Result<EpochMillis> ParseLabTime(std::string_view raw) {
    const std::string text = Trim(raw);
    const std::string_view s = text;
    if (s.empty()) return BadTime(s);
    if (s.find_first_not_of("0123456789") == std::string_view::npos) {
        if (s.size() < 12 || s.size() > 14) return BadTime(s);  // epoch ms: 2001 … 5138
        EpochMillis ms = 0;
        std::from_chars(s.data(), s.data() + s.size(), ms);
        return ms;
    }
    std::size_t pos = 0;
    int year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millis = 0;
    if (!ReadNumber(s, pos, 4, 4, year)) return BadTime(s);
    if (pos >= s.size() || (s[pos] != '-' && s[pos] != '/')) return BadTime(s);
    const char sep = s[pos++];
    if (!ReadNumber(s, pos, 1, 2, month)) return BadTime(s);
    if (pos >= s.size() || s[pos] != sep) return BadTime(s);
    ++pos;
    if (!ReadNumber(s, pos, 1, 2, day)) return BadTime(s);
    if (month < 1 || month > 12 || day < 1 || day > DaysInMonth(year, month))
        return Fail(ErrorCode::kInvalidArgument, "日期不存在：" + text + " (no such date)", "time");
    if (pos < s.size()) {
        if (s[pos] != ' ' && s[pos] != 'T') return BadTime(s);
        while (pos < s.size() && (s[pos] == ' ' || s[pos] == 'T')) ++pos;
        if (!ReadNumber(s, pos, 1, 2, hour)) return BadTime(s);
        if (pos >= s.size() || s[pos] != ':') return BadTime(s);
        ++pos;
        if (!ReadNumber(s, pos, 2, 2, minute)) return BadTime(s);
        if (pos < s.size() && s[pos] == ':') {
            ++pos;
            if (!ReadNumber(s, pos, 2, 2, second)) return BadTime(s);
            if (pos < s.size() && s[pos] == '.') {
                ++pos;
                const std::size_t start = pos;
                int fraction = 0;
                if (!ReadNumber(s, pos, 1, 9, fraction)) return BadTime(s);
                std::size_t digits = pos - start;
                millis = fraction;
                for (; digits < 3; ++digits) millis *= 10;
                for (; digits > 3; --digits) millis /= 10;
            }
        }
        if (hour > 23 || minute > 59 || second > 59)
            return Fail(ErrorCode::kInvalidArgument, "时间不存在：" + text + " (no such time of day)", "time");
    }
    EpochMillis offset = kChinaOffset;
    if (pos < s.size()) {
        if (s[pos] == 'Z' && pos + 1 == s.size()) {
            offset = 0;
            pos = s.size();
        } else if (s[pos] == '+' || s[pos] == '-') {
            const int sign = s[pos] == '-' ? -1 : 1;
            ++pos;
            int oh = 0, om = 0;
            if (!ReadNumber(s, pos, 2, 2, oh)) return BadTime(s);
            if (pos < s.size() && s[pos] == ':') ++pos;
            if (!ReadNumber(s, pos, 2, 2, om) || oh > 14 || om > 59) return BadTime(s);
            offset = sign * (oh * 3600LL + om * 60LL) * 1000;
        }
        if (pos != s.size()) return BadTime(s);
    }
    const std::int64_t days = DaysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    return days * kDay + ((hour * 60LL + minute) * 60 + second) * 1000 + millis - offset;
}

LabParse ValidateLabRows(const std::vector<LabRowInput>& inputs, EpochMillis now) {
    LabParse parse;
    // Tube code → index into parse.rows, for repeats inside one upload.
    std::unordered_map<std::string, std::size_t> seen;
    for (const auto& in : inputs) {
        ++parse.total;
        bool ok = true;
        LabRow row;
        row.line = in.line;
        row.tube_code = Trim(in.tube);
        if (row.tube_code.empty()) {
            AddError(parse, in.line, "tube", "管码不能为空 (tube is required)");
            ok = false;
        } else if (!ValidTubeCode(row.tube_code)) {
            AddError(parse, in.line, "tube", "管码须为1至64个可见ASCII字符 (tube: 1-64 printable ASCII characters)");
            ok = false;
        }
        if (auto result = ParseLabResult(in.result)) {
            row.result = *result;
        } else {
            AddError(parse, in.line, "result",
                     Trim(in.result).empty() ? "结果不能为空，应为阴性、阳性或无效 (result is required: negative, "
                                               "positive or invalid)"
                                             : "结果无法识别：" + Trim(in.result) +
                                                   "，应为阴性、阳性或无效 (result must be negative, positive or "
                                                   "invalid)");
            ok = false;
        }
        if (Trim(in.time).empty()) {
            row.resulted_at = now;
        } else if (auto at = ParseLabTime(in.time)) {
            if (*at > now + kDay) {
                AddError(parse, in.line, "time", "检测时间晚于当前时间 (time is in the future)");
                ok = false;
            }
            row.resulted_at = *at;
        } else {
            AddError(parse, in.line, "time", at.error().message);
            ok = false;
        }
        row.lab = Trim(in.lab);
        if (CodePoints(row.lab) > kMaxLabNameChars) {
            AddError(parse, in.line, "lab", "检测机构名称过长，最多100字 (lab is too long)");
            ok = false;
        }
        if (!ok) continue;
        auto [it, inserted] = seen.emplace(row.tube_code, parse.rows.size());
        if (!inserted) {
            const LabRow& first = parse.rows[it->second];
            if (first.result != row.result)
                AddError(parse, in.line, "tube",
                         "管码 " + row.tube_code + " 在第" + std::to_string(first.line) +
                             "行已有不同结果 (the tube has another result on line " + std::to_string(first.line) + ")");
            continue;  // the same result again: no new effect
        }
        parse.rows.push_back(std::move(row));
    }
    return parse;
}

Result<LabParse> ParseLabCsv(std::string_view body, registry::import::Encoding encoding, EpochMillis now) {
    namespace imp = registry::import;
    if (body.empty()) return Fail(ErrorCode::kInvalidArgument, "文件为空 (the file is empty)", "file");
    WANGGE_TRY(decoded, imp::Decode(imp::MakeMemorySource(body), encoding));
    imp::CsvReader reader(*decoded.source);
    std::vector<std::string> fields;
    WANGGE_TRY(has_header, reader.Next(fields));
    if (!has_header) return Fail(ErrorCode::kInvalidArgument, "文件为空 (the file is empty)", "file");

    std::array<int, kColumnCount> index;
    index.fill(-1);
    for (std::size_t i = 0; i < fields.size(); ++i) {
        auto column = MatchColumn(fields[i]);
        if (!column) continue;
        auto& slot = index[static_cast<std::size_t>(*column)];
        if (slot >= 0)
            return Fail(ErrorCode::kInvalidArgument, "列重复：" + Trim(fields[i]) + " (a column appears twice)",
                        "file");
        slot = static_cast<int>(i);
    }
    if (index[static_cast<std::size_t>(Column::kTube)] < 0 || index[static_cast<std::size_t>(Column::kResult)] < 0)
        return Fail(ErrorCode::kInvalidArgument,
                    "首行须有管码和结果两列（如：管码,结果,检测时间,检测机构） (the header row must name the tube and "
                    "result columns, e.g. tube,result,time,lab)",
                    "file");

    auto cell = [&](Column c) -> std::string {
        const int i = index[static_cast<std::size_t>(c)];
        return i >= 0 && static_cast<std::size_t>(i) < fields.size() ? fields[static_cast<std::size_t>(i)]
                                                                     : std::string();
    };
    std::vector<LabRowInput> inputs;
    for (;;) {
        WANGGE_TRY(more, reader.Next(fields));
        if (!more) break;
        if (inputs.size() >= kMaxLabRows)
            return Fail(ErrorCode::kInvalidArgument,
                        "每次最多上传" + std::to_string(kMaxLabRows) + "行 (at most " + std::to_string(kMaxLabRows) +
                            " rows per upload)",
                        "file");
        inputs.push_back(LabRowInput{reader.record_line(), cell(Column::kTube), cell(Column::kResult),
                                     cell(Column::kTime), cell(Column::kLab)});
    }
    LabParse parse = ValidateLabRows(inputs, now);
    parse.encoding = std::string(imp::EncodingName(decoded.encoding));
    return parse;
}

}  // namespace wangge::masstest
