#pragma once
// Reading and validating a lab's upload of tube results (pure: no SQL, no JSON). CSV in UTF-8 (with or
// without BOM) or GBK, headers in Chinese or English; JSON items arrive here as the same raw cells
// (the API layer reads the JSON). Every row is checked and every problem reported with its line, field
// and reason, so a lab fixes its file in one go.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/masstest/followup_types.hpp"
#include "domain/registry/import/encoding.hpp"

namespace wangge::masstest {

inline constexpr std::size_t kMaxLabRows = 200000;  // per upload (one transaction)
inline constexpr std::size_t kMaxLabErrors = 1000;  // listed; the count goes on
inline constexpr std::size_t kMaxLabNameChars = 100;

// The cells of one row as given. `line`: the CSV record's first physical line, or the JSON item's
// index + 1.
struct LabRowInput {
    std::int64_t line = 0;
    std::string tube, result, time, lab;
};

struct LabParse {
    std::vector<LabRow> rows;         // valid rows, in input order
    std::vector<LabRowError> errors;  // the first kMaxLabErrors, in input order
    std::int64_t error_count = 0;     // all of them
    std::int64_t total = 0;           // rows read (valid or not)
    std::string encoding;             // CSV: "utf-8" | "gbk"
};

// 阴性/negative, 阳性/positive, 无效/invalid (English in any case; spaces trimmed). Never kPending.
std::optional<TubeResult> ParseLabResult(std::string_view text);

// A result time: epoch milliseconds (digits), or "YYYY-MM-DD HH:MM[:SS]" ('/' or '-' between date parts,
// 'T' or a space before the time, optional fraction), with "Z" or "±HH:MM" — China Standard Time (UTC+8)
// when no zone is given, as Chinese lab systems write it. kInvalidArgument with the reason otherwise.
Result<EpochMillis> ParseLabTime(std::string_view text);

// Validates raw rows: tube code 1–64 printable ASCII characters, a known result, a time not later than
// `now` + 1 day (empty: `now`), lab at most kMaxLabNameChars characters. A tube repeated with the same
// result is kept once; with another result it is an error on the later line.
LabParse ValidateLabRows(const std::vector<LabRowInput>& rows, EpochMillis now);

// Reads a CSV body: a header row naming the columns (管码/采样管号/试管编号/tube/tube_code,
// 结果/检测结果/result, 时间/检测时间/报告时间/time/resulted_at, 检测机构/实验室/lab; others ignored), then
// one row per tube, validated as above. kInvalidArgument (field "file") for an empty body, a missing
// tube or result column or more than kMaxLabRows rows; row problems are in LabParse::errors.
Result<LabParse> ParseLabCsv(std::string_view body, registry::import::Encoding encoding, EpochMillis now);

}  // namespace wangge::masstest
