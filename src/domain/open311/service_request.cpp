#include "domain/open311/service_request.hpp"

namespace wangge::open311 {

using appeals::AppealStatus;

std::string_view RequestStatusName(RequestStatus status) { return status == RequestStatus::kOpen ? "open" : "closed"; }

std::optional<RequestStatus> ParseRequestStatus(std::string_view name) {
    if (name == "open") return RequestStatus::kOpen;
    if (name == "closed") return RequestStatus::kClosed;
    return std::nullopt;
}

RequestStatus RequestStatusOf(AppealStatus status) {
    switch (status) {
        case AppealStatus::kRecorded:
        case AppealStatus::kTriaged:
        case AppealStatus::kClaimed:
        case AppealStatus::kInProgress:
        case AppealStatus::kEscalated:
        case AppealStatus::kSuspended:
            return RequestStatus::kOpen;
        case AppealStatus::kResolved:
        case AppealStatus::kReported:
        case AppealStatus::kEvaluated:
        case AppealStatus::kClosed:
        case AppealStatus::kNotResponsible:
        case AppealStatus::kMerged:
        case AppealStatus::kRejected:
            return RequestStatus::kClosed;
    }
    return RequestStatus::kOpen;
}

std::vector<AppealStatus> AppealStatusesOf(RequestStatus status) {
    std::vector<AppealStatus> out;
    for (AppealStatus s : appeals::AllStatuses())
        if (RequestStatusOf(s) == status) out.push_back(s);
    return out;
}

}  // namespace wangge::open311
