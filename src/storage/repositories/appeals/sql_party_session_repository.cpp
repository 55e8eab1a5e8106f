#include "storage/repositories/appeals/sql_party_session_repository.hpp"

#include <fmt/format.h>

#include "storage/repositories/appeals/appeal_rows.hpp"
#include "storage/repositories/read_rows.hpp"

namespace wangge::storage {
namespace {

using namespace appeals;
using namespace appeals_sql;

constexpr std::string_view kSessionColumns =
    "s.id, s.community_id, c.name, s.path, s.held_on, s.title, s.status, s.minutes, s.other_attendees, s.opened_at, "
    "s.opened_seq, s.closed_at, s.closed_seq, s.created_by, s.created_by_name, s.created_at, s.updated_at, s.version";
constexpr std::string_view kSessionFrom = "FROM party_sessions s JOIN areas c ON c.id = s.community_id";

const std::string kSelectSession = fmt::format("SELECT {} {} WHERE s.id = $1", kSessionColumns, kSessionFrom);
const std::string kListSessions =
    fmt::format("SELECT {} {} WHERE s.community_id = $1 ORDER BY s.held_on DESC, s.id DESC LIMIT $2", kSessionColumns,
                kSessionFrom);
constexpr std::string_view kInsertSession =
    "INSERT INTO party_sessions (community_id, path, held_on, title, status, minutes, other_attendees, created_by, "
    "created_by_name, created_at, updated_at, version) VALUES ($1, $2, $3, $4, 'planned', '', '', $5, $6, $7, $8, 1) "
    "RETURNING id";
constexpr std::string_view kUpdateSession =
    "UPDATE party_sessions SET held_on = $1, title = $2, minutes = $3, other_attendees = $4, updated_at = $5, "
    "version = version + 1 WHERE id = $6 AND version = $7 AND status <> 'closed'";
constexpr std::string_view kDeleteSession =
    "DELETE FROM party_sessions WHERE id = $1 AND version = $2 AND status = 'planned'";
constexpr std::string_view kSelectCommunity = "SELECT community_id FROM party_sessions WHERE id = $1";
// The ledger head's seq (0 before the community's first event).
constexpr std::string_view kLedgerSeq = "SELECT COALESCE(MAX(seq), 0) FROM appeal_ledgers WHERE community_id = $1";
constexpr std::string_view kOpenSession =
    "UPDATE party_sessions SET status = 'open', opened_at = $1, opened_seq = $2, updated_at = $1, "
    "version = version + 1 WHERE id = $3 AND version = $4 AND status = 'planned'";
constexpr std::string_view kCloseSession =
    "UPDATE party_sessions SET status = 'closed', closed_at = $1, closed_seq = $2, updated_at = $1, "
    "version = version + 1 WHERE id = $3 AND version = $4 AND status = 'open'";

constexpr std::string_view kListAttendees =
    "SELECT member_id, name, kind, unit_name FROM party_session_attendees WHERE session_id = $1 ORDER BY position";
constexpr std::string_view kDeleteAttendees = "DELETE FROM party_session_attendees WHERE session_id = $1";
constexpr std::string_view kInsertAttendee =
    "INSERT INTO party_session_attendees (session_id, member_id, position, name, kind, unit_name) "
    "VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kInsertAgendaEntry =
    "INSERT INTO party_session_agenda (session_id, section, position, appeal_id) VALUES ($1, $2, $3, $4)";

// The agenda, per section; the (community_id, status, due_at) index serves each.
const std::string kAgendaReportBack = fmt::format(
    "SELECT {} {} WHERE a.community_id = $1 AND a.status = 'resolved' ORDER BY a.resolved_at, a.id LIMIT $2",
    kAppealColumns, kAppealFrom);
const std::string kAgendaToClaim = fmt::format(
    "SELECT {} {} WHERE a.community_id = $1 AND a.status = 'triaged' AND a.track = 'consultative' "
    "ORDER BY a.due_at, a.id LIMIT $2",
    kAppealColumns, kAppealFrom);
const std::string kAgendaOverdue = fmt::format(
    "SELECT {} {} WHERE a.community_id = $1 AND a.status IN ('triaged', 'claimed', 'in_progress') AND a.due_at < $2 "
    "AND NOT (a.status = 'triaged' AND a.track = 'consultative') ORDER BY a.due_at, a.id LIMIT $3",
    kAppealColumns, kAppealFrom);
const std::string kReportedAt =
    fmt::format("SELECT {} {} WHERE a.session_id = $1 ORDER BY a.reported_at, a.id", kAppealColumns, kAppealFrom);
const std::string kSnapshot = fmt::format(
    "SELECT {} {} JOIN party_session_agenda g ON g.appeal_id = a.id WHERE g.session_id = $1 AND g.section = $2 "
    "ORDER BY g.position",
    kAppealColumns, kAppealFrom);
// $3 < 0: no upper bound (the session is still open).
const std::string kSessionEvents = fmt::format(
    "SELECT {} FROM appeal_events WHERE community_id = $1 AND seq > $2 AND ($3 < CAST(0 AS BIGINT) OR seq <= $3) "
    "AND action IN ('claim', 'record') ORDER BY seq",
    kEventColumns);

PartySession ReadSession(const Row& row) {
    PartySession s;
    s.id = row.Int(0);
    s.community_id = row.Int(1);
    s.community_name = row.Text(2);
    s.path = row.Text(3);
    s.held_on = CivilDate::ParseIso(row.Text(4)).value_or(CivilDate{});
    s.title = row.Text(5);
    s.status = ParseSessionStatus(row.Text(6)).value_or(SessionStatus::kPlanned);
    s.minutes = row.Text(7);
    s.other_attendees = row.Text(8);
    s.opened_at = OptionalInt(row, 9);
    s.opened_seq = OptionalInt(row, 10);
    s.closed_at = OptionalInt(row, 11);
    s.closed_seq = OptionalInt(row, 12);
    s.created_by = row.Int(13);
    s.created_by_name = row.Text(14);
    s.created_at = row.Int(15);
    s.updated_at = row.Int(16);
    s.version = row.Int(17);
    return s;
}

SessionAttendee ReadAttendee(const Row& row) {
    return SessionAttendee{row.Int(0), row.Text(1), ParseMemberKind(row.Text(2)).value_or(MemberKind::kPartyCommittee),
                           row.Text(3)};
}

tl::unexpected<Error> Stale() {
    return Fail(ErrorCode::kAborted, "会议记录已被他人更新，请刷新后重试 (the session changed; reload)", "version");
}

Status InsertAttendees(Connection& c, std::int64_t session_id, const std::vector<SessionAttendee>& attendees) {
    std::int64_t position = 0;
    for (const auto& a : attendees)
        WANGGE_CHECK(c.Exec(kInsertAttendee, {session_id, a.member_id, ++position, a.name,
                                              std::string(MemberKindName(a.kind)), a.unit_name}));
    return {};
}

class SqlPartySessionRepository final : public PartySessionRepository {
  public:
    explicit SqlPartySessionRepository(Database& db) : db_(db) {}

