// The Party-day session API over HTTP on both databases: a whole meeting (agenda, open, attendees
// and minutes, a claim for the property company, an item raised on the spot, close with
// report-back), scope and roles, and input errors that name their field.
#include "api/api_test_fixture.hpp"

namespace wangge::api::testing {
namespace {

using nlohmann::json;

class PartySessionApiTest : public ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        worker_ = LoginAs("xintie");
        category_ = Json(worker_->Get("/api/v1/appeal-categories"))["items"][0]["id"];
        auto member =
            worker_->Post(Community() + "/committee-members",
                          json{{"name", "李明"}, {"kind", "property_management"}, {"unit_name", "华光物业"}}.dump());
        ASSERT_EQ(member.status, 201) << member.body;
        property_ = Json(member)["id"];
    }

    std::string Community() const { return "/api/v1/communities/" + std::to_string(xintie_.id); }
    static std::string Session(std::int64_t id, const std::string& tail = "") {
        return "/api/v1/party-sessions/" + std::to_string(id) + tail;
    }

    json Record(http::testing::HttpClient& client, std::int64_t area, const std::string& text) {
        json body = {{"area_id", area}, {"channel", "grid_visit"}, {"category_id", category_}, {"description", text}};
        auto r = client.Post("/api/v1/appeals", body.dump());
        EXPECT_EQ(r.status, 201) << r.body;
        return Json(r);
    }

    json Step(http::testing::HttpClient& client, const json& appeal, json body) {
        body["version"] = appeal["version"];
        auto r = client.Post("/api/v1/appeals/" + std::to_string(appeal["id"].get<std::int64_t>()) + "/transitions",
                             body.dump());
        EXPECT_EQ(r.status, 200) << r.body;
        return Json(r);
    }

    static std::vector<std::int64_t> Ids(const json& items) {
        std::vector<std::int64_t> out;
        for (const auto& a : items) out.push_back(a["id"]);
        return out;
    }

    std::unique_ptr<http::testing::HttpClient> worker_;  // "xintie", a community worker
    std::int64_t category_ = 0;
    std::int64_t property_ = 0;
};

