#pragma once
// The ledger (说事专用台账) as an append-only hash chain per community: each event's hash is
// SHA-256(previous hash + canonical event text), the first event's previous hash is "". Editing
// or removing a stored event breaks the chain at that event, and the verifier says which.
// (Whoever can rewrite every later hash and the head can forge a chain; publishing the head hash,
// e.g. in Party-day minutes, anchors it.)
#include <optional>
#include <string>
#include <vector>

#include "domain/appeals/appeal.hpp"

namespace wangge::appeals {

// The chain's head, stored beside the events so a removed last event is noticed too.
struct LedgerHead {
    std::int64_t community_id = 0;
    std::int64_t seq = 0;  // of the last event
    std::string hash;      // of the last event
};

// Every field that matters, length-prefixed ("<bytes>:<text>|") so no note can fake a boundary.
// Excludes the row id (assigned by the database) and the stored hashes.
std::string CanonicalEventText(const AppealEvent& event);

// SHA-256 hex of prev_hash followed by the canonical text.
std::string ChainHash(std::string_view prev_hash, const AppealEvent& event);

struct LedgerFinding {
    enum class Problem { kEdited, kRemoved, kBrokenLink };
    Problem problem = Problem::kEdited;
    std::int64_t seq = 0;
    std::optional<std::int64_t> event_id;  // absent for a removed event
    std::optional<std::int64_t> appeal_id;
    std::string message;  // Chinese (English)
};

struct LedgerReport {
    std::int64_t community_id = 0;
    std::int64_t events = 0;
    std::vector<LedgerFinding> findings;
    bool ok() const { return findings.empty(); }
};

// Checks `events` (one community's, in seq order) against themselves and `head`. Reports each
// problem once, then carries on from the stored values, so one tampered event is one finding.
LedgerReport VerifyLedger(std::int64_t community_id, const std::vector<AppealEvent>& events,
                          const std::optional<LedgerHead>& head);

}  // namespace wangge::appeals
