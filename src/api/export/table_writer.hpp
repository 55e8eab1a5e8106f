#pragma once
// One table written row by row to a file that a spreadsheet opens: XLSX through libxlsxwriter in
// constant-memory mode (a further sheet past Excel's 1,048,576 rows), or CSV in UTF-8 with a BOM so
// Excel reads it, with anything a spreadsheet would run as a formula neutralised. Memory stays flat
// however many rows are written. Every file export (the appeals ledger, the untested list) goes
// through this one writer.
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"

namespace wangge::api {

enum class TableFormat { kXlsx, kCsv };
std::string_view TableFormatName(TableFormat format);  // "xlsx" | "csv": the file extension
// The MIME type of a format.
std::string_view TableContentType(TableFormat format);

// How XLSX stores a column's cells; CSV writes every cell as text.
enum class CellKind {
    kText,    // a string cell, wrapped, top-aligned
    kNumber,  // a number cell (the text is a decimal number); text that is not one is written as text
};

struct TableColumn {
    std::string header;
    double width = 12;  // in characters (XLSX only)
    CellKind kind = CellKind::kText;
};

struct TableLayout {
    std::string sheet_name;  // XLSX: the first sheet's name; later ones get 2, 3, … appended
    std::vector<TableColumn> columns;
};

// Writes one export file. Not thread-safe; one writer per export.
class TableWriter {
  public:
    virtual ~TableWriter() = default;
    // Creates `path` (replacing it) and writes the header row. kInternal when it cannot.
    static Result<std::unique_ptr<TableWriter>> Open(TableFormat format, const std::string& path, TableLayout layout);
    // One row; `cells` holds one text per column (missing ones are empty, extra ones ignored).
    // Empty cells stay blank. Control characters other than tab and newline become spaces in XLSX.
    virtual Status Write(const std::vector<std::string>& cells) = 0;
    // Completes the file; nothing may be written after. kInternal when the file cannot be written.
    virtual Status Finish() = 0;
};

// A new empty file of our own for one export, named wangge-export-XXXXXX.<ext> under `dir` (the
// system's temporary directory when empty). kUnavailable when it cannot be created. The caller
// owns the file (see http::FileBody with RemoveFile::kYes).
Result<std::string> ExportTempFile(const std::string& dir, TableFormat format);

}  // namespace wangge::api
