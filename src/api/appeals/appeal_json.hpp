#pragma once
// JSON shapes of the appeals API (docs/api/appeals.md): appeals as one caller sees them, events,
// big-committee members, settings — and request bodies and query strings turned into domain
// input, with errors that name the offending field.
#include <nlohmann/json.hpp>

#include "domain/appeals/appeal_service.hpp"
#include "http/http.hpp"

namespace wangge::api {

using nlohmann::json;

json AppealJson(const appeals::AppealView& view);
json AppealEventJson(const appeals::AppealEvent& event);
json CategoryJson(const appeals::Category& category);
json MemberJson(const appeals::CommitteeMember& member);
json AppealSettingsJson(const appeals::AppealSettings& settings);

Result<appeals::AppealDraft> AppealDraftFromJson(const json& body);
Result<appeals::TransitionRequest> TransitionFromJson(const json& body);
Result<appeals::MemberDraft> MemberDraftFromJson(const json& body);
Result<appeals::MemberPatch> MemberPatchFromJson(const json& body);
Result<appeals::PartyDayRule> PartyDayRuleFromJson(const json& body);
// status, track, channel, category, area, overdue, cursor, limit.
Result<appeals::AppealFilter> AppealFilterFromQuery(const http::Request& request);

}  // namespace wangge::api
