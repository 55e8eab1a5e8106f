// The untested list as a file (GET …/untested.csv|.xlsx) over HTTP on both databases: the same
// people as the JSON list with the areas they live in, masked ID numbers and phones, scope (404
// outside it), areas above the round's, XLSX as a real zip with the header row, and the audit.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "api/api_test_fixture.hpp"
#include "domain/masstest/resident_code.hpp"

namespace wangge::api::testing {
namespace {

using nlohmann::json;
using Rows = std::vector<std::vector<std::string>>;

const std::vector<std::string> kHeader = {"区",   "街道", "社区",   "网格", "楼栋", "单元",
                                          "房号", "姓名", "证件号", "电话", "标签"};

// The export's CSV after its BOM: CRLF records of comma-separated fields (no quoting in these rows).
Rows ParseCsv(const std::string& body) {
    EXPECT_EQ(body.rfind("\xEF\xBB\xBF", 0), 0u) << "a UTF-8 BOM for Excel";
    Rows rows;
    std::string text = body.substr(3);
    for (std::size_t at = 0; at < text.size();) {
        const std::size_t end = text.find("\r\n", at);
        const std::string line = text.substr(at, end - at);
        EXPECT_EQ(line.find('"'), std::string::npos) << line;
        std::vector<std::string> fields(1);
        for (char c : line) {
            if (c == ',')
                fields.emplace_back();
            else
                fields.back() += c;
        }
        rows.push_back(std::move(fields));
        if (end == std::string::npos) break;
        at = end + 2;
    }
    return rows;
}

class UntestedExportApiTest : public ApiTest {
  protected:
    // An active everyone-round over `area` (default the street), created by the district officer.
    json ActiveRound(std::optional<std::int64_t> area = std::nullopt) {
        auto guta = LoginAs("guta");
        json body = {{"name", "第3轮全员核酸"},
                     {"kind", "everyone"},
                     {"area_ids", {area.value_or(street_.id)}},
                     {"starts_at", clock_.Now() - 3600'000},
                     {"ends_at", clock_.Now() + 86'400'000},
                     {"activate", true}};
        auto r = guta->Post("/api/v1/mass-testing/rounds", body.dump());
        EXPECT_EQ(r.status, 201) << r.body;
        return Json(r);
    }

    static std::string RoundPath(const json& round, std::string_view tail) {
        return "/api/v1/mass-testing/rounds/" + std::to_string(round["id"].get<std::int64_t>()) + std::string(tail);
    }

    // Every page of the JSON list of `area`.
    json JsonList(http::testing::HttpClient& client, const json& round, std::int64_t area) {
        json all = json::array();
        std::string cursor;
        do {
            auto r = client.Get(RoundPath(
                round, "/untested?limit=1&area=" + std::to_string(area) + (cursor.empty() ? "" : "&cursor=" + cursor)));
            EXPECT_EQ(r.status, 200) << r.body;
            json page = Json(r);
            for (auto& item : page["items"]) all.push_back(item);
            cursor = page["next_cursor"].is_null() ? "" : page["next_cursor"].get<std::string>();
        } while (!cursor.empty());
        return all;
    }
};

TEST_P(UntestedExportApiTest, CsvHasTheJsonListsPeopleWithTheirAreasMaskedAndIsAudited) {
    json round = ActiveRound();
    // A third person in 新铁社区 with tags; 张伟 gets sampled and so leaves the list.
    auto third = AddResident(xintie_home_.id, "张三", 5, "child");
    auto guta = LoginAs("guta");
    auto patched = guta->Patch("/api/v1/residents/" + std::to_string(third.id),
                               json{{"version", third.version}, {"tags", {"elderly_alone", "bedridden"}}}.dump());
    ASSERT_EQ(patched.status, 200) << patched.body;
    auto worker = LoginAs("xintie");
    ASSERT_EQ(worker->Post(RoundPath(round, "/tubes"), R"({"code":"T0001"})").status, 201);
    json scan = {{"client_id", "a1"}, {"tube", "T0001"}, {"resident_code", masstest::ResidentCode(xintie_head_.id)}};
    ASSERT_EQ(worker->Post(RoundPath(round, "/scans"), scan.dump()).status, 201);

    auto r = worker->Get(RoundPath(round, "/untested.csv?area=" + std::to_string(xintie_.id)));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Header("content-type"), "text/csv; charset=utf-8");
    EXPECT_EQ(r.Header("cache-control"), "no-store");
    EXPECT_EQ(r.Header("x-export-rows"), "2");
    const std::string disposition = r.Header("content-disposition").value_or("");
    EXPECT_NE(disposition.find("filename=\"untested-round" + std::to_string(round["id"].get<std::int64_t>()) +
                               "-210702004002.csv\""),
              std::string::npos)
        << disposition;
    // 未检人员名单-…
    EXPECT_NE(disposition.find("filename*=UTF-8''%E6%9C%AA%E6%A3%80%E4%BA%BA%E5%91%98%E5%90%8D%E5%8D%95-"),
              std::string::npos)
        << disposition;

