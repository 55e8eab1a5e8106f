// The appeals API over HTTP on both databases: intake to timeline, the 409s (a lost claim race,
// an illegal step), scope (another community's appeals answer 404), the big Party committee,
// settings, and input errors that name their field.
#include <latch>
#include <thread>

#include "api/api_test_fixture.hpp"

namespace wangge::api::testing {
namespace {

using nlohmann::json;

class AppealApiTest : public ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        auto user = services_->auth().AddUser("grid2", "grid2", auth::Role::kGridWorker, grid_.id, kPassword);
        ASSERT_TRUE(user) << user.error().message;
        worker_ = LoginAs("xintie");
        auto categories = Json(worker_->Get("/api/v1/appeal-categories"));
        ASSERT_EQ(categories["items"].size(), 7u);
        category_ = categories["items"][0]["id"];
    }

    // Records an appeal at `area` as `client`; fails the test unless 201.
    json Record(http::testing::HttpClient& client, std::int64_t area, const std::string& text = "下水井返水") {
        json body = {{"area_id", area},
                     {"channel", "grid_visit"},
                     {"category_id", category_},
                     {"description", text},
                     {"reporter", {{"kind", "named"}, {"name", "王大爷"}, {"phone", "13800001111"}}}};
        auto r = client.Post("/api/v1/appeals", body.dump());
        EXPECT_EQ(r.status, 201) << r.body;
        return Json(r);
    }

    http::testing::ClientResponse Step(http::testing::HttpClient& client, const json& appeal, json body) {
        body["version"] = appeal["version"];
        return client.Post("/api/v1/appeals/" + std::to_string(appeal["id"].get<std::int64_t>()) + "/transitions",
                           body.dump());
    }

    std::unique_ptr<http::testing::HttpClient> worker_;  // "xintie", a community worker
    std::int64_t category_ = 0;
};

TEST_P(AppealApiTest, FromDoorstepToTimeline) {
    auto grid = LoginAs("grid1");
    json a = Record(*grid, grid_.id);
    EXPECT_EQ(a["status"], "recorded");
    EXPECT_EQ(a["community"]["name"], "新铁社区");
    EXPECT_EQ(a["area"]["level"], "grid");
    EXPECT_EQ(a["reporter"]["phone"], "138****1111");
    EXPECT_EQ(a["track"], nullptr);
    EXPECT_EQ(a["allowed_actions"], json::array()) << "a grid worker cannot triage";

    json seen = Json(worker_->Get("/api/v1/appeals/" + std::to_string(a["id"].get<int>())));
    EXPECT_NE(std::find(seen["allowed_actions"].begin(), seen["allowed_actions"].end(), "triage"),
              seen["allowed_actions"].end());
    auto triaged = Step(*worker_, a, {{"action", "triage"}, {"track", "immediate"}});
    ASSERT_EQ(triaged.status, 200) << triaged.body;
    a = Json(triaged);
    EXPECT_EQ(a["track"], "immediate");
    EXPECT_EQ(a["band"], "green");
    EXPECT_TRUE(a["due_at"].is_number_integer());
    auto claimed = Step(*grid, a, {{"action", "claim"}, {"note", "我来处理"}});
    ASSERT_EQ(claimed.status, 200) << claimed.body;
    a = Json(claimed);
    EXPECT_EQ(a["claimer"]["kind"], "user");
    EXPECT_EQ(a["allowed_actions"], json({"start", "resolve", "return"}));

    json detail = Json(grid->Get("/api/v1/appeals/" + std::to_string(a["id"].get<int>())));
    ASSERT_EQ(detail["events"].size(), 3u);
    EXPECT_EQ(detail["events"][0]["action"], "record");
    EXPECT_EQ(detail["events"][1]["detail"]["track"], "immediate");
    EXPECT_EQ(detail["events"][2]["note"], "我来处理");
    EXPECT_EQ(detail["events"][2]["seq"], 3);
    EXPECT_EQ(detail["events"][2]["hash"].get<std::string>().size(), 64u);

    auto mine = Json(grid->Get("/api/v1/appeals/mine"));
    ASSERT_EQ(mine["items"].size(), 1u);
    auto listed = Json(worker_->Get("/api/v1/appeals?status=claimed&track=immediate&channel=grid_visit"));
    EXPECT_EQ(listed["items"].size(), 1u);
    EXPECT_EQ(listed["next_cursor"], nullptr);
    clock_.Advance(60LL * 24 * 3600 * 1000);
    worker_ = LoginAs("xintie");  // the session expired meanwhile
    auto overdue = Json(worker_->Get("/api/v1/appeals/overdue?area=" + std::to_string(xintie_.id)));
    ASSERT_EQ(overdue["items"].size(), 1u);
    EXPECT_EQ(overdue["items"][0]["band"], "red");
    EXPECT_EQ(Json(worker_->Get("/api/v1/appeals?overdue=true"))["items"].size(), 1u);
}

