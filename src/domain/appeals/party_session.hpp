#pragma once
// Party-day sessions (党日): a community's monthly meeting where consultative items are claimed by
// big Party committee members, new items are raised, and resolved items are reported back. The
// agenda is computed from the appeals, not typed; what was claimed or raised at a session is read
// back from the ledger events, whose detail carries the session id.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "common/id_number.hpp"
#include "domain/appeals/appeal.hpp"

namespace wangge::appeals {

// planned → open → closed. Claims and new items only while open; closing reports back.
enum class SessionStatus { kPlanned, kOpen, kClosed };

std::string_view SessionStatusName(SessionStatus v);  // "planned" | "open" | "closed"
std::optional<SessionStatus> ParseSessionStatus(std::string_view name);

// The three sections of the agenda.
enum class AgendaSection {
    kReportBack,  // (a) resolved since the last session, to report back (通报办理结果)
    kToClaim,     // (b) consultative items waiting to be claimed (协商交办 待认领)
    kOverdue,     // (c) open work past its deadline
};

std::string_view AgendaSectionName(AgendaSection v);  // "report_back" | "to_claim" | "overdue"
std::optional<AgendaSection> ParseAgendaSection(std::string_view name);

// What a caller may do to a session now (drives the buttons; the service checks again).
enum class SessionAction { kUpdate, kOpen, kClaim, kRaise, kClose, kDelete };

std::string_view SessionActionName(SessionAction v);

// A big-committee member present, as they were on the day.
struct SessionAttendee {
    std::int64_t member_id = 0;
    std::string name;
    MemberKind kind = MemberKind::kPartyCommittee;
    std::string unit_name;
};

struct PartySession {
    std::int64_t id = 0;
    std::int64_t community_id = 0;
    std::string community_name;  // joined on read
    std::string path;            // the community's path: scope checks
    CivilDate held_on;           // China date
    std::string title;
    SessionStatus status = SessionStatus::kPlanned;
    std::string minutes;
    std::string other_attendees;  // free text (guests, residents, street officers)
    std::vector<SessionAttendee> attendees;
    std::optional<EpochMillis> opened_at, closed_at;
    // The community ledger's seq when the session opened and closed: events of the session lie in
    // (opened_seq, closed_seq].
    std::optional<std::int64_t> opened_seq, closed_seq;
    std::int64_t created_by = 0;
    std::string created_by_name;
    EpochMillis created_at = 0;
    EpochMillis updated_at = 0;
    std::int64_t version = 1;
};

// One agenda row frozen at closing.
struct AgendaEntry {
    AgendaSection section = AgendaSection::kToClaim;
    std::int64_t appeal_id = 0;
};

// The integer value of `key` in an event detail (EventDetail's flat JSON object), or nullopt when
// absent or not an integer. Only keys are matched, never text inside string values.
std::optional<std::int64_t> ReadDetailInt(std::string_view detail_json, std::string_view key);

// "2022年4月党日说事": the default title of a session held on `date`.
std::string DefaultSessionTitle(CivilDate date);

}  // namespace wangge::appeals
