#pragma once
// The object graph of a running wangge: repositories over one database, the services over
// them, and the router with every feature's routes. `serve` and the HTTP tests build it the
// same way.
#include <memory>
#include <string>

#include "api/import_jobs.hpp"
#include "api/masstest/event_hub.hpp"
#include "api/request_context.hpp"
#include "domain/appeals/appeal_service.hpp"
#include "domain/auth/auth_service.hpp"
#include "domain/registry/registry_service.hpp"
#include "http/http.hpp"
#include "storage/database.hpp"

namespace wangge::api {

struct AppOptions {
    bool secure_cookies = false;
    auth::AuthPolicy auth_policy;
    std::string data_dir;  // appeal photos are kept under it ("" : photo uploads answer 503)
    EventHubOptions events;  // the live event stream (GET /api/v1/events)
};

class AppServices {
public:
    // Borrows db and clock, which must outlive this.
    AppServices(storage::Database& db, const Clock& clock, AppOptions options = {});
    ~AppServices();

    // A router with every route; it borrows this object.
    std::shared_ptr<http::Router> BuildRouter();

    auth::AuthService& auth() { return auth_; }
    registry::RegistryService& registry() { return registry_; }
    registry::RegistryRepository& registry_repository() { return *registry_repo_; }
    auth::AuthRepository& auth_repository() { return *auth_repo_; }
    appeals::AppealService& appeals() { return appeals_; }
    appeals::AppealRepository& appeal_repository() { return *appeal_repo_; }
    EventHub& events() { return events_; }

private:
    storage::Database& db_;
    std::unique_ptr<registry::RegistryRepository> registry_repo_;
    std::unique_ptr<auth::AuthRepository> auth_repo_;
    std::unique_ptr<appeals::AppealRepository> appeal_repo_;
    auth::AuthService auth_;
    registry::RegistryService registry_;
    appeals::AppealService appeals_;
    ApiContext context_;
    ImportJobs imports_;
    std::string data_dir_;
    EventHub events_;
};

}  // namespace wangge::api
