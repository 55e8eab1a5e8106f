// ImportResidents against each available backend.
#include "storage/repositories/resident_import_writer.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/testing/test_database.hpp"

namespace wangge::storage {
namespace {

using registry::import::ImportOptions;
using registry::import::ImportReport;
using registry::import::ImportStatus;
using registry::import::SkipInvalid;

std::string Id(std::string first17) { return first17 + IdNumberCheckChar(first17); }

// 古塔区 /1/ → 新铁社区 /1/2/ → 第1网格 /1/2/4/ → 1号楼 /1/2/4/5/, 2号楼 /1/2/4/6/; 华工社区 /1/3/ → 1号楼 /1/3/7/
constexpr std::string_view kAreas[] = {
    "(1, NULL, '210702', '古塔区', 'district', '/1/', 0)",
    "(2, 1, '210702004002', '新铁社区', 'community', '/1/2/', 1)",
    "(3, 1, '210702004003', '华工社区', 'community', '/1/3/', 1)",
    "(4, 2, '21070200400201', '第1网格', 'grid', '/1/2/4/', 2)",
    "(5, 4, 'XT-1', '1号楼', 'building', '/1/2/4/5/', 3)",
    "(6, 4, 'XT-2', '2号楼', 'building', '/1/2/4/6/', 3)",
    "(7, 3, 'HG-1', '1号楼', 'building', '/1/3/7/', 2)",
};

const std::string kHeader = "姓名,身份证号,联系电话,楼栋编码,单元,房号,与户主关系,户籍类型,标签\n";
const std::string kWang = Id("21070219700101001");  // male
const std::string kLi = Id("21070219720202002");
const std::string kChild = Id("21070220230303003");
const std::string kZhao = Id("21070219400404004");
const std::string kFloating = Id("22010219900505005");

std::string GoodFile() {
    return kHeader +                                                                   //
           "王建国," + kWang + ",13800000001,XT-1,1,101,户主,户籍,\n" +                // line 2
           "李秀英," + kLi + ",,XT-1,1,101,配偶,户籍,孕妇\n" +                         // line 3
           "王子涵," + kChild + ",,XT-1,1,101,子女,户籍,婴幼儿\n" +                    // line 4
           "赵桂兰," + kZhao + ",13900000004,XT-2,2,502,户主,常住,独居老人、残疾\n" +  // line 5
           "刘洋," + kFloating + ",13700000005,HG-1,1,301,户主,流动,外出\n";           // line 6
}

class ResidentImportTest : public testing::DatabaseTest {
  protected:
    void SetUp() override {
        DatabaseTest::SetUp();
        if (IsSkipped()) return;
        ASSERT_TRUE(db().Write([](Connection& c) -> Status {
            for (auto values : kAreas)
                WANGGE_CHECK(c.Exec("INSERT INTO areas (id, parent_id, code, name, level, path, depth) VALUES " +
                                    std::string(values)));
            return {};
        }));
    }

    ImportOptions Options(std::string scope = "/1/") {
        ImportOptions o;
        o.scope_path = std::move(scope);
        o.actor_user_id = 9;
        o.now = 1'750'000'000'000;
        o.today = CivilDate{2025, 6, 30};
        return o;
    }

    ImportReport Import(const std::string& body, const ImportOptions& options) {
        auto report = ImportResidents(db(), ImportSource::Memory(body), options);
        EXPECT_TRUE(report) << report.error().message;
        return report ? *report : ImportReport{};
    }

    std::int64_t Int(std::string_view sql, const Params& params = {}) {
        std::int64_t v = -1;
        EXPECT_TRUE(db().Read([&](Connection& c) -> Status {
            WANGGE_TRY(n, QueryInt(c, sql, params));
            v = n;
            return {};
        }));
        return v;
    }

