#include <cstdio>
#include <filesystem>

#include "api/app_services.hpp"
#include "app/commands.hpp"

namespace wangge::app {

int RunServe(const ServeOptions& options) {
    const std::string url = ResolveDatabaseUrl(options.db);
    auto db = OpenMigrated(url);
    if (!db) return PrintError(db.error());
    SystemClock clock;
    api::AppServices services(**db, clock, api::AppOptions{options.secure_cookies, {}});

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