    Rows rows = ParseCsv(r.body);
    ASSERT_EQ(rows.size(), 3u) << r.body;
    EXPECT_EQ(rows[0], kHeader);
    json list = JsonList(*worker, round, xintie_.id);
    ASSERT_EQ(list.size(), 2u);
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& p = list[i];
        const auto& row = rows[i + 1];
        ASSERT_EQ(row.size(), kHeader.size());
        EXPECT_EQ(row[0], "古塔区");
        EXPECT_EQ(row[1], "敬业街道");
        EXPECT_EQ(row[2], "新铁社区");
        EXPECT_EQ(row[3], "第1网格");
        EXPECT_EQ(row[4], "1号楼");
        EXPECT_EQ(row[5], p["unit"]);
        EXPECT_EQ(row[6], p["room"]);
        EXPECT_EQ(row[7], p["name"]) << "the same people in the same order as the JSON list";
        EXPECT_EQ(row[8], p["id_number"]);
        EXPECT_EQ(row[9], p["phone"]);
    }
    EXPECT_EQ(rows[1][7], "张小明");
    EXPECT_EQ(rows[2][7], "张三");
    EXPECT_EQ(rows[2][10], "独居老人、卧床");
    EXPECT_EQ(rows[1][10], "");
    EXPECT_NE(rows[1][8].find("********"), std::string::npos) << "masked as in the JSON list";
    EXPECT_NE(rows[1][9].find('*'), std::string::npos);
    EXPECT_EQ(r.body.find(xintie_child_.id_number), std::string::npos) << "no full ID number";
    EXPECT_EQ(r.body.find(xintie_child_.phone), std::string::npos) << "no full phone";
    EXPECT_EQ(r.body.find("张伟"), std::string::npos) << "sampled";

    auto audit = services_->auth_repository().ListAudit("test_round", round["id"].get<std::int64_t>());
    ASSERT_TRUE(audit);
    ASSERT_EQ(audit->size(), 1u);
    EXPECT_EQ((*audit)[0].action, "export_untested");
    EXPECT_EQ((*audit)[0].reason, "area=" + std::to_string(xintie_.id) + "; format=csv; rows=2");
    auto me = Json(worker->Get("/api/v1/me"));
    EXPECT_EQ((*audit)[0].user_id, me["id"]);
}

TEST_P(UntestedExportApiTest, AnAreaAboveTheCommunityWalksEveryoneInPathOrder) {
    json round = ActiveRound();
    auto guta = LoginAs("guta");
    auto r = guta->Get(RoundPath(round, "/untested.csv?area=" + std::to_string(district_.id)));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Header("x-export-rows"), "4");
    Rows rows = ParseCsv(r.body);
    ASSERT_EQ(rows.size(), 5u);
    std::vector<std::string> names, communities, grids;
    for (std::size_t i = 1; i < rows.size(); ++i) {
        names.push_back(rows[i][7]);
        communities.push_back(rows[i][2]);
        grids.push_back(rows[i][3]);
    }
    // The JSON lists of both communities, one after the other in path order.
    std::vector<std::string> expected;
    const bool xintie_first = xintie_.path < huagong_.path;
    for (auto id : {xintie_first ? xintie_.id : huagong_.id, xintie_first ? huagong_.id : xintie_.id})
        for (auto& p : JsonList(*guta, round, id)) expected.push_back(p["name"]);
    EXPECT_EQ(names, expected);
    for (std::size_t i = 0; i < names.size(); ++i) {
        const bool xintie = names[i].starts_with("张");
        EXPECT_EQ(communities[i], xintie ? "新铁社区" : "华工社区");
        EXPECT_EQ(grids[i], xintie ? "第1网格" : "") << "9号楼 lies directly under 华工社区";
    }

