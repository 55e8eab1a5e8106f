#pragma once
// Generated appeals for benchmarks and demos (`wangge seed appeals`): each appeal's whole life up to
// "now" — recorded on a channel, triaged onto a track (or set aside, escalated, merged), claimed by a
// user or a big-committee member, started, resolved on time or late (or stalled), reported back at
// the next Party day, evaluated, closed or reopened for a second round; some returned or suspended on
// the way — with the same statuses, fields and event details the appeal service writes. Pure: the
// caller writes the rows and chains the events (appeal_seed.hpp).
#include <cstdint>
#include <string>
#include <vector>

#include "app/seed/random.hpp"
#include "domain/appeals/appeal.hpp"
#include "domain/appeals/deadline.hpp"
#include "domain/registry/area.hpp"

namespace wangge::seed {

// Someone who acts on appeals: a user account, or (user_id 0) generated staff without one.
struct SeedActor {
    std::int64_t user_id = 0;
    std::string name;
};

struct SeedMember {
    std::int64_t id = 0;
    std::string name;
    appeals::MemberKind kind = appeals::MemberKind::kPartyCommittee;
    std::string unit;
};

// A grid or building of the community, where an appeal may be recorded.
struct SeedPlace {
    std::int64_t id = 0;
    std::string path, name;
    registry::AreaLevel level = registry::AreaLevel::kGrid;
};

struct SeedCommunity {
    std::int64_t id = 0;
    std::string path, name;
    std::vector<SeedPlace> places;
    std::vector<SeedActor> people;    // everyone below is an index into this
    std::vector<int> managers;        // record, triage, report, evaluate, close; never empty
    std::vector<int> self_claimers;   // accounts that claim for themselves (may be empty)
    std::vector<int> street;          // triage escalated appeals; never empty
    std::vector<SeedMember> members;  // the big Party committee; never empty
    appeals::PartyDayRule rule;
    // The latest appeal and until when it stays open: the target of a merge.
    std::int64_t last_appeal_id = 0;
    EpochMillis last_open_until = 0;
};

// One ledger event of a generated appeal, compact (about 64 bytes): its texts are made when it is
// written, in time order across appeals (MaterializeEvent).
struct PlannedEvent {
    EpochMillis at = 0;
    std::uint64_t order = 0;  // ties on `at`: planning order
    std::int64_t appeal_id = 0;
    std::int64_t value = 0;         // record: area id; triage, reopen: due_at; claim: user or member id; merge: target
    std::int32_t community = 0;     // index of the SeedCommunity
    std::int32_t actor = 0;         // index into people
    std::int32_t aux = 0;           // record: category id; claim, return, reopen: the claimer's index
    std::int32_t month = 0;         // the appeal's month (yyyymm, China time): where its figures count
    std::uint8_t action = 0;        // appeals::Action
    std::uint8_t from = 0, to = 0;  // appeals::AppealStatus; from == to for "record"
    std::uint8_t extra = 0;         // record: channel; triage: track; evaluate: evaluation; claimer kind
    std::uint8_t note = 0;          // index into NoteFor(action)
    std::uint8_t round = 1;
};

struct GeneratedAppeal {
    appeals::Appeal appeal;            // its state now; id, community and area filled in
    std::vector<PlannedEvent> events;  // in time order, the first one "record"
};

struct CategoryRef {
    std::int64_t id = 0;
    std::string code;
};

class AppealLifeGenerator {
  public:
    // `now`: nothing happens after it; lives are cut there.
    AppealLifeGenerator(std::vector<CategoryRef> categories, EpochMillis now);

    // Appeal `id` of `community` (index `community_index`), recorded at `created` (<= now). Draws from
    // `rng`; `order` numbers the planned events. Updates the community's merge target.
    GeneratedAppeal Generate(Rng& rng, SeedCommunity& community, std::int32_t community_index, std::int64_t id,
                             EpochMillis created, std::uint64_t& order) const;

  private:
    std::vector<CategoryRef> categories_;
    WeightedChoice category_choice_;
    EpochMillis now_;
};

// The ledger event a planned one stands for (community, appeal, time, actor, action, statuses, note
// and detail exactly as AppealService writes them); seq and hashes are left to the caller.
appeals::AppealEvent MaterializeEvent(const PlannedEvent& planned, const SeedCommunity& community);

}  // namespace wangge::seed
