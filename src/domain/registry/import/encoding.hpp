#pragma once
// The text encodings of an import file. Chinese Excel saves "CSV" in GBK (strictly GB18030 on
// current Windows), everything else in UTF-8, sometimes with a BOM; `kAuto` tells them apart.
#include <memory>
#include <optional>
#include <string_view>

#include "domain/registry/import/byte_source.hpp"

namespace wangge::registry::import {

enum class Encoding { kAuto, kUtf8, kGbk };

std::string_view EncodingName(Encoding encoding);  // "auto" | "utf-8" | "gbk"
// Accepts auto, utf-8, utf8, gbk, gb2312, gb18030 (any case).
std::optional<Encoding> ParseEncoding(std::string_view name);

// True when `bytes` is well-formed UTF-8 (no overlongs or surrogates). When `cut_at_end`, a
// sequence broken off by the end of `bytes` is accepted: a sample may end mid-character.
bool IsValidUtf8(std::string_view bytes, bool cut_at_end = false);

// kUtf8 when `sample` (the start of a file, or all of it when `complete`) is valid UTF-8, else kGbk.
// GBK text of Chinese characters is almost never valid UTF-8, so a sample of a few hundred
// kilobytes decides reliably.
Encoding DetectEncoding(std::string_view sample, bool complete);

// How many bytes of a source kAuto inspects.
inline constexpr std::size_t kDetectionSampleBytes = 1 << 20;

struct DecodedSource {
    std::unique_ptr<ByteSource> source;   // yields UTF-8
    Encoding encoding = Encoding::kUtf8;  // what the input was (never kAuto)
};

// Wraps `source` so that it yields UTF-8: UTF-8 passes through (a BOM is left for the CSV
// reader); GBK is converted from GB18030 (a superset) with iconv, undecodable bytes becoming
// U+FFFD. kAuto detects on the first kDetectionSampleBytes.
// Errors: kInternal when iconv lacks GB18030, or a read fails.
Result<DecodedSource> Decode(std::unique_ptr<ByteSource> source, Encoding encoding);

}  // namespace wangge::registry::import
