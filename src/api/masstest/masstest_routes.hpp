#pragma once
// Mass testing under /api/v1/mass-testing: rounds, sealed buildings, exemptions, tubes, scans
// (single and batch), coverage and the untested lists. Contract: docs/api/mass-testing.md.
#include "api/request_context.hpp"
#include "domain/masstest/events.hpp"
#include "domain/registry/registry_repository.hpp"
#include "storage/database.hpp"

namespace wangge::api {

// Builds the mass-testing repository and service over `db` (kept alive by the routes) and registers
// the routes. Borrows ctx, db and registry, which must outlive the router.
// With `events`, committed scans and exemptions are published as live coverage changes (GET /api/v1/events).
void RegisterMassTestRoutes(http::Router& router, ApiContext& ctx, storage::Database& db,
                            registry::RegistryRepository& registry, masstest::EventPublisher* events = nullptr);

}  // namespace wangge::api
