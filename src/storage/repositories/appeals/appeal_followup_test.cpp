// Contract suite, follow-up: extension requests as ledger events, photos on disk with their
// metadata, public evaluation links, possible duplicates — the service over the SQL repositories on
// SQLite and PostgreSQL.
#include <atomic>
#include <filesystem>
#include <latch>
#include <thread>

#include "domain/appeals/followup_service.hpp"
#include "domain/auth/auth_service.hpp"
#include "storage/repositories/appeals/appeal_contract_fixture.hpp"
#include "storage/repositories/appeals/file_photo_store.hpp"
#include "storage/repositories/appeals/sql_followup_repository.hpp"

namespace wangge::storage::appeals_testing {
namespace {

namespace fs = std::filesystem;

const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11) + std::string(100, 'x');
const std::string kPng = std::string("\x89PNG\r\n\x1A\n\x00\x00\x00\x0DIHDR", 16) + std::string(50, 'y');

class AppealFollowupTest : public AppealContractTest {
  protected:
    void SetUp() override {
        AppealContractTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        photo_dir_ = fs::temp_directory_path() / ("wangge-photos-" + auth::RandomToken().substr(0, 12));
        followup_repo_ = MakeSqlFollowupRepository(db());
        store_ = MakeFilePhotoStore(photo_dir_.string());
        followup_ = std::make_unique<AppealFollowupService>(*repo_, *followup_repo_, *registry_, *store_, clock_);
        secretary_ = At(xintie_, Role::kPartySecretary, 5);
    }
    void TearDown() override {
        followup_.reset();
        std::error_code ec;
        if (!photo_dir_.empty()) fs::remove_all(photo_dir_, ec);
        AppealContractTest::TearDown();
    }

    // Triaged (immediate, due 2022-04-29) and claimed by the grid worker.
    Appeal Claimed() {
        auto a = Triaged(manager_, grid_);
        return Must(Step(grid_worker_, a, Action::kClaim));
    }

    Result<Extension> Ask(const Caller& who, const Appeal& a, EpochMillis due, std::string reason = "材料还没到") {
        return followup_->RequestExtension(who, a.id, ExtensionDraft{due, std::move(reason)});
    }

    Appeal Reload(const Appeal& a) { return *repo_->GetAppeal(a.id); }

    fs::path photo_dir_;
    std::unique_ptr<FollowupRepository> followup_repo_;
    std::unique_ptr<PhotoStore> store_;
    std::unique_ptr<AppealFollowupService> followup_;
    Caller secretary_;
};

// ---- extension requests ----

TEST_P(AppealFollowupTest, AnApprovedExtensionMovesTheDeadlineThroughTheLedger) {
    auto a = Claimed();
    const EpochMillis due = *a.due_at;
    clock_.Advance(12 * kDay);  // 2022-04-27: two days left of fourteen → amber
    EXPECT_EQ(BandOf(Reload(a), clock_.Now()), Band::kAmber);

    auto asked = Ask(grid_worker_, a, due + 10 * kDay);
    ASSERT_TRUE(asked) << asked.error().message;
    EXPECT_EQ(asked->status, ExtensionStatus::kPending);
    EXPECT_EQ(asked->previous_due_at, due);
    EXPECT_EQ(asked->requested_due_at, due + 10 * kDay);
    EXPECT_EQ(asked->requested_by, grid_worker_.user_id);
    EXPECT_EQ(Reload(a).due_at, due) << "asking changes nothing yet";

    auto pending = followup_->PendingExtensions(secretary_);
    ASSERT_TRUE(pending);
    ASSERT_EQ(pending->size(), 1u);
    EXPECT_EQ(pending->front().extension.id, asked->id);
    EXPECT_EQ(pending->front().extension.reason, "材料还没到");
    EXPECT_EQ(pending->front().appeal.appeal.id, a.id);
    EXPECT_TRUE(followup_->PendingExtensions(huagong_manager_)->empty()) << "another community's queue";

    auto decided = followup_->DecideExtension(secretary_, asked->id, ExtensionDecision::kApprove, "");
    ASSERT_TRUE(decided) << decided.error().message;
    EXPECT_EQ(decided->status, ExtensionStatus::kApproved);
    EXPECT_EQ(decided->decided_by, secretary_.user_id);
    const Appeal after = Reload(a);
    EXPECT_EQ(after.due_at, due + 10 * kDay);
    EXPECT_EQ(after.status, AppealStatus::kClaimed);
    EXPECT_EQ(BandOf(after, clock_.Now()), Band::kGreen) << "12 days left of 24";
    EXPECT_TRUE(followup_->PendingExtensions(secretary_)->empty());

    auto events = *repo_->ListEvents(a.id);
    ASSERT_EQ(events.size(), 5u);
    EXPECT_EQ(events[3].action, "request_extension");
    EXPECT_EQ(events[3].from_status, "claimed");
    EXPECT_EQ(events[3].to_status, "claimed");
    EXPECT_EQ(events[3].note, "材料还没到");
    EXPECT_EQ(events[4].action, "approve_extension");
    EXPECT_EQ(DetailInt(events[4].detail, "due_at"), due + 10 * kDay);
    EXPECT_EQ(DetailInt(events[4].detail, "extension_id"), asked->id);
    auto listed = followup_->ListExtensions(grid_worker_, a.id);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->items.size(), 1u);
    EXPECT_EQ(listed->items[0].status, ExtensionStatus::kApproved);
    EXPECT_TRUE(listed->can_request);
    EXPECT_FALSE(listed->can_decide);
    EXPECT_TRUE(VerifyLedgers(*repo_, xintie_.id)->front().ok());
}

