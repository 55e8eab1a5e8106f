#pragma once
// The `wangge` subcommands. Each returns the process exit code and prints errors to stderr.
#include <string>

#include "common/result.hpp"
#include "storage/database.hpp"

namespace wangge::app {

// --db, else $WANGGE_DB, else "sqlite:data/wangge.db".
std::string ResolveDatabaseUrl(const std::string& flag);
// Opens and migrates; prints what it did to stderr.
Result<std::unique_ptr<storage::Database>> OpenMigrated(const std::string& url);

struct ServeOptions {
    std::string db;
    std::string host = "127.0.0.1";
    int port = 8080;
    std::string web_dir = "web/dist";
    unsigned threads = 2;
    bool secure_cookies = false;
    std::string data_dir;  // appeal photos; "" → the SQLite file's folder, or data/ for PostgreSQL
};
int RunServe(const ServeOptions& options);

int RunMigrate(const std::string& db);

struct UserAddOptions {
    std::string db, username, display_name, role, area_code;
};
int RunUserAdd(const UserAddOptions& options);  // reads the password from stdin
int RunUserList(const std::string& db);

struct SeedCommandOptions {
    std::string db, preset = "district", divisions_dir;
    unsigned long long seed = 1;
    std::string demo_password = "wangge2022";
};
int RunSeed(const SeedCommandOptions& options);

// `wangge seed appeals`: generated appeals over the communities already in the database.
struct SeedAppealsOptions {
    std::string db, until;  // until: YYYY-MM-DD, default today
    long long count = 100'000;
    unsigned long long seed = 1;
    int days = 365;
};
int RunSeedAppeals(const SeedAppealsOptions& options);

struct ImportCommandOptions {
    std::string db, file, encoding = "auto";
    bool skip_invalid = false;
};
int RunImport(const ImportCommandOptions& options);

struct LedgerVerifyOptions {
    std::string db, community_code;  // empty code: every community with a ledger
};
// 0 when every chain is intact, 3 when any is broken, 1/2 when it could not check.
int RunLedgerVerify(const LedgerVerifyOptions& options);

// `wangge ledger recount-figures`: rebuilds the appeal figures counters from the appeals and their
// events; with `check_only`, compares and lists differences instead (exit 3 when any).
int RunRecountFigures(const std::string& db, bool check_only);

// `wangge apikey add|list|revoke`: Open311 API clients. `add` prints the new key on stdout, once.
struct ApiKeyAddOptions {
    std::string db, name, area_code, channel = "hotline_12345", created_by;
    std::int64_t area_id = 0;  // used when area_code is empty
};
int RunApiKeyAdd(const ApiKeyAddOptions& options);
int RunApiKeyList(const std::string& db);
int RunApiKeyRevoke(const std::string& db, const std::string& name);

int PrintError(const Error& error);

}  // namespace wangge::app
