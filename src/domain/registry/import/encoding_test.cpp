#include "domain/registry/import/encoding.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "domain/registry/import/csv_reader.hpp"

namespace wangge::registry::import {
namespace {

// Converts with the iconv program, as a user's Excel would have saved the file.
std::string ToGbkWithIconvTool(const std::string& utf8) {
    auto dir = std::filesystem::temp_directory_path();
    auto in = dir / ("wangge_enc_in_" + std::to_string(::getpid()));
    auto out = dir / ("wangge_enc_out_" + std::to_string(::getpid()));
    std::ofstream(in, std::ios::binary) << utf8;
    std::string cmd = "iconv -f UTF-8 -t GBK " + in.string() + " > " + out.string();
    EXPECT_EQ(std::system(cmd.c_str()), 0);
    std::stringstream gbk;
    gbk << std::ifstream(out, std::ios::binary).rdbuf();
    std::filesystem::remove(in);
    std::filesystem::remove(out);
    return gbk.str();
}

std::string DecodeAll(std::string_view bytes, Encoding encoding, Encoding* detected = nullptr) {
    auto decoded = Decode(MakeMemorySource(bytes), encoding);
    EXPECT_TRUE(decoded.has_value());
    if (detected) *detected = decoded->encoding;
    std::string out, chunk(4096, '\0');
    for (;;) {
        auto n = decoded->source->Read(chunk.data(), chunk.size());
        EXPECT_TRUE(n.has_value());
        if (!n || *n == 0) break;
        out.append(chunk.data(), *n);
    }
    return out;
}

const std::string kText = "姓名,身份证号,楼栋编码\n王秀英,210702195003150024,210702004002001001\n欧阳娜娜,,\n";

TEST(EncodingTest, Utf8Validation) {
    EXPECT_TRUE(IsValidUtf8("plain ascii"));
    EXPECT_TRUE(IsValidUtf8("王秀英"));
    EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));       // overlong
    EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));   // surrogate
    EXPECT_FALSE(IsValidUtf8("\xE7\x8E"));       // cut
    EXPECT_TRUE(IsValidUtf8("\xE7\x8E", true));  // cut by a sample's end
    EXPECT_FALSE(IsValidUtf8("\xCD\xF5"));       // 王 in GBK
}

TEST(EncodingTest, DetectsAndConvertsGbk) {
    std::string gbk = ToGbkWithIconvTool(kText);
    ASSERT_NE(gbk, kText);
    EXPECT_EQ(DetectEncoding(gbk, true), Encoding::kGbk);
    Encoding detected = Encoding::kAuto;
    EXPECT_EQ(DecodeAll(gbk, Encoding::kAuto, &detected), kText);
    EXPECT_EQ(detected, Encoding::kGbk);
    EXPECT_EQ(DecodeAll(gbk, Encoding::kGbk), kText);
}

TEST(EncodingTest, Utf8WithOrWithoutBomPassesThrough) {
    Encoding detected = Encoding::kAuto;
    EXPECT_EQ(DecodeAll(kText, Encoding::kAuto, &detected), kText);
    EXPECT_EQ(detected, Encoding::kUtf8);
    std::string bom = "\xEF\xBB\xBF" + kText;
    EXPECT_EQ(DecodeAll(bom, Encoding::kAuto, &detected), bom);
    EXPECT_EQ(detected, Encoding::kUtf8);
}

TEST(EncodingTest, LargeGbkFileConvertsAcrossChunkBoundaries) {
    std::string utf8;
    for (int i = 0; i < 20000; ++i) utf8 += "张伟" + std::to_string(i) + ",欧阳娜娜,锦州市古塔区\n";
    std::string gbk = ToGbkWithIconvTool(utf8);
    EXPECT_EQ(DecodeAll(gbk, Encoding::kAuto), utf8);
}

TEST(EncodingTest, UndecodableBytesBecomeReplacementCharacters) {
    EXPECT_EQ(DecodeAll(std::string("a\xFF"
                                    "b"),
                        Encoding::kGbk),
              "a\xEF\xBF\xBD"
              "b");
}

TEST(EncodingTest, ParsesNames) {
    EXPECT_EQ(ParseEncoding("UTF-8"), Encoding::kUtf8);
    EXPECT_EQ(ParseEncoding("gb18030"), Encoding::kGbk);
    EXPECT_EQ(ParseEncoding("auto"), Encoding::kAuto);
    EXPECT_FALSE(ParseEncoding("latin1"));
}

}  // namespace
}  // namespace wangge::registry::import
