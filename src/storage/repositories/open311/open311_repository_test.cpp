// Contract suite for Open311 on SQLite and PostgreSQL: API keys (issued once, stored as SHA-256,
// revocable, scoped) and appeals filed and read through them — the status map, the filters, the
// latest note and the claimer's unit, scope, and the ledger staying intact.
#include "domain/auth/auth_service.hpp"
#include "domain/open311/open311_service.hpp"
#include "storage/repositories/appeals/appeal_contract_fixture.hpp"
#include "storage/repositories/open311/sql_open311_repositories.hpp"

namespace wangge::storage::appeals_testing {
namespace {

using open311::ApiCaller;
using open311::ApiClientService;
using open311::NewRequest;
using open311::Open311Service;
using open311::RequestFilter;
using open311::RequestStatus;

class Open311ContractTest : public AppealContractTest {
  protected:
    void SetUp() override {
        AppealContractTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        clients_repo_ = MakeSqlApiClientRepository(db());
        requests_repo_ = MakeSqlServiceRequestRepository(db());
        clients_ = std::make_unique<ApiClientService>(*clients_repo_, clock_);
        open311_ = std::make_unique<Open311Service>(*requests_repo_, *service_, *repo_, clock_);
        auto made = clients_->Add("12345热线", xintie_.id, "hotline_12345", "test");
        ASSERT_TRUE(made) << made.error().message;
        key_ = made->key;
        auto caller = clients_->Authenticate(key_);
        ASSERT_TRUE(caller) << caller.error().message;
        hotline_ = *caller;
    }

    std::int64_t File(const std::string& code, const Area& area, std::string text = "小区路灯不亮") {
        NewRequest r;
        r.service_code = code;
        r.address_id = area.id;
        r.description = std::move(text);
        auto filed = open311_->File(hotline_, r);
        EXPECT_TRUE(filed) << filed.error().message;
        return filed ? filed->id : 0;
    }

    std::vector<std::int64_t> Ids(const RequestFilter& filter) {
        auto listed = open311_->List(hotline_, filter);
        EXPECT_TRUE(listed) << listed.error().message;
        std::vector<std::int64_t> out;
        if (listed)
            for (const auto& r : *listed) out.push_back(r.appeal.id);
        return out;
    }

    std::unique_ptr<open311::ApiClientRepository> clients_repo_;
    std::unique_ptr<open311::ServiceRequestRepository> requests_repo_;
    std::unique_ptr<ApiClientService> clients_;
    std::unique_ptr<Open311Service> open311_;
    std::string key_;
    ApiCaller hotline_;
};

TEST_P(Open311ContractTest, KeysAreStoredAsHashesAndRevocable) {
    EXPECT_EQ(key_.size(), 64u);
    EXPECT_EQ(hotline_.client.name, "12345热线");
    EXPECT_EQ(hotline_.caller.area_path, xintie_.path);
    EXPECT_EQ(hotline_.caller.user_id, 0);
    std::string stored;
    ASSERT_TRUE(db().Read([&](Connection& c) -> Status {
        return c.Exec("SELECT key_hash FROM api_clients", {}, [&](const Row& r) { stored = r.Text(0); }).map([](auto) {
        });
    }));
    EXPECT_EQ(stored, auth::Sha256Hex(key_));
    EXPECT_EQ(stored.find(key_), std::string::npos);

    auto taken = clients_->Add("12345热线", huagong_.id, "hotline_12345", "test");
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().code, ErrorCode::kAlreadyExists);
    auto bad_area = clients_->Add("other", 999999, "hotline_12345", "test");
    ASSERT_FALSE(bad_area);
    EXPECT_EQ(bad_area.error().field, "area");
    auto bad_channel = clients_->Add("other", xintie_.id, "carrier_pigeon", "test");
    ASSERT_FALSE(bad_channel);
    EXPECT_EQ(bad_channel.error().field, "channel");
    EXPECT_EQ(clients_->Add("", xintie_.id, "hotline_12345", "test").error().field, "name");

    auto wrong = clients_->Authenticate(std::string(64, 'a'));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().code, ErrorCode::kPermissionDenied);
    EXPECT_EQ(clients_->Authenticate("").error().code, ErrorCode::kPermissionDenied);

