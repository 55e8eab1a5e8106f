#pragma once
// Open311 GeoReport v2 (JSON) under /open311/v2 (docs/api/open311.md): discovery, services, and
// service requests filed and read with an API key instead of a session. Errors are the spec's
// [{"code": status, "description": "…"}].
#include "domain/appeals/appeal_repository.hpp"
#include "domain/appeals/appeal_service.hpp"
#include "http/http.hpp"
#include "storage/database.hpp"

namespace wangge::api {

// Builds the API clients' and service requests' repositories over `db` and registers the routes,
// which own them. Borrows db, appeals, appeal_repo and clock, which must outlive the router.
void RegisterOpen311Routes(http::Router& router, storage::Database& db, appeals::AppealService& appeals,
                           appeals::AppealRepository& appeal_repo, const Clock& clock);

}  // namespace wangge::api
