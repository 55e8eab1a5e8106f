// Scope: a community worker reaches nothing of another community through any endpoint —
// every read answers 404 (never the content), every write is refused, searches come back empty.
#include "api/api_test_fixture.hpp"

namespace wangge::api::testing {
namespace {

class ScopeTest : public ApiTest {};

TEST_P(ScopeTest, AnotherCommunityIsInvisibleThroughEveryEndpoint) {
    auto xintie = LoginAs("xintie");
    const std::string area = std::to_string(huagong_.id), building = std::to_string(other_building_.id),
                      home = std::to_string(huagong_home_.id), person = std::to_string(huagong_head_.id);
    for (const std::string& path :
         {"/api/v1/areas/" + area, "/api/v1/areas/" + area + "/children", "/api/v1/areas/" + area + "/households",
          "/api/v1/areas/" + building, "/api/v1/areas/" + building + "/households",
          "/api/v1/areas/" + std::to_string(street_.id), "/api/v1/households/" + home,
          "/api/v1/residents/" + person, "/api/v1/residents/" + person + "?reveal=true&reason=x",
          "/api/v1/residents/" + person + "/history", "/api/v1/residents?area=" + area}) {
        auto r = xintie->Get(path);
        EXPECT_EQ(r.status, 404) << path << " → " << r.body;
        EXPECT_EQ(r.body.find("陈"), std::string::npos) << path << " leaked a name";
        EXPECT_EQ(r.body.find("华工"), std::string::npos) << path << " leaked an area name";
    }
    // Searches by name, full ID number and phone return nothing from outside.
    for (const std::string& q : {std::string("%E9%99%88"), IdNumber(3), std::string("13912345673"), std::string()}) {
        auto r = Json(xintie->Get("/api/v1/residents?q=" + q));
        for (const auto& item : r["items"]) EXPECT_NE(item["household_id"], huagong_home_.id) << q;
    }
    // Writes into the other community are refused and change nothing.
    EXPECT_EQ(xintie->Patch("/api/v1/residents/" + person, R"({"version":1,"name":"改名"})").status, 404);
    EXPECT_EQ(xintie->Post("/api/v1/residents/" + person + "/move",
                           R"({"household_id":)" + std::to_string(xintie_home_.id) + "}")
                  .status,
              404);
    EXPECT_EQ(xintie->Post("/api/v1/residents", R"({"household_id":)" + home +
                                                    R"(,"name":"王芳","id_number":"11010519491231002X"})")
                  .status,
              400);
    EXPECT_EQ(xintie->Post("/api/v1/households", R"({"building_id":)" + building + R"(,"room":"9"})").status, 404);
    auto stored = services_->registry_repository().GetResident(huagong_head_.id);
    EXPECT_EQ(stored->name, "陈静");
    EXPECT_EQ(stored->household_id, huagong_home_.id);

    // The same endpoints work for a caller whose scope covers both.
    auto guta = LoginAs("guta");
    EXPECT_EQ(guta->Get("/api/v1/households/" + home).status, 200);
    EXPECT_EQ(guta->Get("/api/v1/residents/" + person).status, 200);
}

TEST_P(ScopeTest, GridWorkerSeesOnlyTheGrid) {
    auto grid = LoginAs("grid1");
    EXPECT_EQ(grid->Get("/api/v1/areas/" + std::to_string(xintie_.id)).status, 404) << "the community is above";
    EXPECT_EQ(grid->Get("/api/v1/areas/" + std::to_string(building_.id)).status, 200);
    auto all = Json(grid->Get("/api/v1/residents"));
    EXPECT_EQ(all["items"].size(), 2u);
}

WANGGE_INSTANTIATE_BACKENDS(ScopeTest);

}  // namespace
}  // namespace wangge::api::testing
