#include "domain/registry/import/csv_reader.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace wangge::registry::import {
namespace {

using Records = std::vector<std::pair<std::int64_t, std::vector<std::string>>>;

// Reads everything, feeding the reader `chunk` bytes at a time to cross every boundary.
Records ReadAll(std::string_view text, std::size_t chunk = 1 << 16) {
    class Trickle final : public ByteSource {
      public:
        Trickle(std::string_view text, std::size_t chunk) : rest_(text), chunk_(chunk) {}
        Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
            std::size_t n = std::min({capacity, chunk_, rest_.size()});
            std::copy_n(rest_.data(), n, buffer);
            rest_.remove_prefix(n);
            return n;
        }

      private:
        std::string_view rest_;
        std::size_t chunk_;
    };
    Trickle source(text, chunk);
    CsvReader reader(source);
    Records out;
    std::vector<std::string> fields;
    for (;;) {
        auto more = reader.Next(fields);
        EXPECT_TRUE(more.has_value()) << more.error().message;
        if (!more || !*more) break;
        out.emplace_back(reader.record_line(), fields);
    }
    return out;
}

TEST(CsvReaderTest, PlainFieldsAndLineEnds) {
    for (std::size_t chunk : {1u, 2u, 3u, 7u, 65536u}) {
        auto r = ReadAll("a,b,c\r\n1,,3\n\"x\",y,\r\n", chunk);
        ASSERT_EQ(r.size(), 3u) << chunk;
        EXPECT_EQ(r[0].second, (std::vector<std::string>{"a", "b", "c"}));
        EXPECT_EQ(r[1].second, (std::vector<std::string>{"1", "", "3"}));
        EXPECT_EQ(r[2].second, (std::vector<std::string>{"x", "y", ""}));
        EXPECT_EQ(r[2].first, 3);
    }
}

TEST(CsvReaderTest, QuotesDoubledQuotesAndEmbeddedNewlines) {
    for (std::size_t chunk : {1u, 4u, 65536u}) {
        auto r = ReadAll("name,note\n\"王, 伟\",\"他说\"\"好\"\"\"\n\"李\r\n娜\",\"a\nb\nc\"\nlast,row", chunk);
        ASSERT_EQ(r.size(), 4u) << chunk;
        EXPECT_EQ(r[1].second, (std::vector<std::string>{"王, 伟", "他说\"好\""}));
        EXPECT_EQ(r[2].second, (std::vector<std::string>{"李\n娜", "a\nb\nc"}));
        EXPECT_EQ(r[2].first, 3);  // the record starts on line 3 ...
        EXPECT_EQ(r[3].first, 7);  // ... and spans four lines
        EXPECT_EQ(r[3].second, (std::vector<std::string>{"last", "row"}));
    }
}

TEST(CsvReaderTest, BomIsDroppedAndBlankLinesSkipped) {
    auto r = ReadAll("\xEF\xBB\xBF姓名,身份证号\r\n\r\n\n张三,1\r\n\r\n");
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].second[0], "姓名");
    EXPECT_EQ(r[1].first, 4);
    EXPECT_EQ(r[1].second, (std::vector<std::string>{"张三", "1"}));
}

TEST(CsvReaderTest, EmptyQuotedFieldIsARecord) {
    auto r = ReadAll("\"\"\n");
    ASSERT_EQ(r.size(), 1u);
    EXPECT_EQ(r[0].second, std::vector<std::string>{""});
}

TEST(CsvReaderTest, LoneCarriageReturnEndsALine) {
    auto r = ReadAll("a\rb\rc");
    ASSERT_EQ(r.size(), 3u);
    EXPECT_EQ(r[2].first, 3);
}

TEST(CsvReaderTest, UnterminatedQuoteIsAnError) {
    auto source = MakeMemorySource("a,b\n1,\"open\nstill open");
    CsvReader reader(*source);
    std::vector<std::string> fields;
    ASSERT_TRUE(*reader.Next(fields));
    auto r = reader.Next(fields);
    ASSERT_FALSE(r.has_value());
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_NE(r.error().message.find("第2行"), std::string::npos) << r.error().message;
}

TEST(CsvReaderTest, LargeInputIsStreamed) {
    std::string text = "a,b\n";
    for (int i = 0; i < 100000; ++i) text += std::to_string(i) + ",\"x" + std::to_string(i) + "\"\n";
    auto source = MakeMemorySource(text);
    CsvReader reader(*source);
    std::vector<std::string> fields;
    int rows = 0;
    while (*reader.Next(fields)) ++rows;
    EXPECT_EQ(rows, 100001);
    EXPECT_EQ(reader.bytes_read(), static_cast<std::int64_t>(text.size()));
}

}  // namespace
}  // namespace wangge::registry::import
