#include "storage/repositories/resident_import_batch.hpp"

#include "domain/registry/area.hpp"
#include "storage/repositories/row_mapping.hpp"

namespace wangge::storage {
namespace {

using registry::Resident;
using registry::import::Column;
using registry::import::ImportReport;
using registry::import::RowError;

constexpr std::string_view kSelectResidentsPrefix =
    "SELECT id, id_number, household_id, path, name, phone, registration, relation, tags FROM residents "
    "WHERE id_number IN (";
constexpr std::string_view kSelectBuildingHouseholds = "SELECT id, unit, room FROM households WHERE building_id = $1";
constexpr std::string_view kInsertHousehold =
    "INSERT INTO households (building_id, path, unit, room, member_count, created_at) "
    "VALUES ($1, $2, $3, $4, 0, $5) RETURNING id";
constexpr std::string_view kInsertResidentsPrefix =
    "INSERT INTO residents (household_id, path, name, id_number, sex, birth_date, phone, registration, relation, "
    "tags, version, updated_at) VALUES ";
constexpr std::size_t kInsertColumns = 11;  // bound per row; version is the literal 1
// Rows per multi-row INSERT: the few sizes a batch is cut into, so the driver caches few statements.
constexpr std::size_t kInsertSizes[] = {kImportBatchRows, 256, 128, 64, 32, 16, 8, 4, 2, 1};
constexpr std::string_view kUpdateResident =
    "UPDATE residents SET household_id = $1, path = $2, name = $3, phone = $4, registration = $5, relation = $6, "
    "tags = $7, version = version + 1, updated_at = $8 WHERE id = $9";
const std::vector<std::string> kHistoryColumns = {"resident_id", "at", "user_id", "action", "detail"};

// The IN list always has kImportBatchRows placeholders (short lists repeat their last value),
// so one prepared statement serves every batch.
const std::string& SelectResidentsSql() {
    static const std::string sql = [] {
        std::string s(kSelectResidentsPrefix);
        for (std::size_t i = 1; i <= kImportBatchRows; ++i) s += (i > 1 ? ", $" : "$") + std::to_string(i);
        return s + ")";
    }();
    return sql;
}

const std::string& InsertResidentsSql(std::size_t rows) {
    static const std::map<std::size_t, std::string> sql = [] {
        std::map<std::size_t, std::string> out;
        for (std::size_t n : kInsertSizes) {
            std::string s(kInsertResidentsPrefix);
            std::size_t p = 1;
            for (std::size_t r = 0; r < n; ++r) {
                s += r ? ", (" : "(";
                for (std::size_t c = 0; c < kInsertColumns; ++c) {
                    s += "$" + std::to_string(p++) + (c + 1 < kInsertColumns ? ", " : "");
                    if (c == 9) s += "1, ";  // version
                }
                s += ")";
            }
            out[n] = s + " RETURNING id, id_number";
        }
        return out;
    }();
    return sql.at(rows);
}

}  // namespace

Status FindResidentPaths(Connection& conn, const std::vector<std::string>& id_numbers,
                         const std::function<void(const std::string&, const std::string&)>& fn) {
    if (id_numbers.empty()) return {};
    Params params(id_numbers.begin(), id_numbers.end());
    params.resize(kImportBatchRows, params.back());
    WANGGE_CHECK(conn.Exec(SelectResidentsSql(), params, [&](const Row& row) { fn(row.Text(1), row.Text(3)); }));
    return {};
}

ImportTransaction::ImportTransaction(Connection& conn, const registry::import::ImportOptions& options,
                                     ImportReport& report)
    : conn_(conn), options_(options), report_(report) {}

Result<std::int64_t> ImportTransaction::HouseholdFor(const ResolvedRow& r) {
    auto [it, fresh] = households_.try_emplace(r.building_id);
    auto& rooms = it->second;
    if (fresh) {
        WANGGE_CHECK(conn_.Exec(kSelectBuildingHouseholds, {r.building_id}, [&](const Row& row) {
            rooms[{row.Text(1), row.Text(2)}] = row.Int(0);
        }));
    }
    auto key = std::make_pair(r.row.unit, r.row.room);
    if (auto found = rooms.find(key); found != rooms.end()) return found->second;
    std::int64_t id = 0;
    WANGGE_CHECK(conn_.Exec(kInsertHousehold, {r.building_id, r.building_path, r.row.unit, r.row.room, options_.now},
                            [&](const Row& row) { id = row.Int(0); }));
    rooms[key] = id;
    area_deltas_[r.building_path].first += 1;
    ++report_.households_created;
    return id;
}

Status ImportTransaction::WriteBatch(const std::vector<ResolvedRow>& rows, const std::string& id_column_label) {
    std::unordered_map<std::string, Resident> stored;
    std::vector<std::string> ids;
    for (const auto& r : rows) ids.push_back(r.row.resident.id_number);
    if (!ids.empty()) {
        Params params(ids.begin(), ids.end());
        params.resize(kImportBatchRows, params.back());
        WANGGE_CHECK(conn_.Exec(SelectResidentsSql(), params, [&](const Row& row) {
            Resident s;
            s.id = row.Int(0);
            s.id_number = row.Text(1);
            s.household_id = row.Int(2);
            s.path = row.Text(3);
            s.name = row.Text(4);
            s.phone = row.Text(5);
            s.registration = registry::ParseRegistration(row.Text(6)).value_or(registry::Registration::kRegistered);
            s.relation = row.Text(7);
            s.tags = static_cast<registry::TagSet>(row.Int(8));
            stored.emplace(s.id_number, std::move(s));
        }));
    }
    std::unordered_map<std::int64_t, std::int64_t> member_deltas;
    std::vector<Resident> to_insert;
    std::vector<Params> history;
    const Value actor = IntOrNull(options_.actor_user_id);
    for (const auto& r : rows) {
        const auto& row = r.row;
        auto existing = stored.find(row.resident.id_number);
        if (existing != stored.end() && !registry::PathWithin(existing->second.path, options_.scope_path)) {
            // Registered by another community meanwhile (validation saw no such resident).
            ++report_.error_count;
            if (report_.errors.size() < options_.max_errors)
                report_.errors.push_back(
                    {row.line, id_column_label,
                     "该居民已登记在您的管辖范围之外 (the resident is registered outside your scope)"});
            continue;
        }
        WANGGE_TRY(household_id, HouseholdFor(r));
        Resident next = row.resident;
        next.household_id = household_id;
        next.path = r.building_path;
        next.updated_at = options_.now;
        if (existing == stored.end()) {
            member_deltas[household_id] += 1;
            area_deltas_[next.path].second += 1;
            ++report_.inserted;
            to_insert.push_back(std::move(next));  // inserted together below; head and history then
            continue;
        } else {
            const Resident& before = existing->second;
            next.id = before.id;
            // Blank optional cells keep what is stored.
            if (!row.Given(Column::kPhone)) next.phone = before.phone;
            if (!row.Given(Column::kRegistration)) next.registration = before.registration;
            if (!row.Given(Column::kRelation)) next.relation = before.relation;
            if (!row.Given(Column::kTags)) next.tags = before.tags;
            if (next.household_id == before.household_id && next.name == before.name && next.phone == before.phone &&
                next.registration == before.registration && next.relation == before.relation &&
                next.tags == before.tags) {
                ++report_.unchanged;
                continue;
            }
            WANGGE_CHECK(
                conn_.Exec(kUpdateResident, {household_id, next.path, next.name, TextOrNull(next.phone),
                                             std::string(registry::RegistrationName(next.registration)), next.relation,
                                             static_cast<std::int64_t>(next.tags), options_.now, next.id}));
            if (household_id != before.household_id) {
                member_deltas[before.household_id] -= 1;
                member_deltas[household_id] += 1;
                area_deltas_[before.path].second -= 1;
                area_deltas_[next.path].second += 1;
            }
            if (before.relation == "head" && (household_id != before.household_id || next.relation != "head"))
                WANGGE_CHECK(conn_.Exec(kClearHouseholdHeadIfSql, {before.household_id, next.id}));
            history.push_back({next.id, options_.now, actor, std::string("import"), ResidentChangeJson(before, next)});
            ++report_.updated;
        }
        if (next.relation == "head") WANGGE_CHECK(conn_.Exec(kSetHouseholdHeadSql, {next.id, household_id}));
    }
    WANGGE_CHECK(InsertResidents(to_insert));
    for (const auto& r : to_insert) {
        history.push_back({r.id, options_.now, actor, std::string("import"), ResidentChangeJson(Resident{}, r)});
        if (r.relation == "head") WANGGE_CHECK(conn_.Exec(kSetHouseholdHeadSql, {r.id, r.household_id}));
    }
    for (const auto& [household_id, delta] : member_deltas)
        if (delta != 0) WANGGE_CHECK(conn_.Exec(kAddHouseholdMembersSql, {delta, household_id}));
    if (!history.empty()) WANGGE_CHECK(conn_.BulkInsert("resident_history", kHistoryColumns, history));
    return {};
}

Status ImportTransaction::InsertResidents(std::vector<Resident>& residents) {
    std::unordered_map<std::string, std::int64_t> ids;
    for (std::size_t begin = 0; begin < residents.size();) {
        const std::size_t left = residents.size() - begin;
        std::size_t n = 1;
        for (std::size_t size : kInsertSizes)
            if (size <= left) {
                n = size;
                break;
            }
        Params params;
        params.reserve(n * kInsertColumns);
        for (std::size_t i = begin; i < begin + n; ++i) {
            const Resident& r = residents[i];
            for (Value v : {Value{r.household_id}, Value{r.path}, Value{r.name}, Value{r.id_number},
                            Value{std::string(registry::SexName(r.sex))}, Value{r.birth_date.ToIso()},
                            TextOrNull(r.phone), Value{std::string(registry::RegistrationName(r.registration))},
                            Value{r.relation}, Value{static_cast<std::int64_t>(r.tags)}, Value{options_.now}})
                params.push_back(std::move(v));
        }
        // RETURNING order is not promised for multi-row inserts: match rows back by ID number.
        WANGGE_CHECK(conn_.Exec(InsertResidentsSql(n), params, [&](const Row& row) { ids[row.Text(1)] = row.Int(0); }));
        begin += n;
    }
    for (auto& r : residents) r.id = ids.at(r.id_number);
    return {};
}

Status ImportTransaction::Finish() {
    // Every area on a building's path counts what lies below it: "/1/7/42/" → areas 1, 7 and 42.
    std::map<std::int64_t, std::pair<std::int64_t, std::int64_t>> per_area;
    for (const auto& [path, delta] : area_deltas_) {
        std::size_t start = 1;
        while (start < path.size()) {
            std::size_t slash = path.find('/', start);
            if (slash == std::string::npos) break;
            auto& d = per_area[std::stoll(path.substr(start, slash - start))];
            d.first += delta.first;
            d.second += delta.second;
            start = slash + 1;
        }
    }
    for (const auto& [area_id, d] : per_area)
        if (d.first != 0 || d.second != 0) WANGGE_CHECK(conn_.Exec(kAddAreaCountsSql, {d.first, d.second, area_id}));
    area_deltas_.clear();
    return {};
}

}  // namespace wangge::storage
