// Open311 GeoReport v2 over HTTP on both databases: discovery and services without a key; filing
// (form and JSON bodies) and reading back with one; list filters; and the refusals in the spec's
// error form — a bad, missing or revoked key (403), an address outside the key's scope or an
// unknown service code (400), another community's appeal (404). No reporter data ever comes back.
#include "api/api_test_fixture.hpp"
#include "domain/open311/api_client_service.hpp"
#include "storage/repositories/open311/sql_open311_repositories.hpp"

namespace wangge::api::testing {
namespace {

using nlohmann::json;

constexpr std::string_view kBase = "/open311/v2";

std::string FormEncode(const std::vector<std::pair<std::string, std::string>>& fields) {
    std::string out;
    for (const auto& [name, value] : fields) {
        if (!out.empty()) out += '&';
        out += name + '=';
        for (unsigned char c : value) {
            if (std::isalnum(c) || c == '-' || c == '_' || c == '.') {
                out += static_cast<char>(c);
            } else {
                char hex[4];
                std::snprintf(hex, sizeof hex, "%%%02X", c);
                out += hex;
            }
        }
    }
    return out;
}

class Open311ApiTest : public ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        client_repo_ = storage::MakeSqlApiClientRepository(db());
        keys_ = std::make_unique<open311::ApiClientService>(*client_repo_, clock_);
        auto made = keys_->Add("hotline", xintie_.id, "hotline_12345", "test");
        ASSERT_TRUE(made) << made.error().message;
        key_ = made->key;
        http_ = Anonymous();
    }

    std::string Path(std::string_view resource, const std::string& query = "") {
        std::string path = std::string(kBase) + std::string(resource) + "?api_key=" + key_;
        return query.empty() ? path : path + "&" + query;
    }

    // Files through a form body; returns the new id (fails the test unless 200).
    std::string FileForm(const registry::Area& area, const std::string& code = "sanitation",
                         const std::string& text = "垃圾桶满了") {
        auto r = http_->Post(std::string(kBase) + "/requests.json",
                             FormEncode({{"api_key", key_},
                                         {"service_code", code},
                                         {"address_id", std::to_string(area.id)},
                                         {"description", text},
                                         {"first_name", "大爷"},
                                         {"last_name", "王"},
                                         {"phone", "13800001111"}}),
                             {{"Content-Type", "application/x-www-form-urlencoded"}});
        EXPECT_EQ(r.status, 200) << r.body;
        json j = Json(r);
        return j.is_array() && !j.empty() ? j[0]["service_request_id"].get<std::string>() : "";
    }

    // The single error of an Open311 error body, checked against the HTTP status.
    static json OneError(const http::testing::ClientResponse& r) {
        json j = Json(r);
        EXPECT_TRUE(j.is_array() && j.size() == 1) << r.body;
        if (!j.is_array() || j.empty()) return json::object();
        EXPECT_EQ(j[0]["code"], r.status);
        return j[0];
    }

    std::unique_ptr<open311::ApiClientRepository> client_repo_;
    std::unique_ptr<open311::ApiClientService> keys_;
    std::string key_;
    std::unique_ptr<http::testing::HttpClient> http_;
};

TEST_P(Open311ApiTest, DiscoveryAndServicesNeedNoKey) {
    auto discovery = http_->Get(std::string(kBase) + "/discovery.json");
    ASSERT_EQ(discovery.status, 200) << discovery.body;
    json d = Json(discovery);
    ASSERT_EQ(d["endpoints"].size(), 1u);
    EXPECT_EQ(d["endpoints"][0]["specification"], "http://wiki.open311.org/GeoReport_v2");
    EXPECT_TRUE(d["endpoints"][0]["url"].get<std::string>().ends_with("/open311/v2"));
    EXPECT_EQ(d["endpoints"][0]["formats"], json({"application/json"}));

    auto services = http_->Get(std::string(kBase) + "/services.json");
    ASSERT_EQ(services.status, 200) << services.body;
    json s = Json(services);
    ASSERT_EQ(s.size(), 7u);
    EXPECT_EQ(s[0]["service_code"], "facilities_repair");
    EXPECT_EQ(s[0]["service_name"], "设施维修");
    EXPECT_EQ(s[0]["metadata"], false);
    EXPECT_EQ(s[0]["type"], "realtime");

    auto definition = http_->Get(std::string(kBase) + "/services/sanitation.json");
    ASSERT_EQ(definition.status, 200) << definition.body;
    EXPECT_EQ(Json(definition)["service_code"], "sanitation");
    EXPECT_EQ(Json(definition)["attributes"], json::array());
    auto unknown = http_->Get(std::string(kBase) + "/services/potholes.json");
    EXPECT_EQ(unknown.status, 404);
    OneError(unknown);
    auto xml = http_->Get(std::string(kBase) + "/services.xml");
    EXPECT_EQ(xml.status, 404);
    OneError(xml);
}