    // A round over 华工社区 only: the district's export walks just that community; 新铁社区 is not in it.
    json small = ActiveRound(huagong_.id);
    auto part = guta->Get(RoundPath(small, "/untested.csv?area=" + std::to_string(street_.id)));
    ASSERT_EQ(part.status, 200) << part.body;
    EXPECT_EQ(part.Header("x-export-rows"), "2");
    auto outside = guta->Get(RoundPath(small, "/untested.csv?area=" + std::to_string(xintie_.id)));
    EXPECT_EQ(outside.status, 400);
    EXPECT_EQ(Json(outside)["error"]["field"], "area");
}

TEST_P(UntestedExportApiTest, OutsideTheScopeIsNotFound) {
    json round = ActiveRound();
    auto huagong = LoginAs("huagong");
    EXPECT_EQ(huagong->Get(RoundPath(round, "/untested.csv?area=" + std::to_string(xintie_.id))).status, 404);
    EXPECT_EQ(huagong->Get(RoundPath(round, "/untested.xlsx?area=" + std::to_string(street_.id))).status, 404);
    EXPECT_EQ(huagong->Get(RoundPath(round, "/untested.csv?area=999999")).status, 404);
    // Without ?area= the caller's own area.
    auto own = huagong->Get(RoundPath(round, "/untested.csv"));
    ASSERT_EQ(own.status, 200) << own.body;
    EXPECT_EQ(own.Header("x-export-rows"), "2");
    EXPECT_EQ(own.body.find("张"), std::string::npos);

    // A round over 新铁社区 only is not seen from 华工社区.
    json other = ActiveRound(xintie_.id);
    EXPECT_EQ(huagong->Get(RoundPath(other, "/untested.csv")).status, 404);
    EXPECT_EQ(huagong->Get("/api/v1/mass-testing/rounds/999999/untested.csv").status, 404);
    EXPECT_EQ(Anonymous()->Get(RoundPath(round, "/untested.csv")).status, 401);
    EXPECT_EQ(huagong->Get(RoundPath(round, "/untested.csv?area=abc")).status, 400);
    auto audit = services_->auth_repository().ListAudit("test_round", round["id"].get<std::int64_t>());
    ASSERT_TRUE(audit);
    EXPECT_EQ(audit->size(), 1u) << "only the export that happened";
}

TEST_P(UntestedExportApiTest, XlsxIsAZipWithTheHeaderRowAndMaskedRows) {
    json round = ActiveRound();
    auto guta = LoginAs("guta");
    auto r = guta->Get(RoundPath(round, "/untested.xlsx?area=" + std::to_string(street_.id)));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    EXPECT_EQ(r.Header("x-export-rows"), "4");
    EXPECT_NE(r.Header("content-disposition").value_or("").find(".xlsx\""), std::string::npos);
    ASSERT_EQ(r.body.rfind("PK\x03\x04", 0), 0u) << "a zip file";
    const auto path = std::filesystem::temp_directory_path() /
                      ("wangge-untested-test-" + std::to_string(::getpid()) + "-" + std::to_string(port_) + ".xlsx");
    std::ofstream(path, std::ios::binary) << r.body;
    std::string sheet;  // constant-memory mode writes strings inline, no shared strings
    if (FILE* pipe = ::popen(("unzip -p '" + path.string() + "' xl/worksheets/sheet1.xml").c_str(), "r")) {
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) sheet.append(buffer, n);
        EXPECT_EQ(::pclose(pipe), 0) << "unzip reads the archive";
    }
    std::filesystem::remove(path);
    const std::string& all = sheet;
    std::size_t rows = 0;
    for (auto at = sheet.find("<row "); at != std::string::npos; at = sheet.find("<row ", at + 1)) ++rows;
    EXPECT_EQ(rows, 5u) << "the header and four people";
    for (const auto& h : kHeader) EXPECT_NE(all.find(">" + h + "<"), std::string::npos) << h;
    EXPECT_NE(all.find("陈小红"), std::string::npos);
    EXPECT_NE(all.find("210702********"), std::string::npos);
    for (const auto* p : {&xintie_head_, &xintie_child_, &huagong_head_, &huagong_child_}) {
        EXPECT_EQ(all.find(p->id_number), std::string::npos) << "no full ID number";
        EXPECT_EQ(all.find(p->phone), std::string::npos) << "no full phone";
    }
}

WANGGE_INSTANTIATE_BACKENDS(UntestedExportApiTest);

}  // namespace
}  // namespace wangge::api::testing
