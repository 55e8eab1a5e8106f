#include "app/seed/seed_rows.hpp"

#include <algorithm>

namespace wangge::seed {
namespace {

using storage::Params;
using storage::Value;

// Rows per BulkInsert call: bounds the Params built at once (the driver splits further).
constexpr std::size_t kChunkRows = 2000;

const std::vector<std::string> kAreaColumns = {
    "id", "parent_id", "code", "name", "level", "path", "depth", "household_count", "resident_count", "child_count"};
const std::vector<std::string> kHouseholdColumns = {"id",   "building_id",      "path",         "unit",
                                                    "room", "head_resident_id", "member_count", "created_at"};
const std::vector<std::string> kResidentColumns = {"id",   "household_id", "path",      "name",         "id_number",
                                                   "sex",  "birth_date",   "phone",     "registration", "relation",
                                                   "tags", "version",      "updated_at"};

constexpr std::string_view kUpdateCounters =
    "UPDATE areas SET household_count = $1, resident_count = $2, child_count = $3 WHERE id = $4";

constexpr std::string_view kAdvanceSequences[] = {
    "SELECT setval(pg_get_serial_sequence('areas', 'id'), (SELECT COALESCE(max(id), 1) FROM areas))",
    "SELECT setval(pg_get_serial_sequence('households', 'id'), (SELECT COALESCE(max(id), 1) FROM households))",
    "SELECT setval(pg_get_serial_sequence('residents', 'id'), (SELECT COALESCE(max(id), 1) FROM residents))",
};

// Secondary indexes only: UNIQUE ones back constraints the data must satisfy while loading.
constexpr std::string_view kListIndexesSqlite =
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('households', 'residents') "
    "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name";
constexpr std::string_view kListIndexesPostgres =
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
    "AND tablename IN ('households', 'residents') AND indexdef NOT LIKE 'CREATE UNIQUE%' ORDER BY indexname";

template <typename T, typename ToParams>
Status InsertChunked(storage::Connection& conn, std::string_view table, const std::vector<std::string>& columns,
                     const std::vector<T>& rows, ToParams to_params) {
    std::vector<Params> chunk;
    chunk.reserve(std::min(kChunkRows, rows.size()));
    for (std::size_t i = 0; i < rows.size(); ++i) {
        chunk.push_back(to_params(rows[i]));
        if (chunk.size() == kChunkRows || i + 1 == rows.size()) {
            WANGGE_CHECK(conn.BulkInsert(table, columns, chunk));
            chunk.clear();
        }
    }
    return {};
}


}  // namespace

Status InsertAreas(storage::Connection& conn, const std::vector<registry::Area>& areas) {
    return InsertChunked(conn, "areas", kAreaColumns, areas, [](const registry::Area& a) {
        return Params{a.id,
                      storage::IntOrNull(a.parent_id),
                      a.code,
                      a.name,
                      std::string(registry::AreaLevelName(a.level)),
                      a.path,
                      std::int64_t{a.depth},
                      a.household_count,
                      a.resident_count,
                      a.child_count};
    });
}

Status InsertHouseholds(storage::Connection& conn, const std::vector<registry::Household>& households) {
    return InsertChunked(conn, "households", kHouseholdColumns, households, [](const registry::Household& h) {
        return Params{h.id,           h.building_id, h.path, h.unit, h.room, storage::IntOrNull(h.head_resident_id),
                      h.member_count, h.created_at};
    });
}

Status InsertResidents(storage::Connection& conn, const std::vector<registry::Resident>& residents) {
    return InsertChunked(conn, "residents", kResidentColumns, residents, [](const registry::Resident& r) {
        return Params{r.id,
                      r.household_id,
                      r.path,
                      r.name,
                      r.id_number,
                      std::string(registry::SexName(r.sex)),
                      r.birth_date.ToIso(),
                      storage::TextOrNull(r.phone),
                      std::string(registry::RegistrationName(r.registration)),
                      r.relation,
                      static_cast<std::int64_t>(r.tags),
                      r.version,
                      r.updated_at};
    });
}

Status UpdateAreaCounters(storage::Connection& conn, const std::vector<registry::Area>& areas) {
    for (const auto& a : areas)
        WANGGE_CHECK(conn.Exec(kUpdateCounters, {a.household_count, a.resident_count, a.child_count, a.id}));
    return {};
}

Status AdvanceSequences(storage::Connection& conn) {
    if (conn.backend() != storage::Backend::kPostgres) return {};
    for (auto sql : kAdvanceSequences) WANGGE_CHECK(conn.Exec(sql));
    return {};
}

Result<std::vector<IndexDefinition>> DropSecondaryIndexes(storage::Connection& conn) {
    std::vector<IndexDefinition> indexes;
    const bool sqlite = conn.backend() == storage::Backend::kSqlite;
    WANGGE_CHECK(conn.Exec(sqlite ? kListIndexesSqlite : kListIndexesPostgres, {}, [&](const storage::Row& row) {
        indexes.push_back({row.Text(0), row.Text(1)});
    }));
    // Index names come from the catalogue, not from users: safe to splice.
    for (const auto& index : indexes) WANGGE_CHECK(conn.Exec("DROP INDEX " + index.name));
    return indexes;
}

Status CreateIndexes(storage::Connection& conn, const std::vector<IndexDefinition>& indexes) {
    for (const auto& index : indexes) WANGGE_CHECK(conn.Exec(index.create_sql));
    return {};
}

}  // namespace wangge::seed
