#include "app/cli/progress_bar.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>

namespace wangge::cli {
namespace {

TEST(ProgressBarTest, Formats) {
    EXPECT_EQ(FormatDuration(0), "0:00");
    EXPECT_EQ(FormatDuration(125), "2:05");
    EXPECT_EQ(FormatDuration(3723), "1:02:03");
    EXPECT_EQ(FormatDuration(-1), "--:--");
    EXPECT_EQ(FormatCount(0), "0");
    EXPECT_EQ(FormatCount(9000000), "9,000,000");
    EXPECT_EQ(FormatCount(123456), "123,456");
    EXPECT_EQ(FormatProgress("导入", "行", 2500, 10000, 5.0), "导入 2,500/10,000 行 25% 500 行/秒 剩余 0:15 用时 0:05");
    EXPECT_EQ(FormatProgress("读取", "行", 300, 0, 3.0), "读取 300 行 100 行/秒 用时 0:03");
}

TEST(ProgressBarTest, PlainLinesAreThrottled) {
    char* text = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&text, &size);
    double now = 0;
    {
        ProgressBar bar("导入", "行", out, ProgressStyle::kLines, [&] { return now; });
        for (int i = 1; i <= 100; ++i) {
            now = i * 0.5;  // 50 seconds in all: a line every 5 seconds
            bar.Update(i, 100);
        }
        bar.Finish();
        bar.Finish();
    }
    std::fclose(out);
    std::string s(text, size);
    std::free(text);
    int lines = 0;
    for (char c : s) lines += c == '\n';
    EXPECT_EQ(lines, 11);  // 10 throttled + the final one
    EXPECT_NE(s.find("导入 100/100 行 100%"), std::string::npos) << s;
    EXPECT_EQ(s.find('\r'), std::string::npos);
}

TEST(ProgressBarTest, TerminalBarRedrawsInPlace) {
    char* text = nullptr;
    std::size_t size = 0;
    std::FILE* out = open_memstream(&text, &size);
    double now = 0;
    ProgressBar bar("生成", "人", out, ProgressStyle::kBar, [&] { return now; });
    now = 1;
    bar.Update(50, 100);
    bar.Finish();
    std::fclose(out);
    std::string s(text, size);
    std::free(text);
    EXPECT_EQ(s.front(), '\r');
    EXPECT_NE(s.find("█"), std::string::npos);
    EXPECT_EQ(s.back(), '\n');
}

}  // namespace
}  // namespace wangge::cli
