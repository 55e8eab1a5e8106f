#pragma once
// What the follow-up services need from storage (sample points, field teams and door-to-door tasks, lab
// results, traces, re-tests, alerts). Implemented once in portable SQL in storage/repositories/masstest.
// Scope and permissions are checked by the services, which pass scope paths down. Each write is one
// transaction.
#include <optional>
#include <string>
#include <vector>

#include "common/result.hpp"
#include "domain/masstest/followup_types.hpp"
#include "domain/masstest/masstest_repository.hpp"

namespace wangge::masstest {

class SamplePointRepository {
  public:
    virtual ~SamplePointRepository() = default;

    // Inserts (id ignored); returns the stored point.
    virtual Result<SamplePoint> CreatePoint(const SamplePoint& point) = 0;
    virtual Result<SamplePoint> GetPoint(std::int64_t id) = 0;  // kNotFound
    // Replaces name, place, lanes and crew when the stored version is `expected_version` (else kAborted).
    virtual Result<SamplePoint> UpdatePoint(const SamplePoint& point, std::int64_t expected_version) = 0;
    // Points under `scope_path` in (path, id) order; with `round_id`, that round's and the standing ones.
    virtual Result<std::vector<SamplePoint>> ListPoints(const std::string& scope_path,
                                                        std::optional<std::int64_t> round_id, int limit) = 0;
    // Points kept exactly at these area paths (the areas above a caller), same filter, by (path, id).
    virtual Result<std::vector<SamplePoint>> ListPointsAt(const std::vector<std::string>& paths,
                                                          std::optional<std::int64_t> round_id) = 0;
    // Assigns the building to the point, taking it off any other point of the same round (standing
    // points: of the other standing points). Idempotent.
    virtual Status AssignBuilding(const SamplePoint& point, std::int64_t building_id, const std::string& path,
                                  EpochMillis at) = 0;
    // kNotFound when the building was not assigned to the point.
    virtual Status UnassignBuilding(std::int64_t point_id, std::int64_t building_id) = 0;
    virtual Result<std::vector<PointBuilding>> ListPointBuildings(std::int64_t point_id) = 0;

    virtual Status BindSampler(const SamplerBinding& binding) = 0;  // replaces an earlier binding
    virtual Status UnbindSampler(std::int64_t user_id) = 0;         // idempotent
    virtual Result<std::optional<SamplerBinding>> GetBinding(std::int64_t user_id) = 0;
};

struct DoorTaskQuery {
    std::int64_t round_id = 0;
    std::string scope_path;                   // tasks whose building lies under this
    std::optional<std::int64_t> team_id;      // only this team's
    std::optional<std::int64_t> assignee_id;  // only this user's
    std::vector<std::int64_t> mine_teams;     // with `mine_user`: the user's tasks or their teams'
    std::optional<std::int64_t> mine_user;
    std::optional<DoorStatus> status;
    std::string cursor;
    int limit = 50;
};

// Who a set of door tasks goes to: a team, one user, or nobody (unassign).
struct DoorAssignment {
    std::optional<std::int64_t> team_id;
    std::optional<std::int64_t> assignee_id;
};

// How a door task ends: a linked scan (status kSampled) or not home / refused with a note.
struct DoorCompletion {
    DoorStatus status = DoorStatus::kSampled;
    std::optional<std::int64_t> scan_id;
    std::string note;
    std::int64_t done_by = 0;
    EpochMillis done_at = 0;
};

// An accepted scan as the door tasks need it.
struct ScanRef {
    std::int64_t id = 0;
    std::int64_t resident_id = 0;
    std::int64_t household_id = 0;
    ScanKind kind = ScanKind::kRoutine;
};

class FieldTaskRepository {
  public:
    virtual ~FieldTaskRepository() = default;

    // Inserts the team with its members (users given by id; kInvalidArgument field member_ids for an
    // unknown one).
    virtual Result<FieldTeam> CreateTeam(const FieldTeam& team, const std::vector<std::int64_t>& member_ids) = 0;
    virtual Result<FieldTeam> GetTeam(std::int64_t id) = 0;  // with members; kNotFound
    // Teams under `scope_path`, by (path, id), with members.
    virtual Result<std::vector<FieldTeam>> ListTeams(const std::string& scope_path, int limit) = 0;
    virtual Status AddTeamMember(std::int64_t team_id, std::int64_t user_id, EpochMillis at) = 0;  // idempotent
    virtual Status RemoveTeamMember(std::int64_t team_id, std::int64_t user_id) = 0;               // kNotFound
    virtual Result<std::vector<std::int64_t>> ListUserTeamIds(std::int64_t user_id) = 0;