    // Every counter equals a recount from the rows.
    void ExpectCountersMatchRows() {
        EXPECT_EQ(Int("SELECT count(*) FROM areas a WHERE household_count <> (SELECT count(*) FROM households h "
                      "WHERE substr(h.path, 1, length(a.path)) = a.path)"),
                  0);
        EXPECT_EQ(Int("SELECT count(*) FROM areas a WHERE resident_count <> (SELECT count(*) FROM residents r "
                      "WHERE substr(r.path, 1, length(a.path)) = a.path)"),
                  0);
        EXPECT_EQ(Int("SELECT count(*) FROM households h WHERE member_count <> "
                      "(SELECT count(*) FROM residents r WHERE r.household_id = h.id)"),
                  0);
    }
};

TEST_P(ResidentImportTest, ImportsAndReimportCreatesNoDuplicates) {
    std::vector<registry::import::ImportProgress> seen;
    auto report = ImportResidents(db(), ImportSource::Memory(GoodFile()), Options(),
                                  [&](const registry::import::ImportProgress& p) { seen.push_back(p); });
    ASSERT_TRUE(report);
    EXPECT_EQ(report->status, ImportStatus::kSucceeded);
    EXPECT_EQ(report->total, 5);
    EXPECT_EQ(report->inserted, 5);
    EXPECT_EQ(report->processed, 5);
    EXPECT_EQ(report->households_created, 3);
    EXPECT_EQ(report->error_count, 0);
    ASSERT_FALSE(seen.empty());
    EXPECT_EQ(seen.back().phase, registry::import::ImportPhase::kWriting);
    EXPECT_EQ(seen.back().done, 5);
    EXPECT_EQ(seen.back().total, 5);

    EXPECT_EQ(Int("SELECT member_count FROM households WHERE building_id = 5 AND unit = '1' AND room = '101'"), 3);
    EXPECT_EQ(Int("SELECT r.relation = 'head' FROM households h JOIN residents r ON r.id = h.head_resident_id "
                  "WHERE h.building_id = 5"),
              1);
    EXPECT_EQ(Int("SELECT resident_count FROM areas WHERE id = 1"), 5);
    EXPECT_EQ(Int("SELECT household_count FROM areas WHERE id = 2"), 2);
    EXPECT_EQ(Int("SELECT resident_count FROM areas WHERE id = 3"), 1);
    EXPECT_EQ(Int("SELECT tags FROM residents WHERE id_number = $1", {kZhao}), 1 | 4);
    EXPECT_EQ(Int("SELECT count(*) FROM residents WHERE registration = 'floating'"), 1);
    EXPECT_EQ(Int("SELECT count(*) FROM resident_history WHERE action = 'import' AND user_id = 9"), 5);
    ExpectCountersMatchRows();

    auto again = Import(GoodFile(), Options());
    EXPECT_EQ(again.inserted, 0);
    EXPECT_EQ(again.updated, 0);
    EXPECT_EQ(again.unchanged, 5);
    EXPECT_EQ(again.households_created, 0);
    EXPECT_EQ(Int("SELECT count(*) FROM residents"), 5);
    EXPECT_EQ(Int("SELECT count(*) FROM households"), 3);
    EXPECT_EQ(Int("SELECT count(*) FROM resident_history"), 5);
    ExpectCountersMatchRows();
}

TEST_P(ResidentImportTest, UpdatesAndMovesKeepCountersRight) {
    Import(GoodFile(), Options());
    // 王子涵 moves to 华工社区; 赵桂兰 gets a new phone; 李秀英's blank cells keep what is stored.
    const std::string changes = kHeader +                                                 //
                                "王子涵," + kChild + ",,HG-1,1,301,子女,户籍,婴幼儿\n" +  //
                                "赵桂兰," + kZhao + ",13900000099,XT-2,2,502,户主,常住,独居老人、残疾\n" + "李秀英," +
                                kLi + ",,XT-1,1,101,,,\n";
    auto report = Import(changes, Options());
    EXPECT_EQ(report.updated, 2);
    EXPECT_EQ(report.unchanged, 1);
    EXPECT_EQ(Int("SELECT tags FROM residents WHERE id_number = $1", {kLi}), 8);  // still pregnant
    EXPECT_EQ(Int("SELECT version FROM residents WHERE id_number = $1", {kZhao}), 2);
    EXPECT_EQ(Int("SELECT member_count FROM households WHERE building_id = 5"), 2);
    EXPECT_EQ(Int("SELECT member_count FROM households WHERE building_id = 7"), 2);
    EXPECT_EQ(Int("SELECT resident_count FROM areas WHERE id = 2"), 3);
    EXPECT_EQ(Int("SELECT resident_count FROM areas WHERE id = 3"), 2);
    EXPECT_EQ(Int("SELECT count(*) FROM resident_history WHERE detail LIKE '%household_id%' AND resident_id = "
                  "(SELECT id FROM residents WHERE id_number = $1)",
                  {kChild}),
              2);
    ExpectCountersMatchRows();
}

std::string BadFile() {
    std::string bad_check = kZhao.substr(0, 17) + (kZhao[17] == '1' ? '2' : '1');
    return kHeader +                                                     //
           "王建国," + kWang + ",13800000001,XT-1,1,101,户主,户籍,\n" +  // 2 good
           "赵桂兰," + bad_check + ",139,XT-2,2,502,户主,常住,\n" +      // 3 bad: check char, phone
           "李秀英," + kLi + ",,NOPE,1,101,配偶,户籍,\n" +               // 4 bad: building
           "\"刘\n洋\"," + kFloating + ",,HG-1,1,301,户主,流动,\n" +     // 5-6 good (embedded newline)
           "王建国," + kWang + ",13800000001,XT-1,1,101,户主,户籍,\n";   // 7 bad: repeats line 2
}

TEST_P(ResidentImportTest, AllOrNothingByDefault) {
    auto report = Import(BadFile(), Options());
    EXPECT_EQ(report.status, ImportStatus::kFailed);
    EXPECT_EQ(report.total, 5);
    EXPECT_EQ(report.processed, 0);
    EXPECT_EQ(report.skipped, 5);
    ASSERT_EQ(report.errors.size(), 4u);
    EXPECT_EQ(report.error_count, 4);
    EXPECT_EQ(report.errors[0].line, 3);
    EXPECT_EQ(report.errors[0].column, "身份证号");
    EXPECT_NE(report.errors[0].reason.find(std::string("身份证号校验位错误，应为") + kZhao[17]), std::string::npos);
    EXPECT_EQ(report.errors[1].line, 3);
    EXPECT_EQ(report.errors[1].column, "联系电话");
    EXPECT_EQ(report.errors[2].line, 4);
    EXPECT_EQ(report.errors[2].column, "楼栋编码");
    EXPECT_EQ(report.errors[3].line, 7);
    EXPECT_NE(report.errors[3].reason.find("与第2行重复"), std::string::npos) << report.errors[3].reason;
    EXPECT_EQ(Int("SELECT count(*) FROM residents"), 0);
    EXPECT_EQ(Int("SELECT count(*) FROM households"), 0);
    EXPECT_EQ(Int("SELECT resident_count FROM areas WHERE id = 1"), 0);
}

TEST_P(ResidentImportTest, SkipInvalidLoadsTheGoodRows) {
    auto options = Options();
    options.skip_invalid = SkipInvalid::kYes;
    auto report = Import(BadFile(), options);
    EXPECT_EQ(report.status, ImportStatus::kSucceeded);
    EXPECT_EQ(report.inserted, 2);
    EXPECT_EQ(report.skipped, 3);
    EXPECT_EQ(report.error_count, 4);
    EXPECT_EQ(Int("SELECT count(*) FROM residents"), 2);
    EXPECT_EQ(Int("SELECT count(*) FROM residents WHERE name = $1", {std::string("刘\n洋")}), 1);
    ExpectCountersMatchRows();
}

TEST_P(ResidentImportTest, BuildingsAndResidentsOutsideTheScopeAreRefused) {
    // A 新铁社区 user may not place anyone in 华工社区.
    auto options = Options("/1/2/");
    auto report = Import(GoodFile(), options);
    EXPECT_EQ(report.status, ImportStatus::kFailed);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].line, 6);
    EXPECT_EQ(report.errors[0].column, "楼栋编码");
    EXPECT_NE(report.errors[0].reason.find("不在您的管辖范围内"), std::string::npos);
    EXPECT_EQ(Int("SELECT count(*) FROM residents"), 0);

