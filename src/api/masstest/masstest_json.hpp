#pragma once
// JSON shapes of the mass-testing API (docs/api/mass-testing.md): domain types to JSON, JSON to
// domain input with errors that name the field (items[i].field inside a batch).
#include <nlohmann/json.hpp>

#include "domain/masstest/masstest_service.hpp"
#include "http/http.hpp"

namespace wangge::api {

using nlohmann::json;

json RoundJson(const masstest::RoundView& view);
json TubeJson(const masstest::Tube& tube);
json ScanJson(const masstest::Scan& scan);
json OpResultJson(const masstest::OpResult& result);
json CountsJson(const masstest::Counts& counts, json into = json::object());
json AreaCoverageJson(const masstest::AreaCoverage& row);
json HouseholdCoverageJson(const masstest::HouseholdCoverage& row);
json UntestedJson(const masstest::UntestedResident& item);
json ExemptionJson(const masstest::ExemptionView& view);
json SealedBuildingJson(const masstest::SealedBuildingView& view);

Result<masstest::RoundDraft> RoundDraftFromJson(const json& body);
// One op; `prefix` ("items[3].") is put before field names in errors. `default_op` for a body
// without "op".
Result<masstest::ScanOp> ScanOpFromJson(const json& body, const std::string& prefix, masstest::OpKind default_op);
Result<std::vector<masstest::ScanOp>> BatchFromJson(const json& body);

// The HTTP answer to one op: 201 newly accepted (opened), 200 replayed or closed, 409 refused
// (with an "error" object as well, so generic clients show the message).
http::Response OpResponse(const masstest::OpResult& result);

}  // namespace wangge::api
