// The appeal follow-up over HTTP on both databases: extension requests and their queue, photos as raw
// bodies (signature, size, scope, nosniff), the public evaluation link without a session (410 once
// used or expired, 429 when hammered), and possible duplicates for the intake form.
#include <filesystem>

#include "api/api_test_fixture.hpp"
#include "domain/auth/auth_service.hpp"

namespace wangge::api::testing {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr std::int64_t kDay = 24 * 3600 * 1000;
const std::string kJpeg = std::string("\xFF\xD8\xFF\xE0\x00\x10JFIF\x00", 11) + std::string(2000, '\x7F');

class FollowupApiTest : public ApiTest {
  protected:
    void SetUp() override {
        data_dir_ = fs::temp_directory_path() / ("wangge-api-photos-" + auth::RandomToken().substr(0, 12));
        options_.data_dir = data_dir_.string();
        ApiTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        auto secretary =
            services_->auth().AddUser("xinshuji", "新铁书记", auth::Role::kPartySecretary, xintie_.id, kPassword);
        ASSERT_TRUE(secretary) << secretary.error().message;
        worker_ = LoginAs("xintie");
        gridder_ = LoginAs("grid1");
        category_ = Json(worker_->Get("/api/v1/appeal-categories"))["items"][0]["id"];
    }
    void TearDown() override {
        ApiTest::TearDown();
        std::error_code ec;
        fs::remove_all(data_dir_, ec);
    }

    static std::string Id(const json& j) { return std::to_string(j["id"].get<std::int64_t>()); }

    json Record(http::testing::HttpClient& client, std::int64_t area, std::optional<std::int64_t> household = {}) {
        json body = {{"area_id", area},
                     {"channel", "grid_visit"},
                     {"category_id", category_},
                     {"description", "楼道灯不亮"},
                     {"reporter", {{"kind", "named"}, {"name", "王大爷"}, {"phone", "13800001111"}}}};
        if (household) body["household_id"] = *household;
        auto r = client.Post("/api/v1/appeals", body.dump());
        EXPECT_EQ(r.status, 201) << r.body;
        return Json(r);
    }

    json Step(http::testing::HttpClient& client, const json& appeal, json body, int expected = 200) {
        body["version"] = appeal["version"];
        auto r = client.Post("/api/v1/appeals/" + Id(appeal) + "/transitions", body.dump());
        EXPECT_EQ(r.status, expected) << r.body;
        return Json(r);
    }

    json Fresh(const json& appeal) { return Json(worker_->Get("/api/v1/appeals/" + Id(appeal))); }

    // Recorded by the grid worker in their grid, triaged immediate, claimed by them.
    json Claimed() {
        json a = Record(*gridder_, grid_.id);
        a = Step(*worker_, a, {{"action", "triage"}, {"track", "immediate"}});
        return Step(*gridder_, a, {{"action", "claim"}});
    }

    fs::path data_dir_;
    std::unique_ptr<http::testing::HttpClient> worker_, gridder_;
    std::int64_t category_ = 0;
};

TEST_P(FollowupApiTest, ExtensionRequestedQueuedAndApproved) {
    json a = Claimed();
    const std::int64_t due = a["due_at"];
    const std::string path = "/api/v1/appeals/" + Id(a) + "/extensions";

    auto bad = gridder_->Post(path, json{{"due_at", due - kDay}, {"reason", "材料没到"}}.dump());
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Json(bad)["error"]["field"], "due_at");
    EXPECT_EQ(Json(gridder_->Post(path, json{{"reason", "x"}}.dump()))["error"]["field"], "due_at");
    EXPECT_EQ(Json(gridder_->Post(path, json{{"due_at", due + kDay}}.dump()))["error"]["field"], "reason");

    auto asked = gridder_->Post(path, json{{"due_at", due + 7 * kDay}, {"reason", "配件要从沈阳调货"}}.dump());
    ASSERT_EQ(asked.status, 201) << asked.body;
    json x = Json(asked);
    EXPECT_EQ(x["status"], "pending");
    EXPECT_EQ(x["requested_due_at"], due + 7 * kDay);
    EXPECT_EQ(x["previous_due_at"], due);
    EXPECT_EQ(x["requested_by"]["name"], "grid1");
    EXPECT_EQ(x["decided_by"], nullptr);
    auto second = gridder_->Post(path, json{{"due_at", due + 9 * kDay}, {"reason", "再延"}}.dump());
    EXPECT_EQ(second.status, 409);
    EXPECT_EQ(Json(second)["error"]["code"], "failed_precondition");

