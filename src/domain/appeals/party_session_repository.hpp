#pragma once
// What the Party-day session service needs from storage. Implemented in portable SQL in
// storage/repositories/appeals/sql_party_session_repository.cpp. Scope is the service's business:
// it checks the session's (or community's) path before calling here. Appeals change only through
// the appeal service (AppealService::Perform / Record), never through this interface.
#include <optional>
#include <vector>

#include "common/result.hpp"
#include "domain/appeals/appeal.hpp"
#include "domain/appeals/party_session.hpp"

namespace wangge::appeals {

class PartySessionRepository {
  public:
    virtual ~PartySessionRepository() = default;

    // Inserts `session` (id ignored; status planned, no attendees). kAlreadyExists when the
    // community already has a session on that date.
    virtual Result<PartySession> CreateSession(const PartySession& session) = 0;
    // With its attendees and the community's name. kNotFound.
    virtual Result<PartySession> GetSession(std::int64_t id) = 0;
    // A community's sessions, latest date first, without attendees; at most `limit`.
    virtual Result<std::vector<PartySession>> ListSessions(std::int64_t community_id, int limit) = 0;
    // Stores title, held_on, minutes, other_attendees and the attendee list (replaced), version + 1,
    // only while the stored row has `expected_version` and is not closed; else kAborted.
    // kAlreadyExists when the new date clashes with another session of the community.
    virtual Result<PartySession> UpdateSession(const PartySession& session, std::int64_t expected_version) = 0;
    // Removes a planned session at `expected_version`; else kAborted.
    virtual Status DeleteSession(std::int64_t id, std::int64_t expected_version) = 0;

    // planned → open at `at`, recording the community ledger's current seq; kAborted unless the
    // row is planned at `expected_version`; kFailedPrecondition when another session of the
    // community is open (at most one is, enforced by a unique index).
    virtual Result<PartySession> OpenSession(std::int64_t id, std::int64_t expected_version, EpochMillis at) = 0;
    // open → closed at `at`, in one transaction with the frozen agenda `snapshot` and the ledger's
    // seq; kAborted unless the row is open at `expected_version`.
    virtual Result<PartySession> CloseSession(std::int64_t id, std::int64_t expected_version, EpochMillis at,
                                              const std::vector<AgendaEntry>& snapshot) = 0;

    // The live agenda of a community at `now`, each section at most `limit` rows:
    // kReportBack: resolved (not yet reported), oldest resolution first;
    // kToClaim: consultative and triaged, soonest due first;
    // kOverdue: triaged, claimed or in progress past due_at, except those of kToClaim, most overdue first.
    virtual Result<std::vector<Appeal>> ListAgenda(std::int64_t community_id, AgendaSection section, EpochMillis now,
                                                   int limit) = 0;
    // Appeals reported back at the session (appeals.session_id), in order of reporting.
    virtual Result<std::vector<Appeal>> ListReportedAt(std::int64_t session_id) = 0;
    // The section as frozen at closing, in agenda order (empty for kReportBack).
    virtual Result<std::vector<Appeal>> ListSnapshot(std::int64_t session_id, AgendaSection section) = 0;
    // The community's "claim" and "record" events with seq in (after_seq, up_to_seq] (no upper bound
    // when nullopt), in seq order.
    virtual Result<std::vector<AppealEvent>> ListClaimAndRecordEvents(std::int64_t community_id, std::int64_t after_seq,
                                                                      std::optional<std::int64_t> up_to_seq) = 0;
};

}  // namespace wangge::appeals
