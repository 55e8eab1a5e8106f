#pragma once
// `wangge seed appeals`: adds generated Party-Day Talk appeals (appeal_generator.hpp) to a database
// whose registry is already seeded — a year of them by default, spread over the communities by
// population, with their events, claimers and committee members — fast enough for millions: rows
// are written directly in batched transactions (BulkInsert), not through the appeal service.
// What the service would keep is kept: each community's ledger is one hash chain in time order
// (continuing any chain already there; `wangge ledger verify` passes), and the figures counters and
// each appeal's mark are added as the counter kept with every event would have (domain/appeals/
// figures.hpp), batch by batch — `wangge ledger recount-figures --check` finds no difference.
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

#include "app/seed/seed.hpp"
#include "common/clock.hpp"
#include "storage/database.hpp"

namespace wangge::seed {

struct AppealSeedOptions {
    std::int64_t count = 100'000;
    std::uint64_t seed = 1;
    std::optional<CivilDate> until;  // the last day of the data (China time); default: today, up to now
    int days = 365;                  // how far back the first appeals go
    // Drops the non-unique indexes of appeals and appeal_events for the load and rebuilds them
    // after it; kAuto: from 200,000 appeals.
    RebuildIndexes rebuild_indexes = RebuildIndexes::kAuto;
};

struct AppealSeedProgress {
    std::int64_t appeals_done = 0, appeals_target = 0, events_done = 0;
};
using AppealSeedProgressFn = std::function<void(const AppealSeedProgress&)>;

struct AppealSeedReport {
    std::int64_t appeals = 0, events = 0, members_added = 0, communities = 0;
    std::map<std::string, std::int64_t> by_status;  // "closed" → n
    double load_seconds = 0;                        // generating and writing the rows
    double index_seconds = 0;                       // rebuilding the dropped indexes
    double seconds = 0;                             // all of it
};

// Adds `options.count` appeals to `db` (migrated, with areas). Errors: kFailedPrecondition when there
// are no communities or no categories, or when someone else appended to a ledger meanwhile (run it on
// a database nobody writes appeals to); kInvalidArgument for a count or days < 1 or an `until` after
// today; storage errors as they come. A failed run leaves the batches it committed (appeals without
// their later events): seed a fresh copy again. Calls `progress` after each generated day. Not
// thread-safe.
Result<AppealSeedReport> SeedAppeals(storage::Database& db, const AppealSeedOptions& options, const Clock& clock,
                                     const AppealSeedProgressFn& progress = {});

}  // namespace wangge::seed
