// `wangge apikey add|list|revoke`: Open311 API clients (docs/api/open311.md). A key is printed once,
// when it is issued; only its SHA-256 is stored, so a lost key is revoked and a new one issued.
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include "app/commands.hpp"
#include "common/clock.hpp"
#include "domain/open311/api_client_service.hpp"
#include "storage/repositories/open311/sql_open311_repositories.hpp"
#include "storage/repositories/sql_repositories.hpp"

namespace wangge::app {
namespace {

std::string FormatTime(EpochMillis at) {
    const std::time_t seconds = static_cast<std::time_t>(at / 1000 + 8 * 3600);  // China time
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    char out[32];
    std::strftime(out, sizeof out, "%Y-%m-%d %H:%M", &tm);
    return out;
}

std::string Operator(const std::string& flag) {
    if (!flag.empty()) return flag;
    const char* user = std::getenv("USER");
    return user != nullptr && *user != '\0' ? user : "cli";
}

}  // namespace

int RunApiKeyAdd(const ApiKeyAddOptions& options) {
    if (options.area_id <= 0 && options.area_code.empty())
        return PrintError(
            MakeError(ErrorCode::kInvalidArgument, "--area AREA_ID or --area-code CODE is required", "area"));
    auto db = OpenMigrated(ResolveDatabaseUrl(options.db));
    if (!db) return PrintError(db.error());
    auto areas = storage::MakeSqlRegistryRepository(**db);
    auto area = options.area_code.empty() ? areas->GetArea(options.area_id) : areas->GetAreaByCode(options.area_code);
    if (!area)
        return PrintError(MakeError(ErrorCode::kInvalidArgument,
                                    options.area_code.empty() ? "no area with id " + std::to_string(options.area_id)
                                                              : "no area with code " + options.area_code,
                                    "area"));
    auto repo = storage::MakeSqlApiClientRepository(**db);
    SystemClock clock;
    open311::ApiClientService service(*repo, clock);
    auto made = service.Add(options.name, area->id, options.channel, Operator(options.created_by));
    if (!made) return PrintError(made.error());
    std::fprintf(stderr, "added API client %s (id %lld), scope %s %s (area id %lld), channel %s\n",
                 made->client.name.c_str(), static_cast<long long>(made->client.id), area->code.c_str(),
                 area->name.c_str(), static_cast<long long>(area->id), made->client.channel.c_str());
    std::fprintf(stderr, "the key is shown only now; store it safely (only its SHA-256 is kept):\n");
    std::printf("%s\n", made->key.c_str());
    return 0;
}

int RunApiKeyList(const std::string& db_flag) {
    auto db = OpenMigrated(ResolveDatabaseUrl(db_flag));
    if (!db) return PrintError(db.error());
    auto repo = storage::MakeSqlApiClientRepository(**db);
    SystemClock clock;
    auto clients = open311::ApiClientService(*repo, clock).List();
    if (!clients) return PrintError(clients.error());
    std::printf("%-5s %-20s %-8s %-16s %-14s %-16s %s\n", "id", "name", "area_id", "channel", "created_by", "created",
                "status");
    for (const auto& c : *clients) {
        const std::string status = c.revoked() ? "revoked " + FormatTime(*c.revoked_at) : "active";
        std::printf("%-5lld %-20s %-8lld %-16s %-14s %-16s %s  (%s)\n", static_cast<long long>(c.id), c.name.c_str(),
                    static_cast<long long>(c.area_id), c.channel.c_str(), c.created_by.c_str(),
                    FormatTime(c.created_at).c_str(), status.c_str(), c.area_name.c_str());
    }
    if (clients->empty()) std::printf("no API clients yet (wangge apikey add --name NAME --area AREA_ID)\n");
    return 0;
}

int RunApiKeyRevoke(const std::string& db_flag, const std::string& name) {
    auto db = OpenMigrated(ResolveDatabaseUrl(db_flag));
    if (!db) return PrintError(db.error());
    auto repo = storage::MakeSqlApiClientRepository(**db);
    SystemClock clock;
    auto client = open311::ApiClientService(*repo, clock).Revoke(name);
    if (!client) return PrintError(client.error());
    std::printf("revoked the key of %s (at %s)\n", client->name.c_str(), FormatTime(*client->revoked_at).c_str());
    return 0;
}

}  // namespace wangge::app
