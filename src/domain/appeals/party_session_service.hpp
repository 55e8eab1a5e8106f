#pragma once
// Party-day sessions as callers see them. Reading needs read_appeals and the community in scope
// (another community's session answers kNotFound, like a missing one); every change needs
// manage_appeals. Appeals change only through AppealService — claims are its "claim" step for a
// big-committee member, new items its intake with channel party_day, report-back its "report"
// step — so the transition table, versions and the hash-chained ledger stay the single source; the
// session id goes into each event's detail, which is how the session finds them again.
//
// Closing is idempotent rather than one transaction: each report-back is its own AppealService
// step (own transaction, own ledger event, own counters), and the session turns closed only in a
// final transaction after all of them succeeded. A failure part-way leaves the session open with
// some items already reported at it (they show as such); closing again reports the rest and closes.
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/appeals/appeal_repository.hpp"
#include "domain/appeals/appeal_service.hpp"
#include "domain/appeals/party_session.hpp"
#include "domain/appeals/party_session_repository.hpp"
#include "domain/auth/user.hpp"
#include "domain/registry/registry_repository.hpp"

namespace wangge::appeals {

struct SessionDraft {
    std::optional<CivilDate> held_on;  // default: the community's next Party day
    std::string title;                 // default: "2022年4月党日说事"
};

struct SessionPatch {
    std::optional<CivilDate> held_on;
    std::optional<std::string> title, minutes, other_attendees;
    std::optional<std::vector<std::int64_t>> attendee_member_ids;  // replaces the list
};

// One item claimed at the session, read back from its "claim" event.
struct SessionClaim {
    AppealView appeal;  // as it is now
    std::int64_t member_id = 0;
    std::string member_name;
    MemberKind member_kind = MemberKind::kPartyCommittee;
    std::string unit_name;
    EpochMillis at = 0;
    std::string recorded_by;  // who entered the claim
    std::string note;
};

struct SessionAgenda {
    std::vector<AppealView> report_back;  // open: still to report and already reported here; closed: reported here
    std::vector<AppealView> to_claim;     // open: live; closed: as it stood at closing
    std::vector<AppealView> overdue;      // open: live; closed: as it stood at closing
};

struct SessionDetail {
    PartySession session;
    std::vector<SessionAction> allowed_actions;
    SessionAgenda agenda;
    std::vector<SessionClaim> claims;  // in the order they were made
    std::vector<AppealView> raised;    // items raised at the session, in order
};

struct SessionList {
    std::vector<PartySession> items;  // latest date first
    CivilDate next_party_day;         // the default date of a new session
    bool can_manage = false;
};

class PartySessionService {
  public:
    // Borrows everything, which must outlive this.
    PartySessionService(PartySessionRepository& repo, AppealRepository& appeal_repo,
                        registry::RegistryRepository& registry, AppealService& appeals, const Clock& clock);

    // kNotFound when the community is absent, outside scope or not a community/village.
    Result<SessionList> List(const auth::Caller& caller, std::int64_t community_id);
    // kInvalidArgument (held_on, title); kAlreadyExists when the community has a session that day.
    Result<PartySession> Create(const auth::Caller& caller, std::int64_t community_id, const SessionDraft& draft);
    // The session, its computed agenda, and what was claimed and raised at it.
    Result<SessionDetail> Get(const auth::Caller& caller, std::int64_t id);
    // kAborted for a stale version; kFailedPrecondition once closed; kInvalidArgument naming the field
    // (an attendee who is not an active member of the community: attendee_member_ids).
    Result<PartySession> Update(const auth::Caller& caller, std::int64_t id, std::int64_t version,
                                const SessionPatch& patch);
    // Only a planned session can be deleted (kFailedPrecondition otherwise).
    Status Delete(const auth::Caller& caller, std::int64_t id, std::int64_t version);
    // planned → open. kFailedPrecondition when not planned or another session of the community is open.
    Result<PartySession> Open(const auth::Caller& caller, std::int64_t id, std::int64_t version);
    // Claims a consultative item of the agenda for a big-committee member: AppealService's "claim"
    // with member_id and this session's id. The session must be open (kFailedPrecondition); the
    // appeal must be of the session's community (kInvalidArgument, appeal_id) and consultative
    // (kFailedPrecondition); `appeal_version` is the appeal's (kAborted when stale or lost a race).
    Result<AppealView> Claim(const auth::Caller& caller, std::int64_t id, std::int64_t appeal_id,
                             std::int64_t member_id, std::int64_t appeal_version, const std::string& note);
    // Records a new item raised at the open session: AppealService::Record with channel party_day
    // and this session's id; `draft.area_id` 0 means the community, else it must lie in it.
    Result<AppealView> Raise(const auth::Caller& caller, std::int64_t id, AppealDraft draft);
    // Reports back every resolved item of the community at this session, then closes it (see the
    // file comment). kFailedPrecondition unless open; kAborted for a stale version.
    Result<PartySession> Close(const auth::Caller& caller, std::int64_t id, std::int64_t version);

  private:
    Result<registry::Area> CommunityInScope(const auth::Caller& caller, std::int64_t id);
    Result<PartySession> SessionInScope(const auth::Caller& caller, std::int64_t id);
    Result<PartySession> OpenSessionForChange(const auth::Caller& caller, std::int64_t id);
    Result<SessionAgenda> Agenda(const auth::Caller& caller, const PartySession& session);
    Status ReadEvents(const auth::Caller& caller, const PartySession& session, SessionDetail& detail);
    Status ReportBack(const auth::Caller& caller, const PartySession& session, const Appeal& appeal);
    Result<std::vector<SessionAttendee>> Attendees(const PartySession& session, const std::vector<std::int64_t>& ids);
    AppealView View(const auth::Caller& caller, Appeal appeal) const;

    PartySessionRepository& repo_;
    AppealRepository& appeal_repo_;
    registry::RegistryRepository& registry_;
    AppealService& appeals_;
    const Clock& clock_;
};

// What `caller` may do to `session` now.
std::vector<SessionAction> AllowedSessionActions(const PartySession& session, const auth::Caller& caller);

}  // namespace wangge::appeals