    // Someone registered in 华工社区 cannot be pulled into 新铁社区 by an import there.
    Import(kHeader + "刘洋," + kFloating + ",,HG-1,1,301,户主,流动,\n", Options());
    report = Import(kHeader + "刘洋," + kFloating + ",,XT-1,1,101,户主,流动,\n", options);
    EXPECT_EQ(report.status, ImportStatus::kFailed);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].column, "身份证号");
    EXPECT_NE(report.errors[0].reason.find("管辖范围之外"), std::string::npos);
    EXPECT_EQ(Int("SELECT resident_count FROM areas WHERE id = 2"), 0);
}

TEST_P(ResidentImportTest, MissingColumnsAreReportedOnce) {
    auto report = Import("姓名,联系电话\n张三,13800000000\n李四,13800000001\n", Options());
    EXPECT_EQ(report.status, ImportStatus::kFailed);
    ASSERT_EQ(report.errors.size(), 3u);
    for (const auto& e : report.errors) EXPECT_EQ(e.line, 1);
    EXPECT_EQ(report.errors[0].column, "身份证号");
    auto empty = Import("", Options());
    EXPECT_EQ(empty.status, ImportStatus::kFailed);
    EXPECT_EQ(empty.error_count, 1);
}

TEST_P(ResidentImportTest, ErrorListIsCappedButCounted) {
    std::string body = "name,id_number,building_code,room\n";
    for (int i = 0; i < 1500; ++i) body += "张三,123,XT-1,101\n";
    auto report = Import(body, Options());
    EXPECT_EQ(report.errors.size(), 1000u);
    EXPECT_EQ(report.error_count, 1500);
    EXPECT_EQ(report.errors.back().line, 1001);
}

TEST_P(ResidentImportTest, GbkFileFromExcel) {
    auto dir = std::filesystem::temp_directory_path() / ("wangge_import_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::ofstream(dir / "utf8.csv", std::ios::binary) << GoodFile();
    ASSERT_EQ(
        std::system(
            ("iconv -f UTF-8 -t GBK " + (dir / "utf8.csv").string() + " > " + (dir / "gbk.csv").string()).c_str()),
        0);
    auto report = ImportResidents(db(), ImportSource::File((dir / "gbk.csv").string()), Options());
    std::filesystem::remove_all(dir);
    ASSERT_TRUE(report) << report.error().message;
    EXPECT_EQ(report->encoding, registry::import::Encoding::kGbk);
    EXPECT_EQ(report->inserted, 5);
    EXPECT_EQ(Int("SELECT count(*) FROM residents WHERE name = $1", {std::string("赵桂兰")}), 1);
}

TEST_P(ResidentImportTest, MissingFileIsNotFound) {
    auto report = ImportResidents(db(), ImportSource::File("/nonexistent/residents.csv"), Options());
    ASSERT_FALSE(report);
    EXPECT_EQ(report.error().code, ErrorCode::kNotFound);
}

WANGGE_INSTANTIATE_BACKENDS(ResidentImportTest);

}  // namespace
}  // namespace wangge::storage
