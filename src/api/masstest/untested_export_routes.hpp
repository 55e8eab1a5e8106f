#pragma once
// The untested list of a round as a file: GET /api/v1/mass-testing/rounds/{id}/untested.xlsx and
// …/untested.csv?area=. Contract: docs/api/mass-testing.md.
#include <string>

#include "api/request_context.hpp"
#include "domain/auth/auth_repository.hpp"
#include "domain/registry/registry_repository.hpp"
#include "storage/database.hpp"

namespace wangge::api {

// Builds the export service over `db` (the routes keep it alive) and adds both routes. Borrows
// everything else, which must outlive the router. Files are written under `temp_dir` (the system's
// temporary directory when empty), sent with sendfile and deleted once sent.
void RegisterUntestedExportRoutes(http::Router& router, ApiContext& ctx, storage::Database& db,
                                  registry::RegistryRepository& registry, auth::AuthRepository& audit,
                                  std::string temp_dir = "");

// The header row of the file: 区/街道/社区/网格/楼栋/单元/房号/姓名/证件号/电话/标签.
const std::vector<std::string>& UntestedExportHeaders();

}  // namespace wangge::api
