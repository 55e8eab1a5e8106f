// The mass-testing API over HTTP on every backend: a round from creation to coverage, the answers
// and statuses samplers' devices rely on, and scope.
#include <gtest/gtest.h>

#include "api/api_test_fixture.hpp"
#include "domain/masstest/resident_code.hpp"

namespace wangge::api::testing {
namespace {

using nlohmann::json;

class MassTestApiTest : public ApiTest {
  protected:
    // An active everyone-round over the street, created by the district officer.
    json ActiveRound(int pool = 10) {
        auto guta = LoginAs("guta");
        json body = {{"name", "全员核酸"},
                     {"kind", "everyone"},
                     {"area_ids", {street_.id}},
                     {"starts_at", clock_.Now() - 3600'000},
                     {"ends_at", clock_.Now() + 86'400'000},
                     {"pool_size", pool},
                     {"activate", true}};
        auto r = guta->Post("/api/v1/mass-testing/rounds", body.dump());
        EXPECT_EQ(r.status, 201) << r.body;
        return Json(r);
    }

    static std::string RoundPath(const json& round, std::string_view tail = "") {
        return "/api/v1/mass-testing/rounds/" + std::to_string(round["id"].get<std::int64_t>()) + std::string(tail);
    }
};

TEST_P(MassTestApiTest, ARoundFromSetUpToCoverage) {
    json round = ActiveRound();
    EXPECT_EQ(round["status"], "active");
    EXPECT_EQ(round["coverage"]["expected"], 4);
    EXPECT_EQ(round["areas"][0]["name"], "敬业街道");

    auto worker = LoginAs("xintie");
    auto me = Json(worker->Get("/api/v1/me"));
    EXPECT_EQ(me["permissions"]["scan_samples"], true);
    EXPECT_EQ(me["permissions"]["manage_rounds"], false);

    auto opened = worker->Post(RoundPath(round, "/tubes"), R"({"code":"T0001"})");
    ASSERT_EQ(opened.status, 201) << opened.body;
    EXPECT_EQ(Json(opened)["tube"]["capacity"], 10);
    EXPECT_EQ(worker->Post(RoundPath(round, "/tubes"), R"({"code":"T0001"})").status, 200);

    json scan = {{"client_id", "a1"}, {"tube", "T0001"}, {"resident_code", masstest::ResidentCode(xintie_head_.id)}};
    auto first = worker->Post(RoundPath(round, "/scans"), scan.dump());
    ASSERT_EQ(first.status, 201) << first.body;
    json accepted = Json(first);
    EXPECT_EQ(accepted["outcome"], "accepted");
    EXPECT_EQ(accepted["tube_seq"], 1);
    EXPECT_EQ(accepted["tube"]["scan_count"], 1);
    EXPECT_EQ(accepted["resident"]["name"], "张伟");
    EXPECT_NE(accepted["resident"]["id_number"], xintie_head_.id_number);

    auto retry = worker->Post(RoundPath(round, "/scans"), scan.dump());
    ASSERT_EQ(retry.status, 200) << retry.body;
    EXPECT_EQ(Json(retry)["replayed"], true);
    EXPECT_EQ(Json(retry)["tube_seq"], 1);

    json again = {{"client_id", "a2"}, {"tube", "T0001"}, {"id_number", xintie_head_.id_number}};
    auto refused = worker->Post(RoundPath(round, "/scans"), again.dump());
    ASSERT_EQ(refused.status, 409) << refused.body;
    json r = Json(refused);
    EXPECT_EQ(r["outcome"], "refused");
    EXPECT_EQ(r["reason"], "already_sampled");
    EXPECT_EQ(r["error"]["code"], "failed_precondition");
    EXPECT_NE(r["error"]["message"].get<std::string>().find("T0001"), std::string::npos);

    json batch = {{"items",
                   {{{"op", "scan"}, {"client_id", "b1"}, {"tube", "T0001"}, {"resident_id", xintie_child_.id}},
                    {{"client_id", "b2"}, {"tube", "NOPE"}, {"resident_id", xintie_child_.id}},
                    {{"op", "close"}, {"tube", "T0001"}}}}};
    auto b = worker->Post(RoundPath(round, "/scans/batch"), batch.dump());
    ASSERT_EQ(b.status, 200) << b.body;
    json results = Json(b);
    EXPECT_EQ(results["accepted"], 1);
    EXPECT_EQ(results["refused"], 1);
    EXPECT_EQ(results["items"][1]["reason"], "unknown_tube");
    EXPECT_EQ(results["items"][2]["tube"]["status"], "closed");

    auto guta = LoginAs("guta");
    auto coverage = guta->Get(RoundPath(round, "/coverage"));
    ASSERT_EQ(coverage.status, 200) << coverage.body;
    json cov = Json(coverage);
    EXPECT_EQ(cov["area"]["id"], district_.id);
    EXPECT_EQ(cov["area"]["sampled"], 2);
    EXPECT_EQ(cov["area"]["remaining"], 2);
    ASSERT_EQ(cov["children"].size(), 1u);
    EXPECT_EQ(cov["children"][0]["name"], "敬业街道");
    auto building = Json(guta->Get(RoundPath(round, "/coverage?area=" + std::to_string(building_.id))));
    EXPECT_EQ(building["households"]["items"][0]["sampled"], 2);
    EXPECT_EQ(building["households"]["items"][0]["room"], "101");

    auto untested = guta->Get(RoundPath(round, "/untested?area=" + std::to_string(huagong_.id)));
    ASSERT_EQ(untested.status, 200) << untested.body;
    json people = Json(untested);
    ASSERT_EQ(people["items"].size(), 2u);
    EXPECT_EQ(people["items"][0]["name"], "陈静");
    EXPECT_NE(people["items"][0]["id_number"].get<std::string>().find('*'), std::string::npos);

    auto tube = Json(worker->Get(RoundPath(round, "/tubes/T0001")));
    EXPECT_EQ(tube["tube"]["status"], "closed");
    EXPECT_EQ(tube["scans"].size(), 2u);

    auto closed = guta->Post(RoundPath(round, "/close"), "{}");
    ASSERT_EQ(closed.status, 200) << closed.body;
    EXPECT_EQ(Json(closed)["status"], "closed");
}

TEST_P(MassTestApiTest, ExemptionsAndSealedBuildingsOverHttp) {
    json round = ActiveRound();
    auto worker = LoginAs("xintie");
    auto made = worker->Post(RoundPath(round, "/exemptions"),
                             json{{"resident_id", xintie_child_.id}, {"reason", "infant"}}.dump());
    ASSERT_EQ(made.status, 201) << made.body;
    EXPECT_EQ(Json(made)["reason"], "infant");
    auto bad = worker->Post(RoundPath(round, "/exemptions"),
                            json{{"resident_id", xintie_child_.id}, {"reason", "bored"}}.dump());
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Json(bad)["error"]["field"], "reason");
    auto list = Json(worker->Get(RoundPath(round, "/exemptions")));
    ASSERT_EQ(list["items"].size(), 1u);
    EXPECT_EQ(Json(worker->Get(RoundPath(round)))["coverage"]["exempt"], 1);
    EXPECT_EQ(worker->Delete(RoundPath(round, "/exemptions/" + std::to_string(xintie_child_.id))).status, 204);

