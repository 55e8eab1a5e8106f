#pragma once
// Field teams and door-to-door sampling (上门采样) as callers see them. Teams are named groups of users
// kept at an area; a door task goes to a team or straight to one user. Tasks are generated for the
// people who cannot come to a point (tags bedridden, elderly_alone) and, one per household, for the
// sealed buildings of a round; the sample itself goes through the normal scan ingest, and the phone
// then links that scan to the task (or records not home / refused). Thread-safe as far as the
// repositories are.
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/auth/auth_repository.hpp"
#include "domain/auth/user.hpp"
#include "domain/masstest/followup_repository.hpp"
#include "domain/registry/registry_repository.hpp"

namespace wangge::masstest {

struct DoorTaskFilter {
    std::optional<std::int64_t> area_id;  // default: the caller's area
    std::optional<std::int64_t> team_id;
    std::optional<std::int64_t> assignee_id;
    bool mine = false;  // assigned to the caller or a team of theirs
    std::optional<DoorStatus> status;
};

// What a phone sends to close a door task.
struct DoorOutcome {
    DoorStatus status = DoorStatus::kSampled;  // kSampled needs client_id; kNotHome / kRefused a note
    std::string client_id;                     // the scan's client id (the normal scan ingest)
    std::string note;
};

class FieldTaskService {
  public:
    // Borrows everything, which must outlive this.
    FieldTaskService(FieldTaskRepository& tasks, MassTestRepository& rounds, registry::RegistryRepository& registry,
                     auth::AuthRepository& users, const Clock& clock);

    // kDispatchFieldWork; the area inside the caller's scope; members are users whose scope overlaps
    // the team's area (kInvalidArgument field member_ids otherwise). At most 50 members.
    Result<FieldTeam> CreateTeam(const auth::Caller& caller, std::int64_t area_id, const std::string& name,
                                 const std::vector<std::int64_t>& member_ids);
    Result<FieldTeam> GetTeam(const auth::Caller& caller, std::int64_t id);
    // Teams under `area_id` (default: the caller's area), and the caller's own teams.
    Result<std::vector<FieldTeam>> ListTeams(const auth::Caller& caller, std::optional<std::int64_t> area_id);
    Result<FieldTeam> AddMember(const auth::Caller& caller, std::int64_t team_id, std::int64_t user_id);
    // kDispatchFieldWork: the users a team of `area_id` (inside the caller's scope) may take, for a
    // picker: those working in that area or under it, by area path then id (at most 200), and the
    // caller. kInvalidArgument field area when the area is not in the caller's scope.
    Result<std::vector<auth::User>> MemberCandidates(const auth::Caller& caller, std::int64_t area_id);
    Status RemoveMember(const auth::Caller& caller, std::int64_t team_id, std::int64_t user_id);

    // kDispatchFieldWork: creates the missing door tasks of the round under `area_id` (default: the
    // caller's area; inside the round). kFailedPrecondition for a closed round.
    Result<DoorGeneration> Generate(const auth::Caller& caller, std::int64_t round_id,
                                    std::optional<std::int64_t> area_id);
    // Masked (ID numbers, phones), in (building path, id) order, cursor paged.
    Result<Page<DoorTaskRow>> List(const auth::Caller& caller, std::int64_t round_id, const DoorTaskFilter& filter,
                                   const std::string& cursor, int limit);
    // kDispatchFieldWork: assigns the listed tasks (or, with `area_id`, every unsampled task under it) to
    // a team or user whose scope overlaps the caller's, or unassigns them (both absent). Returns how many
    // tasks changed.
    Result<std::int64_t> Assign(const auth::Caller& caller, std::int64_t round_id,
                                const std::vector<std::int64_t>& task_ids, std::optional<std::int64_t> area_id,
                                const DoorAssignment& to);
    // Closes a task from the phone: the assignee, a member of the assigned team, anyone with kScanSamples
    // when it is unassigned, or a dispatcher. kSampled links the round's accepted scan with `client_id`,
    // which must be the task's person (or, for a household task, of that household): kInvalidArgument
    // field client_id otherwise. kFailedPrecondition when the task was already sampled.
    Result<DoorTask> Complete(const auth::Caller& caller, std::int64_t task_id, const DoorOutcome& outcome);

  private:
    Result<FieldTeam> VisibleTeam(const auth::Caller& caller, std::int64_t id);
    Status CheckMember(std::int64_t user_id, const std::string& team_path, std::string_view field);

    FieldTaskRepository& tasks_;
    MassTestRepository& rounds_;
    registry::RegistryRepository& registry_;
    auth::AuthRepository& users_;
    const Clock& clock_;
};

}  // namespace wangge::masstest
