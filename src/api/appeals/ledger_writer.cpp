#include "api/appeals/ledger_writer.hpp"

#include <cstdio>

#include "api/export/table_writer.hpp"
#include "domain/appeals/deadline.hpp"

namespace wangge::api {
namespace {

using namespace appeals;

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

// A LedgerWriter is the generic table writer with the ledger's columns.
class TableLedgerWriter final : public LedgerWriter {
  public:
    explicit TableLedgerWriter(std::unique_ptr<TableWriter> table) : table_(std::move(table)) {}
    Status Write(const LedgerRow& row) override { return table_->Write(LedgerCells(row)); }
    Status Finish() override { return table_->Finish(); }

  private:
    std::unique_ptr<TableWriter> table_;
};

TableLayout LedgerLayout() {
    // Widths in characters; the content columns are wide and wrap. The number is a number cell.
    const double widths[] = {8, 17, 18, 13, 10, 13, 40, 10, 10, 12, 12, 10, 36, 11, 11, 9};
    TableLayout layout{"台账", {}};
    for (std::size_t i = 0; i < LedgerHeaders().size(); ++i)
        layout.columns.push_back({LedgerHeaders()[i], widths[i], i == 0 ? CellKind::kNumber : CellKind::kText});
    return layout;
}

TableFormat TableFormatOf(ExportFormat format) {
    return format == ExportFormat::kXlsx ? TableFormat::kXlsx : TableFormat::kCsv;
}

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

std::string_view ExportContentType(ExportFormat format) { return TableContentType(TableFormatOf(format)); }

Result<std::unique_ptr<LedgerWriter>> LedgerWriter::Open(ExportFormat format, const std::string& path) {
    WANGGE_TRY(table, TableWriter::Open(TableFormatOf(format), path, LedgerLayout()));
    return std::unique_ptr<LedgerWriter>(std::make_unique<TableLedgerWriter>(std::move(table)));
}

}  // namespace wangge::api
