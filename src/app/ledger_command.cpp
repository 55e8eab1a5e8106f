// `wangge ledger verify`: re-computes each community's appeal-ledger hash chain and names every
// edited or removed event. Exit 0 when all chains are intact, 3 when any is broken (so cron and
// monitoring can tell tampering from a failure to run, which exits 1 or 2).
#include <cstdio>

#include "app/commands.hpp"
#include "domain/appeals/appeal_service.hpp"
#include "storage/repositories/appeals/sql_appeal_repository.hpp"
#include "storage/repositories/sql_repositories.hpp"

namespace wangge::app {

int RunLedgerVerify(const LedgerVerifyOptions& options) {
    auto db = OpenMigrated(ResolveDatabaseUrl(options.db));
    if (!db) return PrintError(db.error());
    auto areas = storage::MakeSqlRegistryRepository(**db);
    auto appeals = storage::MakeSqlAppealRepository(**db);
    std::optional<std::int64_t> community_id;
    if (!options.community_code.empty()) {
        auto area = areas->GetAreaByCode(options.community_code);
        if (!area)
            return PrintError(
                MakeError(ErrorCode::kInvalidArgument, "no area with code " + options.community_code, "community"));
        community_id = area->id;
    }
    auto reports = appeals::VerifyLedgers(*appeals, community_id);
    if (!reports) return PrintError(reports.error());

    int broken = 0;
    for (const auto& report : *reports) {
        auto area = areas->GetArea(report.community_id);
        const std::string label = area ? area->code + " " + area->name : "#" + std::to_string(report.community_id);
        if (report.ok()) {
            std::printf("%s: %lld events, chain intact\n", label.c_str(), static_cast<long long>(report.events));
            continue;
        }
        ++broken;
        std::printf("%s: %lld events, CHAIN BROKEN (%zu finding(s))\n", label.c_str(),
                    static_cast<long long>(report.events), report.findings.size());
        for (const auto& f : report.findings) {
            std::string where = "seq " + std::to_string(f.seq);
            if (f.event_id) where += ", event id " + std::to_string(*f.event_id);
            if (f.appeal_id) where += ", appeal " + std::to_string(*f.appeal_id);
            std::printf("  - [%s] %s\n", where.c_str(), f.message.c_str());
        }
    }
    if (reports->empty()) std::printf("no appeal ledgers yet\n");
    std::printf("%zu ledger(s) checked, %d broken\n", reports->size(), broken);
    return broken > 0 ? 3 : 0;
}

}  // namespace wangge::app