TEST_P(PartySessionApiTest, AWholeMeeting) {
    auto grid = LoginAs("grid1");
    json road = Step(*worker_, Record(*worker_, xintie_.id, "小区道路坑洼不平"),
                     {{"action", "triage"}, {"track", "consultative"}});
    json sewer =
        Step(*worker_, Record(*grid, grid_.id, "燃化楼下水井返水"), {{"action", "triage"}, {"track", "immediate"}});
    sewer = Step(*grid, sewer, {{"action", "claim"}});
    sewer = Step(*grid, sewer, {{"action", "resolve"}, {"note", "已疏通"}});

    json list = Json(worker_->Get(Community() + "/party-sessions"));
    EXPECT_EQ(list["items"], json::array());
    EXPECT_EQ(list["next_party_day"], "2022-04-29");
    EXPECT_EQ(list["can_manage"], true);

    auto created = worker_->Post(Community() + "/party-sessions", "{}");
    ASSERT_EQ(created.status, 201) << created.body;
    json s = Json(created);
    EXPECT_EQ(s["held_on"], "2022-04-29");
    EXPECT_EQ(s["title"], "2022年4月党日说事");
    EXPECT_EQ(s["status"], "planned");
    EXPECT_EQ(s["community"]["name"], "新铁社区");
    EXPECT_EQ(s["allowed_actions"], json({"update", "open", "delete"}));
    const std::int64_t id = s["id"];
    auto twice = worker_->Post(Community() + "/party-sessions", "{}");
    EXPECT_EQ(twice.status, 409);
    EXPECT_EQ(Json(twice)["error"]["code"], "already_exists");

    json d = Json(worker_->Get(Session(id)));
    EXPECT_EQ(Ids(d["agenda"]["report_back"]), std::vector<std::int64_t>{sewer["id"]});
    EXPECT_EQ(Ids(d["agenda"]["to_claim"]), std::vector<std::int64_t>{road["id"]});
    EXPECT_EQ(d["agenda"]["overdue"], json::array());
    EXPECT_EQ(d["claims"], json::array());
    EXPECT_EQ(d["attendees"], json::array());

    json claim = {{"appeal_id", road["id"]}, {"member_id", property_}, {"version", road["version"]}};
    auto early = worker_->Post(Session(id, "/claims"), claim.dump());
    EXPECT_EQ(early.status, 409);
    EXPECT_EQ(Json(early)["error"]["code"], "failed_precondition");

    auto opened = worker_->Post(Session(id, "/open"), json{{"version", s["version"]}}.dump());
    ASSERT_EQ(opened.status, 200) << opened.body;
    s = Json(opened);
    EXPECT_EQ(s["status"], "open");
    EXPECT_TRUE(s["opened_at"].is_number_integer());

    auto patched = worker_->Patch(Session(id), json{{"version", s["version"]},
                                                    {"attendee_member_ids", {property_}},
                                                    {"other_attendees", "街道办 王科长"},
                                                    {"minutes", "一、通报办理结果"}}
                                                   .dump());
    ASSERT_EQ(patched.status, 200) << patched.body;
    s = Json(patched);
    ASSERT_EQ(s["attendees"].size(), 1u);
    EXPECT_EQ(s["attendees"][0]["unit_name"], "华光物业");
    EXPECT_EQ(s["attendees"][0]["kind"], "property_management");
    EXPECT_EQ(s["minutes"], "一、通报办理结果");

    auto claimed = worker_->Post(Session(id, "/claims"), claim.dump());
    ASSERT_EQ(claimed.status, 200) << claimed.body;
    EXPECT_EQ(Json(claimed)["claimer"], json({{"kind", "member"}, {"id", property_}, {"name", "李明"}}));
    auto lost = worker_->Post(Session(id, "/claims"), claim.dump());
    EXPECT_EQ(lost.status, 409);
    EXPECT_EQ(Json(lost)["error"]["code"], "aborted") << "the version the caller saw is stale";

    auto raised =
        worker_->Post(Session(id, "/items"), json{{"category_id", category_}, {"description", "东门路灯不亮"}}.dump());
    ASSERT_EQ(raised.status, 201) << raised.body;
    EXPECT_EQ(Json(raised)["channel"], "party_day");
    EXPECT_EQ(Json(raised)["area"]["id"], xintie_.id);

    d = Json(worker_->Get(Session(id)));
    ASSERT_EQ(d["claims"].size(), 1u);
    EXPECT_EQ(d["claims"][0]["member"]["name"], "李明");
    EXPECT_EQ(d["claims"][0]["member"]["unit_name"], "华光物业");
    EXPECT_EQ(d["claims"][0]["appeal"]["id"], road["id"]);
    ASSERT_EQ(d["raised"].size(), 1u);
    EXPECT_EQ(d["raised"][0]["description"], "东门路灯不亮");
    EXPECT_EQ(d["allowed_actions"], json({"update", "claim", "raise", "close"}));
    json timeline = Json(worker_->Get("/api/v1/appeals/" + std::to_string(road["id"].get<std::int64_t>())));
    EXPECT_EQ(timeline["events"].back()["detail"]["session_id"], id);

    auto closed = worker_->Post(Session(id, "/close"), json{{"version", s["version"]}}.dump());
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_EQ(Json(closed)["status"], "closed");
    json reported = Json(worker_->Get("/api/v1/appeals/" + std::to_string(sewer["id"].get<std::int64_t>())));
    EXPECT_EQ(reported["status"], "reported");
    EXPECT_EQ(reported["session_id"], id);
    EXPECT_EQ(reported["events"].back()["action"], "report");
    d = Json(worker_->Get(Session(id)));
    EXPECT_EQ(Ids(d["agenda"]["report_back"]), std::vector<std::int64_t>{sewer["id"]});
    EXPECT_EQ(d["allowed_actions"], json::array());
    auto after = worker_->Patch(Session(id), json{{"version", d["version"]}, {"minutes", "补记"}}.dump());
    EXPECT_EQ(after.status, 409);
    EXPECT_EQ(Json(after)["error"]["code"], "failed_precondition");
    EXPECT_EQ(Json(worker_->Get(Community() + "/party-sessions"))["items"][0]["status"], "closed");
}

