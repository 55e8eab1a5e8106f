#pragma once
// Mass testing after the scans, under /api/v1/mass-testing: sample points and device binding, field teams,
// door-to-door tasks, lab result uploads, positive-pool traces, alerts and single-tube re-tests; and the
// live event stream GET /api/v1/events. Contract: docs/api/mass-testing.md.
#include "api/masstest/event_hub.hpp"
#include "api/request_context.hpp"
#include "domain/auth/auth_repository.hpp"
#include "domain/registry/registry_repository.hpp"
#include "storage/database.hpp"

namespace wangge::api {

// Builds the follow-up repositories and services over `db` (kept alive by the routes) and registers the
// routes; lab uploads publish their alerts to `events`, and GET /api/v1/events subscribes to it. Borrows
// ctx, db, registry, users and events, which must outlive the router.
void RegisterMassTestFollowupRoutes(http::Router& router, ApiContext& ctx, storage::Database& db,
                                    registry::RegistryRepository& registry, auth::AuthRepository& users,
                                    EventHub& events);

}  // namespace wangge::api
