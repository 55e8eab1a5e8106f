// The JSON API end to end over real HTTP: sessions, the registry endpoints, errors, imports.
#include <regex>
#include <thread>

#include "api/api_test_fixture.hpp"

namespace wangge::api::testing {
namespace {

using nlohmann::json;

class ApiBehaviourTest : public ApiTest {};

TEST_P(ApiBehaviourTest, LoginSetsAHardenedCookieAndLogoutEndsIt) {
    auto client = Anonymous();
    EXPECT_EQ(client->Get("/api/v1/me").status, 401);
    auto bad = client->Post("/api/v1/session", json{{"username", "xintie"}, {"password", "nope"}}.dump());
    EXPECT_EQ(bad.status, 401);
    EXPECT_EQ(Json(bad)["error"]["code"], "unauthenticated");
    auto missing = client->Post("/api/v1/session", json{{"username", "xintie"}}.dump());
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(Json(missing)["error"]["field"], "password");

    auto ok = client->Post("/api/v1/session", json{{"username", "xintie"}, {"password", kPassword}}.dump());
    ASSERT_EQ(ok.status, 200) << ok.body;
    auto cookie = ok.Header("set-cookie").value_or("");
    EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
    EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);
    EXPECT_NE(cookie.find("Max-Age="), std::string::npos);
    auto me = Json(client->Get("/api/v1/me"));
    EXPECT_EQ(me["role"], "community_worker");
    EXPECT_EQ(me["area"]["name"], "新铁社区");
    EXPECT_EQ(me["permissions"]["reveal_pii"], true);

    EXPECT_EQ(client->Delete("/api/v1/session").status, 204);
    EXPECT_EQ(client->Get("/api/v1/me").status, 401);
}

TEST_P(ApiBehaviourTest, LockoutAfterRepeatedFailures) {
    auto client = Anonymous();
    int last = 0;
    for (int i = 0; i < 5; ++i)
        last = client->Post("/api/v1/session", json{{"username", "huagong"}, {"password", "wrong"}}.dump()).status;
    EXPECT_EQ(last, 429);
    auto locked = client->Post("/api/v1/session", json{{"username", "huagong"}, {"password", kPassword}}.dump());
    EXPECT_EQ(locked.status, 429) << "the right password does not open a locked account";
}

TEST_P(ApiBehaviourTest, AreasCarryCountsAndPath) {
    auto client = LoginAs("guta");
    auto area = Json(client->Get("/api/v1/areas/" + std::to_string(street_.id)));
    EXPECT_EQ(area["name"], "敬业街道");
    EXPECT_EQ(area["level"], "street");
    EXPECT_EQ(area["counts"]["residents"], 4);
    EXPECT_EQ(area["counts"]["households"], 2);
    EXPECT_EQ(area["counts"]["children"], 2);
    EXPECT_EQ(area["path"].size(), 1u);
    auto children = Json(client->Get("/api/v1/areas/" + std::to_string(street_.id) + "/children"));
    ASSERT_EQ(children["items"].size(), 2u);
    EXPECT_EQ(children["items"][0]["counts"]["residents"], 2);
    auto households = Json(client->Get("/api/v1/areas/" + std::to_string(building_.id) + "/households"));
    ASSERT_EQ(households["items"].size(), 1u);
    EXPECT_EQ(households["items"][0]["head"]["name"], "张伟");
    EXPECT_TRUE(households["next_cursor"].is_null());
    auto grid = Json(client->Get("/api/v1/areas/" + std::to_string(grid_.id)));
    ASSERT_EQ(grid["grid_workers"].size(), 1u);
    EXPECT_EQ(grid["grid_workers"][0]["username"], "grid1");
    EXPECT_FALSE(area.contains("grid_workers")) << "only grids list their workers";
    EXPECT_EQ(client->Get("/api/v1/areas/abc").status, 400);
    EXPECT_EQ(client->Get("/api/v1/areas/999999").status, 404);
}

TEST_P(ApiBehaviourTest, ResidentsAreMaskedUnlessRevealedWithAReason) {
    auto client = LoginAs("xintie");
    const std::regex masked_id(R"(^\d{6}\*{8}\d{3}[\dX]$)");
    auto search = Json(client->Get("/api/v1/residents?q=%E5%BC%A0"));  // 张
    ASSERT_EQ(search["items"].size(), 2u);
    for (const auto& r : search["items"]) {
        EXPECT_TRUE(std::regex_match(r["id_number"].get<std::string>(), masked_id)) << r["id_number"];
        EXPECT_EQ(r["phone"].get<std::string>().find("****"), 3u);
    }
    auto url = "/api/v1/residents/" + std::to_string(xintie_head_.id);
    auto one = Json(client->Get(url));
    EXPECT_FALSE(one["revealed"]);
    EXPECT_EQ(one["household"]["room"], "101");
    EXPECT_EQ(client->Get(url + "?reveal=true").status, 400);
    auto revealed = Json(client->Get(url + "?reveal=true&reason=%E6%A0%B8%E5%AF%B9"));
    EXPECT_TRUE(revealed["revealed"]);
    EXPECT_EQ(revealed["id_number"], IdNumber(1));
    auto audit = services_->auth_repository().ListAudit("resident", xintie_head_.id);
    ASSERT_EQ(audit->size(), 1u);
    EXPECT_EQ((*audit)[0].reason, "核对");

    auto grid = LoginAs("grid1");
    EXPECT_EQ(grid->Get(url + "?reveal=true&reason=x").status, 403);
    auto lab = LoginAs("lab");
    EXPECT_EQ(lab->Get(url).status, 403) << "a lab technician has no registry access";
}

TEST_P(ApiBehaviourTest, CreateEditMoveWithFieldErrors) {
    auto client = LoginAs("xintie");
    auto bad = client->Post("/api/v1/residents", json{{"household_id", xintie_home_.id},
                                                      {"name", "王芳"},
                                                      {"id_number", "11010519491231002Y"}}
                                                     .dump());
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Json(bad)["error"]["field"], "id_number");
    auto wrong_type = client->Post("/api/v1/residents", json{{"household_id", "x"}}.dump());
    EXPECT_EQ(Json(wrong_type)["error"]["field"], "household_id");
    EXPECT_EQ(client->Post("/api/v1/residents", "{not json").status, 400);

