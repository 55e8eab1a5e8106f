#pragma once
// JSON shapes of the API (see docs/openapi.yaml). The one place domain types become JSON
// and JSON becomes domain input, with errors that name the offending field.
#include <nlohmann/json.hpp>

#include "domain/auth/user.hpp"
#include "domain/registry/registry_service.hpp"
#include "http/http.hpp"

namespace wangge::api {

using nlohmann::json;

json AreaJson(const registry::Area& area);      // with counts
json AreaRefJson(const registry::Area& area);   // {id, name, level}
json PathJson(const std::vector<registry::Area>& ancestors);
json HouseholdJson(const registry::Household& household);
json ResidentJson(const registry::ResidentView& view, CivilDate today);
json HistoryJson(const registry::HistoryEntry& entry);
json MeJson(const auth::Caller& caller, const registry::Area& area);

// The request body as a JSON object, or kInvalidArgument.
Result<json> ParseBody(const http::Request& request);

// Reads an optional field of a type; kInvalidArgument naming the field on a wrong type.
Result<std::optional<std::string>> OptionalString(const json& body, std::string_view field);
Result<std::optional<std::int64_t>> OptionalInt(const json& body, std::string_view field);
Result<std::int64_t> RequiredInt(const json& body, std::string_view field);

Result<registry::ResidentDraft> ResidentDraftFromJson(const json& body);
Result<registry::ResidentPatch> ResidentPatchFromJson(const json& body);

}  // namespace wangge::api