TEST_P(Open311ApiTest, FilesByFormAndJsonAndReadsBackWithoutPersonalData) {
    const std::string id = FileForm(building_, "sanitation", "垃圾桶满了 + 没人清");
    ASSERT_FALSE(id.empty());
    auto got = http_->Get(Path("/requests/" + id + ".json"));
    ASSERT_EQ(got.status, 200) << got.body;
    json r = Json(got);
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0]["service_request_id"], id);
    EXPECT_EQ(r[0]["status"], "open");
    EXPECT_EQ(r[0]["service_code"], "sanitation");
    EXPECT_EQ(r[0]["service_name"], "环境卫生");
    EXPECT_EQ(r[0]["description"], "垃圾桶满了 + 没人清");
    EXPECT_EQ(r[0]["address_id"], std::to_string(building_.id));
    EXPECT_EQ(r[0]["address"], "新铁社区 1号楼");
    EXPECT_EQ(r[0]["agency_responsible"], "新铁社区");
    EXPECT_EQ(r[0]["requested_datetime"], "2022-04-15T13:20:00+08:00");
    EXPECT_EQ(r[0]["expected_datetime"], nullptr);
    EXPECT_EQ(got.body.find("王"), std::string::npos) << "the reporter's name never leaves";
    EXPECT_EQ(got.body.find("1380000"), std::string::npos) << "nor the phone";

    // Staff see it in the ledger, recorded on the hotline channel by the client, reporter masked.
    auto worker = LoginAs("xintie");
    json appeal = Json(worker->Get("/api/v1/appeals/" + id));
    EXPECT_EQ(appeal["channel"], "hotline_12345");
    EXPECT_EQ(appeal["recorded_by"]["name"], "Open311:hotline");
    EXPECT_EQ(appeal["reporter"]["name"], "王大爷");
    EXPECT_EQ(appeal["reporter"]["phone"], "138****1111");

    auto posted = http_->Post(
        std::string(kBase) + "/requests.json?api_key=" + key_,
        json{{"service_code", "facilities_repair"}, {"address_id", grid_.id}, {"description", "楼道灯坏了"}}.dump());
    ASSERT_EQ(posted.status, 200) << posted.body;
    json p = Json(posted);
    const std::string json_id = p[0]["service_request_id"];
    EXPECT_NE(p[0]["service_notice"].get<std::string>().find("新铁社区"), std::string::npos);

    // Triage and claim by staff: Open311 shows the deadline, the claimer and the latest note.
    json a = Json(worker->Get("/api/v1/appeals/" + json_id));
    auto step = [&](json body) {
        body["version"] = a["version"];
        auto res = worker->Post("/api/v1/appeals/" + json_id + "/transitions", body.dump());
        EXPECT_EQ(res.status, 200) << res.body;
        a = Json(res);
    };
    step({{"action", "triage"}, {"track", "immediate"}});
    step({{"action", "claim"}, {"note", "明天上午换灯"}});
    json followed = Json(http_->Get(Path("/requests/" + json_id + ".json")))[0];
    EXPECT_EQ(followed["status"], "open");
    EXPECT_EQ(followed["status_notes"], "明天上午换灯");
    EXPECT_EQ(followed["agency_responsible"], "xintie");
    EXPECT_EQ(followed["expected_datetime"], "2022-04-29T00:00:00+08:00");
    step({{"action", "resolve"}, {"note", "已换新灯"}});
    followed = Json(http_->Get(Path("/requests/" + json_id + ".json")))[0];
    EXPECT_EQ(followed["status"], "closed");
    EXPECT_EQ(followed["status_notes"], "已换新灯");
}

TEST_P(Open311ApiTest, ListsWithFilters) {
    const std::string first = FileForm(xintie_, "sanitation");
    clock_.Advance(3600 * 1000);
    const std::string second = FileForm(grid_, "facilities_repair");
    auto ids = [&](const std::string& query) {
        auto r = http_->Get(Path("/requests.json", query));
        EXPECT_EQ(r.status, 200) << query << ": " << r.body;
        std::vector<std::string> out;
        for (const auto& item : Json(r)) out.push_back(item["service_request_id"]);
        return out;
    };
    EXPECT_EQ(ids(""), (std::vector<std::string>{second, first}));
    EXPECT_EQ(ids("service_code=sanitation"), (std::vector<std::string>{first}));
    EXPECT_EQ(ids("status=open"), (std::vector<std::string>{second, first}));
    EXPECT_EQ(ids("status=closed"), std::vector<std::string>{});
    EXPECT_EQ(ids("service_request_id=" + first), (std::vector<std::string>{first}));
    EXPECT_EQ(ids("start_date=2022-04-15T14:00:00%2B08:00"), (std::vector<std::string>{second}));
    EXPECT_EQ(ids("end_date=2022-04-15T14:00:00Z&start_date=2022-04-15T00:00:00Z"),
              (std::vector<std::string>{second, first}));
    EXPECT_EQ(ids("page_size=1&page=2"), (std::vector<std::string>{first}));

    auto bad = http_->Get(Path("/requests.json", "status=pending"));
    EXPECT_EQ(bad.status, 400);
    EXPECT_NE(OneError(bad)["description"].get<std::string>().find("status"), std::string::npos);
    auto too_long = http_->Get(Path("/requests.json", "start_date=2022-01-01&end_date=2022-04-15"));
    EXPECT_EQ(too_long.status, 400);
    OneError(too_long);
}

