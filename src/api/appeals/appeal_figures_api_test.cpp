// The figures endpoint and the ledger export over HTTP on both databases: counts and rates by area
// and period, scope (404 outside it), CSV content and columns, XLSX as a real zip with the right
// rows, and the audit of every export.
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "api/api_test_fixture.hpp"

namespace wangge::api::testing {
namespace {

using nlohmann::json;

class AppealFiguresApiTest : public ApiTest {
  protected:
    void SetUp() override {
        ApiTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        worker_ = LoginAs("xintie");
        category_ = Json(worker_->Get("/api/v1/appeal-categories"))["items"][0]["id"];
    }

    json Record(http::testing::HttpClient& client, std::int64_t area, const std::string& channel,
                const std::string& text) {
        json body = {{"area_id", area},
                     {"channel", channel},
                     {"category_id", category_},
                     {"description", text},
                     {"reporter", {{"kind", "named"}, {"name", "王大爷"}, {"phone", "13800001111"}}}};
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

    // Three appeals in 新铁社区 (one resolved, reported and rated satisfied; one claimed; one
    // rejected) and one in 华工社区.
    void Fill() {
        json a = Record(*worker_, grid_.id, "grid_visit", "燃化楼下水井返水");
        a = Step(*worker_, a, {{"action", "triage"}, {"track", "immediate"}});
        a = Step(*worker_, a, {{"action", "claim"}});
        a = Step(*worker_, a, {{"action", "resolve"}, {"note", "已疏通，恢复正常"}});
        a = Step(*worker_, a, {{"action", "report"}});
        Step(*worker_, a, {{"action", "evaluate"}, {"evaluation", "satisfied"}});
        json b = Record(*worker_, xintie_.id, "walk_in", "=厨房烟道串味, \"三楼\"\n请尽快");
        b = Step(*worker_, b, {{"action", "triage"}, {"track", "consultative"}});
        Step(*worker_, b, {{"action", "claim"}});
        json c = Record(*worker_, xintie_.id, "hotline_12345", "重复反映");
        Step(*worker_, c, {{"action", "reject"}, {"note", "已由12345转办"}});
        auto huagong = LoginAs("huagong");
        Record(*huagong, huagong_.id, "walk_in", "路面不平");
    }

    std::unique_ptr<http::testing::HttpClient> worker_;
    std::int64_t category_ = 0;
};

TEST_P(AppealFiguresApiTest, FiguresByAreaWithRatesMonthsAndChildren) {
    Fill();
    auto r = worker_->Get("/api/v1/appeal-figures");
    ASSERT_EQ(r.status, 200) << r.body;
    json f = Json(r);
    EXPECT_EQ(f["area"]["id"], xintie_.id) << "the caller's scope by default";
    EXPECT_EQ(f["to"], "2022-04");
    EXPECT_EQ(f["from"], "2021-05");
    EXPECT_EQ(f["months"].size(), 12u);
    EXPECT_EQ(f["months"][11]["month"], "2022-04");
    EXPECT_EQ(f["months"][11]["collected"], 3);
    const json& t = f["totals"];
    EXPECT_EQ(t["collected"], 3);
    EXPECT_EQ(t["by_channel"]["grid_visit"], 1);
    EXPECT_EQ(t["by_channel"]["hotline_12345"], 1);
    EXPECT_EQ(t["by_channel"]["questionnaire"], 0);
    EXPECT_EQ(t["by_track"]["immediate"], 1);
    EXPECT_EQ(t["by_track"]["consultative"], 1);
    EXPECT_EQ(t["claimed"], 2);
    EXPECT_EQ(t["resolved"], 1);
    EXPECT_EQ(t["resolved_on_time"], 1);
    EXPECT_EQ(t["reported"], 1);
    EXPECT_EQ(t["not_handled"], 1);
    EXPECT_EQ(t["evaluations"]["satisfied"], 1);
    EXPECT_DOUBLE_EQ(f["rates"]["response"].get<double>(), 1.0) << "2 claimed of 2 handled";
    EXPECT_DOUBLE_EQ(f["rates"]["resolution"].get<double>(), 0.5);
    EXPECT_DOUBLE_EQ(f["rates"]["on_time"].get<double>(), 1.0);
    EXPECT_DOUBLE_EQ(f["rates"]["satisfaction"].get<double>(), 1.0);
    EXPECT_EQ(f["children"], json::array());
    EXPECT_EQ(f["months"][0]["rates"]["response"], nullptr) << "no appeals, no rate";

    auto guta = LoginAs("guta");
    json street =
        Json(guta->Get("/api/v1/appeal-figures?area_id=" + std::to_string(street_.id) + "&from=2022-04&to=2022-04"));
    EXPECT_EQ(street["totals"]["collected"], 4);
    ASSERT_EQ(street["children"].size(), 2u);
    for (const auto& child : street["children"])
        EXPECT_EQ(child["collected"], child["area"]["id"] == xintie_.id ? 3 : 1) << child.dump();
    json march =
        Json(guta->Get("/api/v1/appeal-figures?area_id=" + std::to_string(street_.id) + "&from=2022-03&to=2022-03"));
    EXPECT_EQ(march["totals"]["collected"], 0);
    EXPECT_EQ(march["months"].size(), 1u);
}

TEST_P(AppealFiguresApiTest, FiguresRefuseOtherScopesAndBadPeriods) {
    Fill();
    auto huagong = LoginAs("huagong");
    auto hidden = huagong->Get("/api/v1/appeal-figures?area_id=" + std::to_string(xintie_.id));
    EXPECT_EQ(hidden.status, 404);
    auto bad = worker_->Get("/api/v1/appeal-figures?from=2022-13");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Json(bad)["error"]["field"], "from");
    auto reversed = worker_->Get("/api/v1/appeal-figures?from=2022-04&to=2022-01");
    EXPECT_EQ(reversed.status, 400);
    auto lab = LoginAs("lab");
    EXPECT_EQ(lab->Get("/api/v1/appeal-figures").status, 403);
    EXPECT_EQ(Anonymous()->Get("/api/v1/appeal-figures").status, 401);
}

// Splits CSV text into records of fields (RFC 4180, quoted fields may hold commas and newlines).
std::vector<std::vector<std::string>> ParseCsv(const std::string& text) {
    std::vector<std::vector<std::string>> rows(1, std::vector<std::string>(1));
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                rows.back().back() += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                rows.back().back() += c;
            }
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            rows.back().emplace_back();
        } else if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') {
            ++i;
            if (i + 1 < text.size()) rows.emplace_back(1);
        } else {
            rows.back().back() += c;
        }
    }
    return rows;
}

