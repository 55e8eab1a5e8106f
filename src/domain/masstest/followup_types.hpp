#pragma once
// Mass testing after the scans: sample points (采样点) and the buildings they serve, field teams and
// door-to-door tasks (上门采样), lab results (检测结果), the trace of a positive pool with its single-tube
// re-test tasks (单管复核) and the alerts it raises. Names here are the API's keys too.
// Contract: docs/api/mass-testing.md.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "domain/masstest/masstest.hpp"
#include "domain/registry/area.hpp"
#include "domain/registry/resident.hpp"

namespace wangge::masstest {

// ---- sample points ----

struct CrewMember {
    std::string name;  // "李医生"
    std::string duty;  // free text: "采样", "扫码", "消杀", …
};

inline constexpr int kMaxLanes = 50;
inline constexpr std::size_t kMaxCrew = 100;

struct SamplePoint {
    std::int64_t id = 0;
    std::optional<std::int64_t> round_id;  // absent: a standing point serving every round
    std::int64_t area_id = 0;              // the area it belongs to
    std::string path;                      // that area's path
    std::string name;
    std::string place;
    int lanes = 1;
    std::vector<CrewMember> crew;
    std::int64_t created_by = 0;
    EpochMillis created_at = 0, updated_at = 0;
    std::int64_t version = 1;
    std::int64_t building_count = 0;  // read-only, counted for listings
};

struct PointBuilding {
    std::int64_t point_id = 0;
    std::int64_t building_id = 0;
    std::string path;
    EpochMillis assigned_at = 0;
    std::string name;  // joined from areas
};

// The point a sampler's device is bound to: tubes the sampler opens carry it.
struct SamplerBinding {
    std::int64_t user_id = 0;
    std::int64_t point_id = 0;
    EpochMillis bound_at = 0;
};

// ---- field teams and door-to-door tasks ----

struct TeamMember {
    std::int64_t user_id = 0;
    std::string username, display_name;  // joined from users
    EpochMillis added_at = 0;
};

struct FieldTeam {
    std::int64_t id = 0;
    std::int64_t area_id = 0;
    std::string path;
    std::string name;
    std::int64_t created_by = 0;
    EpochMillis created_at = 0;
    std::vector<TeamMember> members;
};

// Why someone is sampled at home: a person who cannot come, or a household of a sealed building.
enum class DoorReason { kBedridden, kElderlyAlone, kSealed };
// open → sampled (a scan is linked; final) | not_home | refused (both may be tried again).
enum class DoorStatus { kOpen, kSampled, kNotHome, kRefused };

std::string_view DoorReasonName(DoorReason v);  // "bedridden" | "elderly_alone" | "sealed"
std::optional<DoorReason> ParseDoorReason(std::string_view name);
std::string_view DoorStatusName(DoorStatus v);  // "open" | "sampled" | "not_home" | "refused"
std::optional<DoorStatus> ParseDoorStatus(std::string_view name);

struct DoorTask {
    std::int64_t id = 0;
    std::int64_t round_id = 0;
    DoorReason reason = DoorReason::kBedridden;
    std::optional<std::int64_t> resident_id;  // person tasks; absent for a household task
    std::int64_t household_id = 0;
    std::int64_t building_id = 0;
    std::string path;
    std::optional<std::int64_t> team_id;
    std::optional<std::int64_t> assignee_id;
    DoorStatus status = DoorStatus::kOpen;
    std::string note;
    std::optional<std::int64_t> scan_id;
    std::optional<std::int64_t> done_by;
    std::optional<EpochMillis> done_at;
    EpochMillis created_at = 0;
};

// A task as listed: who and where (names joined; the service masks ID numbers and phones).
struct DoorTaskRow {
    DoorTask task;
    std::string resident_name, id_number, phone;  // person tasks
    registry::TagSet tags = 0;
    std::string unit, room;
    std::int64_t member_count = 0;  // the household's
    std::string building_name;
    std::string team_name;
    bool person_sampled = false;           // person tasks: sampled in the round (at a point or here)
    std::int64_t household_remaining = 0;  // household tasks: people still to sample
};

struct DoorGeneration {
    std::int64_t person_tasks = 0;     // created now
    std::int64_t household_tasks = 0;  // created now
};

// ---- lab results, re-tests, alerts ----

// One result row as validated (lab_results.hpp).
struct LabRow {
    std::int64_t line = 0;  // in the upload (CSV: physical line; JSON: item index + 1)
    std::string tube_code;
    TubeResult result = TubeResult::kNegative;
    EpochMillis resulted_at = 0;
    std::string lab;
};

// One problem with one row (line 0: the whole upload). Reasons: Chinese first, English in brackets.
struct LabRowError {
    std::int64_t line = 0;
    std::string field;  // "tube" | "result" | "time" | "lab" | the header text for a CSV column
    std::string reason;
};

enum class LabFormat { kCsv, kJson };

struct LabUpload {
    std::int64_t id = 0;
    std::int64_t round_id = 0;
    LabFormat format = LabFormat::kCsv;
    std::string encoding;  // CSV: "utf-8" | "gbk"
    std::int64_t row_count = 0;
    std::int64_t applied = 0;    // rows that changed a tube's result
    std::int64_t unchanged = 0;  // rows repeating the current result: no effect
    std::int64_t positives = 0;  // tubes that became positive
    std::int64_t invalids = 0;   // tubes that became invalid
    std::int64_t uploaded_by = 0;
    EpochMillis uploaded_at = 0;
};

enum class RetestKind { kRetest, kResample };  // positive pool → 单管复核; invalid tube → 重采
enum class RetestStatus { kPending, kSampled, kNegative, kPositive, kInvalid };

std::string_view RetestKindName(RetestKind v);  // "retest" | "resample"
std::optional<RetestKind> ParseRetestKind(std::string_view name);
std::string_view RetestStatusName(RetestStatus v);  // "pending" | "sampled" | "negative" | "positive" | "invalid"
std::optional<RetestStatus> ParseRetestStatus(std::string_view name);

struct RetestTask {
    std::int64_t id = 0;
    std::int64_t round_id = 0;
    RetestKind kind = RetestKind::kRetest;
    std::int64_t source_tube_id = 0;
    std::int64_t resident_id = 0;
    std::int64_t household_id = 0;
    std::int64_t building_id = 0;
    std::string path;
    RetestStatus status = RetestStatus::kPending;
    std::optional<std::int64_t> tube_id;  // the single tube, once sampled
    std::optional<std::int64_t> scan_id;
    std::optional<std::int64_t> sampled_by;
    std::optional<EpochMillis> sampled_at, result_at;
    EpochMillis created_at = 0;
};

struct RetestTaskRow {
    RetestTask task;
    std::string source_tube_code, tube_code;  // tube_code: the single tube, once sampled
    std::string resident_name, id_number, phone;
    std::string unit, room, building_name;
};

enum class AlertKind { kPositivePool, kPositiveRetest };
std::string_view AlertKindName(AlertKind v);  // "positive_pool" | "positive_retest"
std::optional<AlertKind> ParseAlertKind(std::string_view name);

// Raised by a positive tube for each grid (else community, else building) its people live in.
struct Alert {
    std::int64_t id = 0;
    std::int64_t round_id = 0;
    AlertKind kind = AlertKind::kPositivePool;
    std::int64_t tube_id = 0;
    std::string tube_code;  // joined
    std::int64_t area_id = 0;
    std::optional<std::int64_t> community_id, grid_id;
    std::string path;  // area_id's
    std::int64_t people = 0;
    EpochMillis created_at = 0;
    std::string area_name, community_name;  // joined
};

// What one upload did.
struct LabOutcome {
    LabUpload upload;
    std::vector<Tube> positive_tubes;  // that became positive in this upload
    std::vector<Alert> alerts;         // raised by them (new ones only)
    std::int64_t retest_tasks = 0;     // created (kind retest)
    std::int64_t resample_tasks = 0;   // created (kind resample)
};

// One person of a traced tube, with where they live and their re-test task.
struct TracePerson {
    int tube_seq = 0;
    registry::Resident resident;  // id_number and phone unmasked from storage; the service masks
    std::int64_t household_id = 0;
    std::string unit, room;
    std::int64_t building_id = 0;
    std::string path;  // the building's path at scan time
    EpochMillis scanned_at = 0;
    std::optional<RetestTask> retest;  // of this tube (retest or resample)
};

struct TraceRows {
    Tube tube;
    std::vector<TracePerson> people;
    std::vector<registry::Area> areas;  // every area on the people's paths (no counts)
};

}  // namespace wangge::masstest
