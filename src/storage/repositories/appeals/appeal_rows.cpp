#include "storage/repositories/appeals/appeal_rows.hpp"

#include "domain/appeals/ledger.hpp"
#include "storage/repositories/appeals/appeal_figures_counter.hpp"

namespace wangge::storage::appeals_sql {
namespace {

using namespace appeals;

constexpr std::string_view kEnsureLedger =
    "INSERT INTO appeal_ledgers (community_id, seq, head_hash) VALUES ($1, 0, '') "
    "ON CONFLICT (community_id) DO NOTHING";
// On PostgreSQL the UPDATE locks the head row until commit, so concurrent appends in one community
// queue here and each sees the seq and hash its predecessor committed.
constexpr std::string_view kAdvanceLedger =
    "UPDATE appeal_ledgers SET seq = seq + 1 WHERE community_id = $1 RETURNING seq, head_hash";
constexpr std::string_view kInsertEvent =
    "INSERT INTO appeal_events (community_id, seq, appeal_id, at, actor_id, actor_name, action, from_status, "
    "to_status, note, detail, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
    "RETURNING id";
constexpr std::string_view kSetLedgerHead = "UPDATE appeal_ledgers SET head_hash = $1 WHERE community_id = $2";

}  // namespace

Appeal ReadAppeal(const Row& row) {
    Appeal a;
    a.id = row.Int(0);
    a.community_id = row.Int(1);
    a.community_name = row.Text(2);
    a.area_id = row.Int(3);
    a.area_name = row.Text(4);
    a.area_level = row.Text(5);
    a.path = row.Text(6);
    a.building_id = OptionalInt(row, 7);
    a.household_id = OptionalInt(row, 8);
    a.channel = ParseChannel(row.Text(9)).value_or(Channel::kWalkIn);
    a.category_id = row.Int(10);
    a.category_name = row.Text(11);
    a.description = row.Text(12);
    a.reporter.kind = ParseReporterKind(row.Text(13)).value_or(ReporterKind::kAnonymous);
    a.reporter.resident_id = OptionalInt(row, 14);
    a.reporter.name = row.Text(15);
    a.reporter.phone = row.Text(16);
    a.track = ParseTrack(row.Text(17)).value_or(Track::kNone);
    a.status = ParseStatus(row.Text(18)).value_or(AppealStatus::kRecorded);
    if (!row.IsNull(19)) a.suspended_from = ParseStatus(row.Text(19));
    a.claimer.kind = ParseClaimerKind(row.Text(20)).value_or(ClaimerKind::kNone);
    a.claimer.id = row.Int(21);
    a.claimer.name = row.Text(22);
    a.due_at = OptionalInt(row, 23);
    a.due_from = OptionalInt(row, 24);
    a.round = static_cast<int>(row.Int(25));
    a.evaluation = ParseEvaluation(row.Text(26)).value_or(Evaluation::kNone);
    a.resolved_at = OptionalInt(row, 27);
    a.reported_at = OptionalInt(row, 28);
    a.session_id = OptionalInt(row, 29);
    a.merged_into_id = OptionalInt(row, 30);
    a.recorded_by = row.Int(31);
    a.recorded_by_name = row.Text(32);
    a.created_at = row.Int(33);
    a.updated_at = row.Int(34);
    a.version = row.Int(35);
    return a;
}

Params AppealInsertParams(const Appeal& a) {
    Params p{a.community_id,
             a.area_id,
             a.path,
             IntOrNull(a.building_id),
             IntOrNull(a.household_id),
             std::string(ChannelName(a.channel)),
             a.category_id,
             a.description,
             std::string(ReporterKindName(a.reporter.kind)),
             IntOrNull(a.reporter.resident_id),
             a.reporter.name,
             a.reporter.phone};
    Params update = AppealUpdateParams(a);
    // The update list's first 14 fields follow the reporter in the INSERT order; updated_at comes last.
    p.insert(p.end(), update.begin(), update.begin() + 14);
    p.insert(p.end(), {a.recorded_by, a.recorded_by_name, a.created_at, a.updated_at, a.version});
    return p;
}

Params AppealUpdateParams(const Appeal& a) {
    const bool claimed = a.claimer.kind != ClaimerKind::kNone;
    return {std::string(TrackName(a.track)),
            std::string(StatusName(a.status)),
            a.suspended_from ? Value{std::string(StatusName(*a.suspended_from))} : Null(),
            std::string(ClaimerKindName(a.claimer.kind)),
            claimed ? Value{a.claimer.id} : Null(),
            a.claimer.name,
            IntOrNull(a.due_at),
            IntOrNull(a.due_from),
            static_cast<std::int64_t>(a.round),
            std::string(EvaluationName(a.evaluation)),
            IntOrNull(a.resolved_at),
            IntOrNull(a.reported_at),
            IntOrNull(a.session_id),
            IntOrNull(a.merged_into_id),
            a.updated_at};
}

AppealEvent ReadEvent(const Row& row) {
    AppealEvent e;
    e.id = row.Int(0);
    e.community_id = row.Int(1);
    e.seq = row.Int(2);
    e.appeal_id = row.Int(3);
    e.at = row.Int(4);
    e.actor_id = row.Int(5);
    e.actor_name = row.Text(6);
    e.action = row.Text(7);
    e.from_status = row.Text(8);
    e.to_status = row.Text(9);
    e.note = row.Text(10);
    e.detail = row.Text(11);
    e.prev_hash = row.Text(12);
    e.hash = row.Text(13);
    return e;
}

CommitteeMember ReadMember(const Row& row) {
    CommitteeMember m;
    m.id = row.Int(0);
    m.community_id = row.Int(1);
    m.name = row.Text(2);
    m.kind = ParseMemberKind(row.Text(3)).value_or(MemberKind::kPartyCommittee);
    m.unit_name = row.Text(4);
    m.phone = row.Text(5);
    m.active = row.Int(6) != 0;
    m.created_at = row.Int(7);
    m.version = row.Int(8);
    return m;
}

Result<AppealEvent> AppendEvent(Connection& conn, AppealEvent event) {
    WANGGE_CHECK(conn.Exec(kEnsureLedger, {event.community_id}));
    bool advanced = false;
    WANGGE_CHECK(conn.Exec(kAdvanceLedger, {event.community_id}, [&](const Row& row) {
        event.seq = row.Int(0);
        event.prev_hash = row.Text(1);
        advanced = true;
    }));
    if (!advanced) return Fail(ErrorCode::kInternal, "appeal ledger head missing");
    event.hash = ChainHash(event.prev_hash, event);
    WANGGE_TRY(id, QueryInt(conn, kInsertEvent,
                            {event.community_id, event.seq, event.appeal_id, event.at, event.actor_id, event.actor_name,
                             event.action, event.from_status, event.to_status, event.note, event.detail,
                             event.prev_hash, event.hash}));
    event.id = id;
    WANGGE_CHECK(conn.Exec(kSetLedgerHead, {event.hash, event.community_id}));
    // The figures move with every event, in this same transaction.
    WANGGE_CHECK(CountAppealEvent(conn, event));
    return event;
}

}  // namespace wangge::storage::appeals_sql
