#pragma once
// Party-Day Talk (党日说事): the residents' appeals ledger. An appeal is recorded from any channel,
// sorted onto a track, claimed, solved, reported back at a Party day and evaluated by residents —
// "every case lands somewhere, every matter gets feedback". Names here are the API's keys too.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"

namespace wangge::appeals {

// How the appeal reached the community.
enum class Channel {
    kQuestionnaire,
    kPhoneLine,
    kWechatGroup,
    kGridVisit,
    kPartyMemberVisit,
    kWalkIn,
    kPartyDay,
    kHotline12345,
};

// Set at triage: 即知即办 (solve before the next Party day) or 协商交办 (claimed at the Party day).
enum class Track { kNone, kImmediate, kConsultative };

enum class AppealStatus {
    kRecorded,
    kTriaged,
    kClaimed,
    kInProgress,
    kResolved,
    kReported,
    kEvaluated,
    kClosed,
    kEscalated,
    kSuspended,
    kNotResponsible,
    kMerged,
    kRejected,
};

// The residents' verdict on a reported result.
enum class Evaluation { kNone, kSatisfied, kBasicallySatisfied, kNotSatisfied };

enum class ReporterKind { kAnonymous, kResident, kNamed };

// Who holds the appeal: a user, or a member of the community's big Party committee.
enum class ClaimerKind { kNone, kUser, kMember };

// The "seven kinds of people" of the big Party committee (大党委).
enum class MemberKind {
    kPartyCommittee,
    kPartTimeMember,
    kUnitInArea,
    kPropertyManagement,
    kOwnersCommittee,
    kSocialOrganisation,
    kResidentRepresentative,
};

// API keys ("grid_visit") and their inverses (nullopt for an unknown key).
std::string_view ChannelName(Channel v);
std::optional<Channel> ParseChannel(std::string_view name);
std::string_view TrackName(Track v);  // "" for kNone
std::optional<Track> ParseTrack(std::string_view name);
std::string_view StatusName(AppealStatus v);
std::optional<AppealStatus> ParseStatus(std::string_view name);
std::string_view StatusLabel(AppealStatus v);   // Chinese, for error messages
std::string_view EvaluationName(Evaluation v);  // "" for kNone
std::optional<Evaluation> ParseEvaluation(std::string_view name);
std::string_view ReporterKindName(ReporterKind v);
std::optional<ReporterKind> ParseReporterKind(std::string_view name);
std::string_view ClaimerKindName(ClaimerKind v);  // "" for kNone
std::optional<ClaimerKind> ParseClaimerKind(std::string_view name);
std::string_view MemberKindName(MemberKind v);
std::optional<MemberKind> ParseMemberKind(std::string_view name);

std::vector<Channel> AllChannels();
std::vector<AppealStatus> AllStatuses();

// Closed, not responsible, merged, rejected: nothing more happens to the appeal.
bool IsTerminal(AppealStatus status);
// Triaged, claimed, in progress: someone owes work and the deadline runs.
bool IsOpenWork(AppealStatus status);

struct Category {
    std::int64_t id = 0;
    std::string code;  // "facilities_repair"
    std::string name;  // "设施维修"
};

struct Reporter {
    ReporterKind kind = ReporterKind::kAnonymous;
    std::optional<std::int64_t> resident_id;
    std::string name;
    std::string phone;  // normalised; masked on the way out
};

struct Claimer {
    ClaimerKind kind = ClaimerKind::kNone;
    std::int64_t id = 0;  // user or member id
    std::string name;
};

struct Appeal {
    std::int64_t id = 0;
    std::int64_t community_id = 0;
    std::string community_name;  // joined on read
    std::int64_t area_id = 0;    // the community, or a grid or building in it
    std::string area_name;       // joined on read
    std::string area_level;      // joined on read
    std::string path;            // the area's path: scope checks and filters
    std::optional<std::int64_t> building_id, household_id;
    Channel channel = Channel::kWalkIn;
    std::int64_t category_id = 0;
    std::string category_name;  // joined on read
    std::string description;
    Reporter reporter;
    Track track = Track::kNone;
    AppealStatus status = AppealStatus::kRecorded;
    std::optional<AppealStatus> suspended_from;  // where `resume` returns to
    Claimer claimer;
    std::optional<EpochMillis> due_at;
    std::optional<EpochMillis> due_from;  // when the deadline was set: the band's 100%
    int round = 1;                        // 2 after a not-satisfied evaluation reopened it
    Evaluation evaluation = Evaluation::kNone;
    std::optional<EpochMillis> resolved_at, reported_at;
    std::optional<std::int64_t> session_id;  // the Party-day session it was reported at (later)
    std::optional<std::int64_t> merged_into_id;
    std::int64_t recorded_by = 0;
    std::string recorded_by_name;
    EpochMillis created_at = 0;
    EpochMillis updated_at = 0;
    std::int64_t version = 1;
};

// One step in an appeal's life, and one link in its community's ledger chain. Statuses and the
// action are kept as text so the chain's canonical form never depends on enum numbering.
struct AppealEvent {
    std::int64_t id = 0;
    std::int64_t community_id = 0;
    std::int64_t seq = 0;  // 1, 2, 3 … per community
    std::int64_t appeal_id = 0;
    EpochMillis at = 0;
    std::int64_t actor_id = 0;
    std::string actor_name;
    std::string action;       // "record", "claim", …
    std::string from_status;  // "" for "record"
    std::string to_status;
    std::string note;
    std::string detail;  // JSON object text: what else changed ({"track":"immediate","due_at":…})
    std::string prev_hash;
    std::string hash;
};

// A member of a community's big Party committee.
struct CommitteeMember {
    std::int64_t id = 0;
    std::int64_t community_id = 0;
    std::string name;
    MemberKind kind = MemberKind::kPartyCommittee;
    std::string unit_name;
    std::string phone;
    bool active = true;
    EpochMillis created_at = 0;
    std::int64_t version = 1;
};

}  // namespace wangge::appeals
