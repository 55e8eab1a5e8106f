#pragma once
// What a resident import is asked to do and what it reports. Shared by the parser (domain),
// the writer (storage) and the callers (CLI, HTTP).
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/id_number.hpp"
#include "domain/registry/import/encoding.hpp"

namespace wangge::registry::import {

// One problem with one cell (or with the file, line 0 / column ""). Reasons are Chinese first,
// English in parentheses, as every other wangge message.
struct RowError {
    std::int64_t line = 0;  // 1-based physical line of the file where the record begins
    std::string column;     // the column's header as written in the file ("身份证号")
    std::string reason;     // "身份证号校验位错误，应为X (…)"
};

enum class SkipInvalid { kNo, kYes };

struct ImportOptions {
    Encoding encoding = Encoding::kAuto;
    // kNo: all or nothing — any bad row and nothing is written. kYes: good rows are loaded.
    SkipInvalid skip_invalid = SkipInvalid::kNo;
    std::string scope_path;                     // buildings must lie under this area path ("/" = all)
    std::optional<std::int64_t> actor_user_id;  // recorded in resident_history
    EpochMillis now = 0;                        // updated_at / history time
    CivilDate today;                            // birth dates after it are refused
    std::size_t max_errors = 1000;              // errors listed; error_count keeps counting past it
};

enum class ImportStatus { kSucceeded, kFailed };

struct ImportReport {
    ImportStatus status = ImportStatus::kSucceeded;
    Encoding encoding = Encoding::kUtf8;  // as detected or given
    std::int64_t total = 0;               // data rows in the file (header excluded, blank lines skipped)
    std::int64_t processed = 0;           // rows written or found unchanged
    std::int64_t inserted = 0;
    std::int64_t updated = 0;
    std::int64_t unchanged = 0;
    std::int64_t skipped = 0;  // rows with errors not loaded (skip_invalid), or all rows on failure
    std::int64_t households_created = 0;
    std::vector<RowError> errors;  // the first max_errors, in file order
    std::int64_t error_count = 0;  // all of them
};

enum class ImportPhase { kValidating, kWriting };

struct ImportProgress {
    ImportPhase phase = ImportPhase::kValidating;
    std::int64_t done = 0;   // validating: bytes read; writing: rows written
    std::int64_t total = 0;  // validating: input size in bytes (0 when unknown); writing: rows to write
};

using ImportProgressFn = std::function<void(const ImportProgress&)>;

}  // namespace wangge::registry::import