    // Creates the missing door tasks of `round` under `scope_path` in one transaction: one per resident
    // tagged bedridden or elderly_alone in the round's population, neither sampled nor exempt, outside the
    // round's sealed buildings; one per household of a sealed building with someone to sample. Existing
    // tasks are kept (idempotent).
    virtual Result<DoorGeneration> GenerateDoorTasks(const Round& round, const std::string& scope_path,
                                                     EpochMillis now) = 0;
    virtual Result<DoorTask> GetDoorTask(std::int64_t id) = 0;  // kNotFound
    // In (path, id) order, names joined and unmasked (the service masks).
    virtual Result<Page<DoorTaskRow>> ListDoorTasks(const DoorTaskQuery& query) = 0;
    // Assigns the listed tasks of the round that lie under `scope_path` and are not sampled; returns how
    // many changed.
    virtual Result<std::int64_t> AssignDoorTasks(std::int64_t round_id, const std::vector<std::int64_t>& task_ids,
                                                 const std::string& scope_path, const DoorAssignment& to) = 0;
    // The same for every unsampled task of the round under `scope_path`.
    virtual Result<std::int64_t> AssignDoorTasksIn(std::int64_t round_id, const std::string& scope_path,
                                                   const DoorAssignment& to) = 0;
    // Records the outcome unless the task is already sampled (kFailedPrecondition); returns the task.
    virtual Result<DoorTask> CompleteDoorTask(std::int64_t id, const DoorCompletion& completion) = 0;
    // The accepted scan with this client id in the round; kNotFound.
    virtual Result<ScanRef> FindScan(std::int64_t round_id, const std::string& client_id) = 0;
};

struct RetestQuery {
    std::int64_t round_id = 0;
    std::string scope_path;
    std::optional<RetestStatus> status;
    std::optional<RetestKind> kind;
    std::optional<std::int64_t> task_id;  // that one task's row only
    std::string cursor;
    int limit = 50;
};

// A single-tube re-test sample of one task's person.
struct RetestSample {
    std::int64_t task_id = 0;
    std::string client_id;
    std::string tube_code;
    EpochMillis scanned_at = 0;
    std::int64_t sampler_id = 0;
    std::string sampler_path;     // the new tube's path (the sampler's scope)
    EpochMillis received_at = 0;  // server time
};

struct RetestSampleResult {
    RetestTask task;
    Tube tube;
    std::int64_t scan_id = 0;
    bool replayed = false;  // the same client id was applied before
};

class LabRepository {
  public:
    virtual ~LabRepository() = default;

    // Applies validated rows to the round's tubes in one transaction: tubes are looked up by code among
    // the round's tubes usable from `scope_path` (an unknown one is a row error, and nothing is written
    // when there is any); a row repeating the tube's current result changes nothing; any other appends to
    // tube_results and sets the tube's result. A tube turning positive is traced in the same
    // transaction: one re-test task per person in it, one alert per grid (else community) they live in
    // (a single re-test tube: its task turns positive and alerts the same way); one turning invalid
    // gets re-sample tasks (a single tube: its task turns invalid). Negative single tubes close their
    // tasks. Returns the outcome, or the row errors in `errors` (outcome absent).
    struct Applied {
        std::optional<LabOutcome> outcome;
        std::vector<LabRowError> errors;
    };
    virtual Result<Applied> ApplyLabResults(const Round& round, const std::string& scope_path,
                                            const std::vector<LabRow>& rows, const LabUpload& upload) = 0;
    virtual Result<std::vector<LabUpload>> ListUploads(std::int64_t round_id, int limit) = 0;

    // The tube with its people (scan order), their households and re-test tasks, and every area on their
    // paths: two indexed reads. kNotFound for no such tube in the round.
    virtual Result<TraceRows> GetTrace(std::int64_t round_id, const std::string& tube_code) = 0;

    // Alerts of the round under `scope_path`, newest first.
    virtual Result<std::vector<Alert>> ListAlerts(std::int64_t round_id, const std::string& scope_path, int limit) = 0;

    virtual Result<RetestTask> GetRetestTask(std::int64_t id) = 0;  // kNotFound
    // In (path, id) order, names joined and unmasked.
    virtual Result<Page<RetestTaskRow>> ListRetestTasks(const RetestQuery& query) = 0;
    // Opens a closed single tube (capacity 1) with `tube_code` and stores a scan of kind 'retest' for the
    // task's person, marking the task sampled, in one transaction. A retry with the same client id
    // answers the stored result (`replayed`). kFailedPrecondition when the task is not pending or invalid
    // or the code is taken in the round; the routine coverage counters are not touched.
    virtual Result<RetestSampleResult> SampleRetest(const RetestSample& sample) = 0;
};

}  // namespace wangge::masstest
