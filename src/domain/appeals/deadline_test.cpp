// Party days and deadlines with a fake clock, in China time.
#include "domain/appeals/deadline.hpp"

#include <gtest/gtest.h>

namespace wangge::appeals {
namespace {

constexpr EpochMillis kHour = 3600 * 1000;

// 10:00 China time on a date.
EpochMillis Morning(int y, int m, int d) { return ChinaMidnight(CivilDate{y, m, d}) + 10 * kHour; }

TEST(Deadline, ChinaDayStartsAtSixteenUtc) {
    EXPECT_EQ(ChinaMidnight(CivilDate{2022, 4, 29}), 1651161600000);  // 2022-04-28T16:00:00Z
    EXPECT_EQ(ChinaDate(1651161600000), (CivilDate{2022, 4, 29}));
    EXPECT_EQ(ChinaDate(1651161600000 - 1), (CivilDate{2022, 4, 28}));
}

TEST(Deadline, LastFridayByDefault) {
    const PartyDayRule rule;
    EXPECT_EQ(PartyDayOnOrAfter(rule, CivilDate{2022, 4, 1}), (CivilDate{2022, 4, 29}));
    EXPECT_EQ(PartyDayOnOrAfter(rule, CivilDate{2022, 4, 29}), (CivilDate{2022, 4, 29}));
    EXPECT_EQ(PartyDayOnOrAfter(rule, CivilDate{2022, 4, 30}), (CivilDate{2022, 5, 27}));
    EXPECT_EQ(PartyDayOnOrAfter(rule, CivilDate{2022, 12, 31}), (CivilDate{2023, 1, 27}));
}

TEST(Deadline, OtherRules) {
    auto sunday = MakePartyDayRule("last_weekday", 7);
    ASSERT_TRUE(sunday);
    EXPECT_EQ(PartyDayOnOrAfter(*sunday, CivilDate{2022, 5, 1}), (CivilDate{2022, 5, 29}));
    auto fifteenth = MakePartyDayRule("day_of_month", 15);
    ASSERT_TRUE(fifteenth);
    EXPECT_EQ(PartyDayOnOrAfter(*fifteenth, CivilDate{2022, 5, 16}), (CivilDate{2022, 6, 15}));
    EXPECT_FALSE(MakePartyDayRule("day_of_month", 31));
    EXPECT_FALSE(MakePartyDayRule("last_weekday", 0));
    EXPECT_EQ(MakePartyDayRule("weekly", 1).error().field, "party_day");
}

TEST(Deadline, ImmediateIsDueBeforeTheNextPartyDay) {
    const PartyDayRule rule;
    EXPECT_EQ(DueAt(rule, Track::kImmediate, Morning(2022, 4, 10)), ChinaMidnight({2022, 4, 29}));
    // On the Party day itself, the next one is a month away.
    EXPECT_EQ(DueAt(rule, Track::kImmediate, Morning(2022, 4, 29)), ChinaMidnight({2022, 5, 27}));
    EXPECT_FALSE(DueAt(rule, Track::kNone, Morning(2022, 4, 10)));
}

TEST(Deadline, ConsultativeIsDueByTheSessionAfterTheComingOne) {
    const PartyDayRule rule;
    EXPECT_EQ(DueAt(rule, Track::kConsultative, Morning(2022, 4, 10)), ChinaMidnight({2022, 5, 27}));
    // Sorted at the meeting: claimed today, reported at the next one.
    EXPECT_EQ(DueAt(rule, Track::kConsultative, Morning(2022, 4, 29)), ChinaMidnight({2022, 5, 27}));
    EXPECT_EQ(DueAt(rule, Track::kConsultative, Morning(2022, 4, 30)), ChinaMidnight({2022, 6, 24}));
}

TEST(Deadline, BandTurnsAmberInTheLastQuarterAndRedWhenOverdue) {
    Appeal a;
    a.status = AppealStatus::kClaimed;
    a.due_from = 0;
    a.due_at = 100 * kHour;
    EXPECT_EQ(BandOf(a, 0), Band::kGreen);
    EXPECT_EQ(BandOf(a, 75 * kHour), Band::kGreen);
    EXPECT_EQ(BandOf(a, 75 * kHour + 1), Band::kAmber);
    EXPECT_EQ(BandOf(a, 100 * kHour - 1), Band::kAmber);
    EXPECT_EQ(BandOf(a, 100 * kHour), Band::kRed);
    a.status = AppealStatus::kResolved;
    EXPECT_FALSE(BandOf(a, 200 * kHour)) << "no deadline runs once resolved";
    a.status = AppealStatus::kRecorded;
    a.due_at.reset();
    EXPECT_FALSE(BandOf(a, 0));
}

}  // namespace
}  // namespace wangge::appeals
