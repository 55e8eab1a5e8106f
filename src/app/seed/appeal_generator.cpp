#include "app/seed/appeal_generator.hpp"

#include <algorithm>
#include <limits>

#include "app/seed/appeal_texts.hpp"
#include "app/seed/names.hpp"
#include "app/seed/population.hpp"
#include "domain/appeals/event_detail.hpp"
#include "domain/appeals/figures.hpp"
#include "domain/appeals/workflow.hpp"

namespace wangge::seed {
namespace {

using namespace appeals;

constexpr EpochMillis kMinute = 60'000;
constexpr EpochMillis kHour = 60 * kMinute;
constexpr EpochMillis kDay = 24 * kHour;
constexpr std::uint8_t kNoNote = 255;

// Channels in enum order, on an ordinary day and on the community's Party day (most items then are
// raised at the meeting).
const WeightedChoice kChannelsOrdinary({6, 12, 18, 25, 10, 12, 2, 15});
const WeightedChoice kChannelsPartyDay({4, 6, 10, 15, 8, 8, 45, 4});

std::uint64_t CategoryWeight(std::string_view code) {
    if (code == "facilities_repair") return 25;
    if (code == "sanitation") return 20;
    if (code == "property_management") return 18;
    if (code == "neighbour_dispute") return 10;
    if (code == "safety_hazard") return 8;
    if (code == "public_services") return 12;
    if (code == "other") return 7;
    return 5;
}

EpochMillis Between(Rng& rng, EpochMillis lo, EpochMillis hi) {
    return hi <= lo ? lo : lo + static_cast<EpochMillis>(rng.Below(static_cast<std::uint64_t>(hi - lo + 1)));
}

// Skewed towards `lo`: most things happen soon, a few take long.
EpochMillis Early(Rng& rng, EpochMillis lo, EpochMillis hi) {
    const double u = rng.Unit();
    return lo + static_cast<EpochMillis>(static_cast<double>(hi - lo) * u * u);
}

// Between h1:00 and h2:00 China time on `day`.
EpochMillis OnDay(Rng& rng, CivilDate day, int h1, int h2) {
    return ChinaMidnight(day) + Between(rng, h1 * kHour, h2 * kHour);
}

CivilDate NextDay(CivilDate d) { return ChinaDate(ChinaMidnight(d) + kDay + kHour); }

int PickIndex(Rng& rng, const std::vector<int>& from) { return from[rng.Below(from.size())]; }

// Who of the big committee takes an item: the committee's own members for "know it, do it", the units
// (the property company above all) for items assigned at the Party day.
std::uint64_t MemberWeight(MemberKind kind, Track track) {
    const bool immediate = track == Track::kImmediate;
    switch (kind) {
        case MemberKind::kPartyCommittee:
            return immediate ? 40 : 10;
        case MemberKind::kPartTimeMember:
            return immediate ? 25 : 10;
        case MemberKind::kUnitInArea:
            return immediate ? 5 : 20;
        case MemberKind::kPropertyManagement:
            return immediate ? 15 : 30;
        case MemberKind::kOwnersCommittee:
            return immediate ? 5 : 15;
        case MemberKind::kSocialOrganisation:
            return immediate ? 5 : 10;
        case MemberKind::kResidentRepresentative:
            return immediate ? 5 : 5;
    }
    return 1;
}

// One appeal's life, step by step, cut at `now`.
class Life {
  public:
    Life(Rng& rng, SeedCommunity& community, std::int32_t community_index, EpochMillis now, std::uint64_t& order)
        : rng_(rng), c_(community), index_(community_index), now_(now), order_(order) {}

    GeneratedAppeal& out() { return out_; }
    Appeal& appeal() { return out_.appeal; }
    EpochMillis last() const { return last_; }

