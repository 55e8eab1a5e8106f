// The hash chain: a clean ledger verifies; each kind of tampering is found and named.
#include "domain/appeals/ledger.hpp"

#include <gtest/gtest.h>

namespace wangge::appeals {
namespace {

using Problem = LedgerFinding::Problem;

std::vector<AppealEvent> Chain(int n) {
    std::vector<AppealEvent> out;
    std::string prev;
    for (int i = 1; i <= n; ++i) {
        AppealEvent e;
        e.id = 100 + i;
        e.community_id = 3;
        e.seq = i;
        e.appeal_id = 1 + i % 2;
        e.at = 1'650'000'000'000 + i;
        e.actor_id = 9;
        e.actor_name = "张三";
        e.action = i == 1 ? "record" : "claim";
        e.to_status = "claimed";
        e.note = "下水井返水|" + std::to_string(i);
        e.detail = "{}";
        e.prev_hash = prev;
        e.hash = ChainHash(prev, e);
        prev = e.hash;
        out.push_back(e);
    }
    return out;
}

LedgerHead HeadOf(const std::vector<AppealEvent>& events) {
    return LedgerHead{3, events.back().seq, events.back().hash};
}

TEST(Ledger, CleanChainVerifies) {
    auto events = Chain(5);
    auto report = VerifyLedger(3, events, HeadOf(events));
    EXPECT_TRUE(report.ok());
    EXPECT_EQ(report.events, 5);
    EXPECT_TRUE(VerifyLedger(3, {}, std::nullopt).ok());
    EXPECT_EQ(events[0].hash.size(), 64u);
}

TEST(Ledger, CanonicalTextCannotBeFakedWithSeparators) {
    AppealEvent a, b;
    a.note = "x|1:y";
    b.note = "x";
    b.detail = "y";
    EXPECT_NE(CanonicalEventText(a), CanonicalEventText(b));
}

TEST(Ledger, AnEditedEventIsNamed) {
    auto events = Chain(5);
    const auto head = HeadOf(events);
    events[2].note = "改过了";
    auto report = VerifyLedger(3, events, head);
    ASSERT_EQ(report.findings.size(), 1u);
    EXPECT_EQ(report.findings[0].problem, Problem::kEdited);
    EXPECT_EQ(report.findings[0].seq, 3);
    EXPECT_EQ(report.findings[0].event_id, 103);
}

TEST(Ledger, ARehashedEditBreaksTheNextLink) {
    auto events = Chain(5);
    const auto head = HeadOf(events);
    events[1].note = "改过了";
    events[1].hash = ChainHash(events[1].prev_hash, events[1]);
    auto report = VerifyLedger(3, events, head);
    ASSERT_EQ(report.findings.size(), 1u);
    EXPECT_EQ(report.findings[0].problem, Problem::kBrokenLink);
    EXPECT_EQ(report.findings[0].seq, 3);
}

TEST(Ledger, RemovedEventsAreNamedInTheMiddleAndAtTheEnd) {
    auto events = Chain(5);
    const auto head = HeadOf(events);
    events.erase(events.begin() + 1);
    auto middle = VerifyLedger(3, events, head);
    ASSERT_EQ(middle.findings.size(), 1u);
    EXPECT_EQ(middle.findings[0].problem, Problem::kRemoved);
    EXPECT_EQ(middle.findings[0].seq, 2);

    events.pop_back();
    auto tail = VerifyLedger(3, events, head);
    ASSERT_EQ(tail.findings.size(), 2u);
    EXPECT_EQ(tail.findings[1].problem, Problem::kRemoved);
    EXPECT_EQ(tail.findings[1].seq, 5);
}

TEST(Ledger, AnEditedLastEventIsCaughtByTheHead) {
    auto events = Chain(3);
    const auto head = HeadOf(events);
    events[2].note = "x";
    events[2].hash = ChainHash(events[2].prev_hash, events[2]);
    auto report = VerifyLedger(3, events, head);
    ASSERT_EQ(report.findings.size(), 1u);
    EXPECT_EQ(report.findings[0].seq, 3);
}

}  // namespace
}  // namespace wangge::appeals
