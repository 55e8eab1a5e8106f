#pragma once
// Mass testing (核酸检测): rounds, tubes, scans, exemptions and the coverage counters that say, for
// any area down to the household, how many people are expected, exempt, sampled and remaining —
// "miss no household, leave no person out" (不漏一户、不落一人). Names here are the API's keys too.
// Contract: docs/api/mass-testing.md.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "domain/registry/resident.hpp"

namespace wangge::masstest {

// Who the round samples: everyone living in its areas, or only residents carrying any of the
// round's tags (key groups: elderly living alone, bedridden, …).
enum class RoundKind { kEveryone, kTags };

// draft → active → closed. Counters exist from activation; scans are accepted only while active.
enum class RoundStatus { kDraft, kActive, kClosed };

// Why a resident is not expected in a round.
enum class ExemptionReason { kAway, kInfant, kHospitalised };

// A pool tube of the round's size; a household tube (one household of a sealed building); a
// single tube (a re-test of one person; reserved for the lab-results work).
enum class TubeKind { kPool, kHousehold, kSingle };
enum class TubeStatus { kOpen, kClosed };

// Scans are 'routine' (the round's one sample per person) or 'retest' (reserved, later).
enum class ScanKind { kRoutine, kRetest };

// Lab result of a tube; kPending until the lab posts one (the lab-results work sets it).
enum class TubeResult { kPending, kNegative, kPositive, kInvalid };

// Why a scan (or a tube operation) was refused. The sampler sees the reason at once; every refusal
// is stored so a retry with the same client id answers the same.
enum class RefusalReason {
    kRoundNotActive,     // the round is a draft or closed
    kOutsideTimeWindow,  // scanned before the round's start or after its end
    kUnknownTube,        // no such tube code in this round (or not usable from the caller's area)
    kTubeOtherRound,     // the code belongs to a tube of another round
    kTubeClosed,         // the tube was closed
    kTubeFull,           // the tube holds its capacity
    kUnknownPerson,      // no such resident in the caller's area (also: bad resident code)
    kInvalidIdNumber,    // a typed ID number fails GB 11643 (the message says how)
    kOutsideRound,       // lives outside the round's areas
    kNotInKeyGroup,      // a key-group round, and the person carries none of its tags
    kExempt,             // exempted from this round (the message gives the reason)
    kAlreadySampled,     // already sampled in this round (the message gives the tube)
    kHouseholdTube,      // the one-tube-per-household rule of sealed buildings
};

inline constexpr int kPoolSizes[] = {1, 5, 10, 20};
inline constexpr int kMaxBatchScans = 500;
// A household tube never holds more than this; a larger household fills a second tube.
inline constexpr int kMaxHouseholdTube = 20;

std::string_view RoundKindName(RoundKind v);  // "everyone" | "tags"
std::optional<RoundKind> ParseRoundKind(std::string_view name);
std::string_view RoundStatusName(RoundStatus v);  // "draft" | "active" | "closed"
std::optional<RoundStatus> ParseRoundStatus(std::string_view name);
std::string_view ExemptionReasonName(ExemptionReason v);   // "away" | "infant" | "hospitalised"
std::string_view ExemptionReasonLabel(ExemptionReason v);  // "外出" | "婴幼儿" | "住院"
std::optional<ExemptionReason> ParseExemptionReason(std::string_view name);
std::string_view TubeKindName(TubeKind v);  // "pool" | "household" | "single"
std::optional<TubeKind> ParseTubeKind(std::string_view name);
std::string_view TubeStatusName(TubeStatus v);  // "open" | "closed"
std::optional<TubeStatus> ParseTubeStatus(std::string_view name);
std::string_view ScanKindName(ScanKind v);      // "routine" | "retest"
std::string_view TubeResultName(TubeResult v);  // "" for pending | "negative" | "positive" | "invalid"
std::optional<TubeResult> ParseTubeResult(std::string_view name);
std::string_view RefusalReasonName(RefusalReason v);  // "tube_full", …
std::optional<RefusalReason> ParseRefusalReason(std::string_view name);

// What a barcode scanner types as a tube code: 1–64 printable ASCII characters, no spaces.
bool ValidTubeCode(std::string_view code);
// A device's id for one scan (its retries carry the same): 1–64 of [A-Za-z0-9_-], e.g. a UUID.
bool ValidClientId(std::string_view id);

struct Round {
    std::int64_t id = 0;
    std::string name;
    RoundKind kind = RoundKind::kEveryone;
    registry::TagSet tag_mask = 0;  // kTags: any of these
    int pool_size = 10;
    RoundStatus status = RoundStatus::kDraft;
    EpochMillis starts_at = 0, ends_at = 0;
    std::int64_t owner_area_id = 0;  // the creator's area; the round is managed from there
    std::string owner_path;
    std::vector<std::int64_t> area_ids;   // the scope, by id
    std::vector<std::string> area_paths;  // the same areas' paths, same order
    std::int64_t created_by = 0;
    EpochMillis created_at = 0;
    std::optional<EpochMillis> activated_at, closed_at;
    EpochMillis updated_at = 0;
    std::int64_t version = 1;

