#pragma once
// An RFC 4180 CSV reader over a byte stream: quoted fields, doubled quotes, CRLF or LF (or a
// lone CR) line ends, newlines inside quotes, a UTF-8 BOM at the start. Reads in chunks, so a
// file of millions of rows is never held in memory. Blank lines are skipped. Not thread-safe.
#include <cstdint>
#include <string>
#include <vector>

#include "domain/registry/import/byte_source.hpp"

namespace wangge::registry::import {

class CsvReader {
  public:
    // `source` must outlive the reader.
    explicit CsvReader(ByteSource& source, char delimiter = ',');

    // Reads the next record into `fields` (cleared first). Returns false at the end of input.
    // Errors: kInvalidArgument for a quoted field still open at the end of the input (the
    // message names the line it began on); read errors of the source.
    Result<bool> Next(std::vector<std::string>& fields);

    // The 1-based physical line on which the record last returned began.
    std::int64_t record_line() const { return record_line_; }
    // Bytes consumed from the source so far (for progress).
    std::int64_t bytes_read() const { return bytes_read_; }

  private:
    Result<bool> Fill();  // false at the end of input

    ByteSource& source_;
    char delimiter_;
    std::string buffer_;
    std::size_t pos_ = 0, end_ = 0;
    bool eof_ = false;
    bool at_start_ = true;
    bool pending_cr_ = false;  // a CR ended the last line; a following LF belongs to it
    std::int64_t line_ = 1;
    std::int64_t record_line_ = 0;
    std::int64_t bytes_read_ = 0;
};

}  // namespace wangge::registry::import
