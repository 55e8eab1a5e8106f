#pragma once
// GeoReport v2 over the appeals ledger: services are appeal categories, service requests are
// appeals. Filing goes through AppealService::Record (scope, validation, the ledger's hash chain and
// every counter kept on recording apply as for staff); reads are limited to the client's scope
// (outside it answers kNotFound, like a missing id). Reporters' personal data never leaves here:
// ServiceRequest carries it only because the appeal row does, and the JSON never writes it.
#include <optional>
#include <string>
#include <vector>

#include "domain/appeals/appeal_repository.hpp"
#include "domain/appeals/appeal_service.hpp"
#include "domain/open311/api_client_service.hpp"
#include "domain/open311/service_request.hpp"

namespace wangge::open311 {

// The most GET requests.json returns at once; the spec's maximum window.
inline constexpr int kMaxPageSize = 1000;
inline constexpr EpochMillis kMaxWindowMs = 90LL * 24 * 3600 * 1000;

struct RequestFilter {
    std::vector<std::int64_t> ids;           // service_request_id list: overrides everything else
    std::vector<std::string> service_codes;  // category codes
    std::optional<EpochMillis> start, end;   // requested_datetime window; default the last 90 days
    std::vector<RequestStatus> statuses;     // empty: both
    int page_size = 100;                     // 1 … kMaxPageSize
    int page = 1;                            // 1-based
};

// A new service request (POST requests.json).
struct NewRequest {
    std::string service_code;
    std::string description;
    std::optional<std::int64_t> address_id;  // a wangge area (community, grid or building) in scope
    std::string first_name, last_name, phone, email;
};

struct FiledRequest {
    std::int64_t id = 0;
    std::string notice;  // service_notice
};

class Open311Service {
  public:
    // Borrows all, which must outlive this.
    Open311Service(ServiceRequestRepository& requests, appeals::AppealService& appeals,
                   appeals::AppealRepository& appeal_repo, const Clock& clock);

    // The active categories, in their order.
    Result<std::vector<appeals::Category>> Services();
    // kNotFound for an unknown code.
    Result<appeals::Category> Service(const std::string& code);

    // Records an appeal on the client's channel. kInvalidArgument naming the Open311 field
    // (service_code, description, address_id, first_name, phone) for bad input, an address outside
    // the client's scope included.
    Result<FiledRequest> File(const ApiCaller& client, const NewRequest& request);
    // kInvalidArgument for an unknown service code, a window over 90 days or end before start, a bad
    // page size or page.
    Result<std::vector<ServiceRequest>> List(const ApiCaller& client, const RequestFilter& filter);
    // kNotFound when absent or outside the client's scope.
    Result<ServiceRequest> Get(const ApiCaller& client, std::int64_t id);

  private:
    Result<std::optional<appeals::Category>> FindCategory(const std::string& code);

    ServiceRequestRepository& requests_;
    appeals::AppealService& appeals_;
    appeals::AppealRepository& appeal_repo_;
    const Clock& clock_;
};

}  // namespace wangge::open311
