// The ceiling for `wangge import residents`: a bare sqlite3 insert of the same rows into the same
// schema (households + residents with all their indexes, foreign keys on), with the same
// durability (WAL, synchronous=FULL) and the same writer pragmas wangge sets
// (src/storage/sqlite/sqlite_connection.cpp). No wangge code: raw sqlite3 C API.
//
// Usage: bench_import_ceiling DB CSV [rows_per_insert=50] [rows_per_tx=100000]
//   DB   an empty-registry database (migrated schema, the area tree, no households/residents);
//        rows are written into it.
//   CSV  the import file (header 姓名,身份证号,联系电话,楼栋编码,单元,房号,与户主关系,户籍类型,标签).
//
// Everything is parsed and resolved in memory first (households deduplicated by (building,
// unit, room), ids, member counts and heads precomputed), untimed. Timed: the inserts in
// transactions of rows_per_tx residents (each transaction first inserts the households first
// seen in it, then its residents), multi-row prepared INSERTs of rows_per_insert rows, and the
// final close (which checkpoints the WAL, as wangge's import does when it exits).
// Prints one line: "ceiling residents=N households=H seconds=S rows_per_s=R".
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace {

[[noreturn]] void Die(const std::string& what, sqlite3* db = nullptr) {
    std::fprintf(stderr, "bench_import_ceiling: %s%s%s\n", what.c_str(), db ? ": " : "", db ? sqlite3_errmsg(db) : "");
    std::exit(1);
}

void Exec(sqlite3* db, const char* sql) {
    char* err = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) Die(std::string(sql) + ": " + (err ? err : ""));
}

// Text kept in one arena; rows refer to it by offset so 9M rows stay compact.
struct Text {
    std::uint32_t off = 0, len = 0;
};

struct Household {
    std::int64_t building_id;
    std::uint32_t building;  // index into buildings (path)
    Text unit, room;
    std::int64_t head = 0;  // resident id, 0 = NULL
    std::int64_t members = 0;
};

struct Resident {
    std::int64_t household_id;
    Text name, id_number, phone, relation;
    char birth[10];
    bool male, floating;
    std::uint32_t tags;
};

struct Building {
    std::int64_t id;
    std::string path;
};

struct Data {
    std::string arena;
    std::vector<Building> buildings;
    std::vector<Household> households;  // id = index + 1
    std::vector<Resident> residents;    // id = index + 1
    Text Add(std::string_view s) {
        Text t{static_cast<std::uint32_t>(arena.size()), static_cast<std::uint32_t>(s.size())};
        arena.append(s);
        return t;
    }
    std::string_view Get(Text t) const { return std::string_view(arena).substr(t.off, t.len); }
};

// Splits one CSV record (RFC 4180 quotes; records do not span lines in our export).
void SplitCsv(std::string_view line, std::vector<std::string>& out) {
    out.clear();
    std::string cell;
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') cell += '"', ++i;
            else if (c == '"') quoted = false;
            else cell += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            out.push_back(std::move(cell));
            cell.clear();
        } else if (c != '\r') {
            cell += c;
        }
    }
    out.push_back(std::move(cell));
}

std::string StripSuffix(std::string s, std::string_view suffix) {  // as the import does
    if (s.size() > suffix.size() && std::string_view(s).ends_with(suffix)) s.resize(s.size() - suffix.size());
    return s;
}

std::uint32_t ParseTags(const std::string& cell) {
    static const std::pair<const char*, const char*> kTags[] = {
        {"elderly_alone", "独居老人"}, {"bedridden", "卧床"}, {"disabled", "残疾"},
        {"pregnant", "孕妇"},          {"infant", "婴幼儿"},  {"away", "外出"}};
    std::uint32_t tags = 0;
    std::size_t start = 0;
    while (start <= cell.size()) {
        std::size_t end = cell.find_first_of(";,", start);
        if (end == std::string::npos) end = cell.size();
        std::string_view part = std::string_view(cell).substr(start, end - start);
        for (std::size_t i = 0; i < std::size(kTags); ++i)
            if (part == kTags[i].first || part == kTags[i].second) tags |= 1u << i;
        start = end + 1;
    }
    return tags;
}

std::string Relation(const std::string& cell) {
    static const std::unordered_map<std::string, std::string> kMap = {
        {"户主", "head"},   {"本人", "head"},   {"配偶", "spouse"}, {"子女", "child"}, {"父母", "parent"},
        {"其他", "other"},  {"head", "head"},   {"spouse", "spouse"}, {"child", "child"}, {"parent", "parent"},
        {"other", "other"}};
    auto it = kMap.find(cell);
    return it == kMap.end() ? cell : it->second;
}

