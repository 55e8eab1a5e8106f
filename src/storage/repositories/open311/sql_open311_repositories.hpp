#pragma once
// Open311's storage in portable SQL over storage::Database (SQLite and PostgreSQL): the API clients
// and the service-request read query over the appeals. Each returned object borrows `db`, which must
// outlive it. Thread-safe (Database is).
#include <memory>

#include "domain/open311/api_client.hpp"
#include "domain/open311/service_request.hpp"
#include "storage/database.hpp"

namespace wangge::storage {

std::unique_ptr<open311::ApiClientRepository> MakeSqlApiClientRepository(Database& db);
std::unique_ptr<open311::ServiceRequestRepository> MakeSqlServiceRequestRepository(Database& db);

}  // namespace wangge::storage
