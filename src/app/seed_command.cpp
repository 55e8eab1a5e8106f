#include <cstdio>

#include "app/cli/progress_bar.hpp"
#include "app/commands.hpp"
#include "app/seed/seed.hpp"
#include "domain/auth/auth_service.hpp"
#include "storage/repositories/sql_repositories.hpp"

namespace wangge::app {
namespace {

struct DemoUser {
    const char* username;
    const char* display_name;
    auth::Role role;
    const seed::SeedArea seed::SeedReport::*area;
};

// The demo logins README and run-demo.sh print; one per kind of desk in the seed article.
constexpr DemoUser kDemoUsers[] = {
    {"admin", "刘建国", auth::Role::kCityAdmin, &seed::SeedReport::city},
    {"guta", "王志刚", auth::Role::kDistrictOfficer, &seed::SeedReport::district},
    {"jingye", "张丽", auth::Role::kStreetOfficer, &seed::SeedReport::street},
    {"xintie", "李红", auth::Role::kCommunityWorker, &seed::SeedReport::community},
    {"huagong", "陈晓燕", auth::Role::kCommunityWorker, &seed::SeedReport::community2},
    {"xichang", "赵淑芬", auth::Role::kPartySecretary, &seed::SeedReport::other_community},
    {"grid1", "孙强", auth::Role::kGridWorker, &seed::SeedReport::grid},
};

}  // namespace

int RunSeed(const SeedCommandOptions& options) {
    auto preset = seed::ParseSeedPreset(options.preset);
    if (!preset) return PrintError(MakeError(ErrorCode::kInvalidArgument, "unknown preset", "preset"));
    auto db = OpenMigrated(ResolveDatabaseUrl(options.db));
    if (!db) return PrintError(db.error());
    seed::SeedOptions seed_options;
    seed_options.preset = *preset;
    seed_options.seed = options.seed;
    if (!options.divisions_dir.empty()) seed_options.division_dir = options.divisions_dir;

    cli::ProgressBar bar("生成居民 (seeding)", "人");
    auto report = seed::Seed(**db, seed_options, [&](const seed::SeedProgress& p) {
        bar.Update(p.residents_done, p.residents_target);
    });
    bar.Finish();
    if (!report) return PrintError(report.error());
    std::printf("seeded %lld areas (%lld communities, %lld villages, %lld grids, %lld buildings), %lld households, "
                "%lld residents in %.1f s\n",
                static_cast<long long>(report->areas), static_cast<long long>(report->communities),
                static_cast<long long>(report->villages), static_cast<long long>(report->grids),
                static_cast<long long>(report->buildings), static_cast<long long>(report->households),
                static_cast<long long>(report->residents), report->seconds);

    auto users = storage::MakeSqlAuthRepository(**db);
    SystemClock clock;
    auth::AuthService auth(*users, clock);
    for (const auto& demo : kDemoUsers) {
        const seed::SeedArea& area = (*report).*demo.area;
        if (area.id == 0) continue;
        auto user = auth.AddUser(demo.username, demo.display_name, demo.role, area.id, options.demo_password);
        if (!user) return PrintError(user.error());
        std::printf("  demo login %-8s %-16s %s %s\n", demo.username, std::string(auth::RoleName(demo.role)).c_str(),
                    area.code.c_str(), area.name.c_str());
    }
    return 0;
}

}  // namespace wangge::app