    auto created = client->Post("/api/v1/residents", json{{"household_id", xintie_home_.id},
                                                          {"name", "王芳"},
                                                          {"id_number", "11010519491231002X"},
                                                          {"phone", "13800138000"},
                                                          {"relation", "parent"},
                                                          {"tags", {"elderly_alone", "独居老人"}}}
                                                         .dump());
    ASSERT_EQ(created.status, 201) << created.body;
    auto r = Json(created);
    EXPECT_EQ(r["sex"], "female");
    EXPECT_EQ(r["birth_date"], "1949-12-31");
    EXPECT_EQ(r["tags"], json({"elderly_alone"}));
    auto url = "/api/v1/residents/" + std::to_string(r["id"].get<std::int64_t>());

    auto patched = client->Patch(url, json{{"version", 1}, {"phone", "13900139000"}}.dump());
    ASSERT_EQ(patched.status, 200) << patched.body;
    EXPECT_EQ(Json(patched)["version"], 2);
    auto stale = client->Patch(url, json{{"version", 1}, {"phone", "13900139001"}}.dump());
    EXPECT_EQ(stale.status, 409);
    EXPECT_EQ(Json(stale)["error"]["code"], "aborted");

    // A new household in the building, and a move into it.
    auto home = client->Post("/api/v1/households", json{{"building_id", building_.id}, {"unit", "2"}, {"room", "502"}}.dump());
    ASSERT_EQ(home.status, 201) << home.body;
    auto home_id = Json(home)["id"].get<std::int64_t>();
    auto moved = client->Post(url + "/move", json{{"household_id", home_id}}.dump());
    ASSERT_EQ(moved.status, 200) << moved.body;
    EXPECT_EQ(Json(moved)["household_id"], home_id);
    auto history = Json(client->Get(url + "/history"));
    ASSERT_EQ(history["items"].size(), 3u);
    EXPECT_EQ(history["items"][0]["action"], "move");
    auto building = Json(client->Get("/api/v1/areas/" + std::to_string(building_.id)));
    EXPECT_EQ(building["counts"]["households"], 2);
    EXPECT_EQ(building["counts"]["residents"], 3);
}

TEST_P(ApiBehaviourTest, ImportUploadRunsAsAJobWithRowErrors) {
    auto client = LoginAs("xintie");
    std::string good_id = "11010519491231002X";
    std::string csv = "姓名,身份证号,联系电话,楼栋编码,单元,房号,与户主关系,户籍类型,标签\n"
                      "王芳," + good_id + ",13800138000,21070200400201001,3,301,户主,户籍,独居老人\n"
                      "李四,110105194912310021,,21070200400201001,3,302,,,\n"
                      "赵六," + IdNumber(9) + ",,21070200400301001,1,101,,,\n";
    auto wait = [&](const std::string& id) {
        json job;
        for (int i = 0; i < 200; ++i) {
            job = Json(client->Get("/api/v1/imports/" + id));
            if (job["status"] != "running") break;
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        return job;
    };
    auto started = client->Post("/api/v1/imports?encoding=utf-8", csv, {{"Content-Type", "text/csv"}});
    ASSERT_EQ(started.status, 202) << started.body;
    auto job = wait(Json(started)["id"]);
    EXPECT_EQ(job["status"], "failed") << job.dump();
    EXPECT_EQ(job["error_count"], 2) << "a bad check digit and a building outside the scope";
    EXPECT_EQ(job["errors"][0]["line"], 3);
    EXPECT_EQ(job["errors"][0]["column"], "身份证号");
    EXPECT_EQ(job["inserted"], 0);
    EXPECT_EQ(Json(client->Get("/api/v1/residents?q=" + good_id))["items"].size(), 0u) << "all or nothing";

    auto skipping = client->Post("/api/v1/imports?skip_invalid=true", csv, {{"Content-Type", "text/csv"}});
    job = wait(Json(skipping)["id"]);
    EXPECT_EQ(job["status"], "done") << job.dump();
    EXPECT_EQ(job["inserted"], 1);
    EXPECT_EQ(job["skipped"], 2);
    EXPECT_EQ(Json(client->Get("/api/v1/residents?q=" + good_id))["items"].size(), 1u);

    auto other = LoginAs("huagong");
    EXPECT_EQ(other->Get("/api/v1/imports/" + Json(skipping)["id"].get<std::string>()).status, 404)
        << "a job is visible only to whoever started it";
    auto grid = LoginAs("grid1");
    EXPECT_EQ(grid->Post("/api/v1/imports", csv, {{"Content-Type", "text/csv"}}).status, 403);
}

WANGGE_INSTANTIATE_BACKENDS(ApiBehaviourTest);

}  // namespace
}  // namespace wangge::api::testing
