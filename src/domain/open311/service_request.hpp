#pragma once
// Appeals as Open311 service requests: the status map, the read query and the repository that runs
// it. GeoReport v2 knows two statuses; wangge's workflow has thirteen (docs/api/appeals.md):
//
//   open    recorded, triaged, claimed, in_progress, escalated, suspended — work is still owed
//   closed  resolved, reported, evaluated, closed — the work is done (reporting back and the
//           residents' rating follow; a "not satisfied" rating reopens the appeal, which is then
//           open again); not_responsible, merged, rejected — nothing more will be done
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "domain/appeals/appeal.hpp"

namespace wangge::open311 {

enum class RequestStatus { kOpen, kClosed };

std::string_view RequestStatusName(RequestStatus status);  // "open" | "closed"
std::optional<RequestStatus> ParseRequestStatus(std::string_view name);
RequestStatus RequestStatusOf(appeals::AppealStatus status);
// The wangge statuses that map to `status`, in workflow order.
std::vector<appeals::AppealStatus> AppealStatusesOf(RequestStatus status);

// An appeal with what a service request shows beyond the appeal row.
struct ServiceRequest {
    appeals::Appeal appeal;    // reporter fields are never sent out
    std::string service_code;  // the category's code
    std::string status_note;   // the note of the latest event that has one ("" when none has)
    std::string claimer_unit;  // the unit of a big-committee member who claimed it ("" otherwise)
};

// One page of service requests under a scope, newest first.
struct ServiceRequestQuery {
    std::string scope_path;
    std::vector<std::int64_t> ids;                // non-empty: only these (the time window is not applied)
    std::vector<std::int64_t> category_ids;       // empty: any
    std::vector<appeals::AppealStatus> statuses;  // empty: any
    EpochMillis from = 0;                         // created_at >= from …
    EpochMillis to = 0;                           // … and <= to (ignored when ids are given)
    int limit = 100;
    int offset = 0;
};

class ServiceRequestRepository {
  public:
    virtual ~ServiceRequestRepository() = default;
    virtual Result<std::vector<ServiceRequest>> ListServiceRequests(const ServiceRequestQuery& query) = 0;
};

}  // namespace wangge::open311
