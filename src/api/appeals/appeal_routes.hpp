#pragma once
// Party-Day Talk under /api/v1: appeals, their transitions and queues, categories, the big Party
// committee and the Party-day setting of each community. Contract: docs/api/appeals.md.
#include "api/request_context.hpp"
#include "domain/appeals/appeal_service.hpp"

namespace wangge::api {

void RegisterAppealRoutes(http::Router& router, ApiContext& ctx, appeals::AppealService& appeals);

}  // namespace wangge::api