TEST_P(AppealFiguresApiTest, CsvExportHasTheSecretarysColumnsAndIsAudited) {
    Fill();
    auto r = worker_->Get("/api/v1/appeals/export?format=csv");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Header("content-type"), "text/csv; charset=utf-8");
    EXPECT_EQ(r.Header("x-export-rows"), "3");
    EXPECT_EQ(r.Header("cache-control"), "no-store");
    const std::string disposition = r.Header("content-disposition").value_or("");
    EXPECT_NE(disposition.find("filename=\"appeals-ledger-210702004002-2022-04.csv\""), std::string::npos)
        << disposition;
    // 党日说事台账-新铁社区-2022-04.csv
    EXPECT_NE(disposition.find("filename*=UTF-8''%E5%85%9A%E6%97%A5%E8%AF%B4%E4%BA%8B%E5%8F%B0%E8%B4%A6-"
                               "%E6%96%B0%E9%93%81%E7%A4%BE%E5%8C%BA-2022-04.csv"),
              std::string::npos)
        << disposition;
    ASSERT_EQ(r.body.rfind("\xEF\xBB\xBF", 0), 0u) << "a UTF-8 BOM for Excel";
    auto rows = ParseCsv(r.body.substr(3));
    ASSERT_EQ(rows.size(), 4u) << r.body;
    EXPECT_EQ(rows[0], (std::vector<std::string>{"编号", "登记时间", "社区/网格", "来源渠道", "反映人", "联系电话",
                                                 "诉求内容", "诉求类别", "办理方式", "认领人", "承诺时限", "状态",
                                                 "办理结果", "办结日期", "通报日期", "居民评价"}));
    for (const auto& row : rows) EXPECT_EQ(row.size(), 16u);
    // The ledger's order: oldest first (the resolved one, the claimed one, the rejected one).
    EXPECT_EQ(rows[3][3], "12345热线");
    EXPECT_EQ(rows[3][11], "不予受理");
    EXPECT_EQ(rows[3][12], "不予受理：已由12345转办");
    EXPECT_EQ(rows[2][6], "'=厨房烟道串味, \"三楼\"\n请尽快") << "quoted, and no formula";
    EXPECT_EQ(rows[2][8], "协商交办");
    EXPECT_EQ(rows[2][12], "") << "no outcome yet";
    EXPECT_EQ(rows[1][1], "2022-04-15 13:20") << "China time: 05:20 UTC";
    EXPECT_EQ(rows[1][2], "新铁社区 第1网格");
    EXPECT_EQ(rows[1][3], "网格员进格");
    EXPECT_EQ(rows[1][4], "王大爷");
    EXPECT_EQ(rows[1][5], "138****1111") << "masked as everywhere";
    EXPECT_EQ(rows[1][8], "即知即办");
    EXPECT_EQ(rows[1][9], "xintie");
    EXPECT_EQ(rows[1][10], "2022-04-29") << "due by the next Party day";
    EXPECT_EQ(rows[1][12], "已疏通，恢复正常");
    EXPECT_EQ(rows[1][13], "2022-04-15");
    EXPECT_EQ(rows[1][14], "2022-04-15");
    EXPECT_EQ(rows[1][15], "满意");
    EXPECT_LT(std::stoll(rows[1][0]), std::stoll(rows[3][0]));

    // The same filters as the ledger list.
    auto filtered = worker_->Get("/api/v1/appeals/export?format=csv&status=claimed");
    ASSERT_EQ(filtered.status, 200);
    EXPECT_EQ(filtered.Header("x-export-rows"), "1");

    auto audit = services_->auth_repository().ListAudit("area", xintie_.id);
    ASSERT_TRUE(audit);
    ASSERT_EQ(audit->size(), 2u);
    EXPECT_EQ((*audit)[0].action, "export_appeals");
    EXPECT_EQ((*audit)[0].reason, "format=csv; filters=; rows=3");
    EXPECT_EQ((*audit)[1].reason, "format=csv; filters=status=claimed; rows=1");
}

