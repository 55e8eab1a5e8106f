// Contract suite: Party-day sessions — the session service over the SQL repositories on SQLite and
// PostgreSQL: the computed agenda, claims and new items through the appeal workflow, closing with
// report-back (and finishing a close that failed part-way), one open session per community, scope.
#include "domain/appeals/party_session_service.hpp"
#include "storage/repositories/appeals/appeal_contract_fixture.hpp"
#include "storage/repositories/appeals/sql_party_session_repository.hpp"

namespace wangge::storage::appeals_testing {
namespace {

class PartySessionTest : public AppealContractTest {
  protected:
    void SetUp() override {
        AppealContractTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        session_repo_ = MakeSqlPartySessionRepository(db());
        sessions_ = std::make_unique<PartySessionService>(*session_repo_, *repo_, *registry_, *service_, clock_);
        property_ = AddMember("李明", MemberKind::kPropertyManagement, "华光物业");
        owners_ = AddMember("赵芳", MemberKind::kOwnersCommittee, "");
    }

    CommitteeMember AddMember(std::string name, MemberKind kind, std::string unit, const Area* community = nullptr) {
        MemberDraft d{std::move(name), kind, std::move(unit), ""};
        auto m = service_->AddMember(community == &huagong_ ? huagong_manager_ : manager_,
                                     community ? community->id : xintie_.id, d);
        EXPECT_TRUE(m) << m.error().message;
        return m ? *m : CommitteeMember{};
    }

    PartySession Created(std::optional<CivilDate> on = std::nullopt) {
        auto s = sessions_->Create(manager_, xintie_.id, SessionDraft{on, ""});
        EXPECT_TRUE(s) << s.error().message;
        return s ? *s : PartySession{};
    }

    PartySession Opened(std::optional<CivilDate> on = std::nullopt) {
        auto s = Created(on);
        auto o = sessions_->Open(manager_, s.id, s.version);
        EXPECT_TRUE(o) << o.error().message;
        return o ? *o : PartySession{};
    }

    Appeal Resolved(Track track = Track::kImmediate) {
        auto a = Triaged(manager_, grid_, track);
        a = Must(Step(grid_worker_, a, Action::kClaim));
        return Must(Step(grid_worker_, a, Action::kResolve, "已处理"));
    }

    Appeal HuagongConsultative() {
        auto a = Record(huagong_manager_, huagong_).appeal;
        return Must(Step(huagong_manager_, a, Action::kTriage, "",
                         [](TransitionRequest& t) { t.track = Track::kConsultative; }));
    }

    SessionDetail Detail(std::int64_t id) {
        auto d = sessions_->Get(manager_, id);
        EXPECT_TRUE(d) << d.error().message;
        return d ? *d : SessionDetail{};
    }

    static std::vector<std::int64_t> Ids(const std::vector<AppealView>& views) {
        std::vector<std::int64_t> out;
        for (const auto& v : views) out.push_back(v.appeal.id);
        return out;
    }

    std::unique_ptr<PartySessionRepository> session_repo_;
    std::unique_ptr<PartySessionService> sessions_;
    CommitteeMember property_, owners_;
};

TEST_P(PartySessionTest, ANewSessionDefaultsToTheNextPartyDay) {
    auto s = Created();
    EXPECT_EQ(s.held_on, (CivilDate{2022, 4, 29})) << "the last Friday of April 2022";
    EXPECT_EQ(s.title, "2022年4月党日说事");
    EXPECT_EQ(s.status, SessionStatus::kPlanned);
    EXPECT_EQ(s.community_name, "新铁社区");
    EXPECT_EQ(s.created_by_name, "用户1");

    auto again = sessions_->Create(manager_, xintie_.id, SessionDraft{});
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kAlreadyExists);
    EXPECT_EQ(again.error().field, "held_on");

    auto may = sessions_->Create(manager_, xintie_.id, SessionDraft{CivilDate{2022, 5, 27}, "五月党日"});
    ASSERT_TRUE(may) << may.error().message;
    EXPECT_EQ(may->title, "五月党日");
    auto bad = sessions_->Create(manager_, xintie_.id, SessionDraft{CivilDate{2022, 2, 30}, ""});
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().field, "held_on");

    auto list = sessions_->List(manager_, xintie_.id);
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(list->items.size(), 2u);
    EXPECT_EQ(list->items[0].held_on, (CivilDate{2022, 5, 27})) << "latest first";
    EXPECT_EQ(list->next_party_day, (CivilDate{2022, 4, 29}));
    EXPECT_TRUE(list->can_manage);
}

