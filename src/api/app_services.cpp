#include "api/app_services.hpp"

#include "api/appeals/appeal_routes.hpp"
#include "api/appeals/figure_routes.hpp"
#include "api/appeals/followup_routes.hpp"
#include "api/appeals/party_session_routes.hpp"
#include "api/open311/open311_routes.hpp"
#include "api/masstest/followup_routes.hpp"
#include "api/masstest/masstest_routes.hpp"
#include "api/masstest/untested_export_routes.hpp"
#include "api/routes.hpp"
#include "storage/repositories/appeals/sql_appeal_repository.hpp"
#include "storage/repositories/sql_repositories.hpp"

namespace wangge::api {

AppServices::AppServices(storage::Database& db, const Clock& clock, AppOptions options)
    : db_(db),
      registry_repo_(storage::MakeSqlRegistryRepository(db)),
      auth_repo_(storage::MakeSqlAuthRepository(db)),
      appeal_repo_(storage::MakeSqlAppealRepository(db)),
      auth_(*auth_repo_, clock, options.auth_policy),
      registry_(*registry_repo_, *auth_repo_, clock),
      appeals_(*appeal_repo_, *registry_repo_, clock),
      context_{auth_, clock, options.secure_cookies},
      imports_(db, clock),
      data_dir_(std::move(options.data_dir)),
      events_(options.events) {}

AppServices::~AppServices() = default;

std::shared_ptr<http::Router> AppServices::BuildRouter() {
    auto router = std::make_shared<http::Router>();
    RegisterSessionRoutes(*router, context_, *registry_repo_);
    RegisterRegistryRoutes(*router, context_, registry_);
    RegisterImportRoutes(*router, context_, imports_);
    RegisterAppealRoutes(*router, context_, appeals_);
    RegisterAppealFigureRoutes(*router, context_, db_, *registry_repo_, *auth_repo_);
    RegisterPartySessionRoutes(*router, context_, db_, appeals_, *appeal_repo_, *registry_repo_);
    RegisterOpen311Routes(*router, db_, appeals_, *appeal_repo_, context_.clock);
    RegisterAppealFollowupRoutes(*router, context_, db_, *appeal_repo_, *registry_repo_, data_dir_);
    RegisterMassTestRoutes(*router, context_, db_, *registry_repo_, &events_);
    RegisterMassTestFollowupRoutes(*router, context_, db_, *registry_repo_, *auth_repo_, events_);
    RegisterUntestedExportRoutes(*router, context_, db_, *registry_repo_, *auth_repo_);
    return router;
}

}  // namespace wangge::api
