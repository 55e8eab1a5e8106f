// The PostgreSQL ceiling for wangge's batch scan ingest: a bare libpq COPY of the same rows — per
// batch, its tubes (closed pools) and its scans — into the same schema (migration 008, all
// indexes), one transaction per batch, with the server's durability as configured
// (synchronous_commit on by default, as wangge runs). No wangge code: raw libpq.
//
// Usage: bench_pg_scan_ceiling DSN ROUND_ID FIRST_RESIDENT COUNT [scans_per_tx=100] [pool=10]
//   DSN             a database with an active round ROUND_ID (rows are written into it)
//   FIRST_RESIDENT  the scans take residents FIRST_RESIDENT.. (COUNT of them, by id): use a range no
//                   one has scanned in this round.
//
// Untimed: each resident's household, building and path, and the tube ids (from tubes_id_seq).
// Timed: per batch BEGIN; COPY tubes (its 10 tubes); COPY scans (its 100 scans); COMMIT.
// Prints one line: "ceiling scans=N tubes=T seconds=S scans_per_s=R".
#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace {

[[noreturn]] void Die(const std::string& what, PGconn* c = nullptr) {
    std::fprintf(stderr, "bench_pg_scan_ceiling: %s%s%s\n", what.c_str(), c ? ": " : "", c ? PQerrorMessage(c) : "");
    std::exit(1);
}

PGresult* Exec(PGconn* c, const std::string& sql, ExecStatusType want = PGRES_COMMAND_OK) {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != want) Die(sql.substr(0, 80), c);
    return r;
}

void Copy(PGconn* c, const char* sql, const std::string& data) {
    PQclear(Exec(c, sql, PGRES_COPY_IN));
    if (PQputCopyData(c, data.data(), static_cast<int>(data.size())) != 1) Die("copy data", c);
    if (PQputCopyEnd(c, nullptr) != 1) Die("copy end", c);
    PGresult* r = PQgetResult(c);
    if (PQresultStatus(r) != PGRES_COMMAND_OK) Die("copy", c);
    PQclear(r);
    while ((r = PQgetResult(c)) != nullptr) PQclear(r);
}

struct Person {
    std::string id, household_id, building_id, path;
};

std::int64_t NowMs() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 5) Die("usage: bench_pg_scan_ceiling DSN ROUND_ID FIRST_RESIDENT COUNT [scans_per_tx=100] [pool=10]");
    const std::string round_id = argv[2];
    const std::string first = argv[3];
    const int count = std::atoi(argv[4]);
    const int per_tx = argc > 5 ? std::atoi(argv[5]) : 100;
    const int pool = argc > 6 ? std::atoi(argv[6]) : 10;
    if (per_tx <= 0 || pool <= 0 || per_tx % pool != 0) Die("scans_per_tx must be a multiple of pool");
    PGconn* c = PQconnectdb(argv[1]);
    if (PQstatus(c) != CONNECTION_OK) Die("connect", c);

    std::vector<Person> people;
    {
        PGresult* r = Exec(c,
                           "SELECT r.id, r.household_id, h.building_id, r.path FROM residents r JOIN households h "
                           "ON h.id = r.household_id WHERE r.id >= " +
                               first + " ORDER BY r.id LIMIT " + std::to_string(count),
                           PGRES_TUPLES_OK);
        for (int i = 0; i < PQntuples(r); ++i)
            people.push_back({PQgetvalue(r, i, 0), PQgetvalue(r, i, 1), PQgetvalue(r, i, 2), PQgetvalue(r, i, 3)});
        PQclear(r);
    }
    PGresult* r = Exec(c, "SELECT owner_path FROM test_rounds WHERE id = " + round_id, PGRES_TUPLES_OK);
    if (PQntuples(r) != 1) Die("no round " + round_id);
    const std::string opener_path = PQgetvalue(r, 0, 0);
    PQclear(r);
    const int batches = static_cast<int>(people.size()) / per_tx;
    const int tubes_per_tx = per_tx / pool;
    std::vector<std::string> tube_ids;
    r = Exec(c,
             "SELECT nextval('tubes_id_seq') FROM generate_series(1, " + std::to_string(batches * tubes_per_tx) + ")",
             PGRES_TUPLES_OK);
    for (int i = 0; i < PQntuples(r); ++i) tube_ids.emplace_back(PQgetvalue(r, i, 0));
    PQclear(r);

    const auto t0 = std::chrono::steady_clock::now();
    std::string tubes, scans;
    for (int b = 0; b < batches; ++b) {
        const std::string now = std::to_string(NowMs());
        tubes.clear();
        scans.clear();
        for (int t = 0; t < tubes_per_tx; ++t) {
            // id round_id code kind status capacity scan_count household_id path point_id opened_by opened_at closed_at
            tubes += tube_ids[static_cast<std::size_t>(b) * tubes_per_tx + t] + "\t" + round_id + "\tC" + first + "-" +
                     std::to_string(b) + "-" + std::to_string(t) + "\tpool\tclosed\t" + std::to_string(pool) + "\t" +
                     std::to_string(pool) + "\t\\N\t" + opener_path + "\t\\N\t1\t" + now + "\t" + now + "\n";
        }
        for (int i = 0; i < per_tx; ++i) {
            const Person& who = people[static_cast<std::size_t>(b) * per_tx + i];
            scans += round_id + "\tc" + who.id + "\t" +
                     tube_ids[static_cast<std::size_t>(b) * tubes_per_tx + i / pool] + "\t" +
                     std::to_string(i % pool + 1) + "\t" + who.id + "\t" + who.household_id + "\t" + who.building_id +
                     "\t" + who.path + "\troutine\t" + now + "\t" + now + "\t1\n";
        }
        PQclear(Exec(c, "BEGIN"));
        Copy(c,
             "COPY tubes (id, round_id, code, kind, status, capacity, scan_count, household_id, path, point_id, "
             "opened_by, opened_at, closed_at) FROM STDIN",
             tubes);
        Copy(c,
             "COPY scans (round_id, client_id, tube_id, tube_seq, resident_id, household_id, building_id, path, kind, "
             "scanned_at, received_at, sampler_id) FROM STDIN",
             scans);
        PQclear(Exec(c, "COMMIT"));
    }
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    PQfinish(c);
    const long n = static_cast<long>(batches) * per_tx;
    std::printf("ceiling scans=%ld tubes=%ld seconds=%.2f scans_per_s=%.0f\n", n,
                static_cast<long>(batches) * tubes_per_tx, seconds, n / seconds);
    return 0;
}
