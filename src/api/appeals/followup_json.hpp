#pragma once
// JSON shapes of the appeal follow-up (docs/api/appeals.md, "Follow-up"), and request bodies turned
// into domain input with errors that name the field.
#include <nlohmann/json.hpp>

#include "domain/appeals/followup_service.hpp"

namespace wangge::api {

using nlohmann::json;

json ExtensionJson(const appeals::Extension& extension);
json PhotoJson(const appeals::Photo& photo);
// Without the token hash: a link's state as staff see it.
json EvaluationLinkJson(const appeals::EvaluationLink& link, appeals::LinkState state);
// What the public page shows: no names, phones or ids of people.
json PublicEvaluationJson(const appeals::PublicEvaluation& view);

// {"due_at": epoch ms, "reason": "…"}
Result<appeals::ExtensionDraft> ExtensionDraftFromJson(const json& body);
// {"decision": "approve" | "refuse", "note": "…"}
Result<std::pair<appeals::ExtensionDecision, std::string>> DecisionFromJson(const json& body);
// {"evaluation": "satisfied" | "basically_satisfied" | "not_satisfied", "comment": "…"}
Result<std::pair<appeals::Evaluation, std::string>> PublicEvaluationFromJson(const json& body);

}  // namespace wangge::api