    // Appends a step at `at` (kept after the previous one) unless it falls after now.
    PlannedEvent* Step(EpochMillis at, Action action, AppealStatus to, int actor, int note_chance_percent = 0) {
        at = std::max(at, last_ + 1000);
        if (at > now_) return nullptr;
        PlannedEvent e;
        e.at = at;
        e.order = order_++;
        e.appeal_id = out_.appeal.id;
        e.community = index_;
        e.actor = actor;
        e.action = static_cast<std::uint8_t>(action);
        e.from = static_cast<std::uint8_t>(action == Action::kRecord ? to : out_.appeal.status);
        e.to = static_cast<std::uint8_t>(to);
        e.round = static_cast<std::uint8_t>(out_.appeal.round);
        e.note = kNoNote;
        const int notes = NoteCount(action);
        if (notes > 0 && static_cast<int>(rng_.Below(100)) < note_chance_percent)
            e.note = static_cast<std::uint8_t>(rng_.Below(static_cast<std::uint64_t>(notes)));
        out_.events.push_back(e);
        out_.appeal.status = to;
        out_.appeal.updated_at = at;
        if (action != Action::kRecord) ++out_.appeal.version;
        last_ = at;
        return &out_.events.back();
    }

    int Manager() { return PickIndex(rng_, c_.managers); }
    int Street() { return PickIndex(rng_, c_.street); }

    // Claims for a user who claims for themself, or (recorded by a manager) for a committee member.
    PlannedEvent* Claim(EpochMillis at) {
        Appeal& a = out_.appeal;
        const bool by_user = !c_.self_claimers.empty() && rng_.Chance(a.track == Track::kImmediate ? 0.5 : 0.1);
        if (by_user) {
            const int who = PickIndex(rng_, c_.self_claimers);
            PlannedEvent* e = Step(at, Action::kClaim, AppealStatus::kClaimed, who, 40);
            if (!e) return nullptr;
            a.claimer = Claimer{ClaimerKind::kUser, c_.people[who].user_id, c_.people[who].name};
            claimer_actor_ = who;
            Mark(*e, ClaimerKind::kUser, who, c_.people[who].user_id);
            return e;
        }
        std::uint64_t total = 0;
        for (const auto& m : c_.members) total += MemberWeight(m.kind, a.track);
        std::uint64_t r = rng_.Below(total);
        int pick = 0;
        for (; pick + 1 < static_cast<int>(c_.members.size()); ++pick) {
            const std::uint64_t w = MemberWeight(c_.members[pick].kind, a.track);
            if (r < w) break;
            r -= w;
        }
        PlannedEvent* e = Step(at, Action::kClaim, AppealStatus::kClaimed, Manager(), 40);
        if (!e) return nullptr;
        const SeedMember& m = c_.members[pick];
        a.claimer = Claimer{ClaimerKind::kMember, m.id, m.name};
        claimer_actor_ = -1;
        Mark(*e, ClaimerKind::kMember, pick, m.id);
        return e;
    }

    // Whoever records the claimer's steps: the claiming user, or a manager for a member.
    int ClaimerActor() { return claimer_actor_ >= 0 ? claimer_actor_ : Manager(); }

    // Marks an event that names the current claimer (return, reopen) and clears the claim.
    void ClearClaim(PlannedEvent& e) {
        const Appeal& a = out_.appeal;
        if (a.claimer.kind == ClaimerKind::kMember) {
            for (int i = 0; i < static_cast<int>(c_.members.size()); ++i)
                if (c_.members[i].id == a.claimer.id) Mark(e, ClaimerKind::kMember, i, e.value);
        } else if (a.claimer.kind == ClaimerKind::kUser) {
            Mark(e, ClaimerKind::kUser, claimer_actor_, e.value);
        }
        out_.appeal.claimer = Claimer{};
        claimer_actor_ = -1;
    }

  private:
    static void Mark(PlannedEvent& e, ClaimerKind kind, int index, std::int64_t value) {
        e.extra = static_cast<std::uint8_t>(kind);
        e.aux = index;
        e.value = value;
    }

