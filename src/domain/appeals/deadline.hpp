#pragma once
// Deadlines of the appeal ledger, counted in Party days. Until Party-day sessions are scheduled in
// the system, a community's Party day is a monthly rule (default: the last Friday of the month);
// PartyDayOnOrAfter is the one place that answers "when is the Party day", so sessions can replace it.
#include <optional>
#include <string>

#include "common/id_number.hpp"
#include "common/result.hpp"
#include "domain/appeals/appeal.hpp"

namespace wangge::appeals {

struct PartyDayRule {
    enum class Kind { kLastWeekday, kDayOfMonth };
    Kind kind = Kind::kLastWeekday;
    int value = 5;  // kLastWeekday: ISO weekday 1 (Monday) … 7 (Sunday); kDayOfMonth: 1 … 28

    bool operator==(const PartyDayRule&) const = default;
};

std::string_view PartyDayRuleKindName(PartyDayRule::Kind kind);  // "last_weekday" | "day_of_month"
// kInvalidArgument (field "party_day") for an unknown kind or an out-of-range value.
Result<PartyDayRule> MakePartyDayRule(std::string_view kind, int value);

// The communities' civil day: China Standard Time, UTC+8 all year.
CivilDate ChinaDate(EpochMillis at);
EpochMillis ChinaMidnight(CivilDate date);

// The first Party day on or after `date` under `rule`.
CivilDate PartyDayOnOrAfter(const PartyDayRule& rule, CivilDate date);

// When work triaged at `now` onto `track` is due: immediate items before the next Party day (the
// first after today); consultative items are claimed at the coming Party day (today, if today is
// one) and reported at the one after it. Due at 00:00 China time of that day. kNone → nullopt.
std::optional<EpochMillis> DueAt(const PartyDayRule& rule, Track track, EpochMillis now);

// The deadline colour of open work: red when overdue, amber when under a quarter of the time
// between due_from and due_at is left, else green. nullopt when no deadline runs (not open work).
enum class Band { kGreen, kAmber, kRed };
std::string_view BandName(Band band);
std::optional<Band> BandOf(const Appeal& appeal, EpochMillis now);

}  // namespace wangge::appeals
