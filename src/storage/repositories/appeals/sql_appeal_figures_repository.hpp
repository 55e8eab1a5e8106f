#pragma once
// Reads of the appeals figures counters and of the ledger export, and the recount that rebuilds
// and verifies the counters from the appeals and their events. All borrow `db`, which must outlive
// them; thread-safe (Database is).
#include <memory>

#include "domain/appeals/figures.hpp"
#include "domain/appeals/ledger_export.hpp"
#include "storage/database.hpp"
#include "storage/repositories/appeals/appeal_figures_counter.hpp"

namespace wangge::storage {

std::unique_ptr<appeals::FigureRepository> MakeSqlFigureRepository(Database& db);
std::unique_ptr<appeals::LedgerExportRepository> MakeSqlLedgerExportRepository(Database& db);

// The counters as the appeals and events tables say they should be, computed in pages of appeals
// (memory grows with areas × months, not with appeals). Read-only.
Result<appeals_sql::FigureTable> RecountFigures(Database& db);
// The counters as stored, rows of zeros left out (a counter can fall back to zero).
Result<appeals_sql::FigureTable> ReadStoredFigures(Database& db);

struct RebuildSummary {
    std::int64_t appeals = 0;
    std::int64_t verdicts = 0;
    std::int64_t rows = 0;  // (area, month) rows written
};
// Replaces the counters and every appeal's mark by the recount, in one transaction that holds off
// appeal writes meanwhile (PostgreSQL: a SHARE lock on appeals; SQLite has one writer anyway).
Result<RebuildSummary> RebuildFigures(Database& db);

// The (area, month) keys where two tables differ, each with both sides (absent = zeros).
struct FigureDifference {
    appeals_sql::FigureKey key;
    appeals::FigureCounts stored, recounted;
};
std::vector<FigureDifference> CompareFigures(const appeals_sql::FigureTable& stored,
                                             const appeals_sql::FigureTable& recounted);

}  // namespace wangge::storage
