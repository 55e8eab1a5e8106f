// The ceiling for wangge's batch scan ingest (POST /api/v1/mass-testing/rounds/{id}/scans/batch):
// a bare sqlite3 insert of the same rows — per batch, its tubes (closed pools) and its scans — into
// the same schema (migration 008: tubes and scans with all their indexes), with the same
// durability (WAL, synchronous=FULL) and the writer pragmas wangge sets
// (src/storage/sqlite/sqlite_connection.cpp). No wangge code: raw sqlite3 C API.
//
// Usage: bench_scan_ceiling DB ROUND_ID FIRST_RESIDENT COUNT [scans_per_tx=100] [pool=10]
//   DB              a database with an active round ROUND_ID (rows are written into it)
//   FIRST_RESIDENT  the scans take residents FIRST_RESIDENT.. (COUNT of them, by id): use a range no
//                   one has scanned in this round.
//
// Untimed: each resident's household, building and path are read first. Timed: one transaction
// per batch of scans_per_tx scans (as one batch request is one transaction in wangge): a multi-row
// INSERT of the batch's tubes, then a multi-row INSERT of its scans; then the close (checkpoint).
// It writes no coverage counters, no refusal bookkeeping and decides nothing: that work is part of
// what the ratio measures.
// Prints one line: "ceiling scans=N tubes=T seconds=S scans_per_s=R".
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

[[noreturn]] void Die(const std::string& what, sqlite3* db = nullptr) {
    std::fprintf(stderr, "bench_scan_ceiling: %s%s%s\n", what.c_str(), db ? ": " : "", db ? sqlite3_errmsg(db) : "");
    std::exit(1);
}

void Exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) Die(std::string(sql) + ": " + (err ? err : ""));
}

sqlite3_stmt* Prepare(sqlite3* db, const std::string& sql) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK)
        Die("prepare " + sql.substr(0, 60), db);
    return stmt;
}

void Step(sqlite3* db, sqlite3_stmt* stmt) {
    if (sqlite3_step(stmt) != SQLITE_DONE) Die("step", db);
    sqlite3_reset(stmt);
}

std::string Values(int rows, int width) {
    std::string sql;
    for (int r = 0; r < rows; ++r) {
        sql += r ? ", (" : "(";
        for (int c = 0; c < width; ++c) sql += c ? ", ?" : "?";
        sql += ")";
    }
    return sql;
}

