#include "api/appeals/ledger_writer.hpp"

#include <xlsxwriter.h>

#include <cstdio>

#include "domain/appeals/deadline.hpp"

namespace wangge::api {
namespace {

using namespace appeals;

constexpr std::string_view kBom = "\xEF\xBB\xBF";
// Excel's sheet limit is 1,048,576 rows; the ledger goes on in a further sheet past it.
constexpr lxw_row_t kRowsPerSheet = 1'048'576;

std::string_view ChannelLabel(Channel c) {
    switch (c) {
        case Channel::kQuestionnaire:
            return "问卷";
        case Channel::kPhoneLine:
            return "公开电话";
        case Channel::kWechatGroup:
            return "微信群";
        case Channel::kGridVisit:
            return "网格员进格";
        case Channel::kPartyMemberVisit:
            return "党员中心户入户";
        case Channel::kWalkIn:
            return "来访面询";
        case Channel::kPartyDay:
            return "党日说事现场";
        case Channel::kHotline12345:
            return "12345热线";
    }
    return "";
}

std::string_view TrackLabel(Track t) {
    switch (t) {
        case Track::kImmediate:
            return "即知即办";
        case Track::kConsultative:
            return "协商交办";
        case Track::kNone:
            return "待分类";
    }
    return "";
}

std::string_view EvaluationLabel(Evaluation e) {
    switch (e) {
        case Evaluation::kSatisfied:
            return "满意";
        case Evaluation::kBasicallySatisfied:
            return "基本满意";
        case Evaluation::kNotSatisfied:
            return "不满意";
        case Evaluation::kNone:
            return "";
    }
    return "";
}

std::string Date(const std::optional<EpochMillis>& at) {
    if (!at) return "";
    const CivilDate d = ChinaDate(*at);
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d-%02d", d.year, d.month, d.day);
    return text;
}

std::string DateTime(EpochMillis at) {
    const EpochMillis minutes = ((at - ChinaMidnight(ChinaDate(at))) / 60000) % (24 * 60);
    char text[8];
    std::snprintf(text, sizeof text, " %02d:%02d", static_cast<int>(minutes / 60), static_cast<int>(minutes % 60));
    return Date(at) + text;
}

// Control characters other than tab and newline are not allowed in XLSX text and confuse CSV readers.
std::string Clean(std::string text) {
    for (char& c : text)
        if (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t') c = ' ';
    return text;
}

std::string Outcome(const LedgerRow& row) {
    const Appeal& a = row.appeal;
    if (a.status == AppealStatus::kMerged && a.merged_into_id)
        return "已合并至诉求#" + std::to_string(*a.merged_into_id);
    if (!row.outcome) return "";
    if (row.outcome->action == "mark_not_responsible") return "非职责范围：" + row.outcome->note;
    if (row.outcome->action == "reject") return "不予受理：" + row.outcome->note;
    return row.outcome->note;
}

std::string Reporter(const Appeal& a) {
    if (a.reporter.kind == ReporterKind::kAnonymous) return "匿名";
    return a.reporter.name;
}

std::string Place(const Appeal& a) {
    if (a.area_id == a.community_id || a.area_name.empty()) return a.community_name;
    return a.community_name + " " + a.area_name;
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

class CsvWriter final : public LedgerWriter {
  public:
    explicit CsvWriter(std::FILE* file) : file_(file) {}
    ~CsvWriter() override {
        if (file_) std::fclose(file_);
    }

    Status Start() {
        if (std::fwrite(kBom.data(), 1, kBom.size(), file_) != kBom.size()) return WriteFailed("BOM");
        return WriteLine(LedgerHeaders());
    }
    Status Write(const LedgerRow& row) override { return WriteLine(LedgerCells(row)); }
    Status Finish() override {
        const bool ok = std::fclose(file_) == 0;
        file_ = nullptr;
        if (!ok) return WriteFailed("close");
        return {};
    }

  private:
    Status WriteLine(const std::vector<std::string>& cells) {
        line_.clear();
        for (std::size_t i = 0; i < cells.size(); ++i) {
            if (i) line_ += ',';
            AppendCsvField(line_, cells[i]);
        }
        line_ += "\r\n";
        if (std::fwrite(line_.data(), 1, line_.size(), file_) != line_.size()) return WriteFailed("row");
        return {};
    }

    std::FILE* file_;
    std::string line_;
};

class XlsxWriter final : public LedgerWriter {
  public:
    explicit XlsxWriter(lxw_workbook* book) : book_(book) {}
    ~XlsxWriter() override {
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

    Status Write(const LedgerRow& row) override {
        if (row_ == kRowsPerSheet) WANGGE_CHECK(NewSheet());
        const auto cells = LedgerCells(row);
        lxw_error error = worksheet_write_number(sheet_, row_, 0, static_cast<double>(row.appeal.id), nullptr);
        for (lxw_col_t col = 1; col < cells.size() && error == LXW_NO_ERROR; ++col) {
            if (cells[col].empty()) continue;
            error = worksheet_write_string(sheet_, row_, col, Clean(cells[col]).c_str(), wrap_);
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
    Status NewSheet() {
        ++sheets_;
        const std::string name = sheets_ == 1 ? "台账" : "台账" + std::to_string(sheets_);
        sheet_ = workbook_add_worksheet(book_, name.c_str());
        if (!sheet_) return WriteFailed("worksheet");
        // Widths in characters; the content columns are wide and wrap.
        const double widths[] = {8, 17, 18, 13, 10, 13, 40, 10, 10, 12, 12, 10, 36, 11, 11, 9};
        for (lxw_col_t col = 0; col < LedgerHeaders().size(); ++col) {
            worksheet_set_column(sheet_, col, col, widths[col], nullptr);
            worksheet_write_string(sheet_, 0, col, LedgerHeaders()[col].c_str(), header_);
        }
        worksheet_freeze_panes(sheet_, 1, 0);
        row_ = 1;
        return {};
    }

    lxw_workbook* book_;
    lxw_worksheet* sheet_ = nullptr;
    lxw_format* header_ = nullptr;
    lxw_format* wrap_ = nullptr;
    lxw_row_t row_ = 0;
    int sheets_ = 0;
};

}  // namespace

const std::vector<std::string>& LedgerHeaders() {
    static const std::vector<std::string> kHeaders = {
        "编号",     "登记时间", "社区/网格", "来源渠道", "反映人",   "联系电话", "诉求内容", "诉求类别",
        "办理方式", "认领人",   "承诺时限",  "状态",     "办理结果", "办结日期", "通报日期", "居民评价"};
    return kHeaders;
}

std::vector<std::string> LedgerCells(const LedgerRow& row) {
    const Appeal& a = row.appeal;
    return {std::to_string(a.id),
            DateTime(a.created_at),
            Place(a),
            std::string(ChannelLabel(a.channel)),
            Reporter(a),
            a.reporter.phone,  // masked by the service, as everywhere
            a.description,
            a.category_name,
            std::string(TrackLabel(a.track)),
            a.claimer.name,
            Date(a.due_at),
            std::string(StatusLabel(a.status)),
            Outcome(row),
            Date(a.resolved_at),
            Date(a.reported_at),
            std::string(EvaluationLabel(a.evaluation))};
}

std::string_view ExportContentType(ExportFormat format) {
    return format == ExportFormat::kXlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                                         : "text/csv; charset=utf-8";
}

Result<std::unique_ptr<LedgerWriter>> LedgerWriter::Open(ExportFormat format, const std::string& path) {
    if (format == ExportFormat::kCsv) {
        std::FILE* file = std::fopen(path.c_str(), "wb");
        if (!file) return WriteFailed("open " + path);
        auto writer = std::make_unique<CsvWriter>(file);
        WANGGE_CHECK(writer->Start());
        return std::unique_ptr<LedgerWriter>(std::move(writer));
    }
    lxw_workbook_options options{};
    options.constant_memory = LXW_TRUE;
    options.use_zip64 = LXW_TRUE;
    lxw_workbook* book = workbook_new_opt(path.c_str(), &options);
    if (!book) return WriteFailed("open " + path);
    auto writer = std::make_unique<XlsxWriter>(book);
    WANGGE_CHECK(writer->Start());
    return std::unique_ptr<LedgerWriter>(std::move(writer));
}

}  // namespace wangge::api
