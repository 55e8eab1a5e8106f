#include <cstdio>
#include <filesystem>

#include "api/app_services.hpp"
#include "app/commands.hpp"

namespace wangge::app {
namespace {

// Uploaded files live beside the database they belong to: the SQLite file's folder; for PostgreSQL
// (no local file) data/ under the working directory.
std::string DataDirFor(const ServeOptions& options, const std::string& url) {
    if (!options.data_dir.empty()) return options.data_dir;
    constexpr std::string_view kSqlite = "sqlite:";
    if (url.starts_with(kSqlite)) {
        const auto folder = std::filesystem::path(url.substr(kSqlite.size())).parent_path();
        return folder.empty() ? "." : folder.string();
    }
    return "data";
}

}  // namespace

int RunServe(const ServeOptions& options) {
    const std::string url = ResolveDatabaseUrl(options.db);
    auto db = OpenMigrated(url);
    if (!db) return PrintError(db.error());
    SystemClock clock;
    api::AppOptions app_options;
    app_options.secure_cookies = options.secure_cookies;
    app_options.data_dir = DataDirFor(options, url);
    app_options.auth_policy.session_cache_ms = 2000;  // see AuthPolicy: one session read per 2 s, not per request
    api::AppServices services(**db, clock, std::move(app_options));

    http::ServerOptions server_options;
    server_options.host = options.host;
    server_options.port = static_cast<std::uint16_t>(options.port);
    server_options.threads = options.threads;
    if (std::filesystem::exists(std::filesystem::path(options.web_dir) / "index.html")) {
        server_options.static_dir = options.web_dir;
    } else {
        std::fprintf(stderr, "warning: no web app at %s (run `npm run build` in web/); serving the API only\n",
                     options.web_dir.c_str());
    }
    http::Server server(server_options, services.BuildRouter());
    auto port = server.Start();
    if (!port) return PrintError(port.error());
    std::printf("wangge is serving %s on http://%s:%u/\n", url.c_str(), options.host.c_str(), *port);
    std::fflush(stdout);
    server.Wait();
    return 0;
}

}  // namespace wangge::app
