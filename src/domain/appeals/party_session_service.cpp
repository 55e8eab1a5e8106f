// PartySessionService: listing, creating, reading (with the computed agenda) and editing sessions.
// The meeting's steps (open, claim, raise, close) are in party_session_steps.cpp.
#include "domain/appeals/party_session_service.hpp"

#include <algorithm>

#include "common/phone.hpp"
#include "domain/appeals/service_checks.hpp"

namespace wangge::appeals {
namespace {

using auth::Caller;
using auth::Permission;
using internal::CleanText;
using internal::NotFound;
using internal::Require;
using registry::Area;
using registry::AreaLevel;

constexpr int kListLimit = 200;
constexpr int kSectionLimit = 500;
constexpr std::size_t kMaxTitle = 100;
constexpr std::size_t kMaxMinutes = 20000;
constexpr std::size_t kMaxOtherAttendees = 1000;
constexpr std::size_t kMaxAttendees = 200;

}  // namespace

PartySessionService::PartySessionService(PartySessionRepository& repo, AppealRepository& appeal_repo,
                                         registry::RegistryRepository& registry, AppealService& appeals,
                                         const Clock& clock)
    : repo_(repo), appeal_repo_(appeal_repo), registry_(registry), appeals_(appeals), clock_(clock) {}

std::vector<SessionAction> AllowedSessionActions(const PartySession& session, const Caller& caller) {
    if (!caller.Can(Permission::kManageAppeals)) return {};
    switch (session.status) {
        case SessionStatus::kPlanned:
            return {SessionAction::kUpdate, SessionAction::kOpen, SessionAction::kDelete};
        case SessionStatus::kOpen:
            return {SessionAction::kUpdate, SessionAction::kClaim, SessionAction::kRaise, SessionAction::kClose};
        case SessionStatus::kClosed:
            return {};
    }
    return {};
}

Result<Area> PartySessionService::CommunityInScope(const Caller& caller, std::int64_t id) {
    WANGGE_CHECK(Require(caller, Permission::kReadAppeals));
    auto area = registry_.GetArea(id);
    if (!area && area.error().code != ErrorCode::kNotFound) return area;
    if (!area || !caller.InScope(area->path) ||
        (area->level != AreaLevel::kCommunity && area->level != AreaLevel::kVillage))
        return NotFound("社区", "community");
    return area;
}

Result<PartySession> PartySessionService::SessionInScope(const Caller& caller, std::int64_t id) {
    WANGGE_CHECK(Require(caller, Permission::kReadAppeals));
    auto session = repo_.GetSession(id);
    if (!session && session.error().code != ErrorCode::kNotFound) return session;
    if (!session || !caller.InScope(session->path)) return NotFound("党日会议", "party session");
    return session;
}

AppealView PartySessionService::View(const Caller& caller, Appeal appeal) const {
    return ShowAppeal(caller, std::move(appeal), clock_.Now());
}

Result<SessionList> PartySessionService::List(const Caller& caller, std::int64_t community_id) {
    WANGGE_TRY(community, CommunityInScope(caller, community_id));
    WANGGE_TRY(settings, appeals_.GetSettings(caller, community.id));
    WANGGE_TRY(items, repo_.ListSessions(community.id, kListLimit));
    return SessionList{std::move(items), settings.next_party_day, caller.Can(Permission::kManageAppeals)};
}

Result<PartySession> PartySessionService::Create(const Caller& caller, std::int64_t community_id,
                                                 const SessionDraft& draft) {
    WANGGE_TRY(community, CommunityInScope(caller, community_id));
    WANGGE_CHECK(Require(caller, Permission::kManageAppeals));
    PartySession session;
    if (draft.held_on) {
        if (!draft.held_on->IsValid())
            return Fail(ErrorCode::kInvalidArgument, "日期无效 (held_on is not a valid date)", "held_on");
        session.held_on = *draft.held_on;
    } else {
        WANGGE_TRY(settings, appeals_.GetSettings(caller, community.id));
        session.held_on = settings.next_party_day;
    }
    WANGGE_TRY(title, CleanText(draft.title, "title", kMaxTitle, false));
    const EpochMillis now = clock_.Now();
    session.community_id = community.id;
    session.community_name = community.name;
    session.path = community.path;
    session.title = title.empty() ? DefaultSessionTitle(session.held_on) : std::move(title);
    session.status = SessionStatus::kPlanned;
    session.created_by = caller.user_id;
    session.created_by_name = internal::ActorName(caller);
    session.created_at = now;
    session.updated_at = now;
    auto created = repo_.CreateSession(session);
    if (!created && created.error().code == ErrorCode::kAlreadyExists)
        return Fail(ErrorCode::kAlreadyExists,
                    "该社区当天已有党日会议 (the community already has a session on " + session.held_on.ToIso() + ")",
                    "held_on");
    return created;
}

Result<SessionAgenda> PartySessionService::Agenda(const Caller& caller, const PartySession& session) {
    SessionAgenda agenda;
    const auto views = [&](std::vector<Appeal> appeals) {
        std::vector<AppealView> out;
        out.reserve(appeals.size());
        for (auto& a : appeals) out.push_back(View(caller, std::move(a)));
        return out;
    };
    WANGGE_TRY(reported, repo_.ListReportedAt(session.id));
    if (session.status == SessionStatus::kClosed) {
        WANGGE_TRY(to_claim, repo_.ListSnapshot(session.id, AgendaSection::kToClaim));
        WANGGE_TRY(overdue, repo_.ListSnapshot(session.id, AgendaSection::kOverdue));
        agenda.report_back = views(std::move(reported));
        agenda.to_claim = views(std::move(to_claim));
        agenda.overdue = views(std::move(overdue));
        return agenda;
    }
    const EpochMillis now = clock_.Now();
    WANGGE_TRY(pending, repo_.ListAgenda(session.community_id, AgendaSection::kReportBack, now, kSectionLimit));
    WANGGE_TRY(to_claim, repo_.ListAgenda(session.community_id, AgendaSection::kToClaim, now, kSectionLimit));
    WANGGE_TRY(overdue, repo_.ListAgenda(session.community_id, AgendaSection::kOverdue, now, kSectionLimit));
    // Already reported here first (a close that stopped part-way), then what is still to report.
    reported.insert(reported.end(), std::make_move_iterator(pending.begin()), std::make_move_iterator(pending.end()));
    agenda.report_back = views(std::move(reported));
    agenda.to_claim = views(std::move(to_claim));
    agenda.overdue = views(std::move(overdue));
    return agenda;
}

// Claims and new items of the session, from the community's ledger events since it opened.
Status PartySessionService::ReadEvents(const Caller& caller, const PartySession& session, SessionDetail& detail) {
    if (!session.opened_seq) return {};
    WANGGE_TRY(events, repo_.ListClaimAndRecordEvents(session.community_id, *session.opened_seq, session.closed_seq));
    for (const auto& e : events) {
        if (ReadDetailInt(e.detail, "session_id") != session.id) continue;
        auto appeal = appeal_repo_.GetAppeal(e.appeal_id);
        if (!appeal) return Fail(appeal.error());
        if (e.action == ActionName(Action::kRecord)) {
            detail.raised.push_back(View(caller, std::move(*appeal)));
            continue;
        }
        SessionClaim claim;
        claim.member_id = ReadDetailInt(e.detail, "member_id").value_or(0);
        if (claim.member_id != 0) {
            auto member = appeal_repo_.GetMember(claim.member_id);
            if (!member && member.error().code != ErrorCode::kNotFound) return Fail(member.error());
            if (member) {
                claim.member_name = member->name;
                claim.member_kind = member->kind;
                claim.unit_name = member->unit_name;
            }
        }
        claim.at = e.at;
        claim.recorded_by = e.actor_name;
        claim.note = e.note;
        claim.appeal = View(caller, std::move(*appeal));
        detail.claims.push_back(std::move(claim));
    }
    return {};
}

Result<SessionDetail> PartySessionService::Get(const Caller& caller, std::int64_t id) {
    WANGGE_TRY(session, SessionInScope(caller, id));
    SessionDetail detail;
    WANGGE_TRY(agenda, Agenda(caller, session));
    detail.agenda = std::move(agenda);
    WANGGE_CHECK(ReadEvents(caller, session, detail));
    detail.allowed_actions = AllowedSessionActions(session, caller);
    detail.session = std::move(session);
    return detail;
}

Result<std::vector<SessionAttendee>> PartySessionService::Attendees(const PartySession& session,
                                                                    const std::vector<std::int64_t>& ids) {
    if (ids.size() > kMaxAttendees)
        return Fail(ErrorCode::kInvalidArgument, "出席人数过多 (too many attendees)", "attendee_member_ids");
    std::vector<SessionAttendee> out;
    for (std::int64_t id : ids) {
        if (std::any_of(out.begin(), out.end(), [&](const SessionAttendee& a) { return a.member_id == id; })) continue;
        // Someone already on the list stays as recorded on the day, even if removed from the register since.
        auto kept = std::find_if(session.attendees.begin(), session.attendees.end(),
                                 [&](const SessionAttendee& a) { return a.member_id == id; });
        if (kept != session.attendees.end()) {
            out.push_back(*kept);
            continue;
        }
        auto member = appeal_repo_.GetMember(id);
        if (!member && member.error().code != ErrorCode::kNotFound) return Fail(member.error());
        if (!member || !member->active || member->community_id != session.community_id)
            return Fail(ErrorCode::kInvalidArgument,
                        "出席人须为本社区大党委成员 (attendee " + std::to_string(id) +
                            " is not a committee member of the community)",
                        "attendee_member_ids");
        out.push_back(SessionAttendee{member->id, member->name, member->kind, member->unit_name});
    }
    return out;
}

Result<PartySession> PartySessionService::Update(const Caller& caller, std::int64_t id, std::int64_t version,
                                                 const SessionPatch& patch) {
    WANGGE_TRY(session, SessionInScope(caller, id));
    WANGGE_CHECK(Require(caller, Permission::kManageAppeals));
    if (session.status == SessionStatus::kClosed)
        return Fail(ErrorCode::kFailedPrecondition, "会议已结束，记录不能再修改 (the session is closed)");
    if (version != session.version)
        return Fail(ErrorCode::kAborted, "会议记录已被他人更新，请刷新后重试 (the session changed since you loaded it)",
                    "version");
    if (patch.held_on) {
        if (!patch.held_on->IsValid())
            return Fail(ErrorCode::kInvalidArgument, "日期无效 (held_on is not a valid date)", "held_on");
        session.held_on = *patch.held_on;
    }
    if (patch.title) {
        WANGGE_TRY(title, CleanText(*patch.title, "title", kMaxTitle, true));
        session.title = std::move(title);
    }
    if (patch.minutes) {
        // Minutes keep their inner layout; only the ends are trimmed.
        WANGGE_TRY(minutes, CleanText(*patch.minutes, "minutes", kMaxMinutes, false));
        session.minutes = std::move(minutes);
    }
    if (patch.other_attendees) {
        WANGGE_TRY(others, CleanText(*patch.other_attendees, "other_attendees", kMaxOtherAttendees, false));
        session.other_attendees = std::move(others);
    }
    if (patch.attendee_member_ids) {
        WANGGE_TRY(attendees, Attendees(session, *patch.attendee_member_ids));
        session.attendees = std::move(attendees);
    }
    session.updated_at = clock_.Now();
    auto updated = repo_.UpdateSession(session, version);
    if (!updated && updated.error().code == ErrorCode::kAlreadyExists)
        return Fail(ErrorCode::kAlreadyExists,
                    "该社区当天已有党日会议 (the community already has a session on " + session.held_on.ToIso() + ")",
                    "held_on");
    return updated;
}

Status PartySessionService::Delete(const Caller& caller, std::int64_t id, std::int64_t version) {
    WANGGE_TRY(session, SessionInScope(caller, id));
    WANGGE_CHECK(Require(caller, Permission::kManageAppeals));
    if (session.status != SessionStatus::kPlanned)
        return Fail(ErrorCode::kFailedPrecondition, "只能删除尚未开始的会议 (only a planned session can be deleted)");
    if (version != session.version)
        return Fail(ErrorCode::kAborted, "会议记录已被他人更新，请刷新后重试 (the session changed since you loaded it)",
                    "version");
    return repo_.DeleteSession(id, version);
}

}  // namespace wangge::appeals
