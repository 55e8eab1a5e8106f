#pragma once
// The ledger export (说事专用台账): every appeal a filter selects, as the secretary's ledger rows,
// read page by page so memory stays flat however many rows there are, and each export written to
// the audit log (it carries personal data). The file formats are the API layer's business.
#include <functional>
#include <span>
#include <string>
#include <unordered_map>

#include "domain/appeals/appeal_repository.hpp"
#include "domain/appeals/appeal_service.hpp"
#include "domain/auth/auth_repository.hpp"

namespace wangge::appeals {

// How an appeal's current round ended, from its ledger: the latest resolve, not-responsible or
// reject step and its note.
struct LedgerOutcome {
    std::string action;  // "resolve" | "mark_not_responsible" | "reject"
    std::string note;
};

class LedgerExportRepository {
  public:
    virtual ~LedgerExportRepository() = default;
    // The communities and villages under `scope_path`, in path order.
    virtual Result<std::vector<std::int64_t>> CommunitiesUnder(const std::string& scope_path) = 0;
    // One community's appeals that lie under query.scope_path and pass its filters (status, track,
    // channel, category, overdue_at; cursor and limit ignored), with id > `after_id`, oldest first,
    // at most `limit`: one range scan of (community_id, id).
    virtual Result<std::vector<Appeal>> Page(std::int64_t community_id, const AppealQuery& query, std::int64_t after_id,
                                             int limit) = 0;
    // The latest outcome of each of `appeal_ids` that has one (at most kExportPage ids).
    virtual Result<std::unordered_map<std::int64_t, LedgerOutcome>> Outcomes(
        std::span<const std::int64_t> appeal_ids) = 0;
};

inline constexpr int kExportPage = 200;

// One row of the ledger: the appeal (reporter phone masked) and its outcome.
struct LedgerRow {
    const Appeal& appeal;
    const LedgerOutcome* outcome;  // null when the current round has none yet
};

enum class ExportFormat { kXlsx, kCsv };
std::string_view ExportFormatName(ExportFormat format);  // "xlsx" | "csv"

class LedgerExportService {
  public:
    // Borrows everything, which must outlive this.
    LedgerExportService(LedgerExportRepository& repo, registry::RegistryRepository& registry,
                        auth::AuthRepository& audit, const Clock& clock);

    // The area an export of `filter` covers (the filter's area or the caller's scope): for the file
    // name. kNotFound outside the scope; kPermissionDenied without kReadAppeals.
    Result<registry::Area> ExportArea(const auth::Caller& caller, const AppealFilter& filter);

    // Calls `sink` for every appeal `filter` selects (cursor and limit ignored) — community by
    // community in area-path order, each community's appeals oldest first (the ledger's order), one
    // page of kExportPage at a time — then `finish`; stops at the first error either returns. Then
    // writes the export (who, format, filters, row count) to the audit log. Returns the row count.
    Result<std::int64_t> Export(const auth::Caller& caller, const AppealFilter& filter, ExportFormat format,
                                const std::function<Status(const LedgerRow&)>& sink,
                                const std::function<Status()>& finish);

  private:
    LedgerExportRepository& repo_;
    registry::RegistryRepository& registry_;
    auth::AuthRepository& audit_;
    const Clock& clock_;
};

// The filter as "key=value" pairs joined by '&' (status=claimed&overdue=true), for the audit log.
std::string DescribeFilter(const AppealFilter& filter);

}  // namespace wangge::appeals
