#include "api/masstest/untested_export_routes.hpp"

#include "api/export/table_writer.hpp"
#include "domain/masstest/untested_export.hpp"
#include "storage/repositories/masstest/sql_masstest_repository.hpp"

namespace wangge::api {
namespace {

using http::Method;
using http::Request;
using masstest::UntestedExportRow;

TableLayout Layout() {
    const double widths[] = {10, 12, 12, 10, 10, 6, 8, 10, 20, 13, 18};
    TableLayout layout{"未检人员名单", {}};
    for (std::size_t i = 0; i < UntestedExportHeaders().size(); ++i)
        layout.columns.push_back({UntestedExportHeaders()[i], widths[i], CellKind::kText});
    return layout;
}

std::string Tags(registry::TagSet tags) {
    std::string out;
    for (registry::Tag tag : registry::kAllTags) {
        if ((tags & static_cast<registry::TagSet>(tag)) == 0) continue;
        if (!out.empty()) out += "、";
        out += registry::TagChineseName(tag);
    }
    return out;
}

std::vector<std::string> Cells(const UntestedExportRow& row) {
    const auto& r = row.item.resident;
    return {std::string(row.district),
            std::string(row.street),
            std::string(row.community),
            std::string(row.grid),
            std::string(row.building),
            row.item.unit,
            row.item.room,
            r.name,
            r.id_number,  // masked by the service
            r.phone,      // masked by the service; empty when none
            Tags(r.tags)};
}

}  // namespace

const std::vector<std::string>& UntestedExportHeaders() {
    static const std::vector<std::string> kHeaders = {"区",   "街道", "社区",   "网格", "楼栋", "单元",
                                                      "房号", "姓名", "证件号", "电话", "标签"};
    return kHeaders;
}

void RegisterUntestedExportRoutes(http::Router& router, ApiContext& ctx, storage::Database& db,
                                  registry::RegistryRepository& registry, auth::AuthRepository& audit,
                                  std::string temp_dir) {
    struct Services {
        std::unique_ptr<masstest::MassTestRepository> repo;
        std::unique_ptr<masstest::UntestedExportService> exports;
    };
    auto s = std::make_shared<Services>();
    s->repo = storage::MakeSqlMassTestRepository(db);
    s->exports = std::make_unique<masstest::UntestedExportService>(*s->repo, registry, audit, ctx.clock);

    for (TableFormat format : {TableFormat::kXlsx, TableFormat::kCsv}) {
        const std::string ext(TableFormatName(format));
        router.Add(
            Method::kGet, "/api/v1/mass-testing/rounds/{id}/untested." + ext,
            Authed(ctx, [s, format, ext, temp_dir](Request& req, const auth::Caller& caller) -> Result<http::Response> {
                WANGGE_TRY(id, PathId(req));
                WANGGE_TRY(area, QueryId(req, "area"));
                WANGGE_TRY(plan, s->exports->Plan(caller, id, area.value_or(caller.area_id)));
                WANGGE_TRY(path, ExportTempFile(temp_dir, format));
                // From here the file is ours to remove, whichever way this ends.
                auto file = std::make_shared<http::FileBody>(path, http::RemoveFile::kYes);
                WANGGE_TRY(writer, TableWriter::Open(format, path, Layout()));
                WANGGE_TRY(rows, s->exports->Export(
                                     caller, plan, ext,
                                     [&](const UntestedExportRow& row) { return writer->Write(Cells(row)); },
                                     [&] { return writer->Finish(); }));

                http::Response response;
                response.content_type = std::string(TableContentType(format));
                response.file = std::move(file);
                response.headers.emplace_back(
                    "Content-Disposition",
                    http::AttachmentDisposition(
                        "未检人员名单-" + plan.round.name + "-" + plan.area.name + "." + ext,
                        "untested-round" + std::to_string(plan.round.id) + "-" + plan.area.code + "." + ext));
                response.headers.emplace_back("Cache-Control", "no-store");
                response.headers.emplace_back("X-Export-Rows", std::to_string(rows));
                return response;
            }));
    }
}

}  // namespace wangge::api
