// The pure parts of Party-day sessions: names, the default title, who may do what in which status,
// and reading the session id back out of an event's detail.
#include "domain/appeals/party_session.hpp"

#include <gtest/gtest.h>

#include "domain/appeals/event_detail.hpp"
#include "domain/appeals/party_session_service.hpp"

namespace wangge::appeals {
namespace {

TEST(PartySessionTest, NamesRoundTrip) {
    for (auto s : {SessionStatus::kPlanned, SessionStatus::kOpen, SessionStatus::kClosed})
        EXPECT_EQ(ParseSessionStatus(SessionStatusName(s)), s);
    for (auto s : {AgendaSection::kReportBack, AgendaSection::kToClaim, AgendaSection::kOverdue})
        EXPECT_EQ(ParseAgendaSection(AgendaSectionName(s)), s);
    EXPECT_EQ(SessionStatusName(SessionStatus::kOpen), "open");
    EXPECT_EQ(AgendaSectionName(AgendaSection::kToClaim), "to_claim");
    EXPECT_FALSE(ParseSessionStatus("Open"));
    EXPECT_EQ(SessionActionName(SessionAction::kClose), "close");
}

TEST(PartySessionTest, DefaultTitleNamesTheMonth) {
    EXPECT_EQ(DefaultSessionTitle({2022, 4, 29}), "2022年4月党日说事");
    EXPECT_EQ(DefaultSessionTitle({2023, 12, 1}), "2023年12月党日说事");
}

TEST(PartySessionTest, DetailIntReadsKeysNotText) {
    const std::string detail = EventDetail().Add("member_id", 5).Add("claimer", "李明").Add("session_id", 12).Json();
    EXPECT_EQ(ReadDetailInt(detail, "session_id"), 12);
    EXPECT_EQ(ReadDetailInt(detail, "member_id"), 5);
    EXPECT_EQ(ReadDetailInt(detail, "claimer"), std::nullopt) << "a string value is not an integer";
    EXPECT_EQ(ReadDetailInt(detail, "round"), std::nullopt);
    EXPECT_EQ(ReadDetailInt("{}", "session_id"), std::nullopt);
    EXPECT_EQ(ReadDetailInt("{\"session_id\":-3}", "session_id"), -3);

    // A note-like string that spells the key is escaped by EventDetail and never matches.
    const std::string tricky = EventDetail().Add("claimer", "x\",\"session_id\":99,\"y").Add("member_id", 1).Json();
    EXPECT_EQ(ReadDetailInt(tricky, "session_id"), std::nullopt) << tricky;
    // A key that only ends like the one asked for is another key.
    EXPECT_EQ(ReadDetailInt("{\"old_session_id\":4}", "session_id"), std::nullopt);
    EXPECT_EQ(ReadDetailInt("{\"session_id\":4x}", "session_id"), std::nullopt);
}

TEST(PartySessionTest, OnlyManagersChangeSessionsAndClosedOnesAreFrozen) {
    auth::Caller manager{1, "m", "m", auth::Role::kCommunityWorker, 3, "/1/3/"};
    auth::Caller grid{2, "g", "g", auth::Role::kGridWorker, 4, "/1/3/4/"};
    PartySession s;
    s.status = SessionStatus::kPlanned;
    EXPECT_EQ(AllowedSessionActions(s, manager),
              (std::vector<SessionAction>{SessionAction::kUpdate, SessionAction::kOpen, SessionAction::kDelete}));
    EXPECT_TRUE(AllowedSessionActions(s, grid).empty());
    s.status = SessionStatus::kOpen;
    EXPECT_EQ(AllowedSessionActions(s, manager),
              (std::vector<SessionAction>{SessionAction::kUpdate, SessionAction::kClaim, SessionAction::kRaise,
                                          SessionAction::kClose}));
    s.status = SessionStatus::kClosed;
    EXPECT_TRUE(AllowedSessionActions(s, manager).empty());
}

}  // namespace
}  // namespace wangge::appeals