Data Load(sqlite3* db, const char* csv_path) {
    Data d;
    std::unordered_map<std::string, std::uint32_t> building_by_code;
    {
        sqlite3_stmt* st = nullptr;
        if (sqlite3_prepare_v2(db, "SELECT code, id, path FROM areas WHERE level = 'building'", -1, &st, nullptr))
            Die("select buildings", db);
        while (sqlite3_step(st) == SQLITE_ROW) {
            building_by_code.emplace(reinterpret_cast<const char*>(sqlite3_column_text(st, 0)),
                                     static_cast<std::uint32_t>(d.buildings.size()));
            d.buildings.push_back({sqlite3_column_int64(st, 1), reinterpret_cast<const char*>(sqlite3_column_text(st, 2))});
        }
        sqlite3_finalize(st);
    }
    std::ifstream in(csv_path);
    if (!in) Die(std::string("cannot open ") + csv_path);
    std::string line;
    std::getline(in, line);  // header
    std::vector<std::string> f;
    std::unordered_map<std::string, std::uint32_t> household_by_key;  // "building\x1funit\x1froom"
    const std::size_t limit = std::getenv("BENCH_RESIDENTS") ? std::strtoull(std::getenv("BENCH_RESIDENTS"), nullptr, 10) : 0;
    while (std::getline(in, line)) {
        if (line.empty() || line == "\r") continue;
        SplitCsv(line, f);
        if (f.size() < 9) Die("short CSV record: " + line);
        auto b = building_by_code.find(f[3]);
        if (b == building_by_code.end()) Die("unknown building " + f[3]);
        std::string unit = StripSuffix(f[4], "单元"), room = StripSuffix(f[5], "室");
        std::string key = f[3] + '\x1f' + unit + '\x1f' + room;
        auto [h, fresh] = household_by_key.try_emplace(std::move(key), static_cast<std::uint32_t>(d.households.size()));
        if (fresh) d.households.push_back({d.buildings[b->second].id, b->second, d.Add(unit), d.Add(room)});
        Household& hh = d.households[h->second];
        Resident r{};
        r.household_id = h->second + 1;
        r.name = d.Add(f[0]);
        const std::string& id = f[1];
        if (id.size() != 18) Die("bad ID number " + id);
        r.id_number = d.Add(id);
        r.phone = d.Add(f[2]);
        const std::string rel = Relation(f[6]);
        r.relation = d.Add(rel);
        std::memcpy(r.birth, id.data() + 6, 4);
        r.birth[4] = '-';
        std::memcpy(r.birth + 5, id.data() + 10, 2);
        r.birth[7] = '-';
        std::memcpy(r.birth + 8, id.data() + 12, 2);
        r.male = (id[16] - '0') % 2 == 1;
        r.floating = f[7] == "floating" || f[7] == "流动" || f[7] == "暂住";
        r.tags = ParseTags(f[8]);
        d.residents.push_back(r);
        ++hh.members;
        if (rel == "head") hh.head = static_cast<std::int64_t>(d.residents.size());
        if (limit && d.residents.size() >= limit) break;
    }
    return d;
}

// A prepared INSERT of n rows of `cols` columns.
sqlite3_stmt* PrepareInsert(sqlite3* db, const char* prefix, int cols, int n) {
    std::string sql = prefix;
    for (int r = 0; r < n; ++r) {
        sql += r ? ",(" : "(";
        for (int c = 0; c < cols; ++c) sql += c ? ",?" : "?";
        sql += ")";
    }
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v3(db, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &st, nullptr)) Die("prepare", db);
    return st;
}

void Step(sqlite3* db, sqlite3_stmt* st) {
    if (sqlite3_step(st) != SQLITE_DONE) Die("insert", db);
    sqlite3_reset(st);
}

constexpr const char* kHouseholdInsert =
    "INSERT INTO households (id, building_id, path, unit, room, head_resident_id, member_count, created_at) VALUES ";
constexpr int kHouseholdCols = 8;
constexpr const char* kResidentInsert =
    "INSERT INTO residents (id, household_id, path, name, id_number, sex, birth_date, phone, registration, relation, "
    "tags, version, updated_at) VALUES ";
