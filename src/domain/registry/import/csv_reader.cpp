#include "domain/registry/import/csv_reader.hpp"

namespace wangge::registry::import {
namespace {
constexpr std::size_t kChunk = 1 << 16;
}  // namespace

CsvReader::CsvReader(ByteSource& source, char delimiter)
    : source_(source), delimiter_(delimiter), buffer_(kChunk, '\0') {}

Result<bool> CsvReader::Fill() {
    if (eof_) return false;
    WANGGE_TRY(n, source_.Read(buffer_.data(), buffer_.size()));
    pos_ = 0;
    end_ = n;
    bytes_read_ += static_cast<std::int64_t>(n);
    if (n == 0) eof_ = true;
    return n > 0;
}

Result<bool> CsvReader::Next(std::vector<std::string>& fields) {
    enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteInQuoted };
    fields.clear();
    std::string field;
    State state = State::kFieldStart;
    bool any_content = false;  // a record of one empty unquoted field is a blank line: skipped
    record_line_ = line_;
    for (;;) {
        if (pos_ == end_) {
            WANGGE_TRY(more, Fill());
            if (!more) break;
        }
        if (at_start_) {
            at_start_ = false;
            // A BOM split over reads would need a chunk under 3 bytes; ours are 64 KiB.
            if (end_ - pos_ >= 3 && buffer_.compare(pos_, 3, "\xEF\xBB\xBF") == 0) pos_ += 3;
            continue;
        }
        char c = buffer_[pos_++];
        if (pending_cr_) {  // the LF of a CRLF was already counted with its CR
            pending_cr_ = false;
            if (c == '\n') continue;
        }
        switch (state) {
            case State::kFieldStart:
            case State::kUnquoted:
                if (c == '"' && state == State::kFieldStart) {
                    state = State::kQuoted;
                    any_content = true;
                } else if (c == delimiter_) {
                    fields.push_back(std::move(field));
                    field.clear();
                    state = State::kFieldStart;
                    any_content = true;
                } else if (c == '\n' || c == '\r') {
                    ++line_;
                    pending_cr_ = c == '\r';
                    if (!any_content && field.empty()) {
                        record_line_ = line_;
                        continue;
                    }
                    fields.push_back(std::move(field));
                    return true;
                } else {
                    field.push_back(c);
                    state = State::kUnquoted;
                    any_content = true;
                }
                break;
            case State::kQuoted:
                if (c == '"') {
                    state = State::kQuoteInQuoted;
                } else if (c == '\n' || c == '\r') {
                    ++line_;
                    pending_cr_ = c == '\r';
                    field.push_back('\n');  // embedded line ends are kept, normalised to LF
                } else {
                    field.push_back(c);
                }
                break;
            case State::kQuoteInQuoted:
                if (c == '"') {
                    field.push_back('"');
                    state = State::kQuoted;
                } else {
                    // The closing quote. Text after it up to the delimiter is kept, as Excel does.
                    state = State::kUnquoted;
                    --pos_;
                }
                break;
        }
    }
    if (state == State::kQuoted)
        return Fail(ErrorCode::kInvalidArgument,
                    "第" + std::to_string(record_line_) +
                        "行开始的引号没有闭合 (unterminated quoted field starting on line " +
                        std::to_string(record_line_) + ")",
                    "file");
    if (!any_content && field.empty()) return false;
    fields.push_back(std::move(field));
    return true;
}

}  // namespace wangge::registry::import
