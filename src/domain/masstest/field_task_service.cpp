#include "domain/masstest/field_task_service.hpp"

#include <algorithm>

#include "common/id_number.hpp"
#include "common/phone.hpp"
#include "domain/masstest/followup_checks.hpp"

namespace wangge::masstest {
namespace {

using auth::Caller;
using auth::Permission;
using internal::NotFound;
using internal::Require;

constexpr std::size_t kMaxTeamMembers = 50;
constexpr std::size_t kMaxAssignIds = 1000;
constexpr int kTeamListLimit = 500;

}  // namespace

FieldTaskService::FieldTaskService(FieldTaskRepository& tasks, MassTestRepository& rounds,
                                   registry::RegistryRepository& registry, auth::AuthRepository& users,
                                   const Clock& clock)
    : tasks_(tasks), rounds_(rounds), registry_(registry), users_(users), clock_(clock) {}

Status FieldTaskService::CheckMember(std::int64_t user_id, const std::string& team_path, std::string_view field) {
    auto user = users_.GetUser(user_id);
    if (!user && user.error().code != ErrorCode::kNotFound) return Fail(user.error());
    if (user) {
        WANGGE_TRY(path, users_.AreaPath(user->area_id));
        if (internal::PathsOverlap(path, team_path)) return {};
    }
    return Fail(ErrorCode::kInvalidArgument, "用户不存在或不在该小组所在区域 (no such user working in the team's area)",
                std::string(field));
}

Result<FieldTeam> FieldTaskService::VisibleTeam(const Caller& caller, std::int64_t id) {
    WANGGE_CHECK(Require(caller, Permission::kReadMassTesting));
    auto team = tasks_.GetTeam(id);
    if (!team && team.error().code != ErrorCode::kNotFound) return Fail(team.error());
    if (!team || !internal::PathsOverlap(team->path, caller.area_path)) return NotFound("小组", "team");
    return team;
}

Result<FieldTeam> FieldTaskService::CreateTeam(const Caller& caller, std::int64_t area_id, const std::string& name,
                                               const std::vector<std::int64_t>& member_ids) {
    WANGGE_CHECK(Require(caller, Permission::kDispatchFieldWork));
    WANGGE_TRY(clean_name, internal::CleanText(name, "name", 50, true));
    auto area = registry_.GetArea(area_id);
    if (!area && area.error().code != ErrorCode::kNotFound) return Fail(area.error());
    if (!area || !caller.InScope(area->path))
        return Fail(ErrorCode::kInvalidArgument, "区域不存在或不在您的管辖范围内 (area not found in your scope)",
                    "area_id");
    if (member_ids.size() > kMaxTeamMembers)
        return Fail(ErrorCode::kInvalidArgument, "小组最多50人 (a team has at most 50 members)", "member_ids");
    std::vector<std::int64_t> members = member_ids;
    std::sort(members.begin(), members.end());
    members.erase(std::unique(members.begin(), members.end()), members.end());
    for (auto id : members) WANGGE_CHECK(CheckMember(id, area->path, "member_ids"));
    FieldTeam team;
    team.area_id = area->id;
    team.path = area->path;
    team.name = std::move(clean_name);
    team.created_by = caller.user_id;
    team.created_at = clock_.Now();
    return tasks_.CreateTeam(team, members);
}

Result<FieldTeam> FieldTaskService::GetTeam(const Caller& caller, std::int64_t id) { return VisibleTeam(caller, id); }

Result<std::vector<FieldTeam>> FieldTaskService::ListTeams(const Caller& caller, std::optional<std::int64_t> area_id) {
    WANGGE_CHECK(Require(caller, Permission::kReadMassTesting));
    std::string scope = caller.area_path;
    if (area_id) {
        WANGGE_TRY(area, internal::AreaInScope(registry_, caller, *area_id));
        scope = area.path;
    }
    WANGGE_TRY(teams, tasks_.ListTeams(scope, kTeamListLimit));
    // The caller's own teams may be kept above their area (a street's team of community workers).
    if (!area_id) {
        WANGGE_TRY(own, tasks_.ListUserTeamIds(caller.user_id));
        for (auto id : own) {
            if (std::any_of(teams.begin(), teams.end(), [id](const FieldTeam& t) { return t.id == id; })) continue;
            auto team = tasks_.GetTeam(id);
            if (!team && team.error().code != ErrorCode::kNotFound) return Fail(team.error());
            if (team) teams.push_back(std::move(*team));
        }
    }
    return teams;
}

Result<FieldTeam> FieldTaskService::AddMember(const Caller& caller, std::int64_t team_id, std::int64_t user_id) {
    WANGGE_CHECK(Require(caller, Permission::kDispatchFieldWork));
    WANGGE_TRY(team, VisibleTeam(caller, team_id));
    if (!caller.InScope(team.path)) return internal::Denied();
    WANGGE_CHECK(CheckMember(user_id, team.path, "user_id"));
    if (team.members.size() >= kMaxTeamMembers &&
        std::none_of(team.members.begin(), team.members.end(),
                     [user_id](const TeamMember& m) { return m.user_id == user_id; }))
        return Fail(ErrorCode::kInvalidArgument, "小组最多50人 (a team has at most 50 members)", "user_id");
    WANGGE_CHECK(tasks_.AddTeamMember(team.id, user_id, clock_.Now()));
    return tasks_.GetTeam(team.id);
}

Result<std::vector<auth::User>> FieldTaskService::MemberCandidates(const Caller& caller, std::int64_t area_id) {
    constexpr int kMaxCandidates = 200;
    WANGGE_CHECK(Require(caller, Permission::kDispatchFieldWork));
    auto area = registry_.GetArea(area_id);
    if (!area && area.error().code != ErrorCode::kNotFound) return Fail(area.error());
    if (!area || !caller.InScope(area->path))
        return Fail(ErrorCode::kInvalidArgument, "区域不存在或不在您的管辖范围内 (area not found in your scope)", "area");
    WANGGE_TRY(users, users_.ListUsersUnder(area->path, kMaxCandidates));
    // The caller may work above the area (a street officer making a community's team): "add me".
    if (std::none_of(users.begin(), users.end(), [&](const auth::User& u) { return u.id == caller.user_id; })) {
        auto me = users_.GetUser(caller.user_id);
        if (me) users.insert(users.begin(), std::move(*me));
    }
    for (auto& u : users) u.password_hash.clear();
    return users;
}

Status FieldTaskService::RemoveMember(const Caller& caller, std::int64_t team_id, std::int64_t user_id) {
    WANGGE_CHECK(Require(caller, Permission::kDispatchFieldWork));
    WANGGE_TRY(team, VisibleTeam(caller, team_id));
    if (!caller.InScope(team.path)) return internal::Denied();
    auto removed = tasks_.RemoveTeamMember(team.id, user_id);
    if (!removed && removed.error().code == ErrorCode::kNotFound) return NotFound("小组成员", "team member");
    return removed;
}

Result<DoorGeneration> FieldTaskService::Generate(const Caller& caller, std::int64_t round_id,
                                                  std::optional<std::int64_t> area_id) {
    WANGGE_CHECK(Require(caller, Permission::kDispatchFieldWork));
    WANGGE_TRY(round, internal::LoadVisibleRound(rounds_, caller, round_id));
    if (round.status == RoundStatus::kClosed)
        return Fail(ErrorCode::kFailedPrecondition, "本轮检测已结束 (the round is closed)");
    std::string scope = caller.area_path;
    if (area_id) {
        WANGGE_TRY(area, internal::AreaInScope(registry_, caller, *area_id));
        scope = area.path;
    }
    if (!internal::RoundOverlaps(round, scope))
        return Fail(ErrorCode::kInvalidArgument, "该区域不在本轮检测范围内 (the area is not inside the round)", "area");
    return tasks_.GenerateDoorTasks(round, scope, clock_.Now());
}

Result<Page<DoorTaskRow>> FieldTaskService::List(const Caller& caller, std::int64_t round_id,
                                                 const DoorTaskFilter& filter, const std::string& cursor, int limit) {
    WANGGE_TRY(round, internal::LoadVisibleRound(rounds_, caller, round_id));
    DoorTaskQuery q;
    q.round_id = round.id;
    q.scope_path = caller.area_path;
    if (filter.area_id) {
        WANGGE_TRY(area, internal::AreaInScope(registry_, caller, *filter.area_id));
        q.scope_path = area.path;
    }
    q.team_id = filter.team_id;
    q.assignee_id = filter.assignee_id;
    if (filter.mine) {
        WANGGE_TRY(teams, tasks_.ListUserTeamIds(caller.user_id));
        q.mine_user = caller.user_id;
        q.mine_teams = std::move(teams);
    }
    q.status = filter.status;
    q.cursor = cursor;
    q.limit = internal::ClampLimit(limit);
    WANGGE_TRY(page, tasks_.ListDoorTasks(q));
    for (auto& row : page.items) {
        if (!row.id_number.empty()) row.id_number = MaskIdNumber(row.id_number);
        if (!row.phone.empty()) row.phone = MaskPhone(row.phone);
    }
    return page;
}

Result<std::int64_t> FieldTaskService::Assign(const Caller& caller, std::int64_t round_id,
                                              const std::vector<std::int64_t>& task_ids,
                                              std::optional<std::int64_t> area_id, const DoorAssignment& to) {
    WANGGE_CHECK(Require(caller, Permission::kDispatchFieldWork));
    WANGGE_TRY(round, internal::LoadVisibleRound(rounds_, caller, round_id));
    if (to.team_id && to.assignee_id)
        return Fail(ErrorCode::kInvalidArgument, "只能指派给一个小组或一个人 (give team_id or user_id, not both)",
                    "user_id");
    if (to.team_id) {
        auto team = VisibleTeam(caller, *to.team_id);
        if (!team) return Fail(ErrorCode::kInvalidArgument, "小组不存在 (no such team)", "team_id");
    }
    if (to.assignee_id) WANGGE_CHECK(CheckMember(*to.assignee_id, caller.area_path, "user_id"));
    if (area_id) {
        if (!task_ids.empty())
            return Fail(ErrorCode::kInvalidArgument, "task_ids 与 area_id 只能给出一个 (give task_ids or area_id)",
                        "area_id");
        WANGGE_TRY(area, internal::AreaInScope(registry_, caller, *area_id));
        return tasks_.AssignDoorTasksIn(round.id, area.path, to);
    }
    if (task_ids.empty() || task_ids.size() > kMaxAssignIds)
        return Fail(ErrorCode::kInvalidArgument, "每次指派1至1000个任务 (task_ids: 1 to 1000 tasks)", "task_ids");
    return tasks_.AssignDoorTasks(round.id, task_ids, caller.area_path, to);
}

Result<DoorTask> FieldTaskService::Complete(const Caller& caller, std::int64_t task_id, const DoorOutcome& outcome) {
    const bool dispatcher = caller.Can(Permission::kDispatchFieldWork);
    if (!dispatcher) WANGGE_CHECK(Require(caller, Permission::kScanSamples));
    auto task = tasks_.GetDoorTask(task_id);
    if (!task && task.error().code != ErrorCode::kNotFound) return Fail(task.error());
    if (!task || !caller.InScope(task->path)) return NotFound("上门任务", "door task");
    if (!dispatcher) {
        bool allowed = !task->team_id && !task->assignee_id;
        if (task->assignee_id && *task->assignee_id == caller.user_id) allowed = true;
        if (task->team_id) {
            WANGGE_TRY(teams, tasks_.ListUserTeamIds(caller.user_id));
            allowed = allowed || std::find(teams.begin(), teams.end(), *task->team_id) != teams.end();
        }
        if (!allowed)
            return Fail(ErrorCode::kPermissionDenied, "该任务已指派给其他人 (the task is assigned to someone else)");
    }
    if (task->status == DoorStatus::kSampled)
        return Fail(ErrorCode::kFailedPrecondition, "该任务已完成采样 (the task is already sampled)");

    DoorCompletion done;
    done.status = outcome.status;
    done.done_by = caller.user_id;
    done.done_at = clock_.Now();
    WANGGE_TRY(note, internal::CleanText(outcome.note, "note", 200, false));
    done.note = std::move(note);
    switch (outcome.status) {
        case DoorStatus::kSampled: {
            if (outcome.client_id.empty())
                return Fail(ErrorCode::kInvalidArgument,
                            "请给出采样扫码的 client_id (client_id of the scan is required)", "client_id");
            auto scan = tasks_.FindScan(task->round_id, outcome.client_id);
            if (!scan && scan.error().code != ErrorCode::kNotFound) return Fail(scan.error());
            if (!scan)
                return Fail(ErrorCode::kInvalidArgument,
                            "本轮没有这次扫码的记录，请先扫码采样 (no accepted scan with "
                            "this client_id in the round: scan first)",
                            "client_id");
            const bool matches =
                task->resident_id ? scan->resident_id == *task->resident_id : scan->household_id == task->household_id;
            if (!matches)
                return Fail(ErrorCode::kInvalidArgument,
                            task->resident_id ? "该扫码不是本任务的居民 (the scan is of another person)"
                                              : "该扫码不是本户的居民 (the scan is of another household)",
                            "client_id");
            done.scan_id = scan->id;
            break;
        }
        case DoorStatus::kNotHome:
        case DoorStatus::kRefused:
            break;
        case DoorStatus::kOpen:
            return Fail(ErrorCode::kInvalidArgument,
                        "结果须为 sampled、not_home 或 refused (outcome: sampled, "
                        "not_home or refused)",
                        "outcome");
    }
    return tasks_.CompleteDoorTask(task->id, done);
}

}  // namespace wangge::masstest