TEST_P(AppealFollowupTest, OnePendingRequestAtATimeAndClearRefusals) {
    auto a = Claimed();
    const EpochMillis due = *a.due_at;
    EXPECT_EQ(Ask(other_grid_worker_, a, due + kDay).error().code, ErrorCode::kPermissionDenied) << "not the claimer";
    EXPECT_EQ(Ask(huagong_manager_, a, due + kDay).error().code, ErrorCode::kNotFound) << "outside scope";
    auto same = Ask(grid_worker_, a, due);
    EXPECT_EQ(same.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(same.error().field, "due_at");
    EXPECT_EQ(Ask(grid_worker_, a, due + 400 * kDay).error().field, "due_at") << "more than a year";
    auto no_reason = Ask(grid_worker_, a, due + kDay, "  ");
    EXPECT_EQ(no_reason.error().field, "reason");

    auto first = Ask(grid_worker_, a, due + 3 * kDay);
    ASSERT_TRUE(first) << first.error().message;
    auto second = Ask(grid_worker_, Reload(a), due + 5 * kDay);
    EXPECT_EQ(second.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(second.error().field, "extension");
    EXPECT_FALSE(followup_->ListExtensions(grid_worker_, a.id)->can_request);
    EXPECT_TRUE(followup_->ListExtensions(secretary_, a.id)->can_decide);

    EXPECT_EQ(followup_->DecideExtension(grid_worker_, first->id, ExtensionDecision::kApprove, "").error().code,
              ErrorCode::kPermissionDenied)
        << "a grid worker does not decide";
    EXPECT_EQ(followup_->DecideExtension(huagong_manager_, first->id, ExtensionDecision::kApprove, "").error().code,
              ErrorCode::kNotFound);
    auto no_note = followup_->DecideExtension(secretary_, first->id, ExtensionDecision::kRefuse, "");
    EXPECT_EQ(no_note.error().field, "note") << "a refusal says why";
    auto refused = followup_->DecideExtension(secretary_, first->id, ExtensionDecision::kRefuse, "先临时处理");
    ASSERT_TRUE(refused) << refused.error().message;
    EXPECT_EQ(refused->status, ExtensionStatus::kRefused);
    EXPECT_EQ(Reload(a).due_at, due);
    auto again = followup_->DecideExtension(manager_, first->id, ExtensionDecision::kApprove, "");
    EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition) << "decided already";

    // A manager asking for a member may not approve it too.
    auto own = Ask(manager_, Reload(a), due + 2 * kDay, "物业维修队排期");
    ASSERT_TRUE(own) << own.error().message;
    EXPECT_EQ(followup_->DecideExtension(manager_, own->id, ExtensionDecision::kApprove, "").error().code,
              ErrorCode::kPermissionDenied);
    EXPECT_FALSE(followup_->ListExtensions(manager_, a.id)->can_decide);
    EXPECT_EQ(followup_->DecideExtension(secretary_, 999999, ExtensionDecision::kApprove, "").error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(
        followup_->DecideExtension(secretary_, repo_->ListEvents(a.id)->front().id, ExtensionDecision::kApprove, "")
            .error()
            .code,
        ErrorCode::kNotFound)
        << "an event that is not a request";
}

TEST_P(AppealFollowupTest, RequestsNeedClaimedWorkAndLapseWhenTheWorkEnds) {
    auto triaged = Triaged(manager_, grid_);
    EXPECT_EQ(Ask(manager_, triaged, *triaged.due_at + kDay).error().code, ErrorCode::kFailedPrecondition);

    auto a = Claimed();
    auto asked = Ask(grid_worker_, a, *a.due_at + kDay);
    ASSERT_TRUE(asked);
    a = Must(Step(grid_worker_, Reload(a), Action::kResolve, "已修好"));
    EXPECT_TRUE(followup_->PendingExtensions(secretary_)->empty()) << "resolved: nothing left to extend";
    EXPECT_EQ(followup_->ListExtensions(secretary_, a.id)->items.front().status, ExtensionStatus::kLapsed);
    EXPECT_EQ(followup_->DecideExtension(secretary_, asked->id, ExtensionDecision::kApprove, "").error().code,
              ErrorCode::kFailedPrecondition);

    // In progress counts as claimed work too.
    auto b = Claimed();
    EXPECT_TRUE(Step(grid_worker_, b, Action::kStart));
    auto after_start = Ask(grid_worker_, Reload(b), *b.due_at + kDay);
    EXPECT_TRUE(after_start) << "in progress may ask too";
}

// ---- photos ----

TEST_P(AppealFollowupTest, PhotosAreCheckedStoredAndReadWithinScope) {
    auto a = Record(grid_worker_, grid_).appeal;
    const auto record_event = repo_->ListEvents(a.id)->front().id;
    auto stored = followup_->UploadPhoto(grid_worker_, a.id, PhotoUpload{"image/jpeg", kJpeg, record_event});
    ASSERT_TRUE(stored) << stored.error().message;
    EXPECT_EQ(stored->type, ImageType::kJpeg);
    EXPECT_EQ(stored->size_bytes, static_cast<std::int64_t>(kJpeg.size()));
    EXPECT_EQ(stored->sha256, auth::Sha256Hex(kJpeg));
    EXPECT_EQ(stored->event_id, record_event);
    EXPECT_TRUE(IsValidPhotoName(stored->storage_name));
    EXPECT_TRUE(fs::exists(photo_dir_ / "photos" / stored->storage_name.substr(0, 2) / stored->storage_name));

    auto read = followup_->ReadPhoto(manager_, stored->id);
    ASSERT_TRUE(read) << read.error().message;
    EXPECT_EQ(read->bytes, kJpeg);
    EXPECT_EQ(followup_->ReadPhoto(huagong_manager_, stored->id).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(followup_->ReadPhoto(manager_, 424242).error().code, ErrorCode::kNotFound);
    auto png = followup_->UploadPhoto(manager_, a.id, PhotoUpload{"image/png", kPng, std::nullopt});
    ASSERT_TRUE(png) << png.error().message;
    auto listed = followup_->ListPhotos(grid_worker_, a.id);
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 2u);
    EXPECT_EQ((*listed)[1].type, ImageType::kPng);
    EXPECT_FALSE((*listed)[1].event_id);

    auto lie = followup_->UploadPhoto(grid_worker_, a.id, PhotoUpload{"image/png", kJpeg, std::nullopt});
    EXPECT_EQ(lie.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(lie.error().field, "photo") << "the bytes decide, not the header";
    auto gif = followup_->UploadPhoto(grid_worker_, a.id, PhotoUpload{"image/gif", "GIF89a", std::nullopt});
    EXPECT_EQ(gif.error().field, "content_type");
    auto empty = followup_->UploadPhoto(grid_worker_, a.id, PhotoUpload{"image/jpeg", "", std::nullopt});
    EXPECT_EQ(empty.error().field, "photo");
    auto big = followup_->UploadPhoto(
        grid_worker_, a.id, PhotoUpload{"image/jpeg", kJpeg + std::string(kMaxPhotoBytes, 'z'), std::nullopt});
    EXPECT_EQ(big.error().code, ErrorCode::kResourceExhausted);
    auto other = Record(manager_, xintie_).appeal;
    auto wrong_event = followup_->UploadPhoto(manager_, other.id,
                                              PhotoUpload{"image/jpeg", kJpeg, repo_->ListEvents(a.id)->front().id});
    EXPECT_EQ(wrong_event.error().field, "event_id");
    auto triaged = Must(Step(manager_, a, Action::kTriage, "", [](auto& t) { t.track = Track::kImmediate; }));
    const auto triage_event = repo_->ListEvents(a.id)->back().id;
    EXPECT_EQ(followup_->UploadPhoto(grid_worker_, a.id, PhotoUpload{"image/jpeg", kJpeg, triage_event}).error().code,
              ErrorCode::kPermissionDenied)
        << "a grid worker documents their own steps";
    EXPECT_EQ(
        followup_->UploadPhoto(huagong_manager_, a.id, PhotoUpload{"image/jpeg", kJpeg, std::nullopt}).error().code,
        ErrorCode::kNotFound);
    auto rejected = Must(Step(manager_, other, Action::kReject, "重复"));
    EXPECT_EQ(
        followup_->UploadPhoto(manager_, rejected.id, PhotoUpload{"image/jpeg", kJpeg, std::nullopt}).error().code,
        ErrorCode::kFailedPrecondition);
    (void)triaged;
}

TEST_P(AppealFollowupTest, WithoutADataDirectoryPhotosAreUnavailable) {
    auto unconfigured = MakeFilePhotoStore("");
    AppealFollowupService service(*repo_, *followup_repo_, *registry_, *unconfigured, clock_);
    auto a = Record(manager_, xintie_).appeal;
    auto r = service.UploadPhoto(manager_, a.id, PhotoUpload{"image/jpeg", kJpeg, std::nullopt});
    EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
    EXPECT_TRUE(followup_repo_->ListPhotos(a.id)->empty()) << "no row without its bytes";
}

// ---- public evaluation links ----

TEST_P(AppealFollowupTest, AResidentRatesOnceThroughTheLink) {
    auto a = Claimed();
    EXPECT_EQ(followup_->CreateEvaluationLink(manager_, a.id).error().code, ErrorCode::kFailedPrecondition)
        << "nothing to rate yet";
    a = Must(Step(grid_worker_, a, Action::kResolve, "已更换水管"));
    EXPECT_EQ(followup_->CreateEvaluationLink(grid_worker_, a.id).error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(followup_->CreateEvaluationLink(huagong_manager_, a.id).error().code, ErrorCode::kNotFound);
    auto created = followup_->CreateEvaluationLink(manager_, a.id);
    ASSERT_TRUE(created) << created.error().message;
    const std::string token = created->token;
    EXPECT_EQ(token.size(), 32u);
    EXPECT_EQ(created->link.token_hash, auth::Sha256Hex(token));
    EXPECT_EQ(created->link.expires_at, clock_.Now() + kEvaluationLinkTtl);

    auto seen = followup_->ViewByLink(token);
    ASSERT_TRUE(seen) << seen.error().message;
    EXPECT_EQ(seen->appeal_id, a.id);
    EXPECT_EQ(seen->community_name, "新铁社区");
    EXPECT_EQ(seen->result_note, "已更换水管");
    EXPECT_FALSE(seen->can_evaluate) << "reported at the Party day first";
    auto early = followup_->EvaluateByLink(token, Evaluation::kSatisfied, "");
    EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(early.error().field, "status");
    EXPECT_TRUE(followup_->ViewByLink(token)) << "a refused early try does not use the link";

    a = Must(Step(manager_, a, Action::kReport));
    EXPECT_TRUE(followup_->ViewByLink(token)->can_evaluate);
    EXPECT_EQ(followup_->EvaluateByLink(token, Evaluation::kNone, "").error().field, "evaluation");
    auto rated = followup_->EvaluateByLink(token, Evaluation::kNotSatisfied, "水压还是小");
    ASSERT_TRUE(rated) << rated.error().message;
    EXPECT_EQ(rated->status, AppealStatus::kEvaluated);
    EXPECT_EQ(rated->evaluation, Evaluation::kNotSatisfied);
    const Appeal after = Reload(a);
    EXPECT_EQ(after.status, AppealStatus::kEvaluated);
    EXPECT_EQ(after.evaluation, Evaluation::kNotSatisfied);
    auto events = *repo_->ListEvents(a.id);
    EXPECT_EQ(events.back().action, "evaluate");
    EXPECT_EQ(events.back().actor_id, 0);
    EXPECT_EQ(events.back().actor_name, "居民（评价链接）");
    EXPECT_EQ(events.back().note, "水压还是小");
    EXPECT_NE(events.back().detail.find("\"via\":\"link\""), std::string::npos);
    EXPECT_NE(
        std::find(AllowedActions(after, manager_).begin(), AllowedActions(after, manager_).end(), Action::kReopen),
        AllowedActions(after, manager_).end())
        << "not satisfied: the manager may reopen, as the table says";

    auto reuse = followup_->EvaluateByLink(token, Evaluation::kSatisfied, "");
    EXPECT_EQ(reuse.error().code, ErrorCode::kFailedPrecondition);
    EXPECT_EQ(reuse.error().field, "token");
    EXPECT_EQ(followup_->ViewByLink(token).error().field, "token");
    EXPECT_EQ(followup_->ViewByLink("0123456789abcdef0123456789abcdef").error().code, ErrorCode::kNotFound);
    EXPECT_EQ(followup_->ViewByLink("../../x").error().code, ErrorCode::kNotFound);
    auto status = followup_->GetEvaluationLinkStatus(manager_, a.id);
    ASSERT_TRUE(status && status->state);
    EXPECT_EQ(*status->state, LinkState::kUsed);
    EXPECT_FALSE(status->can_create) << "evaluated: no second link";
    EXPECT_TRUE(VerifyLedgers(*repo_, xintie_.id)->front().ok());
}

TEST_P(AppealFollowupTest, LinksExpireAndANewOneReplacesTheOld) {
    auto a = Claimed();
    a = Must(Step(grid_worker_, a, Action::kResolve, "已处理"));
    a = Must(Step(manager_, a, Action::kReport));
    auto first = followup_->CreateEvaluationLink(manager_, a.id);
    auto second = followup_->CreateEvaluationLink(secretary_, a.id);
    ASSERT_TRUE(first && second);
    EXPECT_NE(first->token, second->token);
    auto old = followup_->ViewByLink(first->token);
    EXPECT_EQ(old.error().field, "token");
    EXPECT_NE(old.error().message.find("新的链接"), std::string::npos) << old.error().message;
    EXPECT_TRUE(followup_->ViewByLink(second->token));
    EXPECT_EQ(followup_->GetEvaluationLinkStatus(grid_worker_, a.id)->latest->id, second->link.id);

    clock_.Advance(kEvaluationLinkTtl);
    auto expired = followup_->EvaluateByLink(second->token, Evaluation::kSatisfied, "");
    EXPECT_EQ(expired.error().field, "token");
    EXPECT_NE(expired.error().message.find("过期"), std::string::npos) << expired.error().message;
    EXPECT_EQ(Reload(a).status, AppealStatus::kReported);
}

TEST_P(AppealFollowupTest, ALinkIsUsedExactlyOnceUnderConcurrency) {
    auto a = Claimed();
    a = Must(Step(grid_worker_, a, Action::kResolve, "已处理"));
    a = Must(Step(manager_, a, Action::kReport));
    auto link = followup_->CreateEvaluationLink(manager_, a.id);
    ASSERT_TRUE(link);
    std::atomic<int> ok = 0, refused = 0;
    std::latch start(2);
    auto rate = [&] {
        start.arrive_and_wait();
        auto r = followup_->EvaluateByLink(link->token, Evaluation::kSatisfied, "");
        if (r)
            ++ok;
        else if (r.error().code == ErrorCode::kFailedPrecondition || r.error().code == ErrorCode::kAborted)
            ++refused;
        else
            ADD_FAILURE() << r.error().message;
    };
    std::thread t1(rate), t2(rate);
    t1.join();
    t2.join();
    EXPECT_EQ(ok.load(), 1);
    EXPECT_EQ(refused.load(), 1);
    auto events = *repo_->ListEvents(a.id);
    EXPECT_EQ(std::count_if(events.begin(), events.end(), [](auto& e) { return e.action == "evaluate"; }), 1);
}

// ---- possible duplicates ----

TEST_P(AppealFollowupTest, SimilarAppealsAreOpenNearbyAndRecent) {
    auto building = Make(grid_.id, "21070200400201001", "1号楼", AreaLevel::kBuilding);
    auto other_building = Make(grid_.id, "21070200400201002", "2号楼", AreaLevel::kBuilding);
    registry::Household h;
    h.building_id = building.id;
    h.path = building.path;
    h.unit = "1";
    h.room = "101";
    auto home = registry_->CreateHousehold(h);
    ASSERT_TRUE(home);
    auto categories = *service_->ListCategories(manager_);
    const std::int64_t other_category = categories[1].id;

    auto old = Record(manager_, building, "旧的").appeal;
    clock_.Advance(61 * kDay);
    auto in_building = Record(manager_, building, "楼道灯坏了").appeal;
    AppealDraft d;
    d.area_id = building.id;
    d.household_id = home->id;
    d.category_id = category_;
    d.description = "家门口下水道";
    auto in_home = service_->Record(manager_, d)->appeal;
    auto elsewhere = Record(manager_, other_building, "2号楼").appeal;
    auto at_community = Record(manager_, xintie_, "社区").appeal;
    auto rejected = Record(manager_, building, "驳回的").appeal;
    Must(Step(manager_, rejected, Action::kReject, "不属实"));
    AppealDraft other_kind = d;
    other_kind.household_id.reset();
    other_kind.category_id = other_category;
    ASSERT_TRUE(service_->Record(manager_, other_kind));
    (void)old;

    auto ids = [](const SimilarAppeals& s) {
        std::vector<std::int64_t> out;
        for (const auto& v : s.items) out.push_back(v.appeal.id);
        return out;
    };
    auto by_home = followup_->Similar(manager_, SimilarRequest{building.id, home->id, category_});
    ASSERT_TRUE(by_home) << by_home.error().message;
    EXPECT_EQ(by_home->place, SimilarPlace::kBuilding);
    EXPECT_EQ(ids(*by_home), (std::vector<std::int64_t>{in_home.id, in_building.id})) << "newest first";
    auto by_building = followup_->Similar(manager_, SimilarRequest{building.id, std::nullopt, category_});
    EXPECT_EQ(ids(*by_building), (std::vector<std::int64_t>{in_home.id, in_building.id}));
    auto by_community = followup_->Similar(manager_, SimilarRequest{xintie_.id, std::nullopt, category_});
    EXPECT_EQ(by_community->place, SimilarPlace::kCommunity);
    EXPECT_EQ(ids(*by_community),
              (std::vector<std::int64_t>{at_community.id, elsewhere.id, in_home.id, in_building.id}));
    auto by_grid = followup_->Similar(grid_worker_, SimilarRequest{grid_.id, std::nullopt, category_});
    ASSERT_TRUE(by_grid) << by_grid.error().message;
    EXPECT_EQ(ids(*by_grid), (std::vector<std::int64_t>{elsewhere.id, in_home.id, in_building.id}))
        << "the community's own items lie above the grid worker's scope";

    for (int i = 0; i < 6; ++i) Record(manager_, xintie_, "又一件");
    EXPECT_EQ(followup_->Similar(manager_, SimilarRequest{xintie_.id, std::nullopt, category_})->items.size(), 5u);

    EXPECT_EQ(followup_->Similar(huagong_manager_, SimilarRequest{building.id, std::nullopt, category_}).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(followup_->Similar(manager_, SimilarRequest{xintie_.id, std::nullopt, 999}).error().field, "category_id");
    EXPECT_EQ(followup_->Similar(manager_, SimilarRequest{other_building.id, home->id, category_}).error().field,
              "household_id");
}

WANGGE_INSTANTIATE_BACKENDS(AppealFollowupTest);

}  // namespace
}  // namespace wangge::storage::appeals_testing
