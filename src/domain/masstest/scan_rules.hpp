#pragma once
// The rules that accept or refuse one scan, as a pure function of what the ingest looked up. The
// repository gathers the facts inside its transaction, calls DecideScan and stores the outcome, so
// the rules are tested here without a database. Extension point for re-tests: a ScanKind on the
// facts that skips kAlreadySampled and only fits single tubes.
#include <optional>
#include <string>

#include "domain/masstest/masstest.hpp"

namespace wangge::masstest {

// The scanned person as the ingest found them (the registry row plus this round's state).
struct PersonFacts {
    std::int64_t resident_id = 0;
    std::int64_t household_id = 0;
    std::int64_t building_id = 0;
    std::string path;  // the building's path
    registry::TagSet tags = 0;
    std::string name;
    std::string id_number;
    std::optional<ExemptionReason> exemption;  // exempt from this round
    std::string sampled_tube;                  // non-empty: already sampled in this round, in this tube
    bool building_sealed = false;              // one tube per household in this round
    std::int64_t household_remaining = 0;      // the household's expected − exempt − sampled (sealed only)
};

struct ScanFacts {
    RoundStatus status = RoundStatus::kActive;  // as read in the transaction
    EpochMillis scanned_at = 0;
    const Tube* tube = nullptr;           // the round's tube with this code, usable from the sampler's area
    bool tube_other_round = false;        // no such tube here, but the code is another round's
    const PersonFacts* person = nullptr;  // nullptr: no such resident in the sampler's area
};

struct ScanDecision {
    std::optional<RefusalReason> refusal;  // nullopt: accepted
    std::string message;                   // for a refusal: Chinese first, English in brackets
    // Accepted into an empty pool tube by a person of a sealed building: the tube becomes this
    // household's tube with this capacity.
    std::optional<int> household_capacity;
};

// Checks, in this order: round active, time window, tube (unknown, other round, full, closed),
// person (unknown, outside the round's areas or key group, exempt, already sampled), the
// one-tube-per-household rule of sealed buildings.
ScanDecision DecideScan(const Round& round, const ScanFacts& facts);

// The refusal of opening a tube, or nullopt when it may be opened (it does not exist yet).
std::optional<ScanDecision> DecideOpen(RoundStatus status, bool code_in_other_round);

// The message of a refusal without details (kUnknownPerson for a malformed resident code, …).
std::string RefusalMessage(RefusalReason reason);

// True when a tube opened from `tube_path` may be used by a sampler scoped to `scope_path`: one
// lies inside the other (a point crew's tubes are shared inside their area, never across).
inline bool TubeUsableFrom(std::string_view tube_path, std::string_view scope_path) {
    return tube_path.starts_with(scope_path) || scope_path.starts_with(tube_path);
}

}  // namespace wangge::masstest
