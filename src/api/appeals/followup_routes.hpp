#pragma once
// Appeal follow-up under /api/v1 (contract: docs/api/appeals.md, "Follow-up"): extension requests
// and their decisions, photos (raw image bodies in, bytes out within scope), the public evaluation
// link (created by staff; /public/evaluations/{token} answers without a session, rate-limited per
// client address) and possible duplicates before intake (/appeals/similar).
#include <string>

#include "api/request_context.hpp"
#include "domain/appeals/appeal_repository.hpp"
#include "domain/registry/registry_repository.hpp"
#include "storage/database.hpp"

namespace wangge::api {

// Builds the follow-up repository over `db`, a photo store under `data_dir` ("" → photo uploads answer
// 503) and the follow-up service over the others (borrowed; they must outlive the router, which owns
// what this builds), and adds the routes.
void RegisterAppealFollowupRoutes(http::Router& router, ApiContext& ctx, storage::Database& db,
                                  appeals::AppealRepository& appeal_repo, registry::RegistryRepository& registry,
                                  const std::string& data_dir);

}  // namespace wangge::api
