#include "domain/registry/import/encoding.hpp"

#include <iconv.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace wangge::registry::import {
namespace {

constexpr std::size_t kInputChunk = 1 << 16;
constexpr char kReplacement[] = "\xEF\xBF\xBD";  // U+FFFD

std::string Lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// GB18030 → UTF-8 through glibc's iconv, a chunk at a time. A multi-byte character split
// between two input chunks is carried over to the next read.
class Gb18030Source final : public ByteSource {
  public:
    Gb18030Source(iconv_t cd, std::unique_ptr<ByteSource> inner)
        : cd_(cd), inner_(std::move(inner)), in_(kInputChunk, '\0') {}
    ~Gb18030Source() override { iconv_close(cd_); }

    Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
        char* out = buffer;
        std::size_t out_left = capacity;
        while (out_left >= 8) {  // room for the widest character or a replacement
            if (in_begin_ == in_end_ || (pending_incomplete_ && !eof_)) {
                if (!eof_) {
                    WANGGE_CHECK(Refill());
                    pending_incomplete_ = false;
                }
                if (in_begin_ == in_end_) break;
            }
            char* in = in_.data() + in_begin_;
            std::size_t in_left = in_end_ - in_begin_;
            std::size_t rc = iconv(cd_, &in, &in_left, &out, &out_left);
            in_begin_ = in_end_ - in_left;
            if (rc != static_cast<std::size_t>(-1)) continue;
            if (errno == E2BIG) break;
            if (errno == EINVAL && !eof_) {  // a character cut by the chunk end: read on
                pending_incomplete_ = true;
                continue;
            }
            // EILSEQ, or a cut character at the very end: replace one byte and go on.
            std::memcpy(out, kReplacement, 3);
            out += 3;
            out_left -= 3;
            ++in_begin_;
        }
        return capacity - out_left;
    }

  private:
    Status Refill() {
        std::size_t kept = in_end_ - in_begin_;
        std::memmove(in_.data(), in_.data() + in_begin_, kept);
        in_begin_ = 0;
        in_end_ = kept;
        WANGGE_TRY(n, inner_->Read(in_.data() + in_end_, in_.size() - in_end_));
        if (n == 0) eof_ = true;
        in_end_ += n;
        return {};
    }

    iconv_t cd_;
    std::unique_ptr<ByteSource> inner_;
    std::string in_;
    std::size_t in_begin_ = 0, in_end_ = 0;
    bool eof_ = false;
    bool pending_incomplete_ = false;
};

}  // namespace

std::string_view EncodingName(Encoding encoding) {
    switch (encoding) {
        case Encoding::kAuto:
            return "auto";
        case Encoding::kUtf8:
            return "utf-8";
        case Encoding::kGbk:
            return "gbk";
    }
    return "auto";
}

std::optional<Encoding> ParseEncoding(std::string_view name) {
    std::string n = Lower(name);
    if (n == "auto") return Encoding::kAuto;
    if (n == "utf-8" || n == "utf8") return Encoding::kUtf8;
    if (n == "gbk" || n == "gb2312" || n == "gb18030" || n == "cp936") return Encoding::kGbk;
    return std::nullopt;
}

bool IsValidUtf8(std::string_view bytes, bool cut_at_end) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    const std::size_t n = bytes.size();
    std::size_t i = 0;
    while (i < n) {
        unsigned char c = p[i];
        if (c < 0x80) {
            ++i;
            continue;
        }
        std::size_t len;
        unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
        if (c >= 0xC2 && c <= 0xDF) {
            len = 2;
        } else if (c >= 0xE0 && c <= 0xEF) {
            len = 3;
            if (c == 0xE0) lo = 0xA0;  // overlong
            if (c == 0xED) hi = 0x9F;  // surrogates
        } else if (c >= 0xF0 && c <= 0xF4) {
            len = 4;
            if (c == 0xF0) lo = 0x90;
            if (c == 0xF4) hi = 0x8F;
        } else {
            return false;
        }
        for (std::size_t k = 1; k < len; ++k) {
            if (i + k >= n) return cut_at_end;
            unsigned char b = p[i + k];
            if (k == 1 ? (b < lo || b > hi) : (b < 0x80 || b > 0xBF)) return false;
        }
        i += len;
    }
    return true;
}

Encoding DetectEncoding(std::string_view sample, bool complete) {
    return IsValidUtf8(sample, !complete) ? Encoding::kUtf8 : Encoding::kGbk;
}

Result<DecodedSource> Decode(std::unique_ptr<ByteSource> source, Encoding encoding) {
    if (encoding == Encoding::kAuto) {
        WANGGE_TRY(sample, ReadPrefix(*source, kDetectionSampleBytes));
        encoding = DetectEncoding(sample, sample.size() < kDetectionSampleBytes);
        source = MakePrefixedSource(std::move(sample), std::move(source));
    }
    if (encoding == Encoding::kUtf8) return DecodedSource{std::move(source), Encoding::kUtf8};
    iconv_t cd = iconv_open("UTF-8", "GB18030");
    if (cd == reinterpret_cast<iconv_t>(-1))
        return Fail(ErrorCode::kInternal,
                    std::string("无法转换GB18030编码 (iconv has no GB18030): ") + std::strerror(errno));
    return DecodedSource{std::make_unique<Gb18030Source>(cd, std::move(source)), Encoding::kGbk};
}

}  // namespace wangge::registry::import