    auto huagong = LoginAs("huagong");
    EXPECT_EQ(huagong->Get(path).status, 404);
    EXPECT_EQ(Json(huagong->Get("/api/v1/extensions?status=pending"))["items"].size(), 0u);
    auto secretary = LoginAs("xinshuji");
    json queue = Json(secretary->Get("/api/v1/extensions?status=pending"));
    ASSERT_EQ(queue["items"].size(), 1u);
    EXPECT_EQ(queue["items"][0]["id"], x["id"]);
    EXPECT_EQ(queue["items"][0]["appeal"]["id"], a["id"]);
    EXPECT_EQ(queue["items"][0]["appeal"]["reporter"]["phone"], "138****1111") << "masked as everywhere";
    EXPECT_EQ(Json(secretary->Get("/api/v1/extensions"))["items"].size(), 1u) << "pending is the default";
    EXPECT_EQ(Json(secretary->Get("/api/v1/extensions?status=approved"))["error"]["field"], "status");
    json listed = Json(secretary->Get(path));
    EXPECT_EQ(listed["can_decide"], true);
    EXPECT_EQ(listed["can_request"], false);

    const std::string decide = "/api/v1/extensions/" + Id(x) + "/decision";
    EXPECT_EQ(gridder_->Post(decide, json{{"decision", "approve"}}.dump()).status, 403);
    EXPECT_EQ(huagong->Post(decide, json{{"decision", "approve"}}.dump()).status, 404);
    EXPECT_EQ(Json(secretary->Post(decide, json{{"decision", "maybe"}}.dump()))["error"]["field"], "decision");
    EXPECT_EQ(Json(secretary->Post(decide, json{{"decision", "refuse"}}.dump()))["error"]["field"], "note");
    auto approved = secretary->Post(decide, json{{"decision", "approve"}, {"note", "同意"}}.dump());
    ASSERT_EQ(approved.status, 200) << approved.body;
    EXPECT_EQ(Json(approved)["status"], "approved");
    EXPECT_EQ(Json(approved)["decision_note"], "同意");
    EXPECT_EQ(secretary->Post(decide, json{{"decision", "approve"}}.dump()).status, 409);

    json now = Fresh(a);
    EXPECT_EQ(now["due_at"], due + 7 * kDay);
    EXPECT_EQ(now["status"], "claimed");
    const auto& events = now["events"];
    ASSERT_EQ(events.size(), 5u);
    EXPECT_EQ(events[3]["action"], "request_extension");
    EXPECT_EQ(events[3]["detail"]["requested_due_at"], due + 7 * kDay);
    EXPECT_EQ(events[4]["action"], "approve_extension");
    EXPECT_EQ(events[4]["detail"]["due_at"], due + 7 * kDay);
    EXPECT_EQ(events[4]["actor"]["name"], "新铁书记");
    EXPECT_EQ(Json(secretary->Get("/api/v1/extensions"))["items"].size(), 0u);
    auto stale = Step(*gridder_, a, {{"action", "start"}}, 409);
    EXPECT_EQ(stale["error"]["code"], "aborted") << "the requests moved the version";
}

