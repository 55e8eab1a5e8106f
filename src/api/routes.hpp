#pragma once
// Each feature registers its routes on the router; main composes them.
#include "api/request_context.hpp"
#include "domain/registry/registry_service.hpp"

namespace wangge::api {

class ImportJobs;

// POST/DELETE /api/v1/session, GET /api/v1/me.
void RegisterSessionRoutes(http::Router& router, ApiContext& ctx, registry::RegistryRepository& areas);
// Areas, households, residents.
void RegisterRegistryRoutes(http::Router& router, ApiContext& ctx, registry::RegistryService& registry);
// POST /api/v1/imports, GET /api/v1/imports/{id}.
void RegisterImportRoutes(http::Router& router, ApiContext& ctx, ImportJobs& jobs);

}  // namespace wangge::api
