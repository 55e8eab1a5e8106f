// Field teams and door-to-door tasks.
#include <fmt/format.h>

#include <map>

#include "domain/registry/area.hpp"
#include "storage/repositories/masstest/followup_sql.hpp"
#include "storage/repositories/masstest/sql_followup_repositories.hpp"
#include "storage/repositories/read_rows.hpp"
#include "storage/repositories/row_mapping.hpp"

namespace wangge::storage {
namespace {

using namespace masstest;
using namespace followup_sql;
using registry::Page;
using registry::PathUpperBound;
using registry::Tag;

constexpr std::int64_t kElderlyAlone = static_cast<std::int64_t>(Tag::kElderlyAlone);
constexpr std::int64_t kBedridden = static_cast<std::int64_t>(Tag::kBedridden);

constexpr std::string_view kTeamColumns = "id, area_id, path, name, created_by, created_at";
constexpr std::string_view kInsertTeam =
    "INSERT INTO field_teams (area_id, path, name, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id";
// Only existing users become members: 0 rows inserted names an unknown user.
constexpr std::string_view kAddMember =
    "INSERT INTO field_team_members (team_id, user_id, added_at) SELECT CAST($1 AS BIGINT), id, CAST($3 AS BIGINT) "
    "FROM users WHERE id = $2 ON CONFLICT DO NOTHING";
constexpr std::string_view kRemoveMember = "DELETE FROM field_team_members WHERE team_id = $1 AND user_id = $2";
const std::string kSelectTeam = fmt::format("SELECT {} FROM field_teams WHERE id = $1", kTeamColumns);
const std::string kListTeams =
    fmt::format("SELECT {} FROM field_teams WHERE path >= $1 AND path < $2 ORDER BY path, id LIMIT $3", kTeamColumns);
constexpr std::string_view kUserTeams = "SELECT team_id FROM field_team_members WHERE user_id = $1 ORDER BY team_id";

// Door tasks. Person tasks: residents tagged bedridden or elderly living alone in the round's population,
// outside its sealed buildings, neither sampled nor exempt, without a task yet. $5: the round's tag mask
// (0 = everyone).
const std::string kGeneratePersonTasks = fmt::format(
    "INSERT INTO door_tasks (round_id, reason, resident_id, household_id, building_id, path, created_at) "
    "SELECT CAST($1 AS BIGINT), CASE WHEN (r.tags & {0}) <> 0 THEN 'bedridden' ELSE 'elderly_alone' END, r.id, "
    "r.household_id, h.building_id, r.path, CAST($4 AS BIGINT) "
    "FROM residents r JOIN households h ON h.id = r.household_id "
    "WHERE r.path >= $2 AND r.path < $3 AND (r.tags & {1}) <> 0 "
    "AND ($5 = CAST(0 AS BIGINT) OR (r.tags & $5) <> 0) "
    "AND NOT EXISTS (SELECT 1 FROM round_sealed_buildings b WHERE b.round_id = $1 AND b.building_id = h.building_id) "
    "AND NOT EXISTS (SELECT 1 FROM scans s WHERE s.round_id = $1 AND s.resident_id = r.id AND s.kind = 'routine') "
    "AND NOT EXISTS (SELECT 1 FROM round_exemptions e WHERE e.round_id = $1 AND e.resident_id = r.id) "
    "AND NOT EXISTS (SELECT 1 FROM door_tasks d WHERE d.round_id = $1 AND d.resident_id = r.id) "
    "ON CONFLICT DO NOTHING",
    kBedridden, kBedridden | kElderlyAlone);
// Household tasks: every household of the round's sealed buildings with someone still to sample.
constexpr std::string_view kGenerateHouseholdTasks =
    "INSERT INTO door_tasks (round_id, reason, resident_id, household_id, building_id, path, created_at) "
    "SELECT CAST($1 AS BIGINT), 'sealed', NULL, h.id, h.building_id, h.path, CAST($4 AS BIGINT) "
    "FROM round_sealed_buildings b JOIN households h ON h.building_id = b.building_id "
    "WHERE b.round_id = $1 AND b.path >= $2 AND b.path < $3 "
    "AND EXISTS (SELECT 1 FROM residents r WHERE r.household_id = h.id "
    "  AND ($5 = CAST(0 AS BIGINT) OR (r.tags & $5) <> 0) "
    "  AND NOT EXISTS (SELECT 1 FROM scans s WHERE s.round_id = $1 AND s.resident_id = r.id AND s.kind = 'routine') "
    "  AND NOT EXISTS (SELECT 1 FROM round_exemptions e WHERE e.round_id = $1 AND e.resident_id = r.id)) "
    "AND NOT EXISTS (SELECT 1 FROM door_tasks d WHERE d.round_id = $1 AND d.household_id = h.id "
    "  AND d.resident_id IS NULL) "
    "ON CONFLICT DO NOTHING";

constexpr std::string_view kDoorColumns =
    "d.id, d.round_id, d.reason, d.resident_id, d.household_id, d.building_id, d.path, d.team_id, d.assignee_id, "
    "d.status, d.note, d.scan_id, d.done_by, d.done_at, d.created_at";
constexpr int kDoorColumnCount = 15;
const std::string kSelectDoorTask = fmt::format("SELECT {} FROM door_tasks d WHERE d.id = $1", kDoorColumns);
constexpr std::string_view kCompleteDoorTask =
    "UPDATE door_tasks SET status = $2, note = $3, scan_id = $4, done_by = $5, done_at = $6 "
    "WHERE id = $1 AND status <> 'sampled'";
constexpr std::string_view kFindScan =
    "SELECT id, resident_id, household_id, kind FROM scans WHERE round_id = $1 AND client_id = $2";

DoorTask ReadDoorTask(const Row& row) {
    DoorTask t;
    t.id = row.Int(0);
    t.round_id = row.Int(1);
    t.reason = ParseDoorReason(row.Text(2)).value_or(DoorReason::kBedridden);
    t.resident_id = OptionalInt(row, 3);
    t.household_id = row.Int(4);
    t.building_id = row.Int(5);
    t.path = row.Text(6);
    t.team_id = OptionalInt(row, 7);
    t.assignee_id = OptionalInt(row, 8);
    t.status = ParseDoorStatus(row.Text(9)).value_or(DoorStatus::kOpen);
    t.note = row.Text(10);
    t.scan_id = OptionalInt(row, 11);
    t.done_by = OptionalInt(row, 12);
    t.done_at = OptionalInt(row, 13);
    t.created_at = row.Int(14);
    return t;
}

FieldTeam ReadTeam(const Row& row) {
    FieldTeam t;
    t.id = row.Int(0);
    t.area_id = row.Int(1);
    t.path = row.Text(2);
    t.name = row.Text(3);
    t.created_by = row.Int(4);
    t.created_at = row.Int(5);
    return t;
}

std::string MembersSql(std::size_t n) {
    return "SELECT m.team_id, m.user_id, u.username, u.display_name, m.added_at FROM field_team_members m "
           "JOIN users u ON u.id = m.user_id WHERE m.team_id IN (" +
           Marks(1, n) + ") ORDER BY m.team_id, m.added_at, m.user_id";
}

Status LoadMembers(Connection& c, std::vector<FieldTeam>& teams) {
    if (teams.empty()) return {};
    std::map<std::int64_t, FieldTeam*> by_id;
    std::vector<Value> ids;
    for (auto& t : teams) {
        by_id[t.id] = &t;
        ids.emplace_back(t.id);
    }
    return QueryIn(c, MembersSql, {}, ids, [&](const Row& row) {
        if (auto it = by_id.find(row.Int(0)); it != by_id.end())
            it->second->members.push_back(TeamMember{row.Int(1), row.Text(2), row.Text(3), row.Int(4)});
    });
}

// The listing: one range scan of door_tasks(round_id, path, id) with the optional filters. `mine_teams`
// adds "assigned to $9 or to one of these teams".
std::string ListDoorSql(std::size_t mine_teams, bool mine) {
    // $9 appears in every variant: PostgreSQL must see each bound parameter.
    std::string mine_clause = " AND $9 = CAST(0 AS BIGINT)";
    if (mine) {
        mine_clause = mine_teams ? " AND (d.assignee_id = $9 OR d.team_id IN (" + Marks(11, mine_teams) + "))"
                                 : " AND d.assignee_id = $9";
    }
    return fmt::format(
        "SELECT {}, COALESCE(r.name, hr.name, ''), r.id_number, r.phone, r.tags, h.unit, h.room, h.member_count, "
        "a.name, t.name, "
        "(SELECT count(*) FROM scans s WHERE s.round_id = d.round_id AND s.resident_id = d.resident_id "
        " AND s.kind = 'routine'), "
        "(SELECT c.expected - c.exempt - c.sampled FROM round_household_coverage c "
        " WHERE c.round_id = d.round_id AND c.household_id = d.household_id) "
        "FROM door_tasks d JOIN households h ON h.id = d.household_id JOIN areas a ON a.id = d.building_id "
        "LEFT JOIN residents r ON r.id = d.resident_id LEFT JOIN residents hr ON hr.id = h.head_resident_id "
        "LEFT JOIN field_teams t ON t.id = d.team_id "
        "WHERE d.round_id = $1 AND d.path >= $2 AND d.path < $3 AND (d.path > $4 OR (d.path = $4 AND d.id > $5)) "
        "AND ($6 = CAST(0 AS BIGINT) OR d.team_id = $6) AND ($7 = CAST(0 AS BIGINT) OR d.assignee_id = $7) "
        "AND ($8 = '' OR d.status = $8){} ORDER BY d.path, d.id LIMIT $10",
        kDoorColumns, mine_clause);
}

std::string AssignIdsSql(std::size_t n) {
    return "UPDATE door_tasks SET team_id = $2, assignee_id = $3 WHERE round_id = $1 AND path >= $4 AND path < $5 "
           "AND status <> 'sampled' AND id IN (" +
           Marks(6, n) + ")";
}
constexpr std::string_view kAssignIn =
    "UPDATE door_tasks SET team_id = $2, assignee_id = $3 WHERE round_id = $1 AND path >= $4 AND path < $5 "
    "AND status <> 'sampled'";

// The part of `area` that lies inside `scope`, if they overlap.
std::optional<std::string> Clip(const std::string& area, const std::string& scope) {
    if (area.starts_with(scope)) return area;
    if (scope.starts_with(area)) return scope;
    return std::nullopt;
}

class SqlFieldTaskRepository final : public FieldTaskRepository {
  public:
    explicit SqlFieldTaskRepository(Database& db) : db_(db) {}