TEST_P(Open311ApiTest, RefusesBadMissingAndRevokedKeys) {
    const std::string id = FileForm(xintie_);
    const std::string wrong = std::string(kBase) + "/requests.json?api_key=" + std::string(64, '0');
    auto r = http_->Get(wrong);
    EXPECT_EQ(r.status, 403);
    OneError(r);
    r = http_->Get(std::string(kBase) + "/requests.json");
    EXPECT_EQ(r.status, 403);
    EXPECT_NE(OneError(r)["description"].get<std::string>().find("api_key"), std::string::npos);
    r = http_->Post(wrong,
                    json{{"service_code", "sanitation"}, {"address_id", xintie_.id}, {"description", "x"}}.dump());
    EXPECT_EQ(r.status, 403);
    OneError(r);
    r = http_->Get(std::string(kBase) + "/requests/" + id + ".json");
    EXPECT_EQ(r.status, 403);

    ASSERT_TRUE(keys_->Revoke("hotline"));
    r = http_->Get(Path("/requests/" + id + ".json"));
    EXPECT_EQ(r.status, 403);
    EXPECT_NE(OneError(r)["description"].get<std::string>().find("revoked"), std::string::npos);
    r = http_->Post(std::string(kBase) + "/requests.json",
                    FormEncode({{"api_key", key_},
                                {"service_code", "sanitation"},
                                {"address_id", std::to_string(xintie_.id)},
                                {"description", "x"}}),
                    {{"Content-Type", "application/x-www-form-urlencoded"}});
    EXPECT_EQ(r.status, 403);
}

TEST_P(Open311ApiTest, RefusesAddressesOutsideTheScopeAndUnknownServices) {
    auto post = [&](json body) {
        return http_->Post(std::string(kBase) + "/requests.json?api_key=" + key_, body.dump());
    };
    auto r = post({{"service_code", "sanitation"}, {"address_id", other_building_.id}, {"description", "另一个社区"}});
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(OneError(r)["description"].get<std::string>().find("address_id"), std::string::npos);
    r = post({{"service_code", "sanitation"}, {"address_id", street_.id}, {"description", "街道"}});
    EXPECT_EQ(r.status, 400) << "above the key's community";
    r = post({{"service_code", "potholes"}, {"address_id", xintie_.id}, {"description", "坑"}});
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(OneError(r)["description"].get<std::string>().find("service_code"), std::string::npos);
    r = post({{"service_code", "sanitation"}, {"lat", 41.1}, {"long", 121.1}, {"description", "没有编号"}});
    EXPECT_EQ(r.status, 400);
    EXPECT_NE(OneError(r)["description"].get<std::string>().find("address_id"), std::string::npos);
    r = post({{"service_code", "sanitation"}, {"address_id", xintie_.id}, {"description", ""}});
    EXPECT_EQ(r.status, 400);
    r = http_->Post(std::string(kBase) + "/requests.json?api_key=" + key_, "{not json");
    EXPECT_EQ(r.status, 400);
    OneError(r);

    // Another community's appeal, recorded by its staff, is not there for this key.
    auto huagong = LoginAs("huagong");
    json theirs = Json(huagong->Post(
        "/api/v1/appeals",
        json{{"area_id", huagong_.id}, {"channel", "walk_in"}, {"category_id", 1}, {"description", "华工的事"}}
            .dump()));
    const std::string their_id = std::to_string(theirs["id"].get<std::int64_t>());
    auto hidden = http_->Get(Path("/requests/" + their_id + ".json"));
    EXPECT_EQ(hidden.status, 404);
    OneError(hidden);
    EXPECT_EQ(Json(http_->Get(Path("/requests.json", "service_request_id=" + their_id))), json::array());
}

WANGGE_INSTANTIATE_BACKENDS(Open311ApiTest);

}  // namespace
}  // namespace wangge::api::testing
