#pragma once
// The ledger export's files (说事专用台账): the columns a community secretary keeps, with Chinese
// headers and dates in China time, written row by row to a file through the generic table writer
// (api/export/table_writer.hpp: XLSX in constant memory, or CSV with a BOM), so memory stays flat.
#include <memory>
#include <string>
#include <vector>

#include "domain/appeals/ledger_export.hpp"

namespace wangge::api {

// Writes one export file. Not thread-safe; one writer per export.
class LedgerWriter {
  public:
    virtual ~LedgerWriter() = default;
    // Creates `path` (replacing it) and writes the header row. kInternal when it cannot.
    static Result<std::unique_ptr<LedgerWriter>> Open(appeals::ExportFormat format, const std::string& path);
    virtual Status Write(const appeals::LedgerRow& row) = 0;
    // Completes the file; nothing may be written after.
    virtual Status Finish() = 0;
};

// The header row and one row's cells, as both formats write them.
const std::vector<std::string>& LedgerHeaders();
std::vector<std::string> LedgerCells(const appeals::LedgerRow& row);

// The MIME type and file extension of a format.
std::string_view ExportContentType(appeals::ExportFormat format);

}  // namespace wangge::api
