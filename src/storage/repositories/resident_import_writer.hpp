#pragma once
// `wangge import residents` and the web upload: one function both call. It reads a CSV file
// (UTF-8 or GBK) of residents in two streaming passes — validate everything, then write — so
// memory stays flat for millions of rows (about 8 bytes per row are kept to find ID numbers
// repeated within the file).
#include <string>
#include <string_view>

#include "domain/registry/import/byte_source.hpp"
#include "domain/registry/import/import_report.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

// Where the rows come from: a file, or a body in memory (a web upload).
class ImportSource {
  public:
    static ImportSource File(std::string path);
    // `body` must outlive the import.
    static ImportSource Memory(std::string_view body);

    // A fresh stream from the start. Errors: kNotFound for a file that cannot be opened.
    Result<std::unique_ptr<registry::import::ByteSource>> Open() const;
    // Size in bytes, 0 when unknown.
    std::int64_t size() const;

  private:
    bool is_file_ = false;
    std::string path_;
    std::string_view body_;
};

// Imports residents into households of existing buildings.
//
// Each row names a building by its area code; the building must lie under
// `options.scope_path` (else the row is refused, worded as for an unknown code). Households are
// found or created by (building, unit, room); residents are matched by ID number and inserted,
// updated when something differs (their household included: a resident can move), or left
// unchanged — so importing the same file again inserts nothing. A resident already registered
// outside the scope is refused. household.member_count and head, the area counters up the
// path, and resident_history (action "import") are kept in the same transactions.
//
// By default all or nothing: if any row is bad, nothing is written, the report has status
// kFailed and lists the errors (the first options.max_errors, with error_count counting all).
// With SkipInvalid::kYes the good rows are loaded and the bad ones reported as skipped.
// Writing happens in transactions of 10,000 rows, so other users are not blocked for long; a
// storage failure in the middle leaves earlier transactions committed, and re-running the
// same import completes it.
//
// Returns a report (also when rows were refused). Errors: kNotFound for an unreadable file;
// kInvalidArgument when the CSV itself is broken (an unclosed quote); storage errors.
// Thread-safe as the Database is; `progress` is called on the caller's thread.
Result<registry::import::ImportReport> ImportResidents(Database& db, const ImportSource& source,
                                                       const registry::import::ImportOptions& options,
                                                       const registry::import::ImportProgressFn& progress = {});

}  // namespace wangge::storage
