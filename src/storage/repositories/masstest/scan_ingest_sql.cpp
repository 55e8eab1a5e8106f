#include "storage/repositories/masstest/scan_ingest_sql.hpp"

#include <algorithm>
#include <iterator>

#include "storage/repositories/masstest/followup_sql.hpp"
#include "storage/repositories/masstest/masstest_rows.hpp"

namespace wangge::storage::masstest_sql {
namespace {

// The set reads take the batch's keys as one list. On SQLite an IN list of $2… (padded, see
// followup_sql::QueryIn). On PostgreSQL one array parameter `$2::text[]` / `$2::bigint[]` (one statement text
// whatever the batch size), and for the tables a round fills from empty (scans, scan_refusals,
// tubes) one LATERAL probe per key on the unique (round_id, key) index: the planner cannot turn it
// into a scan of the whole round by round_id. It did so for `client_id IN (…)` and for
// `client_id = ANY(…)` while the tables had no statistics (no ANALYZE yet in a fresh round, where
// `round_id = $1` is guessed at 0.5 % of the rows): 4.5–80 ms per batch, growing with the round.
// Lookups from those rows (a scan's tube) are scalar subqueries: an index probe per row.
std::string KeyList(std::size_t n) { return "IN (" + followup_sql::Marks(2, n) + ")"; }

// FROM clause: each key of $2 (text[]) as k.key, with the row of `table` whose (round_id, `column`)
// equals ($1, key), if any, as `alias`.
std::string PgProbe(std::string_view table, std::string_view alias, std::string_view column) {
    return "unnest($2::text[]) k(key) CROSS JOIN LATERAL (SELECT * FROM " + std::string(table) + " " +
           std::string(alias) + " WHERE " + std::string(alias) + ".round_id = $1 AND " + std::string(alias) + "." +
           std::string(column) + " = k.key LIMIT 1) " + std::string(alias);
}

// A PostgreSQL array literal of integers or texts ({1,2} / {"a","b"}).
std::string PgArray(const std::vector<Value>& values) {
    std::string out = "{";
    for (const auto& v : values) {
        if (out.size() > 1) out += ',';
        if (const auto* i = std::get_if<std::int64_t>(&v)) {
            out += std::to_string(*i);
        } else if (const auto* t = std::get_if<std::string>(&v)) {
            out += '"';
            for (char ch : *t) {
                if (ch == '"' || ch == '\\') out += '\\';
                out += ch;
            }
            out += '"';
        }
    }
    return out + "}";
}

}  // namespace

// "($1, …, $12), ($13, …)" for `rows` rows of `width` parameters.
std::string ValuesSql(std::size_t rows, int width) {
    std::string sql;
    int p = 1;
    for (std::size_t r = 0; r < rows; ++r) {
        sql += r ? ", (" : "(";
        for (int c = 0; c < width; ++c) sql += (c ? ", $" : "$") + std::to_string(p++);
        sql += ")";
    }
    return sql;
}

// The stored outcome of each client id: an accepted scan (kind 0) or a refusal (kind 1), one read.
std::string StoredSql(Backend b, std::size_t n) {
    const bool pg = b == Backend::kPostgres;
    return "SELECT 0, s.client_id, s.tube_seq, s.resident_id, (SELECT t.code FROM tubes t WHERE t.id = s.tube_id), "
           "(SELECT r.name FROM residents r WHERE r.id = s.resident_id), "
           "(SELECT r.id_number FROM residents r WHERE r.id = s.resident_id) FROM " +
           (pg ? PgProbe("scans", "s", "client_id") : "scans s WHERE s.round_id = $1 AND s.client_id " + KeyList(n)) +
           " UNION ALL SELECT 1, f.client_id, NULL, f.resident_id, f.tube_code, f.reason, f.message FROM " +
           (pg ? PgProbe("scan_refusals", "f", "client_id")
               : "scan_refusals f WHERE f.round_id = $1 AND f.client_id " + KeyList(n));
}

// The batch's tubes by code, with the round each belongs to: this round's (locked on PostgreSQL, in
// id order, so that two devices filling one tube queue up) and other rounds' (a refusal reason).
std::string TubesSql(Backend b, std::size_t n) {
    const std::string columns(kTubeColumns);
    if (b == Backend::kPostgres)
        // Found by code, then locked one by one by id (a probe each, in id order).
        return "WITH found AS (SELECT t.id FROM " + PgProbe("tubes", "t", "code") +
               " ORDER BY t.id) SELECT l.* FROM found CROSS JOIN LATERAL (SELECT " + columns +
               " FROM tubes WHERE id = found.id FOR UPDATE) l UNION ALL SELECT o.* FROM unnest($2::text[]) k(key) "
               "CROSS JOIN LATERAL (SELECT " +
               columns + " FROM tubes WHERE code = k.key AND round_id <> $1 OFFSET 0) o";
    return "SELECT " + columns + " FROM tubes WHERE code " + KeyList(n);
}

// Everything a scan decision needs about a person, in one indexed read per person. The household's
// remaining count only matters in a sealed building (one tube per household): NULL elsewhere, and then
// not looked up.
std::string PeopleSql(Backend b, std::string_view key, std::size_t n) {
    return "SELECT r.id, r.household_id, h.building_id, r.path, r.tags, r.name, r.id_number, "
           "(SELECT e.reason FROM round_exemptions e WHERE e.round_id = $1 AND e.resident_id = r.id), "
           "(SELECT (SELECT t.code FROM tubes t WHERE t.id = s.tube_id) FROM scans s "
           " WHERE s.round_id = $1 AND s.resident_id = r.id AND s.kind = 'routine'), "
           "CASE WHEN EXISTS (SELECT 1 FROM round_sealed_buildings b WHERE b.round_id = $1 AND b.building_id = "
           "h.building_id) THEN (SELECT c.expected - c.exempt - c.sampled FROM round_household_coverage c "
           " WHERE c.round_id = $1 AND c.household_id = r.household_id) END "
           "FROM residents r JOIN households h ON h.id = r.household_id WHERE r." +
           std::string(key) +
           (b == Backend::kPostgres ? (key == "id" ? " = ANY($2::bigint[])" : " = ANY($2::text[])") : " " + KeyList(n));
}

// Runs `sql_for(padded n)` over `values` with `first` as $1: on PostgreSQL in one statement with
// the values as one array; on SQLite in IN-list chunks.
Status QueryIn(Connection& c, const std::function<std::string(std::size_t)>& sql_for, const Value& first,
               const std::vector<Value>& values, const RowFn& on_row) {
    if (values.empty()) return {};
    if (c.backend() == Backend::kPostgres) {
        if (auto r = c.Exec(sql_for(0), {first, PgArray(values)}, on_row); !r) return Fail(r.error());
        return {};
    }
    return followup_sql::QueryIn(c, sql_for, {first}, values, on_row);
}

// Rows per multi-row INSERT on SQLite: one statement of this many rows, prepared once and kept, takes
// most of a group's rows; the rest go one by one through the single-row statement.
constexpr std::size_t kSqliteInsertRows = 32;

// Bulk on PostgreSQL (COPY); on SQLite cached statements of kSqliteInsertRows rows and of one row (a
// remainder of varying size would be prepared anew every time). Moves the values out of `rows`.
Status InsertRows(Connection& c, std::string_view table, const std::vector<std::string>& columns,
                  std::string_view single_sql, std::vector<Params>& rows) {
    if (rows.empty()) return {};
    if (c.backend() == Backend::kPostgres && rows.size() > 1) return c.BulkInsert(table, columns, rows);
    std::size_t next = 0;
    if (rows.size() >= kSqliteInsertRows) {
        const std::string head(single_sql.substr(0, single_sql.find(" VALUES ")));
        const std::string multi_sql =
            head + " VALUES " + ValuesSql(kSqliteInsertRows, static_cast<int>(columns.size()));
        Params params;
        for (; next + kSqliteInsertRows <= rows.size(); next += kSqliteInsertRows) {
            params.clear();
            for (std::size_t i = next; i < next + kSqliteInsertRows; ++i)
                std::move(rows[i].begin(), rows[i].end(), std::back_inserter(params));
            if (auto r = c.Exec(multi_sql, params); !r) return Fail(r.error());
        }
    }
    for (; next < rows.size(); ++next)
        if (auto r = c.Exec(single_sql, rows[next]); !r) return Fail(r.error());
    return {};
}

}  // namespace wangge::storage::masstest_sql
