// The mass-testing follow-up API over HTTP on every backend: the live event stream read over a real socket
// (coverage and alerts, each subscriber seeing only its scope), lab uploads (CSV in GBK, JSON, row errors),
// the trace, re-tests, sample points with device binding, door-to-door tasks.
#include <gtest/gtest.h>

#include "api/api_test_fixture.hpp"
#include "domain/masstest/resident_code.hpp"
#include "http/testing/sse_client.hpp"

namespace wangge::api::testing {
namespace {

using http::testing::HttpClient;
using http::testing::SseClient;
using nlohmann::json;

class MassTestFollowupApiTest : public ApiTest {
  protected:
    void SetUp() override {
        options_.events.coalesce = std::chrono::milliseconds(0);  // every change at once: no waiting in tests
        ApiTest::SetUp();
    }

    json ActiveRound() {
        auto guta = LoginAs("guta");
        json body = {{"name", "全员核酸"},
                     {"area_ids", {street_.id}},
                     {"starts_at", clock_.Now() - 3600'000},
                     {"ends_at", clock_.Now() + 86'400'000},
                     {"pool_size", 10},
                     {"activate", true}};
        auto r = guta->Post("/api/v1/mass-testing/rounds", body.dump());
        EXPECT_EQ(r.status, 201) << r.body;
        return Json(r);
    }

    static std::string R(const json& round, std::string_view tail = "") {
        return "/api/v1/mass-testing/rounds/" + std::to_string(round["id"].get<std::int64_t>()) + std::string(tail);
    }

    static http::testing::HeaderList CookieOf(HttpClient& client) {
        std::string cookie;
        for (const auto& [name, value] : client.cookies()) cookie += (cookie.empty() ? "" : "; ") + name + "=" + value;
        return {{"Cookie", cookie}};
    }

    // Opens a tube and scans `people` into it as `who`.
    void Fill(HttpClient& who, const json& round, const std::string& tube,
              const std::vector<const registry::Resident*>& people) {
        auto opened = who.Post(R(round, "/tubes"), json{{"code", tube}}.dump());
        ASSERT_EQ(opened.status, 201) << opened.body;
        for (const auto* p : people) {
            json scan = {{"client_id", tube + "-" + std::to_string(p->id)},
                         {"tube", tube},
                         {"resident_code", masstest::ResidentCode(p->id)}};
            auto r = who.Post(R(round, "/scans"), scan.dump());
            ASSERT_EQ(r.status, 201) << r.body;
        }
    }

    static json Data(const std::optional<http::testing::SseEvent>& event) {
        EXPECT_TRUE(event);
        if (!event) return json();
        auto j = json::parse(event->data, nullptr, false);
        EXPECT_FALSE(j.is_discarded()) << event->data;
        return j;
    }

    static json AreaDelta(const json& coverage, std::int64_t area_id) {
        for (const auto& a : coverage["areas"])
            if (a["id"] == area_id) return a;
        return json();
    }
};

TEST_P(MassTestFollowupApiTest, TheEventStreamCarriesCoverageAndAlertsInTheSubscribersScope) {
    json round = ActiveRound();
    auto xintie = LoginAs("xintie");
    auto huagong = LoginAs("huagong");
    auto guta = LoginAs("guta");

    SseClient community(port_), other(port_), district(port_);
    ASSERT_TRUE(community.Open("/api/v1/events", CookieOf(*xintie))) << community.error();
    ASSERT_EQ(community.status(), 200) << community.body();
    EXPECT_EQ(community.Header("content-type"), "text/event-stream; charset=utf-8");
    ASSERT_TRUE(other.Open("/api/v1/events?round=" + std::to_string(round["id"].get<int>()), CookieOf(*huagong)));
    ASSERT_TRUE(district.Open("/api/v1/events?depth=1", CookieOf(*guta)));
    auto ready = Data(community.NextOf("ready"));
    EXPECT_EQ(ready["area_id"], xintie_.id);
    ASSERT_TRUE(other.NextOf("ready"));
    ASSERT_TRUE(district.NextOf("ready"));

    Fill(*xintie, round, "T1", {&xintie_head_, &xintie_child_});
    json first = Data(community.NextOf("coverage"));
    EXPECT_EQ(first["round_id"], round["id"]);
    EXPECT_EQ(AreaDelta(first, xintie_.id)["sampled"], 1);  // one event per committed scan
    EXPECT_EQ(AreaDelta(first, building_.id)["sampled"], 1);
    EXPECT_TRUE(AreaDelta(first, street_.id).is_null());  // above the subscriber: not theirs
    EXPECT_EQ(AreaDelta(Data(community.NextOf("coverage")), grid_.id)["sampled"], 1);
    json top = Data(district.NextOf("coverage"));
    EXPECT_EQ(AreaDelta(top, district_.id)["sampled"], 1);
    EXPECT_EQ(AreaDelta(top, street_.id)["sampled"], 1);
    EXPECT_TRUE(AreaDelta(top, xintie_.id).is_null());  // deeper than depth=1

    // 华工社区's subscriber heard nothing of 新铁社区: its first coverage event is its own scan.
    Fill(*huagong, round, "H1", {&huagong_head_});
    json own = Data(other.NextOf("coverage"));
    EXPECT_FALSE(AreaDelta(own, huagong_.id).is_null());
    EXPECT_TRUE(AreaDelta(own, xintie_.id).is_null());

    // A positive pool alerts its grid's community at once; 华工 hears only its own alert.
    auto lab = LoginAs("lab");
    auto up = lab->Post(R(round, "/lab-results"), R"({"items":[{"tube":"T1","result":"阳性","lab":"市检验中心"}]})");
    ASSERT_EQ(up.status, 200) << up.body;
    json alert = Data(community.NextOf("alert"));
    EXPECT_EQ(alert["tube"]["code"], "T1");
    EXPECT_EQ(alert["area"]["id"], grid_.id);
    EXPECT_EQ(alert["community"]["name"], "新铁社区");
    EXPECT_EQ(alert["people"], 2);
    ASSERT_EQ(lab->Post(R(round, "/lab-results"), R"({"items":[{"tube":"H1","result":"positive"}]})").status, 200);
    EXPECT_EQ(Data(other.NextOf("alert"))["tube"]["code"], "H1");
    EXPECT_EQ(Data(district.NextOf("alert"))["tube"]["code"], "T1");

    // No session: 401; a role without mass-testing reads: 403.
    SseClient anonymous(port_);
    ASSERT_TRUE(anonymous.Open("/api/v1/events"));
    EXPECT_EQ(anonymous.status(), 401);
    SseClient lab_stream(port_);
    ASSERT_TRUE(lab_stream.Open("/api/v1/events", CookieOf(*lab)));
    EXPECT_EQ(lab_stream.status(), 403);
    EXPECT_EQ(services_->events().subscriber_count(), 3u);
    community.Close();
    other.Close();
    district.Close();
}

TEST_P(MassTestFollowupApiTest, LabUploadsInGbkCsvOrJsonWithRowErrors) {
    json round = ActiveRound();
    auto xintie = LoginAs("xintie");
    Fill(*xintie, round, "T1", {&xintie_head_});
    Fill(*xintie, round, "T2", {&xintie_child_});
    auto lab = LoginAs("lab");

    // "管码,结果,检测时间\nT1,阴性,2022-04-15 10:00\nT2,无效,\n" in GBK, as Excel saves it.
    const std::string gbk =
        "\xb9\xdc\xc2\xeb,\xbd\xe1\xb9\xfb,\xbc\xec\xb2\xe2\xca\xb1\xbc\xe4\r\n"
        "T1,\xd2\xf5\xd0\xd4,2022-04-15 10:00\r\n"
        "T2,\xce\xde\xd0\xa7,\r\n";
    auto csv = lab->Post(R(round, "/lab-results"), gbk, {{"Content-Type", "text/csv"}});
    ASSERT_EQ(csv.status, 200) << csv.body;
    json out = Json(csv);
    EXPECT_EQ(out["upload"]["encoding"], "gbk");
    EXPECT_EQ(out["upload"]["applied"], 2);
    EXPECT_EQ(out["upload"]["invalids"], 1);
    EXPECT_EQ(out["resample_tasks"], 1);
    EXPECT_EQ(out["rows"], 2);

    auto again = lab->Post(R(round, "/lab-results?format=csv&encoding=gbk"), gbk, {{"Content-Type", "text/csv"}});
    ASSERT_EQ(again.status, 200) << again.body;
    EXPECT_EQ(Json(again)["upload"]["unchanged"], 2);

    auto bad = lab->Post(R(round, "/lab-results"),
                         R"({"items":[{"tube":"T1","result":"negative"},{"tube":"NOPE","result":"maybe"}]})");
    ASSERT_EQ(bad.status, 400) << bad.body;
    json errors = Json(bad);
    EXPECT_EQ(errors["error"]["code"], "invalid_argument");
    EXPECT_EQ(errors["error_count"], 1);
    EXPECT_EQ(errors["errors"][0]["line"], 2);
    EXPECT_EQ(errors["errors"][0]["field"], "result");
    auto unknown = lab->Post(R(round, "/lab-results"), R"({"items":[{"tube":"NOPE","result":"negative"}]})");
    ASSERT_EQ(unknown.status, 400);
    EXPECT_EQ(Json(unknown)["errors"][0]["field"], "tube");
    auto shape = lab->Post(R(round, "/lab-results"), R"({"items":[{"tube":7.5}]})");
    EXPECT_EQ(shape.status, 400);
    EXPECT_EQ(Json(shape)["error"]["field"], "items[0].tube");

    EXPECT_EQ(xintie->Post(R(round, "/lab-results"), R"({"items":[{"tube":"T1","result":"negative"}]})").status, 403);
    auto uploads = lab->Get(R(round, "/lab-uploads"));
    ASSERT_EQ(uploads.status, 200) << uploads.body;
    EXPECT_EQ(Json(uploads)["items"].size(), 2u);
}

TEST_P(MassTestFollowupApiTest, ATraceAndItsRetestsOverHttp) {
    json round = ActiveRound();
    auto xintie = LoginAs("xintie");
    Fill(*xintie, round, "T1", {&xintie_head_, &xintie_child_});
    auto lab = LoginAs("lab");
    ASSERT_EQ(lab->Post(R(round, "/lab-results"), R"({"items":[{"tube":"T1","result":"positive"}]})").status, 200);

    auto got = xintie->Get(R(round, "/tubes/T1/trace"));
    ASSERT_EQ(got.status, 200) << got.body;
    json trace = Json(got);
    EXPECT_EQ(trace["tube"]["result"], "positive");
    ASSERT_EQ(trace["people"].size(), 2u);
    EXPECT_EQ(trace["people"][0]["resident"]["name"], "张伟");
    EXPECT_NE(trace["people"][0]["resident"]["id_number"], xintie_head_.id_number);
    EXPECT_EQ(trace["people"][0]["retest"]["status"], "pending");
    ASSERT_EQ(trace["households"].size(), 1u);
    EXPECT_EQ(trace["households"][0]["resident_ids"].size(), 2u);
    EXPECT_EQ(trace["buildings"][0]["name"], "1号楼");
    EXPECT_EQ(trace["grids"][0]["name"], "第1网格");
    EXPECT_EQ(trace["communities"][0]["name"], "新铁社区");
    EXPECT_EQ(trace["retests"]["pending"], 2);
    EXPECT_EQ(LoginAs("huagong")->Get(R(round, "/tubes/T1/trace")).status, 404);
    auto revealed = xintie->Get(R(round, "/tubes/T1/trace?reveal=1&reason=%E6%B5%81%E8%B0%83"));
    ASSERT_EQ(revealed.status, 200) << revealed.body;
    EXPECT_EQ(Json(revealed)["people"][0]["resident"]["id_number"], xintie_head_.id_number);
    EXPECT_EQ(Json(xintie->Get(R(round, "/tubes/T1/trace?reveal=1")))["error"]["field"], "reason");

    auto alerts = LoginAs("grid1")->Get(R(round, "/alerts"));
    ASSERT_EQ(alerts.status, 200);
    EXPECT_EQ(Json(alerts)["items"].size(), 1u);

    auto tasks = Json(xintie->Get(R(round, "/retest-tasks?kind=retest")));
    ASSERT_EQ(tasks["items"].size(), 2u);
    EXPECT_EQ(tasks["items"][0]["source_tube"], "T1");
    const std::int64_t task = tasks["items"][0]["id"];
    const std::int64_t person = tasks["items"][0]["resident"]["id"];
    // One task by id, as the list shows it; 404 outside the caller's scope or for no such task.
    auto one = xintie->Get("/api/v1/mass-testing/retest-tasks/" + std::to_string(task));
    ASSERT_EQ(one.status, 200) << one.body;
    EXPECT_EQ(Json(one), tasks["items"][0]);
    EXPECT_EQ(LoginAs("huagong")->Get("/api/v1/mass-testing/retest-tasks/" + std::to_string(task)).status, 404);
    EXPECT_EQ(xintie->Get("/api/v1/mass-testing/retest-tasks/999999").status, 404);
    json sample = {{"client_id", "rt-1"}, {"tube", "S1"}, {"resident_code", masstest::ResidentCode(person)}};
    const std::string path = "/api/v1/mass-testing/retest-tasks/" + std::to_string(task) + "/sample";
    auto done = xintie->Post(path, sample.dump());
    ASSERT_EQ(done.status, 201) << done.body;
    EXPECT_EQ(Json(done)["tube"]["kind"], "single");
    EXPECT_EQ(Json(done)["task"]["status"], "sampled");
    auto replay = xintie->Post(path, sample.dump());
    EXPECT_EQ(replay.status, 200);
    EXPECT_EQ(Json(replay)["replayed"], true);
    sample["client_id"] = "rt-2";
    EXPECT_EQ(xintie->Post(path, sample.dump()).status, 409);
    auto pending = Json(xintie->Get(R(round, "/retest-tasks?status=pending")));
    EXPECT_EQ(pending["items"].size(), 1u);
}

TEST_P(MassTestFollowupApiTest, APointsDeviceBindingMarksItsTubes) {
    json round = ActiveRound();
    auto xintie = LoginAs("xintie");
    json point = {{"area_id", xintie_.id},
                  {"name", "广场采样点"},
                  {"place", "社区广场东侧"},
                  {"lanes", 2},
                  {"crew", json::array({json{{"name", "李医生"}, {"duty", "采样"}}})}};
    auto made = xintie->Post("/api/v1/mass-testing/sample-points", point.dump());
    ASSERT_EQ(made.status, 201) << made.body;
    const std::int64_t id = Json(made)["id"];
    const std::string p = "/api/v1/mass-testing/sample-points/" + std::to_string(id);
    EXPECT_EQ(xintie->Put(p + "/buildings/" + std::to_string(building_.id), "").status, 204);
    json got = Json(xintie->Get(p));
    EXPECT_EQ(got["buildings"][0]["name"], "1号楼");
    EXPECT_EQ(got["crew"][0]["name"], "李医生");
    auto edited = xintie->Patch(p, json{{"version", got["version"]}, {"lanes", 4}}.dump());
    ASSERT_EQ(edited.status, 200) << edited.body;
    EXPECT_EQ(Json(edited)["lanes"], 4);
    EXPECT_EQ(xintie->Patch(p, json{{"version", got["version"]}, {"lanes", 5}}.dump()).status, 409);
    EXPECT_EQ(Json(LoginAs("grid1")->Get("/api/v1/mass-testing/sample-points"))["items"].size(), 1u);

    EXPECT_EQ(Json(xintie->Get("/api/v1/mass-testing/my-point"))["point"], nullptr);
    ASSERT_EQ(xintie->Put("/api/v1/mass-testing/my-point", json{{"point_id", id}}.dump()).status, 200);
    ASSERT_EQ(xintie->Post(R(round, "/tubes"), R"({"code":"P1"})").status, 201);
    EXPECT_EQ(Json(xintie->Get(R(round, "/tubes/P1")))["tube"]["point_id"], id);
    EXPECT_EQ(xintie->Delete("/api/v1/mass-testing/my-point").status, 204);
    ASSERT_EQ(xintie->Post(R(round, "/tubes"), R"({"code":"P2"})").status, 201);
    EXPECT_EQ(Json(xintie->Get(R(round, "/tubes/P2")))["tube"]["point_id"], nullptr);
    EXPECT_EQ(LoginAs("huagong")->Get(p).status, 404);
}

TEST_P(MassTestFollowupApiTest, DoorTasksFromGenerationToThePhone) {
    auto& repo = services_->registry_repository();
    auto bedridden = repo.GetResident(xintie_child_.id);
    ASSERT_TRUE(bedridden);
    bedridden->tags = static_cast<registry::TagSet>(registry::Tag::kBedridden);
    ASSERT_TRUE(repo.UpdateResident(*bedridden, bedridden->version, std::nullopt));
    json round = ActiveRound();
    auto xintie = LoginAs("xintie");
    auto made = xintie->Post(R(round, "/door-tasks/generate"), "");
    ASSERT_EQ(made.status, 200) << made.body;
    EXPECT_EQ(Json(made)["person_tasks"], 1);

    auto grid_user = services_->auth_repository().GetUserByUsername("grid1");
    ASSERT_TRUE(grid_user);
    // The member picker offers grid1 (who works under 新铁社区), without a password hash.
    auto candidates = xintie->Get("/api/v1/mass-testing/team-candidates?area=" + std::to_string(xintie_.id));
    ASSERT_EQ(candidates.status, 200) << candidates.body;
    bool offered = false;
    const json offers = Json(candidates);
    for (const auto& u : offers["items"]) {
        EXPECT_FALSE(u.contains("password_hash"));
        offered = offered || (u["id"] == grid_user->id && u["role"] == "grid_worker");
    }
    EXPECT_TRUE(offered) << candidates.body;
    EXPECT_EQ(xintie->Get("/api/v1/mass-testing/team-candidates").status, 400);  // area is required
    auto team = xintie->Post(
        "/api/v1/mass-testing/teams",
        json{{"area_id", xintie_.id}, {"name", "上门一组"}, {"member_ids", json::array({grid_user->id})}}.dump());
    ASSERT_EQ(team.status, 201) << team.body;
    const std::int64_t team_id = Json(team)["id"];
    auto list = Json(xintie->Get(R(round, "/door-tasks")));
    ASSERT_EQ(list["items"].size(), 1u);
    json task = list["items"][0];
    EXPECT_EQ(task["reason"], "bedridden");
    EXPECT_EQ(task["resident"]["name"], "张小明");
    EXPECT_EQ(task["building"]["name"], "1号楼");
    ASSERT_EQ(xintie
                  ->Post(R(round, "/door-tasks/assign"),
                         json{{"task_ids", json::array({task["id"]})}, {"team_id", team_id}}.dump())
                  .status,
              200);

    auto grid = LoginAs("grid1");
    auto mine = Json(grid->Get(R(round, "/door-tasks?mine=1")));
    ASSERT_EQ(mine["items"].size(), 1u);
    EXPECT_EQ(mine["items"][0]["team"]["name"], "上门一组");
    Fill(*grid, round, "D1", {&xintie_child_});
    const std::string done =
        "/api/v1/mass-testing/door-tasks/" + std::to_string(task["id"].get<std::int64_t>()) + "/done";
    auto closed = grid->Post(done, json{{"client_id", "D1-" + std::to_string(xintie_child_.id)}}.dump());
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_EQ(Json(closed)["status"], "sampled");
    EXPECT_EQ(grid->Post(done, R"({"outcome":"not_home"})").status, 409);
    EXPECT_EQ(grid->Post(done, R"({"outcome":"later"})").status, 400);
}

WANGGE_INSTANTIATE_BACKENDS(MassTestFollowupApiTest);

}  // namespace
}  // namespace wangge::api::testing
