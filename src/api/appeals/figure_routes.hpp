#pragma once
// The figures and the ledger export of Party-Day Talk under /api/v1 (docs/api/appeals.md):
//   GET /api/v1/appeal-figures?area_id=&from=YYYY-MM&to=YYYY-MM
//   GET /api/v1/appeals/export?format=xlsx|csv&<the filters of GET /api/v1/appeals>
#include <string>

#include "api/request_context.hpp"
#include "domain/auth/auth_repository.hpp"
#include "domain/registry/registry_repository.hpp"
#include "storage/database.hpp"

namespace wangge::api {

// Builds the figures and export services over `db` (the routes keep them alive) and adds both
// routes. Borrows everything else, which must outlive the router. Export files are written under
// `temp_dir` (the system's temporary directory when empty) and deleted once sent.
void RegisterAppealFigureRoutes(http::Router& router, ApiContext& ctx, storage::Database& db,
                                registry::RegistryRepository& registry, auth::AuthRepository& audit,
                                std::string temp_dir = "");

}  // namespace wangge::api