    auto guta = LoginAs("guta");
    EXPECT_EQ(guta->Put(RoundPath(round, "/sealed-buildings/" + std::to_string(building_.id)), "").status, 204);
    EXPECT_EQ(worker->Put(RoundPath(round, "/sealed-buildings/" + std::to_string(building_.id)), "").status, 403);
    auto sealed = Json(worker->Get(RoundPath(round, "/sealed-buildings")));
    ASSERT_EQ(sealed["items"].size(), 1u);
    EXPECT_EQ(sealed["items"][0]["name"], "1号楼");

    ASSERT_EQ(worker->Post(RoundPath(round, "/tubes"), R"({"code":"H1"})").status, 201);
    auto scan = Json(worker->Post(RoundPath(round, "/scans"),
                                  json{{"client_id", "h1"}, {"tube", "H1"}, {"resident_id", xintie_head_.id}}.dump()));
    EXPECT_EQ(scan["tube"]["kind"], "household");
    EXPECT_EQ(scan["tube"]["capacity"], 2);
}

TEST_P(MassTestApiTest, InputErrorsNameTheField) {
    json round = ActiveRound();
    auto worker = LoginAs("xintie");
    auto missing = worker->Post(RoundPath(round, "/scans"), R"({"tube":"T1","resident_id":1})");
    EXPECT_EQ(missing.status, 400);
    EXPECT_EQ(Json(missing)["error"]["field"], "client_id");
    json batch = {{"items",
                   {{{"client_id", "x"}, {"tube", "T1"}, {"resident_id", 1}},
                    {{"client_id", "y"}, {"tube", "T1"}, {"resident_id", "one"}}}}};
    auto typed = worker->Post(RoundPath(round, "/scans/batch"), batch.dump());
    EXPECT_EQ(typed.status, 400);
    EXPECT_EQ(Json(typed)["error"]["field"], "items[1].resident_id");
    // The type is named in both languages, not in English inside the Chinese half.
    EXPECT_EQ(Json(typed)["error"]["message"], "resident_id 应为整数 (resident_id must be an integer)");
    auto numbered = worker->Post(RoundPath(round, "/scans"), R"({"client_id":"x","tube":7,"resident_id":1})");
    EXPECT_EQ(numbered.status, 400);
    EXPECT_EQ(Json(numbered)["error"]["field"], "tube");
    EXPECT_EQ(Json(numbered)["error"]["message"], "tube 应为文本 (tube must be text)");
    auto guta = LoginAs("guta");
    auto pool = guta->Post(
        "/api/v1/mass-testing/rounds",
        json{{"name", "x"}, {"area_ids", {street_.id}}, {"starts_at", 1}, {"ends_at", 2}, {"pool_size", 3}}.dump());
    EXPECT_EQ(pool.status, 400);
    EXPECT_EQ(Json(pool)["error"]["field"], "pool_size");
    auto denied =
        worker->Post("/api/v1/mass-testing/rounds",
                     json{{"name", "x"}, {"area_ids", {xintie_.id}}, {"starts_at", 1}, {"ends_at", 2}}.dump());
    EXPECT_EQ(denied.status, 403);
}

TEST_P(MassTestApiTest, AnotherCommunityCannotScanOrSeeOurs) {
    json round = ActiveRound();
    auto xintie = LoginAs("xintie");
    auto huagong = LoginAs("huagong");
    ASSERT_EQ(xintie->Post(RoundPath(round, "/tubes"), R"({"code":"X1"})").status, 201);
    ASSERT_EQ(huagong->Post(RoundPath(round, "/tubes"), R"({"code":"Y1"})").status, 201);
    auto scan = huagong->Post(RoundPath(round, "/scans"),
                              json{{"client_id", "h1"}, {"tube", "Y1"}, {"resident_id", xintie_head_.id}}.dump());
    EXPECT_EQ(scan.status, 409);
    EXPECT_EQ(Json(scan)["reason"], "unknown_person");
    EXPECT_EQ(huagong->Get(RoundPath(round, "/tubes/X1")).status, 404);
    EXPECT_EQ(huagong->Get(RoundPath(round, "/coverage?area=" + std::to_string(xintie_.id))).status, 404);
    EXPECT_EQ(huagong->Get(RoundPath(round, "/untested?area=" + std::to_string(xintie_.id))).status, 404);
    auto grid = LoginAs("grid1");
    EXPECT_EQ(grid->Get(RoundPath(round, "/coverage?area=" + std::to_string(huagong_.id))).status, 404);
    auto lab = LoginAs("lab");
    EXPECT_EQ(lab->Get(RoundPath(round)).status, 403);
}

WANGGE_INSTANTIATE_BACKENDS(MassTestApiTest);

}  // namespace
}  // namespace wangge::api::testing
