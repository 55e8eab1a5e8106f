#pragma once
// JSON shapes of the mass-testing follow-up API (docs/api/mass-testing.md: sample points, teams, door-to-door,
// lab results, trace, re-tests, alerts, events): domain types to JSON and JSON to domain input, with errors
// naming the field.
#include <nlohmann/json.hpp>

#include "domain/masstest/events.hpp"
#include "domain/masstest/field_task_service.hpp"
#include "domain/masstest/lab_service.hpp"
#include "domain/masstest/sample_point_service.hpp"

namespace wangge::api {

using nlohmann::json;

json SamplePointJson(const masstest::SamplePointView& view, bool with_buildings);
json TeamJson(const masstest::FieldTeam& team);
json DoorTaskJson(const masstest::DoorTask& task);
json DoorTaskRowJson(const masstest::DoorTaskRow& row);
json LabUploadJson(const masstest::LabUpload& upload);
json LabOutcomeJson(const masstest::LabOutcome& outcome);
json LabErrorsJson(const masstest::LabReport& report);  // the 400 body for rejected rows
json AlertJson(const masstest::Alert& alert);
json RetestTaskJson(const masstest::RetestTask& task);
json RetestRowJson(const masstest::RetestTaskRow& row);
json TraceJson(const masstest::TraceView& trace);
json CoverageChangeJson(std::int64_t round_id, const std::vector<masstest::AreaDelta>& areas);

Result<masstest::SamplePointDraft> SamplePointDraftFromJson(const json& body);
// The patch and the version it applies to ("version", required).
Result<std::pair<masstest::SamplePointPatch, std::int64_t>> SamplePointPatchFromJson(const json& body);
// {"task_ids":[…]} or {"area_id":…}, with {"team_id":…} or {"user_id":…} or neither (unassign).
struct DoorAssignInput {
    std::vector<std::int64_t> task_ids;
    std::optional<std::int64_t> area_id;
    masstest::DoorAssignment to;
};
Result<DoorAssignInput> DoorAssignFromJson(const json& body);
Result<masstest::DoorOutcome> DoorOutcomeFromJson(const json& body);
// {"items":[{"tube","result","time"|"resulted_at","lab"}]}: each item's index + 1 is its line.
Result<std::vector<masstest::LabRowInput>> LabRowsFromJson(const json& body);
Result<masstest::RetestInput> RetestInputFromJson(const json& body);

}  // namespace wangge::api