    Result<PartySession> CreateSession(const PartySession& s) override {
        std::int64_t id = 0;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(new_id, QueryInt(c, kInsertSession,
                                        {s.community_id, s.path, s.held_on.ToIso(), s.title, s.created_by,
                                         s.created_by_name, s.created_at, s.updated_at}));
            id = new_id;
            return {};
        }));
        return GetSession(id);
    }

    Result<PartySession> GetSession(std::int64_t id) override {
        std::optional<PartySession> session;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec(kSelectSession, {id}, [&](const Row& row) { session = ReadSession(row); }));
            if (!session) return {};
            WANGGE_CHECK(
                c.Exec(kListAttendees, {id}, [&](const Row& row) { session->attendees.push_back(ReadAttendee(row)); }));
            return {};
        }));
        if (!session) return Fail(ErrorCode::kNotFound, "party session not found");
        return std::move(*session);
    }

    Result<std::vector<PartySession>> ListSessions(std::int64_t community_id, int limit) override {
        return ReadAll(db_, kListSessions, {community_id, static_cast<std::int64_t>(limit)}, ReadSession);
    }

    Result<PartySession> UpdateSession(const PartySession& s, std::int64_t expected_version) override {
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(changed, c.Exec(kUpdateSession, {s.held_on.ToIso(), s.title, s.minutes, s.other_attendees,
                                                        s.updated_at, s.id, expected_version}));
            if (changed == 0) return Stale();
            WANGGE_CHECK(c.Exec(kDeleteAttendees, {s.id}));
            return InsertAttendees(c, s.id, s.attendees);
        }));
        return GetSession(s.id);
    }

    Status DeleteSession(std::int64_t id, std::int64_t expected_version) override {
        return db_.Write([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec(kDeleteAttendees, {id}));
            WANGGE_TRY(changed, c.Exec(kDeleteSession, {id, expected_version}));
            if (changed == 0) return Stale();
            return {};
        });
    }

    Result<PartySession> OpenSession(std::int64_t id, std::int64_t expected_version, EpochMillis at) override {
        auto written = db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(community_id, QueryInt(c, kSelectCommunity, {id}));
            WANGGE_TRY(seq, QueryInt(c, kLedgerSeq, {community_id}));
            WANGGE_TRY(changed, c.Exec(kOpenSession, {at, seq, id, expected_version}));
            if (changed == 0) return Stale();
            return {};
        });
        if (!written && written.error().code == ErrorCode::kAlreadyExists)
            return Fail(ErrorCode::kFailedPrecondition,
                        "本社区已有一场正在进行的党日会议，请先结束它 (another session of the community is open)");
        WANGGE_CHECK(written);
        return GetSession(id);
    }

    Result<PartySession> CloseSession(std::int64_t id, std::int64_t expected_version, EpochMillis at,
                                      const std::vector<AgendaEntry>& snapshot) override {
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(community_id, QueryInt(c, kSelectCommunity, {id}));
            WANGGE_TRY(seq, QueryInt(c, kLedgerSeq, {community_id}));
            WANGGE_TRY(changed, c.Exec(kCloseSession, {at, seq, id, expected_version}));
            if (changed == 0) return Stale();
            std::int64_t position = 0;
            for (const auto& entry : snapshot)
                WANGGE_CHECK(c.Exec(kInsertAgendaEntry,
                                    {id, std::string(AgendaSectionName(entry.section)), ++position, entry.appeal_id}));
            return {};
        }));
        return GetSession(id);
    }

    Result<std::vector<Appeal>> ListAgenda(std::int64_t community_id, AgendaSection section, EpochMillis now,
                                           int limit) override {
        const auto n = static_cast<std::int64_t>(limit);
        switch (section) {
            case AgendaSection::kReportBack:
                return ReadAll(db_, kAgendaReportBack, {community_id, n}, ReadAppeal);
            case AgendaSection::kToClaim:
                return ReadAll(db_, kAgendaToClaim, {community_id, n}, ReadAppeal);
            case AgendaSection::kOverdue:
                return ReadAll(db_, kAgendaOverdue, {community_id, now, n}, ReadAppeal);
        }
        return Fail(ErrorCode::kInternal, "unknown agenda section");
    }

    Result<std::vector<Appeal>> ListReportedAt(std::int64_t session_id) override {
        return ReadAll(db_, kReportedAt, {session_id}, ReadAppeal);
    }

    Result<std::vector<Appeal>> ListSnapshot(std::int64_t session_id, AgendaSection section) override {
        return ReadAll(db_, kSnapshot, {session_id, std::string(AgendaSectionName(section))}, ReadAppeal);
    }

    Result<std::vector<AppealEvent>> ListClaimAndRecordEvents(std::int64_t community_id, std::int64_t after_seq,
                                                              std::optional<std::int64_t> up_to_seq) override {
        return ReadAll(db_, kSessionEvents, {community_id, after_seq, up_to_seq.value_or(-1)}, ReadEvent);
    }

  private:
    Database& db_;
};

}  // namespace

std::unique_ptr<PartySessionRepository> MakeSqlPartySessionRepository(Database& db) {
    return std::make_unique<SqlPartySessionRepository>(db);
}

}  // namespace wangge::storage
