#include "domain/registry/import/byte_source.hpp"

#include <cerrno>
#include <cstring>

namespace wangge::registry::import {
namespace {

class FileSource final : public ByteSource {
  public:
    explicit FileSource(std::FILE* file) : file_(file) {}
    ~FileSource() override { std::fclose(file_); }
    Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
        std::size_t n = std::fread(buffer, 1, capacity, file_);
        if (n == 0 && std::ferror(file_))
            return Fail(ErrorCode::kInternal, std::string("读取文件失败 (read failed): ") + std::strerror(errno));
        return n;
    }

  private:
    std::FILE* file_;
};

class MemorySource final : public ByteSource {
  public:
    explicit MemorySource(std::string_view body) : rest_(body) {}
    Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
        std::size_t n = std::min(capacity, rest_.size());
        std::memcpy(buffer, rest_.data(), n);
        rest_.remove_prefix(n);
        return n;
    }

  private:
    std::string_view rest_;
};

class PrefixedSource final : public ByteSource {
  public:
    PrefixedSource(std::string prefix, std::unique_ptr<ByteSource> rest)
        : prefix_(std::move(prefix)), rest_(std::move(rest)) {}
    Result<std::size_t> Read(char* buffer, std::size_t capacity) override {
        if (offset_ < prefix_.size()) {
            std::size_t n = std::min(capacity, prefix_.size() - offset_);
            std::memcpy(buffer, prefix_.data() + offset_, n);
            offset_ += n;
            return n;
        }
        return rest_->Read(buffer, capacity);
    }

  private:
    std::string prefix_;
    std::size_t offset_ = 0;
    std::unique_ptr<ByteSource> rest_;
};

}  // namespace

Result<std::unique_ptr<ByteSource>> OpenFileSource(const std::string& path) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (!file)
        return Fail(ErrorCode::kNotFound, "无法打开文件 " + path + " (cannot open file): " + std::strerror(errno),
                    "file");
    return std::unique_ptr<ByteSource>(new FileSource(file));
}

std::unique_ptr<ByteSource> MakeMemorySource(std::string_view body) { return std::make_unique<MemorySource>(body); }

std::unique_ptr<ByteSource> MakePrefixedSource(std::string prefix, std::unique_ptr<ByteSource> rest) {
    return std::make_unique<PrefixedSource>(std::move(prefix), std::move(rest));
}

Result<std::string> ReadPrefix(ByteSource& source, std::size_t limit) {
    std::string out(limit, '\0');
    std::size_t filled = 0;
    while (filled < limit) {
        WANGGE_TRY(n, source.Read(out.data() + filled, limit - filled));
        if (n == 0) break;
        filled += n;
    }
    out.resize(filled);
    return out;
}

}  // namespace wangge::registry::import