TEST_P(AppealFiguresApiTest, ExportKeepsToTheScope) {
    Fill();
    auto huagong = LoginAs("huagong");
    auto own = huagong->Get("/api/v1/appeals/export?format=csv");
    ASSERT_EQ(own.status, 200);
    EXPECT_EQ(own.Header("x-export-rows"), "1");
    EXPECT_EQ(own.body.find("燃化楼"), std::string::npos);
    EXPECT_EQ(huagong->Get("/api/v1/appeals/export?format=csv&area=" + std::to_string(xintie_.id)).status, 404);
    auto bad = huagong->Get("/api/v1/appeals/export?format=pdf");
    EXPECT_EQ(bad.status, 400);
    EXPECT_EQ(Json(bad)["error"]["field"], "format");
    auto guta = LoginAs("guta");
    auto all = guta->Get("/api/v1/appeals/export?format=csv");
    ASSERT_EQ(all.status, 200);
    EXPECT_EQ(all.Header("x-export-rows"), "4");
    auto rows = ParseCsv(all.body.substr(3));
    ASSERT_EQ(rows.size(), 5u);
    std::vector<std::string> places;
    for (std::size_t i = 1; i < rows.size(); ++i) places.push_back(rows[i][2]);
    EXPECT_EQ(places, (std::vector<std::string>{"新铁社区 第1网格", "新铁社区", "新铁社区", "华工社区"}))
        << "community by community, each oldest first";

    // A grid worker's scope is a grid below the community: only the grid's appeals.
    auto grid = LoginAs("grid1");
    auto own_grid = grid->Get("/api/v1/appeals/export?format=csv");
    ASSERT_EQ(own_grid.status, 200) << own_grid.body;
    EXPECT_EQ(own_grid.Header("x-export-rows"), "1");
    EXPECT_NE(own_grid.body.find("燃化楼下水井返水"), std::string::npos);
}

TEST_P(AppealFiguresApiTest, XlsxExportIsAZipWithOneRowPerAppeal) {
    Fill();
    auto guta = LoginAs("guta");
    auto r = guta->Get("/api/v1/appeals/export?format=xlsx");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.Header("content-type"), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
    ASSERT_EQ(r.body.rfind("PK\x03\x04", 0), 0u) << "a zip file";
    const auto path = std::filesystem::temp_directory_path() /
                      ("wangge-xlsx-test-" + std::to_string(::getpid()) + "-" + std::to_string(port_) + ".xlsx");
    std::ofstream(path, std::ios::binary) << r.body;
    std::string sheet;
    if (FILE* pipe = ::popen(("unzip -p '" + path.string() + "' xl/worksheets/sheet1.xml").c_str(), "r")) {
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) sheet.append(buffer, n);
        EXPECT_EQ(::pclose(pipe), 0) << "unzip reads the archive";
    }
    std::filesystem::remove(path);
    std::size_t rows = 0;
    for (auto at = sheet.find("<row "); at != std::string::npos; at = sheet.find("<row ", at + 1)) ++rows;
    EXPECT_EQ(rows, 5u) << "the header and four appeals";
    EXPECT_NE(sheet.find("编号"), std::string::npos);
    EXPECT_NE(sheet.find("138****1111"), std::string::npos);
    EXPECT_EQ(sheet.find("13800001111"), std::string::npos) << "no full phone number";
    EXPECT_NE(sheet.find("路面不平"), std::string::npos);
}

WANGGE_INSTANTIATE_BACKENDS(AppealFiguresApiTest);

}  // namespace
}  // namespace wangge::api::testing