TEST_P(AppealApiTest, ALostClaimRaceAndAnIllegalStepAre409) {
    json a = Record(*worker_, grid_.id);
    a = Json(Step(*worker_, a, {{"action", "triage"}, {"track", "consultative"}}));
    auto grid1 = LoginAs("grid1");
    auto grid2 = LoginAs("grid2");
    std::latch start(2);
    http::testing::ClientResponse r1, r2;
    std::thread t1([&] {
        start.arrive_and_wait();
        r1 = Step(*grid1, a, {{"action", "claim"}});
    });
    std::thread t2([&] {
        start.arrive_and_wait();
        r2 = Step(*grid2, a, {{"action", "claim"}});
    });
    t1.join();
    t2.join();
    ASSERT_EQ(std::min(r1.status, r2.status), 200) << r1.body << r2.body;
    ASSERT_EQ(std::max(r1.status, r2.status), 409) << r1.body << r2.body;
    const auto& loser = r1.status == 409 ? r1 : r2;
    EXPECT_EQ(Json(loser)["error"]["code"], "aborted");

    json now = Json(worker_->Get("/api/v1/appeals/" + std::to_string(a["id"].get<int>())));
    auto illegal = Step(*worker_, now, {{"action", "evaluate"}, {"evaluation", "satisfied"}});
    EXPECT_EQ(illegal.status, 409);
    EXPECT_EQ(Json(illegal)["error"]["code"], "failed_precondition");
    EXPECT_NE(Json(illegal)["error"]["message"].get<std::string>().find("cannot evaluate"), std::string::npos);
}

TEST_P(AppealApiTest, AnotherCommunitysAppealsAnswer404) {
    json a = Record(*worker_, xintie_.id);
    const std::string id = std::to_string(a["id"].get<int>());
    const std::string community = std::to_string(xintie_.id);
    auto huagong = LoginAs("huagong");
    for (const std::string& path :
         {"/api/v1/appeals/" + id, "/api/v1/appeals?area=" + community, "/api/v1/appeals/overdue?area=" + community,
          "/api/v1/communities/" + community + "/committee-members",
          "/api/v1/communities/" + community + "/appeal-settings"}) {
        auto r = huagong->Get(path);
        EXPECT_EQ(r.status, 404) << path << " → " << r.body;
        EXPECT_EQ(r.body.find("下水井"), std::string::npos) << path;
    }
    EXPECT_EQ(Step(*huagong, a, {{"action", "triage"}, {"track", "immediate"}}).status, 404);
    EXPECT_EQ(Json(huagong->Get("/api/v1/appeals"))["items"].size(), 0u);
    EXPECT_EQ(huagong
                  ->Post("/api/v1/communities/" + community + "/committee-members",
                         R"({"name":"张三","kind":"owners_committee"})")
                  .status,
              404);
    auto guta = LoginAs("guta");
    EXPECT_EQ(Json(guta->Get("/api/v1/appeals"))["items"].size(), 1u) << "the district sees both communities";
    EXPECT_EQ(Step(*guta, a, {{"action", "triage"}, {"track", "immediate"}}).status, 403) << "but only reads";
    EXPECT_EQ(LoginAs("lab")->Get("/api/v1/appeals").status, 403);
}

