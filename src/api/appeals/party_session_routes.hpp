#pragma once
// Party-day sessions (党日) under /api/v1: a community's sessions, one session with its computed
// agenda, and the meeting's steps (open, claim for a member, raise a new item, close with
// report-back). Contract: docs/api/appeals.md, section "Party-day sessions".
#include "api/request_context.hpp"
#include "domain/appeals/party_session_service.hpp"
#include "storage/database.hpp"

namespace wangge::api {

// Builds the session repository over `db` and the session service over the others (all borrowed,
// and must outlive the router; the routes own what they build) and adds the routes.
void RegisterPartySessionRoutes(http::Router& router, ApiContext& ctx, storage::Database& db,
                                appeals::AppealService& appeals, appeals::AppealRepository& appeal_repo,
                                registry::RegistryRepository& registry);

}  // namespace wangge::api