    // True when a resident living at `path` with `tags` belongs to the round's population.
    bool Covers(std::string_view path, registry::TagSet tags) const;
    bool CoversPath(std::string_view path) const;
};

struct SealedBuilding {
    std::int64_t building_id = 0;
    std::string path;
    std::int64_t sealed_by = 0;
    EpochMillis sealed_at = 0;
};

struct Exemption {
    std::int64_t round_id = 0;
    std::int64_t resident_id = 0;
    std::int64_t household_id = 0;
    std::int64_t building_id = 0;
    std::string path;
    ExemptionReason reason = ExemptionReason::kAway;
    std::string note;
    std::int64_t created_by = 0;
    EpochMillis created_at = 0;
};

struct Tube {
    std::int64_t id = 0;
    std::int64_t round_id = 0;
    std::string code;
    TubeKind kind = TubeKind::kPool;
    TubeStatus status = TubeStatus::kOpen;
    int capacity = 10;
    int scan_count = 0;
    std::optional<std::int64_t> household_id;  // kHousehold
    std::string path;                          // the opener's scope
    std::optional<std::int64_t> point_id;      // sample point (later)
    std::int64_t opened_by = 0;
    EpochMillis opened_at = 0;
    std::optional<EpochMillis> closed_at;
    TubeResult result = TubeResult::kPending;
    std::optional<EpochMillis> result_at;
};

// Who the sampler scanned: exactly one of these is set.
struct ScanSubject {
    std::optional<std::int64_t> resident_id;
    std::string resident_code;  // the resident's QR code text (resident_code.hpp)
    std::string id_number;      // typed fallback, validated (GB 11643)
};

// One operation from a sampler's device, in order. Scans carry a client id (1–64 chars of
// [A-Za-z0-9_-], e.g. a UUID); opening and closing a tube are idempotent by its code.
enum class OpKind { kOpenTube, kScan, kCloseTube };

struct ScanOp {
    OpKind op = OpKind::kScan;
    std::string client_id;  // kScan: required
    std::string tube_code;
    ScanSubject subject;                    // kScan
    std::optional<EpochMillis> scanned_at;  // device time; the server's when absent
};

// An accepted scan as stored.
struct Scan {
    std::int64_t id = 0;
    std::int64_t round_id = 0;
    std::string client_id;
    std::int64_t tube_id = 0;
    std::string tube_code;  // joined
    int tube_seq = 0;
    std::int64_t resident_id = 0;
    std::int64_t household_id = 0;
    std::int64_t building_id = 0;
    std::string path;
    ScanKind kind = ScanKind::kRoutine;
    EpochMillis scanned_at = 0;
    EpochMillis received_at = 0;
    std::int64_t sampler_id = 0;
};

enum class Outcome { kAccepted, kRefused };

// The answer to one operation. A retry of a scan (same client id) answers the stored outcome
// again with `replayed` set.
struct OpResult {
    OpKind op = OpKind::kScan;
    std::string client_id;
    Outcome outcome = Outcome::kAccepted;
    bool replayed = false;
    std::optional<RefusalReason> reason;  // kRefused
    std::string message;                  // kRefused: Chinese first, English in brackets
    std::optional<Tube> tube;             // the tube after this operation, when known
    int tube_seq = 0;                     // kScan accepted: the place in the tube ("7/10")
    std::optional<std::int64_t> resident_id;
    std::string resident_name;       // accepted scans: for the sampler to confirm
    std::string resident_id_number;  // masked
    std::string path;                // accepted scans: the resident's building path (live coverage events)
};

// Coverage counters of one area (or household) in one round.
struct Counts {
    std::int64_t expected = 0, exempt = 0, sampled = 0;
    std::int64_t remaining() const { return expected - exempt - sampled; }
    bool operator==(const Counts&) const = default;
};

struct AreaCoverage {
    std::int64_t area_id = 0;
    std::optional<std::int64_t> parent_id;
    std::string path;
    int depth = 0;
    std::string name;   // joined from areas
    std::string level;  // joined from areas ("community", "building", …)
    Counts counts;
};

struct HouseholdCoverage {
    std::int64_t household_id = 0;
    std::int64_t building_id = 0;
    std::string unit, room;  // joined from households
    Counts counts;
};

// A resident not yet sampled nor exempt, for the grid worker to chase.
struct UntestedResident {
    registry::Resident resident;  // id_number and phone masked by the service
    std::string unit, room;       // the household's
};

}  // namespace wangge::masstest