    Rng& rng_;
    SeedCommunity& c_;
    std::int32_t index_;
    EpochMillis now_;
    std::uint64_t& order_;
    GeneratedAppeal out_;
    EpochMillis last_ = std::numeric_limits<EpochMillis>::min() / 2;
    int claimer_actor_ = -1;
};

std::vector<std::uint64_t> CategoryWeights(const std::vector<CategoryRef>& categories) {
    std::vector<std::uint64_t> w;
    for (const auto& c : categories) w.push_back(CategoryWeight(c.code));
    return w;
}

}  // namespace

AppealLifeGenerator::AppealLifeGenerator(std::vector<CategoryRef> categories, EpochMillis now)
    : categories_(std::move(categories)), category_choice_(CategoryWeights(categories_)), now_(now) {}

GeneratedAppeal AppealLifeGenerator::Generate(Rng& rng, SeedCommunity& c, std::int32_t community_index, std::int64_t id,
                                              EpochMillis created, std::uint64_t& order) const {
    Life life(rng, c, community_index, now_, order);
    Appeal& a = life.appeal();
    a.id = id;
    a.community_id = c.id;
    a.community_name = c.name;

    // Where: the community itself, or one of its grids or buildings.
    std::string place;
    if (c.places.empty() || rng.Chance(0.45)) {
        a.area_id = c.id;
        a.path = c.path;
        a.area_name = c.name;
        place = std::to_string(1 + rng.Below(30)) + "号楼";
    } else {
        const SeedPlace& p = c.places[rng.Below(c.places.size())];
        a.area_id = p.id;
        a.path = p.path;
        a.area_name = p.name;
        if (p.level == registry::AreaLevel::kBuilding) a.building_id = p.id;
        place = p.level == registry::AreaLevel::kBuilding ? p.name
                                                          : p.name + "内" + std::to_string(1 + rng.Below(12)) + "号楼";
    }
    const CivilDate day = ChinaDate(created);
    const bool party_day = PartyDayOnOrAfter(c.rule, day) == day;
    a.channel = static_cast<Channel>((party_day ? kChannelsPartyDay : kChannelsOrdinary)(rng));
    const CategoryRef& category = categories_[category_choice_(rng)];
    a.category_id = category.id;
    a.description = DrawAppealDescription(rng, category.code, place);
    if (rng.Chance(0.65)) {
        a.reporter.kind = ReporterKind::kNamed;
        const Sex sex = rng.Chance(0.5) ? Sex::kMale : Sex::kFemale;
        a.reporter.name =
            std::string(DrawSurname(rng)) + DrawGivenName(rng, sex, 1940 + static_cast<int>(rng.Below(60)));
        if (rng.Chance(0.8)) a.reporter.phone = DrawMobile(rng);
    }
    const bool at_door = a.channel == Channel::kGridVisit || a.channel == Channel::kPartyMemberVisit;
    const int recorder = at_door && !c.self_claimers.empty() ? PickIndex(rng, c.self_claimers) : life.Manager();
    a.recorded_by = c.people[recorder].user_id;
    a.recorded_by_name = c.people[recorder].name;
    a.created_at = created;
    a.status = AppealStatus::kRecorded;
    a.round = 1;
    a.version = 1;
    PlannedEvent* record = life.Step(created, Action::kRecord, AppealStatus::kRecorded, recorder);
    record->extra = static_cast<std::uint8_t>(a.channel);
    record->aux = static_cast<std::int32_t>(a.category_id);
    record->value = a.area_id;

    EpochMillis terminal_at = std::numeric_limits<EpochMillis>::max();
    auto finish = [&]() -> GeneratedAppeal {
        if (IsTerminal(a.status)) terminal_at = life.last();
        const int month = MonthOf(a.created_at);
        for (auto& e : life.out().events) e.month = month;
        c.last_appeal_id = id;
        c.last_open_until = terminal_at;
        return std::move(life.out());
    };

    // Triage, or set aside.
    const double u = rng.Unit();
    EpochMillis t = created + (u < 0.6   ? Between(rng, 20 * kMinute, 8 * kHour)
                               : u < 0.9 ? Between(rng, 8 * kHour, 48 * kHour)
                                         : Between(rng, 2 * kDay, 7 * kDay));
    const double fate = rng.Unit();
    int triager = life.Manager();
    if (fate < 0.04) {
        life.Step(t, Action::kMarkNotResponsible, AppealStatus::kNotResponsible, triager, 100);
        return finish();
    }
    if (fate < 0.07) {
        if (fate >= 0.06 && c.last_appeal_id != 0 && c.last_appeal_id != id && c.last_open_until > t) {
            const std::int64_t target = c.last_appeal_id;
            if (PlannedEvent* e = life.Step(t, Action::kMerge, AppealStatus::kMerged, triager)) {
                e->value = target;
                a.merged_into_id = target;
            }
        } else {
            life.Step(t, Action::kReject, AppealStatus::kRejected, triager, 100);
        }
        return finish();
    }
    if (fate < 0.10) {
        if (!life.Step(t, Action::kEscalate, AppealStatus::kEscalated, triager, 100)) return finish();
        t = life.last() + Between(rng, kDay, 5 * kDay);
        triager = life.Street();
    }
    a.track = rng.Chance(0.72) ? Track::kImmediate : Track::kConsultative;
    const auto set_deadline = [&](PlannedEvent& e, EpochMillis at) {
        a.due_at = DueAt(c.rule, a.track, at);
        a.due_from = at;
        e.value = *a.due_at;
    };
    {
        PlannedEvent* e = life.Step(t, Action::kTriage, AppealStatus::kTriaged, triager);
        if (!e) {
            a.track = Track::kNone;
            return finish();
        }
        e->extra = static_cast<std::uint8_t>(a.track);
        set_deadline(*e, e->at);
    }

    for (int round = 1; round <= 2; ++round) {
        // Claim; once in a while it comes back (退单) and is claimed again.
        for (int returns = 0;; ++returns) {
            t = life.last();
            EpochMillis claim_at = t + Early(rng, kHour, 3 * kDay);
            if (a.track == Track::kConsultative) {
                claim_at = OnDay(rng, PartyDayOnOrAfter(c.rule, ChinaDate(t)), 9, 11);
                if (claim_at <= t) claim_at = t + Between(rng, 30 * kMinute, 90 * kMinute);
            }
            if (!life.Claim(claim_at)) return finish();
            if (returns > 0 || !rng.Chance(0.03)) break;
            PlannedEvent* back = life.Step(life.last() + Between(rng, kDay, 4 * kDay), Action::kReturn,
                                           AppealStatus::kTriaged, life.ClaimerActor(), 100);
            if (!back) return finish();
            life.ClearClaim(*back);
            back->value = 0;
        }
        if (rng.Chance(0.02)) {
            if (!life.Step(life.last() + Between(rng, kDay, 3 * kDay), Action::kSuspend, AppealStatus::kSuspended,
                           life.Manager(), 100))
                return finish();
            a.suspended_from = AppealStatus::kClaimed;
            if (!life.Step(life.last() + Between(rng, 3 * kDay, 14 * kDay), Action::kResume, AppealStatus::kClaimed,
                           life.Manager()))
                return finish();
            a.suspended_from.reset();
        }
        if (rng.Chance(0.7) && !life.Step(life.last() + Early(rng, kHour, 2 * kDay), Action::kStart,
                                          AppealStatus::kInProgress, life.ClaimerActor()))
            return finish();
        // Resolved on time mostly; late sometimes; a few stall and stay overdue.
        if (rng.Chance(0.04)) return finish();
        const double on_time = a.track == Track::kImmediate ? 0.88 : 0.8;
        const EpochMillis from = life.last() + 30 * kMinute;
        const EpochMillis resolve_at = rng.Chance(on_time) && *a.due_at > from + kHour
                                           ? Early(rng, from, *a.due_at - kMinute)
                                           : std::max(from, *a.due_at) + Early(rng, kHour, 20 * kDay);
        if (!life.Step(resolve_at, Action::kResolve, AppealStatus::kResolved, life.ClaimerActor(), 100))
            return finish();
        a.resolved_at = life.last();
        // Reported back at the next Party day, evaluated on the call-back, closed.
        const EpochMillis report_at = OnDay(rng, PartyDayOnOrAfter(c.rule, NextDay(ChinaDate(life.last()))), 9, 11);
        if (!life.Step(report_at, Action::kReport, AppealStatus::kReported, life.Manager())) return finish();
        a.reported_at = life.last();
        // Some residents cannot be reached for the call-back: the item stays reported.
        if (rng.Chance(0.06)) return finish();
        const double v = rng.Unit();
        const Evaluation verdict = round == 1 ? (v < 0.68   ? Evaluation::kSatisfied
                                                 : v < 0.92 ? Evaluation::kBasicallySatisfied
                                                            : Evaluation::kNotSatisfied)
                                              : (v < 0.8 ? Evaluation::kSatisfied : Evaluation::kBasicallySatisfied);
        PlannedEvent* evaluated = life.Step(life.last() + Early(rng, 2 * kHour, 14 * kDay), Action::kEvaluate,
                                            AppealStatus::kEvaluated, life.Manager());
        if (!evaluated) return finish();
        evaluated->extra = static_cast<std::uint8_t>(verdict);
        a.evaluation = verdict;
        if (verdict != Evaluation::kNotSatisfied) {
            if (rng.Chance(0.9))
                life.Step(life.last() + Early(rng, kHour, 3 * kDay), Action::kClose, AppealStatus::kClosed,
                          life.Manager());
            return finish();
        }
        // Not satisfied: a second round from scratch.
        a.round = 2;
        PlannedEvent* reopened = life.Step(life.last() + Between(rng, 2 * kHour, 2 * kDay), Action::kReopen,
                                           AppealStatus::kTriaged, life.Manager(), 100);
        if (!reopened) {
            a.round = 1;
            return finish();
        }
        reopened->round = 2;
        life.ClearClaim(*reopened);
        set_deadline(*reopened, reopened->at);
        a.evaluation = Evaluation::kNone;
        a.resolved_at.reset();
        a.reported_at.reset();
    }
    return finish();
}

AppealEvent MaterializeEvent(const PlannedEvent& p, const SeedCommunity& c) {
    const auto action = static_cast<Action>(p.action);
    AppealEvent e;
    e.community_id = c.id;
    e.appeal_id = p.appeal_id;
    e.at = p.at;
    e.actor_id = c.people[p.actor].user_id;
    e.actor_name = c.people[p.actor].name;
    e.action = ActionName(action);
    e.from_status = action == Action::kRecord ? "" : StatusName(static_cast<AppealStatus>(p.from));
    e.to_status = StatusName(static_cast<AppealStatus>(p.to));
    if (p.note != kNoNote) e.note = NoteFor(action, p.note);
    const auto claimer_name = [&]() -> std::string {
        if (p.extra == static_cast<std::uint8_t>(ClaimerKind::kMember)) return c.members[p.aux].name;
        if (p.extra == static_cast<std::uint8_t>(ClaimerKind::kUser)) return c.people[p.aux].name;
        return "";
    };
    EventDetail d;
    switch (action) {
        case Action::kRecord:
            d.Add("channel", ChannelName(static_cast<Channel>(p.extra)))
                .Add("category_id", p.aux)
                .Add("area_id", p.value);
            break;
        case Action::kTriage:
            d.Add("track", TrackName(static_cast<Track>(p.extra))).Add("due_at", p.value);
            break;
        case Action::kClaim:
            d.Add(p.extra == static_cast<std::uint8_t>(ClaimerKind::kMember) ? "member_id" : "user_id", p.value);
            d.Add("claimer", claimer_name());
            break;
        case Action::kReturn:
            if (p.extra != 0) d.Add("previous_claimer", claimer_name());
            break;
        case Action::kEvaluate:
            d.Add("evaluation", EvaluationName(static_cast<Evaluation>(p.extra)));
            break;
        case Action::kReopen:
            d.Add("round", std::int64_t{p.round});
            if (p.extra != 0) d.Add("previous_claimer", claimer_name());
            d.Add("due_at", p.value);
            break;
        case Action::kMerge:
            d.Add("into_id", p.value);
            break;
        default:
            break;
    }
    e.detail = d.Json();
    return e;
}

}  // namespace wangge::seed