TEST_P(FollowupApiTest, PhotosGoInAsRawBodiesAndOutOnlyWithinScope) {
    json a = Record(*gridder_, grid_.id);
    const std::int64_t record_event = Fresh(a)["events"][0]["id"];
    const std::string path = "/api/v1/appeals/" + Id(a) + "/photos";
    auto up =
        gridder_->Post(path + "?event_id=" + std::to_string(record_event), kJpeg, {{"Content-Type", "image/jpeg"}});
    ASSERT_EQ(up.status, 201) << up.body;
    json photo = Json(up);
    EXPECT_EQ(photo["content_type"], "image/jpeg");
    EXPECT_EQ(photo["size"], kJpeg.size());
    EXPECT_EQ(photo["event_id"], record_event);
    EXPECT_EQ(photo["sha256"], auth::Sha256Hex(kJpeg));
    EXPECT_EQ(photo["url"], "/api/v1/photos/" + Id(photo));

    auto got = worker_->Get("/api/v1/photos/" + Id(photo));
    ASSERT_EQ(got.status, 200);
    EXPECT_EQ(got.body, kJpeg);
    EXPECT_EQ(got.Header("content-type"), "image/jpeg");
    EXPECT_EQ(got.Header("x-content-type-options"), "nosniff");
    EXPECT_EQ(got.Header("cache-control"), "private, max-age=86400");
    EXPECT_EQ(LoginAs("huagong")->Get("/api/v1/photos/" + Id(photo)).status, 404);
    EXPECT_EQ(Anonymous()->Get("/api/v1/photos/" + Id(photo)).status, 401);
    json listed = Json(worker_->Get(path));
    ASSERT_EQ(listed["items"].size(), 1u);

    auto lie = gridder_->Post(path, kJpeg, {{"Content-Type", "image/png"}});
    EXPECT_EQ(lie.status, 400);
    EXPECT_EQ(Json(lie)["error"]["field"], "photo");
    auto html = gridder_->Post(path, "<html><script>alert(1)</script>", {{"Content-Type", "text/html"}});
    EXPECT_EQ(html.status, 400);
    EXPECT_EQ(Json(html)["error"]["field"], "content_type");
    auto empty = gridder_->Post(path, "", {{"Content-Type", "image/webp"}});
    EXPECT_EQ(empty.status, 400);
    auto huge = gridder_->Post(path, kJpeg + std::string(2u << 20, 'z'), {{"Content-Type", "image/jpeg"}});
    EXPECT_EQ(huge.status, 413);
    gridder_->CloseConnection();
    EXPECT_EQ(Json(gridder_->Post(path + "?event_id=abc", kJpeg, {{"Content-Type", "image/jpeg"}}))["error"]["field"],
              "event_id");
    EXPECT_EQ(LoginAs("huagong")->Post(path, kJpeg, {{"Content-Type", "image/jpeg"}}).status, 404);
    EXPECT_EQ(Json(worker_->Get(path))["items"].size(), 1u) << "nothing refused was kept";
}

TEST_P(FollowupApiTest, AResidentRatesThroughThePublicLinkOnce) {
    json a = Claimed();
    const std::string link_path = "/api/v1/appeals/" + Id(a) + "/evaluation-link";
    EXPECT_EQ(worker_->Post(link_path, "").status, 409) << "not resolved yet";
    a = Step(*gridder_, a, {{"action", "resolve"}, {"note", "已更换灯泡"}});
    EXPECT_EQ(gridder_->Post(link_path, "").status, 403);
    json before = Json(worker_->Get(link_path));
    EXPECT_EQ(before["latest"], nullptr);
    EXPECT_EQ(before["can_create"], true);

    auto created = worker_->Post(link_path, "");
    ASSERT_EQ(created.status, 201) << created.body;
    json link = Json(created);
    const std::string token = link["token"];
    EXPECT_EQ(token.size(), 32u);
    EXPECT_EQ(link["path"], "/e/" + token);
    EXPECT_EQ(link["expires_at"], clock_.Now() + 30 * kDay);
    json status = Json(worker_->Get(link_path));
    EXPECT_EQ(status["latest"]["state"], "active");
    EXPECT_FALSE(status["latest"].contains("token")) << "shown once, kept only as a hash";

    auto resident = Anonymous();
    const std::string public_path = "/api/v1/public/evaluations/" + token;
    auto seen = resident->Get(public_path);
    ASSERT_EQ(seen.status, 200) << seen.body;
    EXPECT_EQ(seen.Header("cache-control"), "no-store");
    json view = Json(seen);
    EXPECT_EQ(view["appeal"]["number"], a["id"]);
    EXPECT_EQ(view["appeal"]["community"], "新铁社区");
    EXPECT_EQ(view["appeal"]["result_note"], "已更换灯泡");
    EXPECT_EQ(view["can_evaluate"], false);
    EXPECT_EQ(seen.body.find("王大爷"), std::string::npos) << "no reporter name";
    EXPECT_EQ(seen.body.find("1380000"), std::string::npos) << "no phone";
    EXPECT_EQ(seen.body.find("grid1"), std::string::npos) << "no staff names";
    auto early = resident->Post(public_path, json{{"evaluation", "satisfied"}}.dump());
    EXPECT_EQ(early.status, 409);
    EXPECT_EQ(Json(early)["error"]["field"], "status");

    a = Step(*worker_, Fresh(a), {{"action", "report"}});
    EXPECT_EQ(Json(resident->Get(public_path))["can_evaluate"], true);
    EXPECT_EQ(Json(resident->Post(public_path, json{{"evaluation", "great"}}.dump()))["error"]["field"], "evaluation");
    auto rated = resident->Post(public_path, json{{"evaluation", "not_satisfied"}, {"comment", "还是暗"}}.dump());
    ASSERT_EQ(rated.status, 200) << rated.body;
    EXPECT_EQ(Json(rated)["evaluation"], "not_satisfied");
    EXPECT_EQ(Json(rated)["appeal"]["status"], "evaluated");

    auto again = resident->Post(public_path, json{{"evaluation", "satisfied"}}.dump());
    EXPECT_EQ(again.status, 410);
    EXPECT_NE(Json(again)["error"]["message"].get<std::string>().find("已使用"), std::string::npos);
    EXPECT_EQ(resident->Get(public_path).status, 410);
    EXPECT_EQ(resident->Get("/api/v1/public/evaluations/0123456789abcdef0123456789abcdef").status, 404);
    EXPECT_EQ(resident->Get("/api/v1/public/evaluations/not-a-token").status, 404);

    json done = Fresh(a);
    EXPECT_EQ(done["status"], "evaluated");
    EXPECT_EQ(done["evaluation"], "not_satisfied");
    EXPECT_EQ(done["events"].back()["actor"]["name"], "居民（评价链接）");
    EXPECT_EQ(done["events"].back()["note"], "还是暗");
    EXPECT_EQ(done["allowed_actions"], json({"reopen"})) << "not satisfied reopens, as the table says";
    EXPECT_EQ(Json(worker_->Get(link_path))["latest"]["state"], "used");
}

