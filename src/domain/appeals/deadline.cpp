#include "domain/appeals/deadline.hpp"

#include <chrono>

namespace wangge::appeals {
namespace {

namespace chr = std::chrono;

constexpr EpochMillis kDayMs = 24 * 3600 * 1000;
constexpr EpochMillis kChinaOffsetMs = 8 * 3600 * 1000;

chr::sys_days ToDays(CivilDate d) {
    return chr::sys_days{chr::year{d.year} / chr::month{static_cast<unsigned>(d.month)} /
                         chr::day{static_cast<unsigned>(d.day)}};
}

CivilDate FromDays(chr::sys_days days) {
    chr::year_month_day ymd{days};
    return CivilDate{static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
                     static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

CivilDate PartyDayOfMonth(const PartyDayRule& rule, chr::year_month month) {
    if (rule.kind == PartyDayRule::Kind::kDayOfMonth)
        return FromDays(chr::sys_days{month / chr::day{static_cast<unsigned>(rule.value)}});
    // ISO 7 (Sunday) is weekday 0 in <chrono>'s C encoding; 1..6 are the same in both.
    const chr::weekday weekday{static_cast<unsigned>(rule.value % 7)};
    return FromDays(chr::sys_days{month / chr::weekday_last{weekday}});
}

}  // namespace

std::string_view PartyDayRuleKindName(PartyDayRule::Kind kind) {
    return kind == PartyDayRule::Kind::kLastWeekday ? "last_weekday" : "day_of_month";
}

Result<PartyDayRule> MakePartyDayRule(std::string_view kind, int value) {
    if (kind == "last_weekday") {
        if (value < 1 || value > 7)
            return Fail(ErrorCode::kInvalidArgument, "星期应为1至7 (weekday must be 1..7)", "party_day");
        return PartyDayRule{PartyDayRule::Kind::kLastWeekday, value};
    }
    if (kind == "day_of_month") {
        // Up to the 28th, so that every month has the day.
        if (value < 1 || value > 28)
            return Fail(ErrorCode::kInvalidArgument, "日期应为1至28 (day must be 1..28)", "party_day");
        return PartyDayRule{PartyDayRule::Kind::kDayOfMonth, value};
    }
    return Fail(ErrorCode::kInvalidArgument, "党日规则无效 (rule must be last_weekday or day_of_month)", "party_day");
}

CivilDate ChinaDate(EpochMillis at) {
    const EpochMillis local = at + kChinaOffsetMs;
    const EpochMillis days = local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
    return FromDays(chr::sys_days{chr::days{days}});
}

EpochMillis ChinaMidnight(CivilDate date) {
    return static_cast<EpochMillis>(ToDays(date).time_since_epoch().count()) * kDayMs - kChinaOffsetMs;
}

CivilDate PartyDayOnOrAfter(const PartyDayRule& rule, CivilDate date) {
    const chr::year_month_day ymd{ToDays(date)};
    chr::year_month month{ymd.year(), ymd.month()};
    CivilDate day = PartyDayOfMonth(rule, month);
    if (day < date) day = PartyDayOfMonth(rule, month + chr::months{1});
    return day;
}

std::optional<EpochMillis> DueAt(const PartyDayRule& rule, Track track, EpochMillis now) {
    const CivilDate today = ChinaDate(now);
    const auto after = [](CivilDate d) { return FromDays(ToDays(d) + chr::days{1}); };
    switch (track) {
        case Track::kNone:
            return std::nullopt;
        case Track::kImmediate:
            return ChinaMidnight(PartyDayOnOrAfter(rule, after(today)));
        case Track::kConsultative: {
            const CivilDate meeting = PartyDayOnOrAfter(rule, today);
            return ChinaMidnight(PartyDayOnOrAfter(rule, after(meeting)));
        }
    }
    return std::nullopt;
}

std::string_view BandName(Band band) {
    switch (band) {
        case Band::kGreen:
            return "green";
        case Band::kAmber:
            return "amber";
        case Band::kRed:
            return "red";
    }
    return "";
}

std::optional<Band> BandOf(const Appeal& appeal, EpochMillis now) {
    if (!IsOpenWork(appeal.status) || !appeal.due_at) return std::nullopt;
    const EpochMillis due = *appeal.due_at;
    if (now >= due) return Band::kRed;
    const EpochMillis total = due - appeal.due_from.value_or(due);
    const EpochMillis left = due - now;
    return left * 4 < total ? Band::kAmber : Band::kGreen;
}

}  // namespace wangge::appeals
