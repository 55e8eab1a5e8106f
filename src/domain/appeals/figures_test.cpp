// The pure rules of the figures: months in China time, what an appeal's state counts for, verdicts,
// rates, and the areas an appeal counts under.
#include "domain/appeals/figures.hpp"

#include <gtest/gtest.h>

#include "domain/appeals/deadline.hpp"

namespace wangge::appeals {
namespace {

TEST(FigureMonths, ParseFormatAndArithmetic) {
    EXPECT_EQ(ParseMonth("2026-11"), 202611);
    EXPECT_EQ(ParseMonth("2026-01"), 202601);
    for (const char* bad : {"2026-13", "2026-00", "2026-1", "26-11", "2026/11", "1999-12", "2026-1x", ""})
        EXPECT_FALSE(ParseMonth(bad)) << bad;
    EXPECT_EQ(MonthText(202611), "2026-11");
    EXPECT_EQ(AddMonths(202611, 2), 202701);
    EXPECT_EQ(AddMonths(202601, -1), 202512);
    EXPECT_EQ(AddMonths(202612, -11), 202601);
    EXPECT_EQ(MonthsBetween(202611, 202702), 4);
    EXPECT_EQ(MonthsBetween(202611, 202611), 1);
}

TEST(FigureMonths, AMonthIsAChinaTimeMonth) {
    const EpochMillis midnight = ChinaMidnight({2026, 12, 1});
    EXPECT_EQ(MonthOf(midnight - 1), 202611) << "23:59:59.999 on 30 November, China time";
    EXPECT_EQ(MonthOf(midnight), 202612) << "16:00 UTC on 30 November is already December in China";
}

Appeal Sample() {
    Appeal a;
    a.channel = Channel::kPhoneLine;
    a.status = AppealStatus::kRecorded;
    return a;
}

TEST(FigureState, EachStateCountsOnce) {
    Appeal a = Sample();
    FigureCounts c;
    ApplyMask(c, StateMaskOf(a), +1);
    EXPECT_EQ(c.collected, 1);
    EXPECT_EQ(c.by_channel[static_cast<int>(Channel::kPhoneLine)], 1);
    EXPECT_EQ(c.claimed + c.resolved + c.track_immediate + c.not_handled, 0);

    a.track = Track::kImmediate;
    a.status = AppealStatus::kResolved;
    a.claimer = {ClaimerKind::kUser, 7, "张"};
    a.due_at = 1000;
    a.resolved_at = 1000;
    FigureCounts d;
    ApplyMask(d, StateMaskOf(a), +1);
    EXPECT_EQ(d.track_immediate, 1);
    EXPECT_EQ(d.claimed, 1);
    EXPECT_EQ(d.resolved, 1);
    EXPECT_EQ(d.resolved_on_time, 1) << "resolved exactly at the deadline is on time";
    a.resolved_at = 1001;
    FigureCounts late;
    ApplyMask(late, StateMaskOf(a), +1);
    EXPECT_EQ(late.resolved, 1);
    EXPECT_EQ(late.resolved_on_time, 0);

    // Removing what was added leaves nothing: the counter's delta rule.
    ApplyMask(late, StateMaskOf(a), -1);
    EXPECT_EQ(late, FigureCounts{});
}

TEST(FigureState, AReopenWithdrawsTheRoundButKeepsItsVerdict) {
    Appeal a = Sample();
    a.track = Track::kConsultative;
    a.claimer = {ClaimerKind::kMember, 3, "物业"};
    a.due_at = 5000;
    a.resolved_at = 4000;
    a.reported_at = 4500;
    a.status = AppealStatus::kEvaluated;
    a.evaluation = Evaluation::kNotSatisfied;
    const StateMask before = StateMaskOf(a);

    Appeal reopened = a;  // what the reopen step does
    reopened.status = AppealStatus::kTriaged;
    reopened.round = 2;
    reopened.claimer = {};
    reopened.resolved_at.reset();
    reopened.reported_at.reset();
    reopened.evaluation = Evaluation::kNone;
    FigureCounts delta;
    ApplyMask(delta, StateMaskOf(reopened), +1);
    ApplyMask(delta, before, -1);
    EXPECT_EQ(delta.claimed, -1);
    EXPECT_EQ(delta.resolved, -1);
    EXPECT_EQ(delta.resolved_on_time, -1);
    EXPECT_EQ(delta.reported, -1);
    EXPECT_EQ(delta.reopened, 1);
    EXPECT_EQ(delta.collected, 0);
    EXPECT_EQ(delta.not_satisfied, 0) << "verdicts are never taken back";
}

TEST(FigureState, SetAsideAppealsLeaveTheRates) {
    for (AppealStatus s : {AppealStatus::kNotResponsible, AppealStatus::kMerged, AppealStatus::kRejected}) {
        Appeal a = Sample();
        a.status = s;
        FigureCounts c;
        ApplyMask(c, StateMaskOf(a), +1);
        EXPECT_EQ(c.not_handled, 1);
        EXPECT_EQ(c.handled(), 0);
        EXPECT_FALSE(RatesOf(c).response);
    }
}

TEST(FigureVerdicts, OnlyAStepToEvaluatedCarriesOne) {
    EXPECT_EQ(VerdictOf("evaluated", R"({"evaluation":"basically_satisfied"})"), Evaluation::kBasicallySatisfied);
    EXPECT_EQ(VerdictOf("evaluated", R"({"note":"x","evaluation":"not_satisfied"})"), Evaluation::kNotSatisfied);
    EXPECT_EQ(VerdictOf("closed", R"({"evaluation":"satisfied"})"), Evaluation::kNone);
    EXPECT_EQ(VerdictOf("evaluated", "{}"), Evaluation::kNone);
    EXPECT_EQ(VerdictOf("evaluated", R"({"evaluation":"bogus"})"), Evaluation::kNone);
}

TEST(FigureRates, FractionsOrNothing) {
    FigureCounts c;
    EXPECT_FALSE(RatesOf(c).response);
    EXPECT_FALSE(RatesOf(c).satisfaction);
    c.collected = 10;
    c.not_handled = 2;
    c.claimed = 6;
    c.resolved = 4;
    c.resolved_on_time = 3;
    c.satisfied = 2;
    c.basically_satisfied = 1;
    c.not_satisfied = 1;
    const FigureRates r = RatesOf(c);
    EXPECT_DOUBLE_EQ(*r.response, 6.0 / 8);
    EXPECT_DOUBLE_EQ(*r.resolution, 4.0 / 8);
    EXPECT_DOUBLE_EQ(*r.on_time, 3.0 / 4);
    EXPECT_DOUBLE_EQ(*r.satisfaction, 3.0 / 4);

    FigureCounts sum = c;
    sum += c;
    EXPECT_EQ(sum.collected, 20);
    EXPECT_EQ(sum.not_satisfied, 2);
}

TEST(FigureAreas, TheCommunityAndItsAncestors) {
    EXPECT_EQ(CommunityPathOf("/1/7/42/100/555/", 100), "/1/7/42/100/");
    EXPECT_EQ(CommunityPathOf("/1/7/42/1000/", 100), "") << "a prefix of an id is not the id";
    const auto areas = FigureAreasOf("/1/7/42/100/");
    ASSERT_EQ(areas.size(), 4u);
    EXPECT_EQ(areas[0].area_id, 1);
    EXPECT_EQ(areas[0].parent_id, 0);
    EXPECT_EQ(areas[3].area_id, 100);
    EXPECT_EQ(areas[3].parent_id, 42);
    EXPECT_EQ(FigureColumns().size(), 20u);
    EXPECT_EQ(FigureColumns()[1], "ch_questionnaire");
    FigureCounts c;
    Field(c, 4) = 9;
    EXPECT_EQ(c.by_channel[static_cast<int>(Channel::kGridVisit)], 9) << "columns follow the Channel order";
}

}  // namespace
}  // namespace wangge::appeals