TEST_P(PartySessionTest, TheAgendaIsComputedFromTheAppeals) {
    auto resolved = Resolved();
    auto to_claim = Triaged(manager_, grid_, Track::kConsultative);
    auto late = Must(Step(grid_worker_, Triaged(manager_, grid_, Track::kImmediate), Action::kClaim));
    Record(manager_, xintie_, "刚登记，尚未分类");
    auto elsewhere = HuagongConsultative();
    auto s = Created();

    auto d = Detail(s.id);
    EXPECT_EQ(Ids(d.agenda.report_back), std::vector<std::int64_t>{resolved.id});
    EXPECT_EQ(Ids(d.agenda.to_claim), std::vector<std::int64_t>{to_claim.id});
    EXPECT_TRUE(d.agenda.overdue.empty());
    EXPECT_EQ(d.allowed_actions,
              (std::vector<SessionAction>{SessionAction::kUpdate, SessionAction::kOpen, SessionAction::kDelete}));

    // Past both deadlines (4-29 for the immediate item, 5-27 for the consultative one) the claimed
    // item is overdue; the unclaimed consultative one stays in "to claim" only (with a red band).
    clock_.Advance(45 * kDay);
    d = Detail(s.id);
    EXPECT_EQ(Ids(d.agenda.overdue), std::vector<std::int64_t>{late.id});
    ASSERT_EQ(d.agenda.overdue.size(), 1u);
    EXPECT_EQ(d.agenda.overdue[0].band, Band::kRed);
    EXPECT_EQ(Ids(d.agenda.to_claim), std::vector<std::int64_t>{to_claim.id});
    EXPECT_EQ(d.agenda.to_claim[0].band, Band::kRed);
    (void)elsewhere;
}

TEST_P(PartySessionTest, AClaimAtTheSessionIsTheWorkflowsClaimForAMember) {
    auto item = Triaged(manager_, grid_, Track::kConsultative);
    auto immediate = Triaged(manager_, grid_, Track::kImmediate);
    auto s = Created();

    auto early = sessions_->Claim(manager_, s.id, item.id, property_.id, item.version, "");
    ASSERT_FALSE(early);
    EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition) << "not open yet";

    s = *sessions_->Open(manager_, s.id, s.version);
    EXPECT_EQ(s.status, SessionStatus::kOpen);
    ASSERT_TRUE(s.opened_seq);

    auto stale = sessions_->Claim(manager_, s.id, item.id, property_.id, item.version - 1, "");
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::kAborted);
    auto not_consultative = sessions_->Claim(manager_, s.id, immediate.id, property_.id, immediate.version, "");
    ASSERT_FALSE(not_consultative);
    EXPECT_EQ(not_consultative.error().code, ErrorCode::kFailedPrecondition);
    auto other = HuagongConsultative();
    auto foreign = sessions_->Claim(manager_, s.id, other.id, property_.id, other.version, "");
    ASSERT_FALSE(foreign);
    EXPECT_EQ(foreign.error().field, "appeal_id");
    auto huagong_member = AddMember("钱伟", MemberKind::kUnitInArea, "华工医院", &huagong_);
    auto wrong_member = sessions_->Claim(manager_, s.id, item.id, huagong_member.id, item.version, "");
    ASSERT_FALSE(wrong_member);
    EXPECT_EQ(wrong_member.error().field, "member_id");
    auto not_manager = sessions_->Claim(grid_worker_, s.id, item.id, property_.id, item.version, "");
    ASSERT_FALSE(not_manager);
    EXPECT_EQ(not_manager.error().code, ErrorCode::kNotFound) << "the grid worker's scope has no session";

    auto claimed = sessions_->Claim(manager_, s.id, item.id, property_.id, item.version, "物业负责修路");
    ASSERT_TRUE(claimed) << claimed.error().message;
    EXPECT_EQ(claimed->appeal.status, AppealStatus::kClaimed);
    EXPECT_EQ(claimed->appeal.claimer.kind, ClaimerKind::kMember);
    EXPECT_EQ(claimed->appeal.claimer.name, "李明");

    auto timeline = service_->Get(manager_, item.id);
    ASSERT_TRUE(timeline);
    const auto& event = timeline->events.back();
    EXPECT_EQ(event.action, "claim");
    EXPECT_EQ(ReadDetailInt(event.detail, "session_id"), s.id) << event.detail;
    EXPECT_EQ(ReadDetailInt(event.detail, "member_id"), property_.id);

    auto d = Detail(s.id);
    EXPECT_TRUE(d.agenda.to_claim.empty());
    ASSERT_EQ(d.claims.size(), 1u);
    EXPECT_EQ(d.claims[0].appeal.appeal.id, item.id);
    EXPECT_EQ(d.claims[0].member_name, "李明");
    EXPECT_EQ(d.claims[0].unit_name, "华光物业");
    EXPECT_EQ(d.claims[0].member_kind, MemberKind::kPropertyManagement);
    EXPECT_EQ(d.claims[0].note, "物业负责修路");
    EXPECT_EQ(d.claims[0].recorded_by, "用户1");

    // The same item claimed again: the workflow refuses (it is claimed now).
    auto twice = sessions_->Claim(manager_, s.id, item.id, owners_.id, claimed->appeal.version, "");
    ASSERT_FALSE(twice);
    EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(PartySessionTest, AnItemRaisedOnTheSpotIsRecordedWithChannelPartyDay) {
    auto s = Opened();
    AppealDraft d;
    d.category_id = category_;
    d.description = "小区东门路灯不亮";
    auto raised = sessions_->Raise(manager_, s.id, d);
    ASSERT_TRUE(raised) << raised.error().message;
    EXPECT_EQ(raised->appeal.channel, Channel::kPartyDay);
    EXPECT_EQ(raised->appeal.area_id, xintie_.id);
    EXPECT_EQ(raised->appeal.status, AppealStatus::kRecorded);
    auto timeline = service_->Get(manager_, raised->appeal.id);
    ASSERT_TRUE(timeline);
    EXPECT_EQ(ReadDetailInt(timeline->events.front().detail, "session_id"), s.id);

    d.area_id = grid_.id;
    auto in_grid = sessions_->Raise(manager_, s.id, d);
    ASSERT_TRUE(in_grid) << in_grid.error().message;
    EXPECT_EQ(in_grid->appeal.area_id, grid_.id);
    d.area_id = huagong_.id;
    auto outside = sessions_->Raise(manager_, s.id, d);
    ASSERT_FALSE(outside);
    EXPECT_EQ(outside.error().field, "area_id");
    d.area_id = 0;
    d.description = "";
    auto empty = sessions_->Raise(manager_, s.id, d);
    ASSERT_FALSE(empty);
    EXPECT_EQ(empty.error().field, "description");

    // An appeal recorded through ordinary intake meanwhile is not "raised at the session".
    Record(manager_, grid_, "普通登记");
    auto detail = Detail(s.id);
    ASSERT_EQ(detail.raised.size(), 2u);
    EXPECT_EQ(detail.raised[0].appeal.id, raised->appeal.id);
    EXPECT_EQ(detail.raised[1].appeal.id, in_grid->appeal.id);
}

