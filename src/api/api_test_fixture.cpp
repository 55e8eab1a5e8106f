#include "api/api_test_fixture.hpp"

#include "storage/testing/test_areas.hpp"

namespace wangge::api::testing {

using registry::AreaLevel;

void ApiTest::SetUp() {
    DatabaseTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    services_ = std::make_unique<AppServices>(db(), clock_, options_);
    district_ = Make(std::nullopt, "210702", "古塔区", AreaLevel::kDistrict);
    street_ = Make(district_.id, "210702004", "敬业街道", AreaLevel::kStreet);
    xintie_ = Make(street_.id, "210702004002", "新铁社区", AreaLevel::kCommunity);
    huagong_ = Make(street_.id, "210702004003", "华工社区", AreaLevel::kCommunity);
    grid_ = Make(xintie_.id, "21070200400201", "第1网格", AreaLevel::kGrid);
    building_ = Make(grid_.id, "21070200400201001", "1号楼", AreaLevel::kBuilding);
    other_building_ = Make(huagong_.id, "21070200400301001", "9号楼", AreaLevel::kBuilding);
    auto& repo = services_->registry_repository();
    auto home = [&](const registry::Area& b) {
        registry::Household h;
        h.building_id = b.id;
        h.path = b.path;
        h.unit = "1";
        h.room = "101";
        auto made = repo.CreateHousehold(h);
        EXPECT_TRUE(made);
        return *made;
    };
    xintie_home_ = home(building_);
    huagong_home_ = home(other_building_);
    xintie_head_ = AddResident(xintie_home_.id, "张伟", 1, "head");
    xintie_child_ = AddResident(xintie_home_.id, "张小明", 2, "child");
    huagong_head_ = AddResident(huagong_home_.id, "陈静", 3, "head");
    huagong_child_ = AddResident(huagong_home_.id, "陈小红", 4, "child");

    struct U {
        const char* name;
        auth::Role role;
        const registry::Area* area;
    };
    for (const U& u : {U{"guta", auth::Role::kDistrictOfficer, &district_},
                       U{"xintie", auth::Role::kCommunityWorker, &xintie_},
                       U{"huagong", auth::Role::kCommunityWorker, &huagong_},
                       U{"grid1", auth::Role::kGridWorker, &grid_},
                       U{"lab", auth::Role::kLabTechnician, &district_}}) {
        auto user = services_->auth().AddUser(u.name, u.name, u.role, u.area->id, kPassword);
        ASSERT_TRUE(user) << user.error().message;
    }

    http::ServerOptions options;
    options.max_body_bytes = 1 << 20;
    server_ = std::make_unique<http::Server>(options, services_->BuildRouter());
    auto port = server_->Start();
    ASSERT_TRUE(port) << port.error().message;
    port_ = *port;
}

void ApiTest::TearDown() {
    if (server_) server_->Stop();
    server_.reset();
    services_.reset();
    DatabaseTest::TearDown();
}

registry::Area ApiTest::Make(std::optional<std::int64_t> parent, std::string code, std::string name,
                             AreaLevel level) {
    return storage::testing::CreateTestArea(services_->registry_repository(), parent, std::move(code),
                                            std::move(name), level);
}

std::string ApiTest::IdNumber(int n) {
    char body[32];
    std::snprintf(body, sizeof body, "21070219%02d0101%03d", (50 + n) % 100, (2 * n + 1) % 1000);
    return std::string(body) + IdNumberCheckChar(body);
}

registry::Resident ApiTest::AddResident(std::int64_t household, std::string name, int n, std::string relation) {
    auto h = services_->registry_repository().GetHousehold(household);
    registry::ResidentDraft d;
    d.name = std::move(name);
    d.id_number = IdNumber(n);
    d.phone = "1391234567" + std::to_string(n);
    d.relation = std::move(relation);
    auto r = registry::ValidateResident(d, CivilDate{2022, 4, 1});
    EXPECT_TRUE(r);
    r->household_id = household;
    r->path = h->path;
    auto made = services_->registry_repository().CreateResident(*r, std::nullopt);
    EXPECT_TRUE(made);
    if (r->relation == "head") {
        EXPECT_TRUE(services_->registry_repository().SetHouseholdHead(household, made->id));
    }
    return *made;
}

std::unique_ptr<http::testing::HttpClient> ApiTest::Anonymous() {
    return std::make_unique<http::testing::HttpClient>(port_);
}

std::unique_ptr<http::testing::HttpClient> ApiTest::LoginAs(const std::string& username) {
    auto client = Anonymous();
    auto r = client->Post("/api/v1/session",
                          nlohmann::json{{"username", username}, {"password", kPassword}}.dump());
    EXPECT_EQ(r.status, 200) << r.body;
    return client;
}

nlohmann::json ApiTest::Json(const http::testing::ClientResponse& r) {
    auto j = nlohmann::json::parse(r.body, nullptr, false);
    EXPECT_FALSE(j.is_discarded()) << r.body;
    return j;
}

}  // namespace wangge::api::testing
