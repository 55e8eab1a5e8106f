// `wangge ledger recount-figures [--check]`: the appeal figures counters are kept with every event;
// this recounts them from the appeals and events tables. Without --check it replaces the counters
// (after a bulk load of appeals, or to repair them); with --check it only compares and names each
// (area, month) that differs — exit 3 then, like a broken ledger, so monitoring can tell.
#include <cstdio>

#include "app/commands.hpp"
#include "storage/repositories/appeals/sql_appeal_figures_repository.hpp"

namespace wangge::app {

int RunRecountFigures(const std::string& db_flag, bool check_only) {
    auto db = OpenMigrated(ResolveDatabaseUrl(db_flag));
    if (!db) return PrintError(db.error());
    if (!check_only) {
        auto summary = storage::RebuildFigures(**db);
        if (!summary) return PrintError(summary.error());
        std::printf("figures rebuilt: %lld appeals, %lld verdicts, %lld (area, month) rows\n",
                    static_cast<long long>(summary->appeals), static_cast<long long>(summary->verdicts),
                    static_cast<long long>(summary->rows));
        return 0;
    }
    // Counters first: an event landing between the two reads shows up as a difference, never hides one.
    auto stored = storage::ReadStoredFigures(**db);
    if (!stored) return PrintError(stored.error());
    auto recounted = storage::RecountFigures(**db);
    if (!recounted) return PrintError(recounted.error());
    const auto differences = storage::CompareFigures(*stored, *recounted);
    for (const auto& d : differences) {
        std::printf("area %lld, %s:", static_cast<long long>(d.key.area_id), appeals::MonthText(d.key.month).c_str());
        for (std::size_t i = 0; i < appeals::FigureColumns().size(); ++i) {
            const auto s = appeals::Field(d.stored, i), r = appeals::Field(d.recounted, i);
            if (s != r)
                std::printf(" %.*s %lld (recount %lld)", static_cast<int>(appeals::FigureColumns()[i].size()),
                            appeals::FigureColumns()[i].data(), static_cast<long long>(s), static_cast<long long>(r));
        }
        std::printf("\n");
    }
    std::printf("%zu (area, month) rows recounted, %zu differ\n", recounted->size(), differences.size());
    return differences.empty() ? 0 : 3;
}

}  // namespace wangge::app
