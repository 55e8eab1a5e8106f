#include "api/export/table_writer.hpp"

#include <unistd.h>
#include <xlsxwriter.h>

#include <charconv>
#include <cstdio>
#include <filesystem>

namespace wangge::api {
namespace {

constexpr std::string_view kBom = "\xEF\xBB\xBF";
// Excel's sheet limit is 1,048,576 rows; the table goes on in a further sheet past it.
constexpr lxw_row_t kRowsPerSheet = 1'048'576;

// Control characters other than tab and newline are not allowed in XLSX text.
std::string Clean(std::string text) {
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') c = ' ';
    return text;
}

// RFC 4180 quoting, and a leading ' before anything a spreadsheet would run as a formula.
void AppendCsvField(std::string& line, const std::string& value) {
    std::string text = value;
    if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' || text[0] == '\t'))
        text.insert(text.begin(), '\'');
    const bool quote = text.find_first_of(",\"\r\n") != std::string::npos;
    if (!quote) {
        line += text;
        return;
    }
    line += '"';
    for (char c : text) {
        if (c == '"') line += '"';
        line += c;
    }
    line += '"';
}

tl::unexpected<Error> WriteFailed(const std::string& what) {
    return Fail(ErrorCode::kInternal, "cannot write the export file: " + what);
}

class CsvTableWriter final : public TableWriter {
  public:
    CsvTableWriter(std::FILE* file, TableLayout layout) : file_(file), layout_(std::move(layout)) {}
    ~CsvTableWriter() override {
        if (file_) std::fclose(file_);
    }

    Status Start() {
        if (std::fwrite(kBom.data(), 1, kBom.size(), file_) != kBom.size()) return WriteFailed("BOM");
        std::vector<std::string> headers;
        for (const auto& column : layout_.columns) headers.push_back(column.header);
        return Write(headers);
    }

    Status Write(const std::vector<std::string>& cells) override {
        line_.clear();
        for (std::size_t i = 0; i < layout_.columns.size(); ++i) {
            if (i) line_ += ',';
            if (i < cells.size()) AppendCsvField(line_, cells[i]);
        }
        line_ += "\r\n";
        if (std::fwrite(line_.data(), 1, line_.size(), file_) != line_.size()) return WriteFailed("row");
        return {};
    }

    Status Finish() override {
        const bool ok = std::fclose(file_) == 0;
        file_ = nullptr;
        if (!ok) return WriteFailed("close");
        return {};
    }

  private:
    std::FILE* file_;
    TableLayout layout_;
    std::string line_;
};

class XlsxTableWriter final : public TableWriter {
  public:
    XlsxTableWriter(lxw_workbook* book, TableLayout layout) : book_(book), layout_(std::move(layout)) {}
    ~XlsxTableWriter() override {
        if (book_) workbook_close(book_);
    }

    Status Start() {
        header_ = workbook_add_format(book_);
        format_set_bold(header_);
        format_set_bg_color(header_, 0xDDEBF7);
        format_set_border(header_, LXW_BORDER_THIN);
        wrap_ = workbook_add_format(book_);
        format_set_text_wrap(wrap_);
        format_set_align(wrap_, LXW_ALIGN_VERTICAL_TOP);
        return NewSheet();
    }

    Status Write(const std::vector<std::string>& cells) override {
        if (row_ == kRowsPerSheet) WANGGE_CHECK(NewSheet());
        lxw_error error = LXW_NO_ERROR;
        const std::size_t n = std::min(cells.size(), layout_.columns.size());
        for (lxw_col_t col = 0; col < n && error == LXW_NO_ERROR; ++col) {
            const std::string& text = cells[col];
            if (text.empty()) continue;
            double number = 0;
            if (layout_.columns[col].kind == CellKind::kNumber && ParseNumber(text, number))
                error = worksheet_write_number(sheet_, row_, col, number, nullptr);
            else
                error = worksheet_write_string(sheet_, row_, col, Clean(text).c_str(), wrap_);
        }
        if (error != LXW_NO_ERROR) return WriteFailed(lxw_strerror(error));
        ++row_;
        return {};
    }

    Status Finish() override {
        const lxw_error error = workbook_close(book_);
        book_ = nullptr;
        if (error != LXW_NO_ERROR) return WriteFailed(lxw_strerror(error));
        return {};
    }

  private:
    static bool ParseNumber(const std::string& text, double& out) {
        const char* end = text.data() + text.size();
        auto [ptr, ec] = std::from_chars(text.data(), end, out);
        return ec == std::errc() && ptr == end;
    }

    Status NewSheet() {
        ++sheets_;
        const std::string name = sheets_ == 1 ? layout_.sheet_name : layout_.sheet_name + std::to_string(sheets_);
        sheet_ = workbook_add_worksheet(book_, name.c_str());
        if (!sheet_) return WriteFailed("worksheet");
        for (lxw_col_t col = 0; col < layout_.columns.size(); ++col) {
            worksheet_set_column(sheet_, col, col, layout_.columns[col].width, nullptr);
            worksheet_write_string(sheet_, 0, col, layout_.columns[col].header.c_str(), header_);
        }
        worksheet_freeze_panes(sheet_, 1, 0);
        row_ = 1;
        return {};
    }

    lxw_workbook* book_;
    TableLayout layout_;
    lxw_worksheet* sheet_ = nullptr;
    lxw_format* header_ = nullptr;
    lxw_format* wrap_ = nullptr;
    lxw_row_t row_ = 0;
    int sheets_ = 0;
};

}  // namespace

std::string_view TableFormatName(TableFormat format) { return format == TableFormat::kXlsx ? "xlsx" : "csv"; }

std::string_view TableContentType(TableFormat format) {
    return format == TableFormat::kXlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                        : "text/csv; charset=utf-8";
}

Result<std::unique_ptr<TableWriter>> TableWriter::Open(TableFormat format, const std::string& path,
                                                       TableLayout layout) {
    if (format == TableFormat::kCsv) {
        std::FILE* file = std::fopen(path.c_str(), "wb");
        if (!file) return WriteFailed("open " + path);
        auto writer = std::make_unique<CsvTableWriter>(file, std::move(layout));
        WANGGE_CHECK(writer->Start());
        return std::unique_ptr<TableWriter>(std::move(writer));
    }
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.use_zip64 = LXW_TRUE;
    lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
    if (!book) return WriteFailed("open " + path);
    auto writer = std::make_unique<XlsxTableWriter>(book, std::move(layout));
    WANGGE_CHECK(writer->Start());
    return std::unique_ptr<TableWriter>(std::move(writer));
}

Result<std::string> ExportTempFile(const std::string& dir, TableFormat format) {
    const std::string ext(TableFormatName(format));
    std::string path =
        (dir.empty() ? std::filesystem::temp_directory_path().string() : dir) + "/wangge-export-XXXXXX." + ext;
    const int fd = ::mkstemps(path.data(), static_cast<int>(ext.size()) + 1);
    if (fd < 0) return Fail(ErrorCode::kUnavailable, "cannot create a temporary file for the export");
    ::close(fd);
    return path;
}

}  // namespace wangge::api