TEST_P(PartySessionApiTest, ScopeAndRoles) {
    json s = Json(worker_->Post(Community() + "/party-sessions", json{{"held_on", "2022-05-27"}}.dump()));
    const std::int64_t id = s["id"];
    auto huagong = LoginAs("huagong");
    EXPECT_EQ(huagong->Get(Session(id)).status, 404) << "another community's session";
    EXPECT_EQ(huagong->Get(Community() + "/party-sessions").status, 404);
    EXPECT_EQ(huagong->Post(Session(id, "/open"), json{{"version", 1}}.dump()).status, 404);
    auto grid = LoginAs("grid1");
    EXPECT_EQ(grid->Get(Session(id)).status, 404) << "a grid worker's scope is the grid";
    auto lab = LoginAs("lab");
    EXPECT_EQ(lab->Get(Session(id)).status, 403);

    auto guta = LoginAs("guta");  // a district officer reads, does not manage
    auto seen = guta->Get(Session(id));
    ASSERT_EQ(seen.status, 200) << seen.body;
    EXPECT_EQ(Json(seen)["allowed_actions"], json::array());
    EXPECT_EQ(Json(guta->Get(Community() + "/party-sessions"))["can_manage"], false);
    EXPECT_EQ(guta->Post(Community() + "/party-sessions", "{}").status, 403);
    EXPECT_EQ(guta->Post(Session(id, "/open"), json{{"version", 1}}.dump()).status, 403);
    EXPECT_EQ(Anonymous()->Get(Session(id)).status, 401);

    EXPECT_EQ(worker_->Delete(Session(id, "?version=1")).status, 204);
    EXPECT_EQ(worker_->Get(Session(id)).status, 404);
}

TEST_P(PartySessionApiTest, InputErrorsNameTheirField) {
    const auto field = [](const http::testing::ClientResponse& r) {
        EXPECT_EQ(r.status, 400) << r.body;
        return Json(r)["error"]["field"].get<std::string>();
    };
    EXPECT_EQ(field(worker_->Post(Community() + "/party-sessions", json{{"held_on", "2022-13-01"}}.dump())), "held_on");
    EXPECT_EQ(field(worker_->Post(Community() + "/party-sessions", json{{"title", 5}}.dump())), "title");
    json s = Json(worker_->Post(Community() + "/party-sessions", "{}"));
    const std::int64_t id = s["id"];
    EXPECT_EQ(field(worker_->Patch(Session(id), json{{"minutes", "x"}}.dump())), "version");
    EXPECT_EQ(field(worker_->Patch(Session(id), json{{"version", 1}, {"attendee_member_ids", "李明"}}.dump())),
              "attendee_member_ids");
    EXPECT_EQ(field(worker_->Patch(Session(id), json{{"version", 1}, {"attendee_member_ids", {999}}}.dump())),
              "attendee_member_ids");
    EXPECT_EQ(field(worker_->Delete(Session(id))), "version");
    ASSERT_EQ(worker_->Post(Session(id, "/open"), json{{"version", 1}}.dump()).status, 200);
    EXPECT_EQ(field(worker_->Post(Session(id, "/claims"), json{{"appeal_id", 1}, {"version", 1}}.dump())), "member_id");
    EXPECT_EQ(
        field(worker_->Post(Session(id, "/items"),
                            json{{"category_id", category_}, {"description", "x"}, {"channel", "walk_in"}}.dump())),
        "channel");
    EXPECT_EQ(field(worker_->Post(Session(id, "/items"), json{{"category_id", category_}}.dump())), "description");

    json a = Record(*worker_, xintie_.id, "路灯不亮");
    a = Step(*worker_, a, {{"action", "triage"}, {"track", "immediate"}});
    auto forged = worker_->Post("/api/v1/appeals/" + std::to_string(a["id"].get<std::int64_t>()) + "/transitions",
                                json{{"action", "claim"}, {"version", a["version"]}, {"session_id", id}}.dump());
    EXPECT_EQ(field(forged), "session_id") << "sessions attach themselves only through /party-sessions";
}

WANGGE_INSTANTIATE_BACKENDS(PartySessionApiTest);

}  // namespace
}  // namespace wangge::api::testing
