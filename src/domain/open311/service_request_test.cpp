// The Open311 status map: every wangge status maps to exactly one of open/closed, and the reverse
// lists are that map read backwards.
#include "domain/open311/service_request.hpp"

#include <gtest/gtest.h>

namespace wangge::open311 {
namespace {

using appeals::AppealStatus;

TEST(Open311StatusTest, MapsTheWorkflowOntoOpenAndClosed) {
    const struct {
        AppealStatus status;
        RequestStatus expected;
    } cases[] = {
        {AppealStatus::kRecorded, RequestStatus::kOpen},         {AppealStatus::kTriaged, RequestStatus::kOpen},
        {AppealStatus::kClaimed, RequestStatus::kOpen},          {AppealStatus::kInProgress, RequestStatus::kOpen},
        {AppealStatus::kEscalated, RequestStatus::kOpen},        {AppealStatus::kSuspended, RequestStatus::kOpen},
        {AppealStatus::kResolved, RequestStatus::kClosed},       {AppealStatus::kReported, RequestStatus::kClosed},
        {AppealStatus::kEvaluated, RequestStatus::kClosed},      {AppealStatus::kClosed, RequestStatus::kClosed},
        {AppealStatus::kNotResponsible, RequestStatus::kClosed}, {AppealStatus::kMerged, RequestStatus::kClosed},
        {AppealStatus::kRejected, RequestStatus::kClosed},
    };
    ASSERT_EQ(std::size(cases), appeals::AllStatuses().size()) << "a new status needs a place in the map";
    for (const auto& c : cases) EXPECT_EQ(RequestStatusOf(c.status), c.expected) << appeals::StatusName(c.status);
}

TEST(Open311StatusTest, ReverseListsPartitionTheStatuses) {
    auto open = AppealStatusesOf(RequestStatus::kOpen);
    auto closed = AppealStatusesOf(RequestStatus::kClosed);
    EXPECT_EQ(open.size() + closed.size(), appeals::AllStatuses().size());
    for (auto s : open) EXPECT_EQ(RequestStatusOf(s), RequestStatus::kOpen);
    for (auto s : closed) EXPECT_EQ(RequestStatusOf(s), RequestStatus::kClosed);
}

TEST(Open311StatusTest, ParsesOnlyTheTwoNames) {
    EXPECT_EQ(ParseRequestStatus("open"), RequestStatus::kOpen);
    EXPECT_EQ(ParseRequestStatus("closed"), RequestStatus::kClosed);
    EXPECT_EQ(ParseRequestStatus("Open"), std::nullopt);
    EXPECT_EQ(ParseRequestStatus(""), std::nullopt);
    EXPECT_EQ(RequestStatusName(RequestStatus::kClosed), "closed");
}

}  // namespace
}  // namespace wangge::open311
