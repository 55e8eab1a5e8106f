#include "domain/appeals/ledger_export.hpp"

#include "common/phone.hpp"
#include "domain/appeals/service_checks.hpp"

namespace wangge::appeals {

std::string_view ExportFormatName(ExportFormat format) { return format == ExportFormat::kXlsx ? "xlsx" : "csv"; }

std::string DescribeFilter(const AppealFilter& f) {
    std::string out;
    const auto add = [&](std::string_view key, std::string_view value) {
        if (!out.empty()) out += '&';
        out += key;
        out += '=';
        out += value;
    };
    if (f.area_id) add("area", std::to_string(*f.area_id));
    if (f.status) add("status", StatusName(*f.status));
    if (f.track) add("track", TrackName(*f.track));
    if (f.channel) add("channel", ChannelName(*f.channel));
    if (f.category_id) add("category", std::to_string(*f.category_id));
    if (f.overdue) add("overdue", "true");
    return out;
}

LedgerExportService::LedgerExportService(LedgerExportRepository& repo, registry::RegistryRepository& registry,
                                         auth::AuthRepository& audit, const Clock& clock)
    : repo_(repo), registry_(registry), audit_(audit), clock_(clock) {}

Result<registry::Area> LedgerExportService::ExportArea(const auth::Caller& caller, const AppealFilter& filter) {
    WANGGE_CHECK(internal::Require(caller, auth::Permission::kReadAppeals));
    auto area = registry_.GetArea(filter.area_id.value_or(caller.area_id));
    if (!area && area.error().code != ErrorCode::kNotFound) return Fail(area.error());
    if (!area || !caller.InScope(area->path)) return internal::NotFound("区域", "area");
    return area;
}

Result<std::int64_t> LedgerExportService::Export(const auth::Caller& caller, const AppealFilter& filter,
                                                 ExportFormat format,
                                                 const std::function<Status(const LedgerRow&)>& sink,
                                                 const std::function<Status()>& finish) {
    WANGGE_TRY(area, ExportArea(caller, filter));
    AppealQuery query;
    query.scope_path = area.path;
    query.status = filter.status;
    query.track = filter.track;
    query.channel = filter.channel;
    query.category_id = filter.category_id;
    if (filter.overdue) query.overdue_at = clock_.Now();

    // The communities to walk: those under the area, or the one a grid or building lies in.
    WANGGE_TRY(communities, repo_.CommunitiesUnder(area.path));
    if (communities.empty()) {
        WANGGE_TRY(ancestors, registry_.ListAncestors(area.path));
        for (const auto& a : ancestors)
            if (a.level == registry::AreaLevel::kCommunity || a.level == registry::AreaLevel::kVillage)
                communities = {a.id};
    }

    std::int64_t rows = 0;
    std::vector<std::int64_t> ids;
    for (std::int64_t community : communities) {
        for (std::int64_t after = 0;;) {
            WANGGE_TRY(page, repo_.Page(community, query, after, kExportPage));
            if (page.empty()) break;
            ids.clear();
            for (const auto& a : page) ids.push_back(a.id);
            WANGGE_TRY(outcomes, repo_.Outcomes(ids));
            for (auto& appeal : page) {
                if (!appeal.reporter.phone.empty()) appeal.reporter.phone = MaskPhone(appeal.reporter.phone);
                auto found = outcomes.find(appeal.id);
                // An outcome of an earlier round does not describe a reopened appeal.
                const bool current =
                    found != outcomes.end() && (found->second.action != "resolve" || appeal.resolved_at.has_value());
                WANGGE_CHECK(sink(LedgerRow{appeal, current ? &found->second : nullptr}));
                ++rows;
            }
            if (static_cast<int>(page.size()) < kExportPage) break;
            after = page.back().id;
        }
    }
    WANGGE_CHECK(finish());

    WANGGE_CHECK(audit_.AppendAudit({.at = clock_.Now(),
                                     .user_id = caller.user_id,
                                     .action = "export_appeals",
                                     .subject_type = "area",
                                     .subject_id = area.id,
                                     .reason = "format=" + std::string(ExportFormatName(format)) + "; filters=" +
                                               DescribeFilter(filter) + "; rows=" + std::to_string(rows)}));
    return rows;
}

}  // namespace wangge::appeals
