#include <fmt/format.h>

#include "storage/repositories/read_rows.hpp"
#include "storage/repositories/row_mapping.hpp"
#include "storage/repositories/sql_repositories.hpp"

namespace wangge::storage {
namespace {

using namespace registry;

// Names sort bytewise (SQLite BINARY, PostgreSQL COLLATE "C"), so a prefix's range ends
// before the prefix followed by the highest code point.
constexpr std::string_view kMaxCodePoint = "\xF4\x8F\xBF\xBF";
// Above this many residents in scope, a name search walks the name index instead of the scope.
constexpr std::int64_t kNameFirstThreshold = 20'000;

const std::string kSelectArea = fmt::format("SELECT {} FROM areas WHERE id = $1", kAreaColumns);
const std::string kSelectAreaByCode = fmt::format("SELECT {} FROM areas WHERE code = $1", kAreaColumns);
const std::string kSelectChildren =
    fmt::format("SELECT {} FROM areas WHERE parent_id = $1 ORDER BY code", kAreaColumns);
constexpr std::string_view kInsertArea =
    "INSERT INTO areas (parent_id, code, name, level, path, depth) VALUES ($1, $2, $3, $4, '', $5) RETURNING id";
constexpr std::string_view kSetAreaPath = "UPDATE areas SET path = $1 WHERE id = $2";
constexpr std::string_view kBumpChildCount = "UPDATE areas SET child_count = child_count + 1 WHERE id = $1";

constexpr std::string_view kHouseholdColumns =
    "h.id, h.building_id, h.path, h.unit, h.room, h.head_resident_id, h.member_count, h.created_at, r.name";
const std::string kSelectHousehold =
    fmt::format("SELECT {} FROM households h LEFT JOIN residents r ON r.id = h.head_resident_id WHERE h.id = $1",
                kHouseholdColumns);
const std::string kListHouseholds = fmt::format(
    "SELECT {} FROM households h LEFT JOIN residents r ON r.id = h.head_resident_id "
    "WHERE h.path >= $1 AND h.path < $2 AND (h.path > $3 OR (h.path = $3 AND h.id > $4)) "
    "ORDER BY h.path, h.id LIMIT $5",
    kHouseholdColumns);
constexpr std::string_view kInsertHousehold =
    "INSERT INTO households (building_id, path, unit, room, member_count, created_at) "
    "VALUES ($1, $2, $3, $4, 0, $5) RETURNING id";

const std::string kSelectResident = fmt::format("SELECT {} FROM residents WHERE id = $1", kResidentColumns);
const std::string kListMembers =
    fmt::format("SELECT {} FROM residents WHERE household_id = $1 ORDER BY id", kResidentColumns);
const std::string kInsertResident = fmt::format(
    "INSERT INTO residents (household_id, path, name, id_number, sex, birth_date, phone, registration, relation, "
    "tags, version, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id");
constexpr std::string_view kUpdateResident =
    "UPDATE residents SET name = $1, id_number = $2, sex = $3, birth_date = $4, phone = $5, registration = $6, "
    "relation = $7, tags = $8, version = version + 1, updated_at = $9 WHERE id = $10 AND version = $11";
constexpr std::string_view kMoveResident =
    "UPDATE residents SET household_id = $1, path = $2, relation = '', version = version + 1, updated_at = $3 "
    "WHERE id = $4";
constexpr std::string_view kInsertHistory =
    "INSERT INTO resident_history (resident_id, at, user_id, action, detail) VALUES ($1, $2, $3, $4, $5)";
constexpr std::string_view kListHistory =
    "SELECT id, at, user_id, action, detail FROM resident_history WHERE resident_id = $1 ORDER BY id DESC";

// Residents in a scope, ordered by (path, id): one range scan of residents_path.
const std::string kSearchByScope = fmt::format(
    "SELECT {} FROM residents WHERE path >= $1 AND path < $2 AND (path > $3 OR (path = $3 AND id > $4)) "
    "ORDER BY path, id LIMIT $5",
    kResidentColumns);
// The same with a name prefix: for small scopes, filtering the scope beats walking the name index.
const std::string kSearchNameInScope = fmt::format(
    "SELECT {} FROM residents WHERE path >= $1 AND path < $2 AND (path > $3 OR (path = $3 AND id > $4)) "
    "AND name >= $6 AND name < $7 ORDER BY path, id LIMIT $5",
    kResidentColumns);
// Name prefix over a big scope: walk residents_name, filter the scope.
const std::string kSearchNameFirst = fmt::format(
    "SELECT {} FROM residents WHERE name >= $6 AND name < $7 AND (name > $3 OR (name = $3 AND id > $4)) "
    "AND path >= $1 AND path < $2 ORDER BY name, id LIMIT $5",
    kResidentColumns);
const std::string kSearchIdNumber = fmt::format(
    "SELECT {} FROM residents WHERE id_number = $1 AND path >= $2 AND path < $3 AND id > $4 ORDER BY id LIMIT $5",
    kResidentColumns);
const std::string kSearchPhone = fmt::format(
    "SELECT {} FROM residents WHERE phone = $1 AND path >= $2 AND path < $3 AND id > $4 ORDER BY id LIMIT $5",
    kResidentColumns);

Household ReadHousehold(const Row& row) {
    Household h;
    h.id = row.Int(0);
    h.building_id = row.Int(1);
    h.path = row.Text(2);
    h.unit = row.Text(3);
    h.room = row.Text(4);
    h.head_resident_id = OptionalInt(row, 5);
    h.member_count = row.Int(6);
    h.created_at = row.Int(7);
    h.head_name = row.Text(8);
    return h;
}

Status History(Connection& c, std::int64_t resident_id, EpochMillis at, std::optional<std::int64_t> actor,
               std::string_view action, std::string detail) {
    auto r = c.Exec(kInsertHistory, {resident_id, at, IntOrNull(actor), std::string(action), std::move(detail)});
    if (!r) return Fail(r.error());
    return {};
}

class SqlRegistryRepository final : public RegistryRepository {
  public:
    explicit SqlRegistryRepository(Database& db) : db_(db) {}