    Result<FieldTeam> CreateTeam(const FieldTeam& team, const std::vector<std::int64_t>& member_ids) override {
        std::int64_t id = 0;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(new_id, QueryInt(c, kInsertTeam,
                                        {team.area_id, team.path, team.name, team.created_by, team.created_at}));
            id = new_id;
            for (auto user : member_ids) {
                auto n = c.Exec(kAddMember, {id, user, team.created_at});
                if (!n) return Fail(n.error());
                if (*n == 0)
                    return Fail(ErrorCode::kInvalidArgument, "用户不存在 (no such user: " + std::to_string(user) + ")",
                                "member_ids");
            }
            return {};
        }));
        return GetTeam(id);
    }

    Result<FieldTeam> GetTeam(std::int64_t id) override {
        std::vector<FieldTeam> teams;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(Run(c, kSelectTeam, {id}, [&](const Row& row) { teams.push_back(ReadTeam(row)); }));
            return LoadMembers(c, teams);
        }));
        if (teams.empty()) return Fail(ErrorCode::kNotFound, "小组不存在 (team not found)");
        return std::move(teams.front());
    }

    Result<std::vector<FieldTeam>> ListTeams(const std::string& scope_path, int limit) override {
        std::vector<FieldTeam> teams;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(Run(c, kListTeams, {scope_path, PathUpperBound(scope_path), std::int64_t{limit}},
                             [&](const Row& row) { teams.push_back(ReadTeam(row)); }));
            return LoadMembers(c, teams);
        }));
        return teams;
    }

    Status AddTeamMember(std::int64_t team_id, std::int64_t user_id, EpochMillis at) override {
        return db_.Write([&](Connection& c) { return Run(c, kAddMember, {team_id, user_id, at}); });
    }

    Status RemoveTeamMember(std::int64_t team_id, std::int64_t user_id) override {
        std::int64_t removed = 0;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            auto n = c.Exec(kRemoveMember, {team_id, user_id});
            if (!n) return Fail(n.error());
            removed = *n;
            return {};
        }));
        if (removed == 0) return Fail(ErrorCode::kNotFound, "不是该小组成员 (not a member of the team)");
        return {};
    }

    Result<std::vector<std::int64_t>> ListUserTeamIds(std::int64_t user_id) override {
        std::vector<std::int64_t> ids;
        WANGGE_CHECK(db_.Read([&](Connection& c) {
            return Run(c, kUserTeams, {user_id}, [&](const Row& row) { ids.push_back(row.Int(0)); });
        }));
        return ids;
    }

    Result<DoorGeneration> GenerateDoorTasks(const Round& round, const std::string& scope_path,
                                             EpochMillis now) override {
        DoorGeneration out;
        const std::int64_t mask = round.kind == RoundKind::kTags ? static_cast<std::int64_t>(round.tag_mask) : 0;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            for (const auto& area_path : round.area_paths) {
                auto range = Clip(area_path, scope_path);
                if (!range) continue;
                const Params params{round.id, *range, PathUpperBound(*range), now, mask};
                auto people = c.Exec(kGeneratePersonTasks, params);
                if (!people) return Fail(people.error());
                out.person_tasks += *people;
                auto homes = c.Exec(kGenerateHouseholdTasks, params);
                if (!homes) return Fail(homes.error());
                out.household_tasks += *homes;
            }
            return {};
        }));
        return out;
    }

    Result<DoorTask> GetDoorTask(std::int64_t id) override {
        return ReadOne(db_, kSelectDoorTask, {id}, ReadDoorTask, "上门任务不存在 (door task not found)");
    }

    Result<Page<DoorTaskRow>> ListDoorTasks(const DoorTaskQuery& q) override {
        WANGGE_TRY(cursor, ParseCursor(q.cursor));
        if (cursor.strategy == 0) cursor.key = q.scope_path;
        const bool mine = q.mine_user.has_value();
        std::vector<std::int64_t> teams = q.mine_teams;
        std::size_t padded = 0;
        if (mine && !teams.empty()) {
            padded = 1;
            while (padded < teams.size()) padded *= 2;
            teams.resize(padded, teams.back());
        }
        Params params{q.round_id,
                      q.scope_path,
                      PathUpperBound(q.scope_path),
                      cursor.key,
                      cursor.id,
                      q.team_id.value_or(0),
                      q.assignee_id.value_or(0),
                      q.status ? std::string(DoorStatusName(*q.status)) : std::string(),
                      q.mine_user.value_or(0),
                      std::int64_t{q.limit + 1}};
        for (auto t : teams) params.emplace_back(t);
        Page<DoorTaskRow> page;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            return Run(c, ListDoorSql(padded, mine), params, [&](const Row& row) {
                DoorTaskRow r;
                r.task = ReadDoorTask(row);
                int f = kDoorColumnCount;
                r.resident_name = row.Text(f++);
                r.id_number = row.Text(f++);
                r.phone = row.Text(f++);
                r.tags = static_cast<registry::TagSet>(row.Int(f++));
                r.unit = row.Text(f++);
                r.room = row.Text(f++);
                r.member_count = row.Int(f++);
                r.building_name = row.Text(f++);
                r.team_name = row.Text(f++);
                r.person_sampled = r.task.resident_id && row.Int(f) > 0;
                ++f;
                r.household_remaining = row.Int(f++);
                page.items.push_back(std::move(r));
            });
        }));
        if (static_cast<int>(page.items.size()) > q.limit) {
            page.items.pop_back();
            const auto& last = page.items.back().task;
            page.next_cursor = MakeCursor('p', last.path, last.id);
        }
        return page;
    }

    Result<std::int64_t> AssignDoorTasks(std::int64_t round_id, const std::vector<std::int64_t>& task_ids,
                                         const std::string& scope_path, const DoorAssignment& to) override {
        std::int64_t changed = 0;
        std::vector<Value> ids(task_ids.begin(), task_ids.end());
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            for (std::size_t begin = 0; begin < ids.size(); begin += 256) {
                const std::size_t n = std::min<std::size_t>(256, ids.size() - begin);
                std::size_t padded = 1;
                while (padded < n) padded *= 2;
                Params params{round_id, IntOrNull(to.team_id), IntOrNull(to.assignee_id), scope_path,
                              PathUpperBound(scope_path)};
                for (std::size_t i = 0; i < padded; ++i) params.push_back(ids[begin + std::min(i, n - 1)]);
                auto r = c.Exec(AssignIdsSql(padded), params);
                if (!r) return Fail(r.error());
                changed += *r;
            }
            return {};
        }));
        return changed;
    }

    Result<std::int64_t> AssignDoorTasksIn(std::int64_t round_id, const std::string& scope_path,
                                           const DoorAssignment& to) override {
        std::int64_t changed = 0;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            auto r = c.Exec(kAssignIn, {round_id, IntOrNull(to.team_id), IntOrNull(to.assignee_id), scope_path,
                                        PathUpperBound(scope_path)});
            if (!r) return Fail(r.error());
            changed = *r;
            return {};
        }));
        return changed;
    }

    Result<DoorTask> CompleteDoorTask(std::int64_t id, const DoorCompletion& d) override {
        std::int64_t changed = 0;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            auto r = c.Exec(kCompleteDoorTask, {id, std::string(DoorStatusName(d.status)), d.note, IntOrNull(d.scan_id),
                                                d.done_by, d.done_at});
            if (!r) return Fail(r.error());
            changed = *r;
            return {};
        }));
        if (changed == 0) return Fail(ErrorCode::kFailedPrecondition, "该任务已完成采样 (the task is already sampled)");
        return GetDoorTask(id);
    }

    Result<ScanRef> FindScan(std::int64_t round_id, const std::string& client_id) override {
        return ReadOne(
            db_, kFindScan, {round_id, client_id},
            [](const Row& row) {
                return ScanRef{row.Int(0), row.Int(1), row.Int(2),
                               row.Text(3) == "retest" ? ScanKind::kRetest : ScanKind::kRoutine};
            },
            "扫码记录不存在 (scan not found)");
    }

  private:
    Database& db_;
};

}  // namespace

std::unique_ptr<FieldTaskRepository> MakeSqlFieldTaskRepository(Database& db) {
    return std::make_unique<SqlFieldTaskRepository>(db);
}

}  // namespace wangge::storage
