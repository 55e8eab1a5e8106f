#pragma once
// A running wangge on port 0 over a fresh database (per backend), with a small tree:
// 古塔区 → 敬业街道 → {新铁社区 → 第1网格 → 1号楼, 华工社区 → 9号楼}, one household with two
// residents in each community, and users at several levels. Shared by the API and scope tests.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "api/app_services.hpp"
#include "http/testing/http_client.hpp"
#include "storage/testing/test_database.hpp"

namespace wangge::api::testing {

inline constexpr const char* kPassword = "test-password-1";

class ApiTest : public storage::testing::DatabaseTest {
protected:
    void SetUp() override;
    void TearDown() override;

    // A client logged in as `username` (fails the test on a bad login).
    std::unique_ptr<http::testing::HttpClient> LoginAs(const std::string& username);
    std::unique_ptr<http::testing::HttpClient> Anonymous();
    static nlohmann::json Json(const http::testing::ClientResponse& r);

    registry::Area Make(std::optional<std::int64_t> parent, std::string code, std::string name,
                        registry::AreaLevel level);
    registry::Resident AddResident(std::int64_t household, std::string name, int n, std::string relation);
    static std::string IdNumber(int n);

    FakeClock clock_{1'650'000'000'000};
    AppOptions options_;  // set before ApiTest::SetUp to change how the services are built
    std::unique_ptr<AppServices> services_;
    std::unique_ptr<http::Server> server_;
    std::uint16_t port_ = 0;
    registry::Area district_, street_, xintie_, huagong_, grid_, building_, other_building_;
    registry::Household xintie_home_, huagong_home_;
    registry::Resident xintie_head_, xintie_child_, huagong_head_, huagong_child_;
};

}  // namespace wangge::api::testing