TEST_P(FollowupApiTest, PublicLinksExpireAndAreRateLimited) {
    json a = Claimed();
    a = Step(*gridder_, a, {{"action", "resolve"}, {"note", "已处理"}});
    a = Step(*worker_, a, {{"action", "report"}});
    const std::string token = Json(worker_->Post("/api/v1/appeals/" + Id(a) + "/evaluation-link", ""))["token"];
    auto resident = Anonymous();
    const std::string public_path = "/api/v1/public/evaluations/" + token;
    int ok = 0;
    for (int i = 0; i < 30; ++i) ok += resident->Get(public_path).status == 200;
    EXPECT_EQ(ok, 30);
    auto limited = resident->Get(public_path);
    EXPECT_EQ(limited.status, 429);
    EXPECT_EQ(limited.Header("retry-after"), "60");
    clock_.Advance(60 * 1000);
    EXPECT_EQ(resident->Get(public_path).status, 200) << "a new minute";

    clock_.Advance(30 * kDay);
    auto expired = resident->Post(public_path, json{{"evaluation", "satisfied"}}.dump());
    EXPECT_EQ(expired.status, 410);
    EXPECT_NE(Json(expired)["error"]["message"].get<std::string>().find("过期"), std::string::npos);
}

TEST_P(FollowupApiTest, SimilarAppealsForTheIntakeForm) {
    json in_building = Record(*worker_, building_.id);
    json in_home = Record(*worker_, building_.id, xintie_home_.id);
    json at_community = Record(*worker_, xintie_.id);
    Record(*LoginAs("huagong"), huagong_.id);
    const std::string category = std::to_string(category_);

    json by_home = Json(worker_->Get("/api/v1/appeals/similar?area_id=" + std::to_string(building_.id) +
                                     "&household_id=" + std::to_string(xintie_home_.id) + "&category_id=" + category));
    EXPECT_EQ(by_home["place"], "building");
    ASSERT_EQ(by_home["items"].size(), 2u);
    EXPECT_EQ(by_home["items"][0]["id"], in_home["id"]);
    EXPECT_EQ(by_home["items"][0]["same_household"], true);
    EXPECT_EQ(by_home["items"][1]["same_household"], false);
    json by_community = Json(
        worker_->Get("/api/v1/appeals/similar?area_id=" + std::to_string(xintie_.id) + "&category_id=" + category));
    EXPECT_EQ(by_community["place"], "community");
    ASSERT_EQ(by_community["items"].size(), 3u);
    EXPECT_EQ(by_community["items"][0]["id"], at_community["id"]);
    EXPECT_EQ(by_community["items"][2]["id"], in_building["id"]);

    EXPECT_EQ(Json(worker_->Get("/api/v1/appeals/similar?area_id=" + std::to_string(xintie_.id)))["error"]["field"],
              "category_id");
    EXPECT_EQ(Json(worker_->Get("/api/v1/appeals/similar?category_id=" + category))["error"]["field"], "area_id");
    EXPECT_EQ(
        worker_->Get("/api/v1/appeals/similar?area_id=" + std::to_string(huagong_.id) + "&category_id=" + category)
            .status,
        404);
    EXPECT_EQ(Anonymous()->Get("/api/v1/appeals/similar?area_id=1&category_id=1").status, 401);
}

WANGGE_INSTANTIATE_BACKENDS(FollowupApiTest);

}  // namespace
}  // namespace wangge::api::testing