TEST_P(PartySessionTest, ClosingReportsBackAndFreezesTheSession) {
    auto first = Resolved();
    auto second = Resolved(Track::kConsultative);
    auto waiting = Triaged(manager_, grid_, Track::kConsultative);
    auto s = Opened();
    auto stale = sessions_->Close(manager_, s.id, s.version - 1);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::kAborted);
    auto not_manager =
        sessions_->Close(Caller{9, "i", "督查", Role::kInspector, xintie_.id, xintie_.path}, s.id, s.version);
    ASSERT_FALSE(not_manager);
    EXPECT_EQ(not_manager.error().code, ErrorCode::kPermissionDenied);

    clock_.Advance(kDay);
    auto closed = sessions_->Close(manager_, s.id, s.version);
    ASSERT_TRUE(closed) << closed.error().message;
    EXPECT_EQ(closed->status, SessionStatus::kClosed);
    ASSERT_TRUE(closed->closed_at);
    for (const auto& a : {first, second}) {
        auto now = service_->Get(manager_, a.id);
        ASSERT_TRUE(now);
        EXPECT_EQ(now->view.appeal.status, AppealStatus::kReported);
        EXPECT_EQ(now->view.appeal.session_id, s.id);
        EXPECT_EQ(now->events.back().action, "report");
        EXPECT_EQ(ReadDetailInt(now->events.back().detail, "session_id"), s.id);
    }
    auto reports = VerifyLedgers(*repo_, xintie_.id);
    ASSERT_TRUE(reports);
    EXPECT_TRUE(reports->front().ok());

    auto d = Detail(s.id);
    EXPECT_EQ(Ids(d.agenda.report_back), (std::vector<std::int64_t>{first.id, second.id}));
    EXPECT_EQ(Ids(d.agenda.to_claim), std::vector<std::int64_t>{waiting.id}) << "as it stood at closing";
    EXPECT_TRUE(d.allowed_actions.empty());

    // After closing, the frozen agenda stays put while the live one moves on.
    Must(Step(grid_worker_, waiting, Action::kClaim));
    d = Detail(s.id);
    EXPECT_EQ(Ids(d.agenda.to_claim), std::vector<std::int64_t>{waiting.id});
    auto next = Created(CivilDate{2022, 5, 27});
    EXPECT_TRUE(Detail(next.id).agenda.report_back.empty()) << "reported items are not reported twice";

    SessionPatch patch;
    patch.minutes = "补记";
    auto edit = sessions_->Update(manager_, s.id, closed->version, patch);
    ASSERT_FALSE(edit);
    EXPECT_EQ(edit.error().code, ErrorCode::kFailedPrecondition);
    auto again = sessions_->Close(manager_, s.id, closed->version);
    ASSERT_FALSE(again);
    EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
    auto late_claim = sessions_->Claim(manager_, s.id, waiting.id, property_.id, waiting.version, "");
    ASSERT_FALSE(late_claim);
    EXPECT_EQ(late_claim.error().code, ErrorCode::kFailedPrecondition);
}