constexpr int kResidentCols = 13;

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: bench_import_ceiling DB CSV [rows_per_insert=50] [rows_per_tx=100000]\n");
        return 2;
    }
    const int per_insert = argc > 3 ? std::atoi(argv[3]) : 50;
    const std::size_t per_tx = argc > 4 ? std::strtoull(argv[4], nullptr, 10) : 100000;

    sqlite3* db = nullptr;
    if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) Die("open", db);
    // wangge's writer connection, verbatim.
    Exec(db, "PRAGMA journal_mode=WAL");
    Exec(db, "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY; PRAGMA mmap_size=2147418112;");
    Exec(db, "PRAGMA synchronous=FULL; PRAGMA cache_size=-65536; PRAGMA journal_size_limit=67108864;");

    const auto t_load = std::chrono::steady_clock::now();
    Data d = Load(db, argv[2]);
    std::fprintf(stderr, "parsed %zu residents, %zu households in %.1f s (untimed)\n", d.residents.size(),
                 d.households.size(), std::chrono::duration<double>(std::chrono::steady_clock::now() - t_load).count());
    const std::int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();

    const auto t0 = std::chrono::steady_clock::now();
    sqlite3_stmt* h_many = PrepareInsert(db, kHouseholdInsert, kHouseholdCols, per_insert);
    sqlite3_stmt* h_one = PrepareInsert(db, kHouseholdInsert, kHouseholdCols, 1);
    sqlite3_stmt* r_many = PrepareInsert(db, kResidentInsert, kResidentCols, per_insert);
    sqlite3_stmt* r_one = PrepareInsert(db, kResidentInsert, kResidentCols, 1);
    auto text = [&](sqlite3_stmt* st, int& i, std::string_view s) {
        sqlite3_bind_text(st, ++i, s.data(), static_cast<int>(s.size()), SQLITE_STATIC);
    };
    auto bind_household = [&](sqlite3_stmt* st, int& i, std::size_t k) {
        const Household& h = d.households[k];
        sqlite3_bind_int64(st, ++i, static_cast<std::int64_t>(k) + 1);
        sqlite3_bind_int64(st, ++i, h.building_id);
        text(st, i, d.buildings[h.building].path);
        text(st, i, d.Get(h.unit));
        text(st, i, d.Get(h.room));
        if (h.head) sqlite3_bind_int64(st, ++i, h.head); else sqlite3_bind_null(st, ++i);
        sqlite3_bind_int64(st, ++i, h.members);
        sqlite3_bind_int64(st, ++i, now);
    };
    auto bind_resident = [&](sqlite3_stmt* st, int& i, std::size_t k) {
        const Resident& r = d.residents[k];
        sqlite3_bind_int64(st, ++i, static_cast<std::int64_t>(k) + 1);
        sqlite3_bind_int64(st, ++i, r.household_id);
        text(st, i, d.buildings[d.households[r.household_id - 1].building].path);
        text(st, i, d.Get(r.name));
        text(st, i, d.Get(r.id_number));
        text(st, i, r.male ? "male" : "female");
        text(st, i, std::string_view(r.birth, 10));
        if (r.phone.len) text(st, i, d.Get(r.phone)); else sqlite3_bind_null(st, ++i);
        text(st, i, r.floating ? "floating" : "registered");
        text(st, i, d.Get(r.relation));
        sqlite3_bind_int64(st, ++i, r.tags);
        sqlite3_bind_int64(st, ++i, 1);
        sqlite3_bind_int64(st, ++i, now);
    };
    // Inserts items [from, to) with the multi-row statement, the rest one by one.
    auto insert_range = [&](sqlite3_stmt* many, sqlite3_stmt* one, std::size_t from, std::size_t to, auto bind) {
        std::size_t k = from;
        for (; k + static_cast<std::size_t>(per_insert) <= to; k += static_cast<std::size_t>(per_insert)) {
            int i = 0;
            for (int r = 0; r < per_insert; ++r) bind(many, i, k + static_cast<std::size_t>(r));
            Step(db, many);
        }
        for (; k < to; ++k) {
            int i = 0;
            bind(one, i, k);
            Step(db, one);
        }
    };

    std::size_t next_household = 0;  // households are numbered in order of first appearance
    for (std::size_t from = 0; from < d.residents.size(); from += per_tx) {
        const std::size_t to = std::min(d.residents.size(), from + per_tx);
        std::size_t households_to = next_household;
        for (std::size_t k = from; k < to; ++k)
            households_to = std::max(households_to, static_cast<std::size_t>(d.residents[k].household_id));
        Exec(db, "BEGIN IMMEDIATE");
        if (households_to > next_household) {
            insert_range(h_many, h_one, next_household, households_to, bind_household);
            next_household = households_to;
        }
        insert_range(r_many, r_one, from, to, bind_resident);
        Exec(db, "COMMIT");
    }
    for (auto* st : {h_many, h_one, r_many, r_one}) sqlite3_finalize(st);
    if (sqlite3_close(db) != SQLITE_OK) Die("close", db);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::printf("ceiling residents=%zu households=%zu seconds=%.2f rows_per_s=%.0f\n", d.residents.size(),
                d.households.size(), seconds, static_cast<double>(d.residents.size()) / seconds);
    return 0;
}
