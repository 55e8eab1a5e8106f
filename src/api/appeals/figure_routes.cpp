#include "api/appeals/figure_routes.hpp"

#include "api/appeals/appeal_json.hpp"
#include "api/appeals/ledger_writer.hpp"
#include "api/export/table_writer.hpp"
#include "api/json_codec.hpp"
#include "domain/appeals/figures.hpp"
#include "domain/appeals/ledger_export.hpp"
#include "storage/repositories/appeals/sql_appeal_figures_repository.hpp"

namespace wangge::api {
namespace {

using namespace appeals;
using http::Method;
using http::Request;

json RateJson(const std::optional<double>& rate) { return rate ? json(*rate) : json(nullptr); }

json RatesJson(const FigureCounts& counts) {
    const FigureRates r = RatesOf(counts);
    return {{"response", RateJson(r.response)},
            {"resolution", RateJson(r.resolution)},
            {"on_time", RateJson(r.on_time)},
            {"satisfaction", RateJson(r.satisfaction)}};
}

// The counts of one area or month; `out` may already hold other keys (month, area).
void AddCounts(json& out, const FigureCounts& c) {
    json channels = json::object();
    for (Channel ch : AllChannels()) channels[std::string(ChannelName(ch))] = c.by_channel[static_cast<int>(ch)];
    out["collected"] = c.collected;
    out["by_channel"] = std::move(channels);
    out["by_track"] = {{"immediate", c.track_immediate}, {"consultative", c.track_consultative}};
    out["claimed"] = c.claimed;
    out["resolved"] = c.resolved;
    out["resolved_on_time"] = c.resolved_on_time;
    out["reported"] = c.reported;
    out["not_handled"] = c.not_handled;
    out["reopened"] = c.reopened;
    out["evaluations"] = {
        {"satisfied", c.satisfied}, {"basically_satisfied", c.basically_satisfied}, {"not_satisfied", c.not_satisfied}};
    out["evaluated"] = c.evaluated();
    out["rates"] = RatesJson(c);
}

json ReportJson(const FigureReport& report) {
    json totals = json::object();
    AddCounts(totals, report.totals);
    json months = json::array();
    for (const auto& m : report.months) {
        json row = {{"month", MonthText(m.month)}};
        AddCounts(row, m.counts);
        months.push_back(std::move(row));
    }
    json children = json::array();
    for (const auto& child : report.children) {
        json row = {{"area", AreaRefJson(child.area)}};
        AddCounts(row, child.counts);
        children.push_back(std::move(row));
    }
    json rates = totals["rates"];
    return {{"area", AreaRefJson(report.area)}, {"from", MonthText(report.from)}, {"to", MonthText(report.to)},
            {"totals", std::move(totals)},      {"rates", std::move(rates)},      {"months", std::move(months)},
            {"children", std::move(children)}};
}

Result<std::optional<int>> QueryMonth(const Request& request, std::string_view name) {
    auto text = request.Query(name);
    if (!text || text->empty()) return std::optional<int>{};
    auto month = ParseMonth(*text);
    if (!month)
        return Fail(ErrorCode::kInvalidArgument,
                    "月份格式应为 YYYY-MM (" + std::string(name) + " must be a month like 2026-11)", std::string(name));
    return month;
}

Result<ExportFormat> QueryFormat(const Request& request) {
    const std::string format = request.Query("format").value_or("xlsx");
    if (format == "xlsx" || format.empty()) return ExportFormat::kXlsx;
    if (format == "csv") return ExportFormat::kCsv;
    return Fail(ErrorCode::kInvalidArgument, "导出格式应为 xlsx 或 csv (format must be xlsx or csv)", "format");
}

// A new empty file of our own under `dir`, for one export.
Result<std::string> TempFile(const std::string& dir, ExportFormat format) {
    return ExportTempFile(dir, format == ExportFormat::kXlsx ? TableFormat::kXlsx : TableFormat::kCsv);
}

}  // namespace

void RegisterAppealFigureRoutes(http::Router& router, ApiContext& ctx, storage::Database& db,
                                registry::RegistryRepository& registry, auth::AuthRepository& audit,
                                std::string temp_dir) {
    struct Services {
        std::unique_ptr<FigureRepository> figure_repo;
        std::unique_ptr<LedgerExportRepository> export_repo;
        std::unique_ptr<FigureService> figures;
        std::unique_ptr<LedgerExportService> exports;
    };
    auto s = std::make_shared<Services>();
    s->figure_repo = storage::MakeSqlFigureRepository(db);
    s->export_repo = storage::MakeSqlLedgerExportRepository(db);
    s->figures = std::make_unique<FigureService>(*s->figure_repo, registry, ctx.clock);
    s->exports = std::make_unique<LedgerExportService>(*s->export_repo, registry, audit, ctx.clock);

    router.Add(Method::kGet, "/api/v1/appeal-figures",
               Authed(ctx, [s](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   FigureQuery query;
                   WANGGE_TRY(area, QueryId(req, "area_id"));
                   query.area_id = area;
                   WANGGE_TRY(from, QueryMonth(req, "from"));
                   WANGGE_TRY(to, QueryMonth(req, "to"));
                   query.from = from;
                   query.to = to;
                   WANGGE_TRY(report, s->figures->Report(caller, query));
                   return Ok(ReportJson(report));
               }));

    router.Add(Method::kGet, "/api/v1/appeals/export",
               Authed(ctx, [s, &ctx, temp_dir](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                   WANGGE_TRY(format, QueryFormat(req));
                   WANGGE_TRY(filter, AppealFilterFromQuery(req));
                   WANGGE_TRY(area, s->exports->ExportArea(caller, filter));
                   WANGGE_TRY(path, TempFile(temp_dir, format));
                   // From here the file is ours to remove, whichever way this ends.
                   auto file = std::make_shared<http::FileBody>(path, http::RemoveFile::kYes);
                   auto writer = LedgerWriter::Open(format, path);
                   if (!writer) return Fail(writer.error());
                   WANGGE_TRY(rows,
                              s->exports->Export(
                                  caller, filter, format, [&](const LedgerRow& row) { return (*writer)->Write(row); },
                                  [&] { return (*writer)->Finish(); }));

                   const std::string month = MonthText(MonthOf(ctx.clock.Now()));
                   const std::string ext(ExportFormatName(format));
                   http::Response response;
                   response.content_type = std::string(ExportContentType(format));
                   response.file = std::move(file);
                   response.headers.emplace_back(
                       "Content-Disposition",
                       http::AttachmentDisposition("党日说事台账-" + area.name + "-" + month + "." + ext,
                                                   "appeals-ledger-" + area.code + "-" + month + "." + ext));
                   response.headers.emplace_back("Cache-Control", "no-store");
                   response.headers.emplace_back("X-Export-Rows", std::to_string(rows));
                   return response;
               }));
}

}  // namespace wangge::api