    Result<Area> GetArea(std::int64_t id) override {
        return ReadOne(db_, kSelectArea, {id}, ReadArea, "area not found");
    }

    Result<Area> GetAreaByCode(const std::string& code) override {
        return ReadOne(db_, kSelectAreaByCode, {code}, ReadArea, "area not found");
    }

    Result<std::vector<Area>> ListChildren(std::int64_t parent_id) override {
        return ReadAll(db_, kSelectChildren, {parent_id}, ReadArea);
    }

    Result<std::vector<Area>> ListAncestors(const std::string& path) override {
        std::vector<Area> out;
        for (auto id : PathIds(path)) {
            WANGGE_TRY(area, GetArea(id));
            out.push_back(std::move(area));
        }
        return out;
    }

    Result<Area> CreateArea(const Area& draft) override {
        Area area = draft;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            std::string parent_path = "/";
            area.depth = 0;
            if (area.parent_id) {
                std::optional<Area> parent;
                auto r = c.Exec(kSelectArea, {*area.parent_id}, [&](const Row& row) { parent = ReadArea(row); });
                if (!r) return Fail(r.error());
                if (!parent) return Fail(ErrorCode::kInvalidArgument, "上级区域不存在 (no such parent)", "parent_id");
                parent_path = parent->path;
                area.depth = parent->depth + 1;
            }
            auto id = QueryInt(c, kInsertArea,
                               {IntOrNull(area.parent_id), area.code, area.name, std::string(AreaLevelName(area.level)),
                                static_cast<std::int64_t>(area.depth)});
            if (!id) return Fail(id.error());
            area.id = *id;
            area.path = ChildPath(parent_path, area.id);
            if (auto r = c.Exec(kSetAreaPath, {area.path, area.id}); !r) return Fail(r.error());
            if (area.parent_id)
                if (auto r = c.Exec(kBumpChildCount, {*area.parent_id}); !r) return Fail(r.error());
            return {};
        }));
        return area;
    }

    Result<Household> GetHousehold(std::int64_t id) override {
        return ReadOne(db_, kSelectHousehold, {id}, ReadHousehold, "household not found");
    }

    Result<Page<Household>> ListHouseholds(const HouseholdQuery& q) override {
        WANGGE_TRY(cursor, ParseCursor(q.cursor));
        // The first page starts at the scope itself: with an empty key SQLite would take '' as the
        // index's lower bound and walk every row before the scope.
        if (cursor.strategy == 0) cursor.key = q.scope_path;
        Page<Household> page;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            auto r = c.Exec(kListHouseholds,
                            {q.scope_path, PathUpperBound(q.scope_path), cursor.key, cursor.id,
                             static_cast<std::int64_t>(q.limit + 1)},
                            [&](const Row& row) { page.items.push_back(ReadHousehold(row)); });
            if (!r) return Fail(r.error());
            return {};
        }));
        if (static_cast<int>(page.items.size()) > q.limit) {
            page.items.pop_back();
            page.next_cursor = MakeCursor('p', page.items.back().path, page.items.back().id);
        }
        return page;
    }

    Result<Household> CreateHousehold(const Household& draft) override {
        Household h = draft;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            auto id = QueryInt(c, kInsertHousehold, {h.building_id, h.path, h.unit, h.room, h.created_at});
            if (!id) {
                if (id.error().code == ErrorCode::kAlreadyExists)
                    return Fail(ErrorCode::kAlreadyExists, "该楼栋已有此单元和房号的住户 (household exists)", "room");
                return Fail(id.error());
            }
            h.id = *id;
            return AddToAreaCounters(c, h.path, 1, 0);
        }));
        return h;
    }

    Status SetHouseholdHead(std::int64_t household_id, std::optional<std::int64_t> resident_id) override {
        return db_.Write([&](Connection& c) -> Status {
            auto r = c.Exec(kSetHouseholdHeadSql, {IntOrNull(resident_id), household_id});
            if (!r) return Fail(r.error());
            return {};
        });
    }

    Result<Resident> GetResident(std::int64_t id) override {
        return ReadOne(
            db_, kSelectResident, {id}, [](const Row& r) { return ReadResident(r); }, "resident not found");
    }

    Result<std::vector<Resident>> ListMembers(std::int64_t household_id) override {
        return ReadAll(db_, kListMembers, {household_id}, [](const Row& r) { return ReadResident(r); });
    }

    Result<Page<Resident>> SearchResidents(const ResidentQuery& q) override {
        WANGGE_TRY(cursor, ParseCursor(q.cursor));
        const std::string* sql = &kSearchByScope;
        char strategy = 'p';
        const bool name_first = q.kind == SearchKind::kName && q.scope_residents > kNameFirstThreshold;
        // The first page starts at the scope (or the name prefix): see ListHouseholds.
        if (cursor.strategy == 0) cursor.key = name_first ? q.text : q.scope_path;
        const std::string upper = PathUpperBound(q.scope_path);
        const auto limit = static_cast<std::int64_t>(q.limit + 1);
        Params params;
        switch (q.kind) {
            case SearchKind::kAll:
                params = {q.scope_path, upper, cursor.key, cursor.id, limit};
                break;
            case SearchKind::kName: {
                const std::string name_upper = q.text + std::string(kMaxCodePoint);
                params = {q.scope_path, upper, cursor.key, cursor.id, limit, q.text, name_upper};
                sql = name_first ? &kSearchNameFirst : &kSearchNameInScope;
                strategy = name_first ? 'n' : 'p';
                break;
            }
            case SearchKind::kIdNumber:
            case SearchKind::kPhone:
                params = {q.text, q.scope_path, upper, cursor.id, limit};
                sql = q.kind == SearchKind::kIdNumber ? &kSearchIdNumber : &kSearchPhone;
                strategy = 'i';
                break;
        }
        if (cursor.strategy != 0 && cursor.strategy != strategy)
            return Fail(ErrorCode::kInvalidArgument, "分页游标与查询不符 (cursor belongs to another query)", "cursor");
        Page<Resident> page;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            auto r = c.Exec(*sql, params, [&](const Row& row) { page.items.push_back(ReadResident(row)); });
            if (!r) return Fail(r.error());
            return {};
        }));
        if (static_cast<int>(page.items.size()) > q.limit) {
            page.items.pop_back();
            const auto& last = page.items.back();
            page.next_cursor = MakeCursor(strategy,
                                          strategy == 'n'   ? last.name
                                          : strategy == 'p' ? last.path
                                                            : "",
                                          last.id);
        }
        return page;
    }

    Result<Resident> CreateResident(const Resident& draft, std::optional<std::int64_t> actor) override {
        Resident r = draft;
        r.version = 1;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            auto id = QueryInt(c, kInsertResident, ResidentParams(r));
            if (!id) {
                if (id.error().code == ErrorCode::kAlreadyExists)
                    return Fail(ErrorCode::kAlreadyExists, "该身份证号已登记 (ID number already registered)",
                                "id_number");
                return Fail(id.error());
            }
            r.id = *id;
            if (auto u = c.Exec(kAddHouseholdMembersSql, {std::int64_t{1}, r.household_id}); !u) return Fail(u.error());
            WANGGE_CHECK(AddToAreaCounters(c, r.path, 0, 1));
            return History(c, r.id, r.updated_at, actor, "create", ResidentChangeJson(Resident{}, r));
        }));
        return r;
    }

    Result<Resident> UpdateResident(const Resident& next, std::int64_t expected_version,
                                    std::optional<std::int64_t> actor) override {
        Resident out;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            std::optional<Resident> before;
            auto s = c.Exec(kSelectResident, {next.id}, [&](const Row& row) { before = ReadResident(row); });
            if (!s) return Fail(s.error());
            if (!before) return Fail(ErrorCode::kNotFound, "resident not found");
            auto n = c.Exec(kUpdateResident,
                            {next.name, next.id_number, std::string(SexName(next.sex)), next.birth_date.ToIso(),
                             TextOrNull(next.phone), std::string(RegistrationName(next.registration)), next.relation,
                             static_cast<std::int64_t>(next.tags), next.updated_at, next.id, expected_version});
            if (!n) {
                if (n.error().code == ErrorCode::kAlreadyExists)
                    return Fail(ErrorCode::kAlreadyExists, "该身份证号已登记 (ID number already registered)",
                                "id_number");
                return Fail(n.error());
            }
            if (*n == 0)
                return Fail(ErrorCode::kAborted,
                            "记录已被他人修改，请刷新后重试 (changed by someone else; reload and retry)", "version");
            out = next;
            out.version = before->version + 1;
            return History(c, next.id, next.updated_at, actor, "update", ResidentChangeJson(*before, next));
        }));
        return out;
    }

    Result<Resident> MoveResident(std::int64_t resident_id, const Household& to, EpochMillis at,
                                  std::optional<std::int64_t> actor) override {
        Resident moved;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            std::optional<Resident> before;
            auto s = c.Exec(kSelectResident, {resident_id}, [&](const Row& row) { before = ReadResident(row); });
            if (!s) return Fail(s.error());
            if (!before) return Fail(ErrorCode::kNotFound, "resident not found");
            moved = *before;
            moved.household_id = to.id;
            moved.path = to.path;
            moved.relation = "";
            moved.version += 1;
            moved.updated_at = at;
            for (auto& [sql, params] : std::vector<std::pair<std::string_view, Params>>{
                     {kMoveResident, {to.id, to.path, moved.updated_at, resident_id}},
                     {kClearHouseholdHeadIfSql, {before->household_id, resident_id}},
                     {kAddHouseholdMembersSql, {std::int64_t{-1}, before->household_id}},
                     {kAddHouseholdMembersSql, {std::int64_t{1}, to.id}}}) {
                if (auto r = c.Exec(sql, params); !r) return Fail(r.error());
            }
            WANGGE_CHECK(AddToAreaCounters(c, before->path, 0, -1));
            WANGGE_CHECK(AddToAreaCounters(c, to.path, 0, 1));
            return History(c, resident_id, moved.updated_at, actor, "move", ResidentChangeJson(*before, moved));
        }));
        return moved;
    }

    Result<std::vector<HistoryEntry>> ListHistory(std::int64_t resident_id) override {
        return ReadAll(db_, kListHistory, {resident_id}, [](const Row& row) {
            return HistoryEntry{row.Int(0), row.Int(1), OptionalInt(row, 2), row.Text(3), row.Text(4)};
        });
    }

  private:
    Database& db_;
};

}  // namespace

std::unique_ptr<RegistryRepository> MakeSqlRegistryRepository(Database& db) {
    return std::make_unique<SqlRegistryRepository>(db);
}

}  // namespace wangge::storage