TEST_P(AppealApiTest, BadInputNamesTheField) {
    struct Case {
        std::string body, field;
    };
    const std::string area = std::to_string(xintie_.id), cat = std::to_string(category_);
    for (const Case& c : std::vector<Case>{
             {R"({"area_id":)" + area + R"(,"category_id":)" + cat + R"(,"channel":"fax","description":"x"})",
              "channel"},
             {R"({"area_id":)" + area + R"(,"category_id":)" + cat + R"(,"channel":"walk_in","description":" "})",
              "description"},
             {R"({"area_id":)" + area + R"(,"category_id":9999,"channel":"walk_in","description":"x"})", "category_id"},
             {R"({"area_id":)" + std::to_string(huagong_.id) + R"(,"category_id":)" + cat +
                  R"(,"channel":"walk_in","description":"x"})",
              "area_id"},
             {R"({"area_id":)" + area + R"(,"category_id":)" + cat +
                  R"(,"channel":"walk_in","description":"x","reporter":{"kind":"named"}})",
              "reporter.name"}}) {
        auto r = worker_->Post("/api/v1/appeals", c.body);
        EXPECT_EQ(r.status, 400) << c.body;
        EXPECT_EQ(Json(r)["error"]["field"], c.field) << r.body;
    }
    json a = Record(*worker_, xintie_.id);
    EXPECT_EQ(Json(Step(*worker_, a, {{"action", "fly"}}))["error"]["field"], "action");
    EXPECT_EQ(Json(Step(*worker_, a, {{"action", "record"}}))["error"]["field"], "action");
    EXPECT_EQ(Json(Step(*worker_, a, {{"action", "triage"}, {"track", "slow"}}))["error"]["field"], "track");
    EXPECT_EQ(Json(Step(*worker_, a, {{"action", "reject"}}))["error"]["field"], "note");
    EXPECT_EQ(Json(worker_->Get("/api/v1/appeals?status=lost"))["error"]["field"], "status");
}

TEST_P(AppealApiTest, BigCommitteeAndPartyDaySettings) {
    const std::string base = "/api/v1/communities/" + std::to_string(xintie_.id);
    auto made =
        worker_->Post(base + "/committee-members",
                      R"({"name":"李明","kind":"property_management","unit_name":"华光物业","phone":"13900002222"})");
    ASSERT_EQ(made.status, 201) << made.body;
    json member = Json(made);
    EXPECT_EQ(member["phone"], "139****2222");
    EXPECT_EQ(worker_->Post(base + "/committee-members", R"({"name":"x","kind":"mayor"})").status, 400);
    auto grid = LoginAs("grid1");
    EXPECT_EQ(grid->Get(base + "/committee-members").status, 404) << "the community is above a grid worker";

    json a = Record(*worker_, xintie_.id);
    a = Json(Step(*worker_, a, {{"action", "triage"}, {"track", "consultative"}}));
    auto claimed = Step(*worker_, a, {{"action", "claim"}, {"member_id", member["id"]}, {"note", "物业认领"}});
    ASSERT_EQ(claimed.status, 200) << claimed.body;
    EXPECT_EQ(Json(claimed)["claimer"]["name"], "李明");

    const std::string one = "/api/v1/committee-members/" + std::to_string(member["id"].get<int>());
    auto patched = worker_->Patch(one, R"({"version":1,"unit_name":"红色物业"})");
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(Json(patched)["unit_name"], "红色物业");
    EXPECT_EQ(Json(worker_->Patch(one, R"({"version":1,"name":"y"})"))["error"]["code"], "aborted");
    EXPECT_EQ(worker_->Delete(one).status, 204);
    EXPECT_EQ(Json(worker_->Get(base + "/committee-members"))["items"].size(), 0u);
    EXPECT_EQ(Json(worker_->Get(base + "/committee-members?all=true"))["items"][0]["active"], false);

    json settings = Json(worker_->Get(base + "/appeal-settings"));
    EXPECT_EQ(settings["party_day"], json({{"rule", "last_weekday"}, {"weekday", 5}}));
    EXPECT_EQ(settings["next_party_day"], "2022-04-29");
    auto put = worker_->Put(base + "/appeal-settings", R"({"party_day":{"rule":"day_of_month","day":20}})");
    ASSERT_EQ(put.status, 200) << put.body;
    EXPECT_EQ(Json(put)["next_party_day"], "2022-04-20");
    EXPECT_EQ(Json(worker_->Put(base + "/appeal-settings",
                                R"({"party_day":{"rule":"day_of_month","day":31}})"))["error"]["field"],
              "party_day");
}

WANGGE_INSTANTIATE_BACKENDS(AppealApiTest);

}  // namespace
}  // namespace wangge::api::testing