struct Person {
    std::int64_t id, household_id, building_id;
    std::string path;
};

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) Die("usage: bench_scan_ceiling DB ROUND_ID FIRST_RESIDENT COUNT [scans_per_tx=100] [pool=10]");
    const std::int64_t round_id = std::atoll(argv[2]);
    const std::int64_t first = std::atoll(argv[3]);
    const int count = std::atoi(argv[4]);
    const int per_tx = argc > 5 ? std::atoi(argv[5]) : 100;
    const int pool = argc > 6 ? std::atoi(argv[6]) : 10;
    if (per_tx <= 0 || pool <= 0 || per_tx % pool != 0) Die("scans_per_tx must be a multiple of pool");

    sqlite3* db = nullptr;
    if (sqlite3_open(argv[1], &db) != SQLITE_OK) Die("open", db);
    Exec(db,
         "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=2147418112; "
         "PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; PRAGMA journal_size_limit=67108864; "
         "PRAGMA busy_timeout=5000;");

    // Untimed: the people, as the ingest reads them (resident → household → building, path).
    std::vector<Person> people;
    people.reserve(count);
    {
        sqlite3_stmt* q = Prepare(db,
                                  "SELECT r.id, r.household_id, h.building_id, r.path FROM residents r "
                                  "JOIN households h ON h.id = r.household_id WHERE r.id >= ? ORDER BY r.id LIMIT ?");
        sqlite3_bind_int64(q, 1, first);
        sqlite3_bind_int(q, 2, count);
        while (sqlite3_step(q) == SQLITE_ROW)
            people.push_back({sqlite3_column_int64(q, 0), sqlite3_column_int64(q, 1), sqlite3_column_int64(q, 2),
                              reinterpret_cast<const char*>(sqlite3_column_text(q, 3))});
        sqlite3_finalize(q);
    }
    std::string opener_path;
    {
        sqlite3_stmt* q = Prepare(db, "SELECT owner_path FROM test_rounds WHERE id = ?");
        sqlite3_bind_int64(q, 1, round_id);
        if (sqlite3_step(q) != SQLITE_ROW) Die("no round " + std::to_string(round_id));
        opener_path = reinterpret_cast<const char*>(sqlite3_column_text(q, 0));
        sqlite3_finalize(q);
    }
    const int batches = static_cast<int>(people.size()) / per_tx;
    const int tubes_per_tx = per_tx / pool;

    sqlite3_stmt* tubes =
        Prepare(db,
                "INSERT INTO tubes (round_id, code, kind, status, capacity, scan_count, household_id, path, point_id, "
                "opened_by, opened_at, closed_at) VALUES " +
                    Values(tubes_per_tx, 12) + " RETURNING id");
    sqlite3_stmt* scans =
        Prepare(db,
                "INSERT INTO scans (round_id, client_id, tube_id, tube_seq, resident_id, household_id, "
                "building_id, path, kind, scanned_at, received_at, sampler_id) VALUES " +
                    Values(per_tx, 12));
    sqlite3_stmt* begin = Prepare(db, "BEGIN IMMEDIATE");
    sqlite3_stmt* commit = Prepare(db, "COMMIT");

    const auto t0 = std::chrono::steady_clock::now();
    std::vector<std::int64_t> tube_ids(tubes_per_tx);
    std::vector<std::string> codes(tubes_per_tx), clients(per_tx);
    for (int b = 0; b < batches; ++b) {
        const std::int64_t now = NowMs();
        Step(db, begin);
        int p = 1;
        for (int t = 0; t < tubes_per_tx; ++t) {
            codes[t] = "C" + std::to_string(first) + "-" + std::to_string(b) + "-" + std::to_string(t);
            sqlite3_bind_int64(tubes, p++, round_id);
            sqlite3_bind_text(tubes, p++, codes[t].data(), static_cast<int>(codes[t].size()), SQLITE_STATIC);
            sqlite3_bind_text(tubes, p++, "pool", 4, SQLITE_STATIC);
            sqlite3_bind_text(tubes, p++, "closed", 6, SQLITE_STATIC);
            sqlite3_bind_int(tubes, p++, pool);
            sqlite3_bind_int(tubes, p++, pool);
            sqlite3_bind_null(tubes, p++);
            sqlite3_bind_text(tubes, p++, opener_path.data(), static_cast<int>(opener_path.size()), SQLITE_STATIC);
            sqlite3_bind_null(tubes, p++);
            sqlite3_bind_int64(tubes, p++, 1);
            sqlite3_bind_int64(tubes, p++, now);
            sqlite3_bind_int64(tubes, p++, now);
        }
        int t = 0;
        int rc;
        while ((rc = sqlite3_step(tubes)) == SQLITE_ROW) tube_ids[t++] = sqlite3_column_int64(tubes, 0);
        if (rc != SQLITE_DONE || t != tubes_per_tx) Die("insert tubes", db);
        sqlite3_reset(tubes);
        p = 1;
        for (int i = 0; i < per_tx; ++i) {
            const Person& who = people[static_cast<std::size_t>(b) * per_tx + i];
            clients[i] = "c" + std::to_string(who.id);
            sqlite3_bind_int64(scans, p++, round_id);
            sqlite3_bind_text(scans, p++, clients[i].data(), static_cast<int>(clients[i].size()), SQLITE_STATIC);
            sqlite3_bind_int64(scans, p++, tube_ids[i / pool]);
            sqlite3_bind_int(scans, p++, i % pool + 1);
            sqlite3_bind_int64(scans, p++, who.id);
            sqlite3_bind_int64(scans, p++, who.household_id);
            sqlite3_bind_int64(scans, p++, who.building_id);
            sqlite3_bind_text(scans, p++, who.path.data(), static_cast<int>(who.path.size()), SQLITE_STATIC);
            sqlite3_bind_text(scans, p++, "routine", 7, SQLITE_STATIC);
            sqlite3_bind_int64(scans, p++, now);
            sqlite3_bind_int64(scans, p++, now);
            sqlite3_bind_int64(scans, p++, 1);
        }
        Step(db, scans);
        Step(db, commit);
    }
    for (auto* s : {tubes, scans, begin, commit}) sqlite3_finalize(s);
    if (sqlite3_close(db) != SQLITE_OK) Die("close");
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const long n = static_cast<long>(batches) * per_tx;
    std::printf("ceiling scans=%ld tubes=%ld seconds=%.2f scans_per_s=%.0f\n", n,
                static_cast<long>(batches) * tubes_per_tx, seconds, n / seconds);
    return 0;
}
