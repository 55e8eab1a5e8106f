#include <cstdio>
#include <cstdlib>

#include "app/commands.hpp"
#include "storage/migrations.hpp"

namespace wangge::app {

std::string ResolveDatabaseUrl(const std::string& flag) {
    if (!flag.empty()) return flag;
    if (const char* env = std::getenv("WANGGE_DB"); env && *env) return env;
    return "sqlite:data/wangge.db";
}

Result<std::unique_ptr<storage::Database>> OpenMigrated(const std::string& url) {
    WANGGE_TRY(db, storage::OpenDatabase(url));
    WANGGE_TRY(applied, storage::Migrate(*db));
    if (applied > 0) std::fprintf(stderr, "applied %d migration(s)\n", applied);
    return db;
}

int PrintError(const Error& error) {
    std::fprintf(stderr, "error: %s%s%s\n", error.message.c_str(), error.field.empty() ? "" : " — field: ",
                 error.field.c_str());
    return error.code == ErrorCode::kInvalidArgument ? 2 : 1;
}

int RunMigrate(const std::string& flag) {
    auto db = OpenMigrated(ResolveDatabaseUrl(flag));
    if (!db) return PrintError(db.error());
    std::fprintf(stderr, "schema is up to date\n");
    return 0;
}

}  // namespace wangge::app
