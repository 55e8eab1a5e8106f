// The generic table writer: CSV bytes exactly (BOM, quoting, formula neutralising, missing cells),
// XLSX a zip whose sheet has the header, number cells and text cells.
#include "api/export/table_writer.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace wangge::api {
namespace {

TableLayout Layout() { return {"名单", {{"编号", 8, CellKind::kNumber}, {"姓名", 10}, {"备注", 20}}}; }

std::string Slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

class TableWriterTest : public ::testing::Test {
  protected:
    void TearDown() override {
        for (const auto& p : paths_) std::filesystem::remove(p);
    }
    std::string Temp(TableFormat format) {
        auto path = ExportTempFile("", format);
        EXPECT_TRUE(path);
        paths_.push_back(*path);
        return *path;
    }
    std::vector<std::string> paths_;
};

TEST_F(TableWriterTest, CsvHasABomQuotesAndNoFormulas) {
    const std::string path = Temp(TableFormat::kCsv);
    EXPECT_TRUE(path.ends_with(".csv")) << path;
    auto writer = TableWriter::Open(TableFormat::kCsv, path, Layout());
    ASSERT_TRUE(writer) << writer.error().message;
    ASSERT_TRUE((*writer)->Write({"1", "王芳", "=SUM(A1)"}));
    ASSERT_TRUE((*writer)->Write({"2", "李, \"四\""}));
    ASSERT_TRUE((*writer)->Write({"3", "赵", "两行\n文字", "ignored"}));
    ASSERT_TRUE((*writer)->Finish());
    EXPECT_EQ(Slurp(path),
              "\xEF\xBB\xBF编号,姓名,备注\r\n"
              "1,王芳,'=SUM(A1)\r\n"
              "2,\"李, \"\"四\"\"\",\r\n"
              "3,赵,\"两行\n文字\"\r\n");
}

TEST_F(TableWriterTest, XlsxIsAZipWithHeaderNumbersAndText) {
    const std::string path = Temp(TableFormat::kXlsx);
    auto writer = TableWriter::Open(TableFormat::kXlsx, path, Layout());
    ASSERT_TRUE(writer) << writer.error().message;
    ASSERT_TRUE((*writer)->Write({"42", "王芳\x01", "=1+1"}));
    ASSERT_TRUE((*writer)->Write({"n/a", "", "备注"}));
    ASSERT_TRUE((*writer)->Finish());
    const std::string file = Slurp(path);
    ASSERT_EQ(file.rfind("PK\x03\x04", 0), 0u);
    std::string sheet;
    if (FILE* pipe = ::popen(("unzip -p '" + path + "' xl/worksheets/sheet1.xml").c_str(), "r")) {
        char buffer[4096];
        for (std::size_t n; (n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0;) sheet.append(buffer, n);
        EXPECT_EQ(::pclose(pipe), 0);
    }
    EXPECT_NE(sheet.find(">编号<"), std::string::npos) << sheet;
    EXPECT_NE(sheet.find("<v>42</v>"), std::string::npos) << "a number cell";
    EXPECT_NE(sheet.find(">王芳 <"), std::string::npos) << "control characters become spaces";
    EXPECT_NE(sheet.find(">n/a<"), std::string::npos) << "not a number: text";
    EXPECT_NE(sheet.find(">=1+1<"), std::string::npos) << "a string cell, never a formula";
    EXPECT_EQ(sheet.find("<f>"), std::string::npos);
    std::size_t rows = 0;
    for (auto at = sheet.find("<row "); at != std::string::npos; at = sheet.find("<row ", at + 1)) ++rows;
    EXPECT_EQ(rows, 3u);
}

TEST(TableFormatTest, NamesAndTypes) {
    EXPECT_EQ(TableFormatName(TableFormat::kXlsx), "xlsx");
    EXPECT_EQ(TableFormatName(TableFormat::kCsv), "csv");
    EXPECT_EQ(TableContentType(TableFormat::kCsv), "text/csv; charset=utf-8");
}

}  // namespace
}  // namespace wangge::api