// A failure in the middle of closing (here: the database refuses to update one appeal) leaves the
// session open, the items reported so far reported at it, and nothing half-done; closing again
// finishes the job.
TEST_P(PartySessionTest, ACloseThatFailsPartWayIsFinishedByClosingAgain) {
    auto first = Resolved();
    auto second = Resolved();
    auto s = Opened();
    const std::string id = std::to_string(second.id);
    const bool pg = db().backend() == Backend::kPostgres;
    ASSERT_TRUE(db().Write([&](Connection& c) {
        return pg ? c.ExecScript(
                        "CREATE FUNCTION wangge_test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION "
                        "'injected failure'; END $$ LANGUAGE plpgsql; CREATE TRIGGER wangge_test_refuse BEFORE UPDATE "
                        "ON appeals FOR EACH ROW WHEN (NEW.id = " +
                        id + ") EXECUTE FUNCTION wangge_test_refuse()")
                  : c.ExecScript("CREATE TRIGGER wangge_test_refuse BEFORE UPDATE ON appeals WHEN NEW.id = " + id +
                                 " BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    }));

    auto failed = sessions_->Close(manager_, s.id, s.version);
    ASSERT_FALSE(failed);
    EXPECT_NE(failed.error().code, ErrorCode::kAborted);
    auto d = Detail(s.id);
    EXPECT_EQ(d.session.status, SessionStatus::kOpen);
    EXPECT_EQ(d.session.version, s.version);
    EXPECT_EQ(Ids(d.agenda.report_back), (std::vector<std::int64_t>{first.id, second.id}));
    EXPECT_EQ(d.agenda.report_back[0].appeal.status, AppealStatus::kReported);
    EXPECT_EQ(d.agenda.report_back[1].appeal.status, AppealStatus::kResolved);

    ASSERT_TRUE(db().Write([&](Connection& c) {
        return c.ExecScript(pg ? "DROP TRIGGER wangge_test_refuse ON appeals" : "DROP TRIGGER wangge_test_refuse");
    }));
    auto closed = sessions_->Close(manager_, s.id, s.version);
    ASSERT_TRUE(closed) << closed.error().message;
    EXPECT_EQ(closed->status, SessionStatus::kClosed);
    d = Detail(s.id);
    ASSERT_EQ(d.agenda.report_back.size(), 2u);
    for (const auto& v : d.agenda.report_back) EXPECT_EQ(v.appeal.status, AppealStatus::kReported);
    auto timeline = service_->Get(manager_, first.id);
    ASSERT_TRUE(timeline);
    EXPECT_EQ(std::count_if(timeline->events.begin(), timeline->events.end(),
                            [](const AppealEvent& e) { return e.action == "report"; }),
              1)
        << "reported once, not again on the second close";
    auto reports = VerifyLedgers(*repo_, xintie_.id);
    ASSERT_TRUE(reports);
    EXPECT_TRUE(reports->front().ok());
}

TEST_P(PartySessionTest, OneOpenSessionPerCommunity) {
    auto april = Opened();
    auto may = Created(CivilDate{2022, 5, 27});
    auto second = sessions_->Open(manager_, may.id, may.version);
    ASSERT_FALSE(second);
    EXPECT_EQ(second.error().code, ErrorCode::kFailedPrecondition);
    auto reopen = sessions_->Open(manager_, april.id, april.version);
    ASSERT_FALSE(reopen);
    EXPECT_EQ(reopen.error().code, ErrorCode::kFailedPrecondition);
    auto huagong = sessions_->Create(huagong_manager_, huagong_.id, SessionDraft{});
    ASSERT_TRUE(huagong);
    EXPECT_TRUE(sessions_->Open(huagong_manager_, huagong->id, huagong->version)) << "another community may";
    ASSERT_TRUE(sessions_->Close(manager_, april.id, april.version));
    EXPECT_TRUE(sessions_->Open(manager_, may.id, may.version));
}

TEST_P(PartySessionTest, AttendeesMinutesAndVersions) {
    auto s = Opened();
    SessionPatch patch;
    patch.attendee_member_ids = std::vector<std::int64_t>{owners_.id, property_.id, owners_.id};
    patch.other_attendees = "  街道办 王科长\n居民代表 3 人 ";
    patch.minutes = "一、通报上月办理结果\n二、协商交办";
    auto updated = sessions_->Update(manager_, s.id, s.version, patch);
    ASSERT_TRUE(updated) << updated.error().message;
    ASSERT_EQ(updated->attendees.size(), 2u);
    EXPECT_EQ(updated->attendees[0].name, "赵芳");
    EXPECT_EQ(updated->attendees[1].unit_name, "华光物业");
    EXPECT_EQ(updated->other_attendees, "街道办 王科长\n居民代表 3 人");
    EXPECT_EQ(updated->minutes, "一、通报上月办理结果\n二、协商交办");
    EXPECT_EQ(updated->version, s.version + 1);

    auto stale = sessions_->Update(manager_, s.id, s.version, patch);
    ASSERT_FALSE(stale);
    EXPECT_EQ(stale.error().code, ErrorCode::kAborted);

    // A member removed from the register afterwards stays on the list as recorded; a stranger is refused.
    ASSERT_TRUE(service_->RemoveMember(manager_, owners_.id));
    SessionPatch keep;
    keep.attendee_member_ids = std::vector<std::int64_t>{owners_.id};
    auto kept = sessions_->Update(manager_, s.id, updated->version, keep);
    ASSERT_TRUE(kept) << kept.error().message;
    ASSERT_EQ(kept->attendees.size(), 1u);
    EXPECT_EQ(kept->attendees[0].name, "赵芳");
    EXPECT_EQ(kept->minutes, updated->minutes) << "fields not in the patch are kept";
    auto stranger = AddMember("钱伟", MemberKind::kUnitInArea, "华工医院", &huagong_);
    SessionPatch wrong;
    wrong.attendee_member_ids = std::vector<std::int64_t>{stranger.id};
    auto refused = sessions_->Update(manager_, s.id, kept->version, wrong);
    ASSERT_FALSE(refused);
    EXPECT_EQ(refused.error().field, "attendee_member_ids");
    SessionPatch blank;
    blank.title = " ";
    auto no_title = sessions_->Update(manager_, s.id, kept->version, blank);
    ASSERT_FALSE(no_title);
    EXPECT_EQ(no_title.error().field, "title");
}

TEST_P(PartySessionTest, AnotherCommunitysSessionIsNotFoundAndReadersCannotChangeOne) {
    auto s = Created();
    auto d = sessions_->Get(huagong_manager_, s.id);
    ASSERT_FALSE(d);
    EXPECT_EQ(d.error().code, ErrorCode::kNotFound);
    EXPECT_EQ(sessions_->Get(grid_worker_, s.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(sessions_->List(huagong_manager_, xintie_.id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(sessions_->List(manager_, grid_.id).error().code, ErrorCode::kNotFound) << "a grid is no community";
    EXPECT_EQ(sessions_->Open(huagong_manager_, s.id, s.version).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(sessions_->Get(manager_, s.id + 1000).error().code, ErrorCode::kNotFound);

    Caller inspector{9, "i", "督查", Role::kInspector, xintie_.id, xintie_.path};
    auto seen = sessions_->Get(inspector, s.id);
    ASSERT_TRUE(seen) << seen.error().message;
    EXPECT_TRUE(seen->allowed_actions.empty());
    EXPECT_EQ(sessions_->Create(inspector, xintie_.id, SessionDraft{}).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(sessions_->Open(inspector, s.id, s.version).error().code, ErrorCode::kPermissionDenied);

    auto gone = sessions_->Delete(manager_, s.id, s.version);
    ASSERT_TRUE(gone) << gone.error().message;
    EXPECT_EQ(sessions_->Get(manager_, s.id).error().code, ErrorCode::kNotFound);
    auto opened = Opened();
    EXPECT_EQ(sessions_->Delete(manager_, opened.id, opened.version).error().code, ErrorCode::kFailedPrecondition);
}

WANGGE_INSTANTIATE_BACKENDS(PartySessionTest);

}  // namespace
}  // namespace wangge::storage::appeals_testing