    clock_.Advance(1000);
    auto revoked = clients_->Revoke("12345热线");
    ASSERT_TRUE(revoked) << revoked.error().message;
    EXPECT_EQ(revoked->revoked_at, clock_.Now());
    auto after = clients_->Authenticate(key_);
    ASSERT_FALSE(after);
    EXPECT_EQ(after.error().code, ErrorCode::kPermissionDenied);
    EXPECT_TRUE(clients_->Revoke("12345热线")) << "revoking twice is harmless";
    EXPECT_EQ(clients_->Revoke("nobody").error().code, ErrorCode::kNotFound);
    auto listed = clients_->List();
    ASSERT_TRUE(listed);
    ASSERT_EQ(listed->size(), 1u);
    EXPECT_TRUE(listed->front().revoked());
    EXPECT_EQ(listed->front().area_name, "新铁社区");
}

TEST_P(Open311ContractTest, FilingRecordsAnAppealOnTheClientsChannelAndKeepsTheLedger) {
    NewRequest r;
    r.service_code = "sanitation";
    r.address_id = grid_.id;
    r.description = "垃圾桶满了没人清";
    r.first_name = "伟";
    r.last_name = "张";
    r.phone = "13800001111";
    r.email = "zhang@example.com";
    auto filed = open311_->File(hotline_, r);
    ASSERT_TRUE(filed) << filed.error().message;
    EXPECT_NE(filed->notice.find("新铁社区"), std::string::npos);

    auto detail = service_->Get(manager_, filed->id);
    ASSERT_TRUE(detail);
    const Appeal& a = detail->view.appeal;
    EXPECT_EQ(a.channel, Channel::kHotline12345);
    EXPECT_EQ(a.category_name, "环境卫生");
    EXPECT_EQ(a.area_id, grid_.id);
    EXPECT_EQ(a.reporter.kind, ReporterKind::kNamed);
    EXPECT_EQ(a.reporter.name, "张伟");
    EXPECT_EQ(a.recorded_by, 0);
    EXPECT_EQ(a.recorded_by_name, "Open311:12345热线");
    ASSERT_EQ(detail->events.size(), 1u);
    EXPECT_EQ(detail->events[0].actor_name, "Open311:12345热线");
    auto reports = VerifyLedgers(*repo_, xintie_.id);
    ASSERT_TRUE(reports);
    EXPECT_TRUE(reports->front().ok());

    NewRequest latin = r;
    latin.first_name = "Wei";
    latin.last_name = "Zhang";
    auto filed2 = open311_->File(hotline_, latin);
    ASSERT_TRUE(filed2);
    EXPECT_EQ(service_->Get(manager_, filed2->id)->view.appeal.reporter.name, "Wei Zhang");

    NewRequest anonymous;
    anonymous.service_code = "other";
    anonymous.address_id = xintie_.id;
    anonymous.description = "建议增加健身器材";
    anonymous.email = "only@example.com";
    auto filed3 = open311_->File(hotline_, anonymous);
    ASSERT_TRUE(filed3);
    EXPECT_EQ(service_->Get(manager_, filed3->id)->view.appeal.reporter.kind, ReporterKind::kAnonymous);
}

