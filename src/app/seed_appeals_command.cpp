// `wangge seed appeals`: a year of generated Party-Day Talk appeals over the communities already in
// the database (app/seed/appeal_seed.hpp), for benchmarks and demos.
#include <cstdio>

#include "app/cli/progress_bar.hpp"
#include "app/commands.hpp"
#include "app/seed/appeal_seed.hpp"

namespace wangge::app {

int RunSeedAppeals(const SeedAppealsOptions& options) {
    seed::AppealSeedOptions seed_options;
    seed_options.count = options.count;
    seed_options.seed = options.seed;
    seed_options.days = options.days;
    if (!options.until.empty()) {
        auto until = CivilDate::ParseIso(options.until);
        if (!until || !until->IsValid())
            return PrintError(MakeError(ErrorCode::kInvalidArgument, "--until must be a date YYYY-MM-DD", "until"));
        seed_options.until = *until;
    }
    auto db = OpenMigrated(ResolveDatabaseUrl(options.db));
    if (!db) return PrintError(db.error());
    SystemClock clock;
    cli::ProgressBar bar("生成诉求 (seeding appeals)", "件");
    auto report = seed::SeedAppeals(**db, seed_options, clock, [&](const seed::AppealSeedProgress& p) {
        bar.Update(p.appeals_done, p.appeals_target);
    });
    bar.Finish();
    if (!report) return PrintError(report.error());
    const auto rows = report->appeals + report->events;
    std::printf("seeded %lld appeals with %lld events over %lld communities (%lld committee members added)\n",
                static_cast<long long>(report->appeals), static_cast<long long>(report->events),
                static_cast<long long>(report->communities), static_cast<long long>(report->members_added));
    std::printf("  load %.1f s (%.0f appeals/s, %.0f rows/s), indexes %.1f s, total %.1f s\n", report->load_seconds,
                static_cast<double>(report->appeals) / report->load_seconds,
                static_cast<double>(rows) / report->load_seconds, report->index_seconds, report->seconds);
    std::printf("  by status:");
    for (const auto& [status, n] : report->by_status)
        std::printf(" %s %lld", status.c_str(), static_cast<long long>(n));
    std::printf("\n");
    return 0;
}

}  // namespace wangge::app
