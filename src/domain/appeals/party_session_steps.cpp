// PartySessionService: the meeting itself — open, claim for a big-committee member, raise a new
// item, close with report-back. Every change to an appeal is an AppealService step.
#include "domain/appeals/party_session_service.hpp"
#include "domain/appeals/service_checks.hpp"

namespace wangge::appeals {
namespace {

using auth::Caller;
using auth::Permission;
using internal::Require;

constexpr int kReportLimit = 100000;  // every resolved item of a community: hundreds at most
constexpr int kSnapshotLimit = 500;
constexpr int kReportAttempts = 3;

tl::unexpected<Error> Stale() {
    return Fail(ErrorCode::kAborted, "会议记录已被他人更新，请刷新后重试 (the session changed since you loaded it)",
                "version");
}

tl::unexpected<Error> NotOpen(const PartySession& session) {
    return Fail(ErrorCode::kFailedPrecondition, session.status == SessionStatus::kPlanned
                                                    ? "会议尚未开始，请先开始会议 (the session has not been opened)"
                                                    : "会议已结束 (the session is closed)");
}

}  // namespace

Result<PartySession> PartySessionService::OpenSessionForChange(const Caller& caller, std::int64_t id) {
    WANGGE_TRY(session, SessionInScope(caller, id));
    WANGGE_CHECK(Require(caller, Permission::kManageAppeals));
    if (session.status != SessionStatus::kOpen) return NotOpen(session);
    return session;
}

Result<PartySession> PartySessionService::Open(const Caller& caller, std::int64_t id, std::int64_t version) {
    WANGGE_TRY(session, SessionInScope(caller, id));
    WANGGE_CHECK(Require(caller, Permission::kManageAppeals));
    if (session.status != SessionStatus::kPlanned)
        return Fail(ErrorCode::kFailedPrecondition, "会议已开始或已结束 (the session is not planned)");
    if (version != session.version) return Stale();
    return repo_.OpenSession(id, version, clock_.Now());
}

Result<AppealView> PartySessionService::Claim(const Caller& caller, std::int64_t id, std::int64_t appeal_id,
                                              std::int64_t member_id, std::int64_t appeal_version,
                                              const std::string& note) {
    WANGGE_TRY(session, OpenSessionForChange(caller, id));
    auto appeal = appeal_repo_.GetAppeal(appeal_id);
    if (!appeal && appeal.error().code != ErrorCode::kNotFound) return Fail(appeal.error());
    if (!appeal || appeal->community_id != session.community_id || !caller.InScope(appeal->path))
        return Fail(ErrorCode::kInvalidArgument, "诉求不在本次会议的议程上 (no such appeal in this community)",
                    "appeal_id");
    if (appeal->track != Track::kConsultative)
        return Fail(ErrorCode::kFailedPrecondition,
                    "只有协商交办的诉求在党日会议上认领 (only consultative items are claimed at a session)");
    TransitionRequest request;
    request.action = Action::kClaim;
    request.version = appeal_version;
    request.note = note;
    request.member_id = member_id;
    request.session_id = session.id;
    return appeals_.Perform(caller, appeal_id, request);
}

Result<AppealView> PartySessionService::Raise(const Caller& caller, std::int64_t id, AppealDraft draft) {
    WANGGE_TRY(session, OpenSessionForChange(caller, id));
    if (draft.area_id == 0) {
        draft.area_id = session.community_id;
    } else {
        auto area = registry_.GetArea(draft.area_id);
        if (!area && area.error().code != ErrorCode::kNotFound) return Fail(area.error());
        if (!area || !registry::PathWithin(area->path, session.path))
            return Fail(ErrorCode::kInvalidArgument, "区域须在本社区内 (the area must lie in the session's community)",
                        "area_id");
    }
    draft.channel = Channel::kPartyDay;
    draft.session_id = session.id;
    return appeals_.Record(caller, draft);
}

// One report-back at the session. A concurrent change (someone reported it first, or touched it)
// is settled by re-reading: done when it is no longer resolved, else tried again on the new version.
Status PartySessionService::ReportBack(const Caller& caller, const PartySession& session, const Appeal& appeal) {
    Appeal current = appeal;
    for (int attempt = 0; attempt < kReportAttempts; ++attempt) {
        TransitionRequest request;
        request.action = Action::kReport;
        request.version = current.version;
        request.session_id = session.id;
        auto reported = appeals_.Perform(caller, current.id, request);
        if (reported) return {};
        const ErrorCode code = reported.error().code;
        if (code != ErrorCode::kAborted && code != ErrorCode::kFailedPrecondition) return Fail(reported.error());
        WANGGE_TRY(reread, appeal_repo_.GetAppeal(current.id));
        if (reread.status != AppealStatus::kResolved) return {};
        current = std::move(reread);
    }
    return Fail(ErrorCode::kAborted, "诉求 #" + std::to_string(appeal.id) +
                                         " 正被他人修改，请稍后再结束会议 (an appeal kept changing; close again)");
}

Result<PartySession> PartySessionService::Close(const Caller& caller, std::int64_t id, std::int64_t version) {
    WANGGE_TRY(session, OpenSessionForChange(caller, id));
    if (version != session.version) return Stale();
    const EpochMillis now = clock_.Now();
    WANGGE_TRY(pending, repo_.ListAgenda(session.community_id, AgendaSection::kReportBack, now, kReportLimit));
    for (const auto& appeal : pending) WANGGE_CHECK(ReportBack(caller, session, appeal));

    std::vector<AgendaEntry> snapshot;
    for (AgendaSection section : {AgendaSection::kToClaim, AgendaSection::kOverdue}) {
        WANGGE_TRY(items, repo_.ListAgenda(session.community_id, section, now, kSnapshotLimit));
        for (const auto& a : items) snapshot.push_back(AgendaEntry{section, a.id});
    }
    return repo_.CloseSession(id, version, clock_.Now(), snapshot);
}

}  // namespace wangge::appeals