TEST_P(Open311ContractTest, FilingRefusesWhatTheClientMayNotDoNamingTheOpen311Field) {
    auto attempt = [&](NewRequest r) {
        auto filed = open311_->File(hotline_, r);
        EXPECT_FALSE(filed);
        return filed ? Error{} : filed.error();
    };
    NewRequest good;
    good.service_code = "sanitation";
    good.address_id = xintie_.id;
    good.description = "垃圾";

    NewRequest r = good;
    r.service_code = "potholes";
    EXPECT_EQ(attempt(r).field, "service_code");
    r = good;
    r.service_code = "";
    EXPECT_EQ(attempt(r).field, "service_code");
    r = good;
    r.address_id = huagong_.id;  // another community: outside the key's scope
    Error outside = attempt(r);
    EXPECT_EQ(outside.code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(outside.field, "address_id");
    r = good;
    r.address_id.reset();
    EXPECT_EQ(attempt(r).field, "address_id");
    r = good;
    r.description = "   ";
    EXPECT_EQ(attempt(r).field, "description");
    r = good;
    r.phone = "12345";
    EXPECT_EQ(attempt(r).field, "phone");
}

TEST_P(Open311ContractTest, ListsFilterByStatusCodeWindowAndIdsInsideTheScope) {
    const EpochMillis t0 = clock_.Now();
    const std::int64_t old_one = File("sanitation", xintie_, "一百天前");
    clock_.Advance(100 * kDay);
    const std::int64_t repair = File("facilities_repair", grid_);
    const std::int64_t sanitation = File("sanitation", xintie_);
    // Staff work on one: triage, claim, resolve — "closed" in Open311 terms.
    auto done = service_->Get(manager_, repair)->view.appeal;
    done = Must(Step(manager_, done, Action::kTriage, "", [](auto& t) { t.track = Track::kImmediate; }));
    done = Must(Step(manager_, done, Action::kClaim));
    done = Must(Step(manager_, done, Action::kResolve, "已更换灯泡"));
    // Another community's appeal is not the client's to see.
    const std::int64_t elsewhere = Record(huagong_manager_, huagong_).appeal.id;

    EXPECT_EQ(Ids({}), (std::vector<std::int64_t>{sanitation, repair})) << "default: the last 90 days, newest first";
    RequestFilter open;
    open.statuses = {RequestStatus::kOpen};
    EXPECT_EQ(Ids(open), (std::vector<std::int64_t>{sanitation}));
    RequestFilter closed;
    closed.statuses = {RequestStatus::kClosed};
    EXPECT_EQ(Ids(closed), (std::vector<std::int64_t>{repair}));
    RequestFilter by_code;
    by_code.service_codes = {"facilities_repair", "other"};
    EXPECT_EQ(Ids(by_code), (std::vector<std::int64_t>{repair}));
    RequestFilter back_then;
    back_then.start = t0 - kDay;
    back_then.end = t0 + kDay;
    EXPECT_EQ(Ids(back_then), (std::vector<std::int64_t>{old_one}));
    RequestFilter by_id;
    by_id.ids = {old_one, elsewhere, repair};
    EXPECT_EQ(Ids(by_id), (std::vector<std::int64_t>{repair, old_one})) << "ids override the window; scope holds";
    RequestFilter paged;
    paged.page_size = 1;
    paged.page = 2;
    EXPECT_EQ(Ids(paged), (std::vector<std::int64_t>{repair}));

    RequestFilter too_long;
    too_long.start = t0;
    too_long.end = t0 + 91 * kDay;
    EXPECT_EQ(open311_->List(hotline_, too_long).error().field, "start_date");
    RequestFilter backwards;
    backwards.start = t0;
    backwards.end = t0 - 1;
    EXPECT_EQ(open311_->List(hotline_, backwards).error().field, "end_date");
    RequestFilter unknown;
    unknown.service_codes = {"potholes"};
    EXPECT_EQ(open311_->List(hotline_, unknown).error().field, "service_code");
    RequestFilter huge;
    huge.page_size = 1001;
    EXPECT_EQ(open311_->List(hotline_, huge).error().field, "page_size");

    auto one = open311_->Get(hotline_, repair);
    ASSERT_TRUE(one);
    EXPECT_EQ(one->status_note, "已更换灯泡");
    EXPECT_EQ(one->appeal.claimer.name, "用户1");
    EXPECT_EQ(open311_->Get(hotline_, elsewhere).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(open311_->Get(hotline_, 987654).error().code, ErrorCode::kNotFound);
}

TEST_P(Open311ContractTest, AMemberClaimNamesTheMembersUnit) {
    MemberDraft m;
    m.name = "李明";
    m.kind = MemberKind::kPropertyManagement;
    m.unit_name = "华光物业";
    auto member = service_->AddMember(manager_, xintie_.id, m);
    ASSERT_TRUE(member) << member.error().message;
    const std::int64_t id = File("property_management", xintie_, "小区道路不平");
    auto a = service_->Get(manager_, id)->view.appeal;
    a = Must(Step(manager_, a, Action::kTriage, "", [](auto& t) { t.track = Track::kConsultative; }));
    a = Must(Step(manager_, a, Action::kClaim, "物业认领", [&](auto& t) { t.member_id = member->id; }));
    auto one = open311_->Get(hotline_, id);
    ASSERT_TRUE(one);
    EXPECT_EQ(one->claimer_unit, "华光物业");
    EXPECT_EQ(one->status_note, "物业认领");
    ASSERT_TRUE(one->appeal.due_at);
}

WANGGE_INSTANTIATE_BACKENDS(Open311ContractTest);

}  // namespace
}  // namespace wangge::storage::appeals_testing
