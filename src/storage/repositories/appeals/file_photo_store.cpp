#include "storage/repositories/appeals/file_photo_store.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace wangge::storage {
namespace {

namespace fs = std::filesystem;
using appeals::IsValidPhotoName;

tl::unexpected<Error> BadName() { return Fail(ErrorCode::kInternal, "invalid photo storage name"); }

tl::unexpected<Error> IoError(std::string_view what, const fs::path& path, int error) {
    return Fail(ErrorCode::kUnavailable, "照片存储出错 (photo storage: " + std::string(what) + " " + path.string() +
                                             ": " + std::strerror(error) + ")");
}

class FilePhotoStore final : public appeals::PhotoStore {
  public:
    explicit FilePhotoStore(std::string data_dir) : root_(fs::path(std::move(data_dir)) / "photos") {}

    Status Put(const std::string& name, std::string_view bytes) override {
        if (!IsValidPhotoName(name)) return BadName();
        const fs::path dir = root_ / name.substr(0, 2);
        std::error_code ec;
        fs::create_directories(dir, ec);
        if (ec) return IoError("create", dir, ec.value());
        const fs::path final_path = dir / name;
        const fs::path temp_path = dir / ("." + name + ".tmp");
        const int fd = ::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0640);
        if (fd < 0) return IoError("open", temp_path, errno);
        const char* p = bytes.data();
        std::size_t left = bytes.size();
        while (left > 0) {
            const ssize_t n = ::write(fd, p, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                const int error = errno;
                ::close(fd);
                ::unlink(temp_path.c_str());
                return IoError("write", temp_path, error);
            }
            p += n;
            left -= static_cast<std::size_t>(n);
        }
        if (::fsync(fd) != 0 || ::close(fd) != 0) {
            const int error = errno;
            ::unlink(temp_path.c_str());
            return IoError("flush", temp_path, error);
        }
        if (::rename(temp_path.c_str(), final_path.c_str()) != 0) {
            const int error = errno;
            ::unlink(temp_path.c_str());
            return IoError("rename", final_path, error);
        }
        return {};
    }

    Result<std::string> Get(const std::string& name) override {
        if (!IsValidPhotoName(name)) return BadName();
        const fs::path path = root_ / name.substr(0, 2) / name;
        std::ifstream in(path, std::ios::binary);
        if (!in) return Fail(ErrorCode::kNotFound, "照片文件不存在 (photo file missing)");
        std::ostringstream out;
        out << in.rdbuf();
        if (in.bad()) return IoError("read", path, EIO);
        return std::move(out).str();
    }

    Status Remove(const std::string& name) override {
        if (!IsValidPhotoName(name)) return BadName();
        std::error_code ec;
        fs::remove(root_ / name.substr(0, 2) / name, ec);
        return {};
    }

  private:
    fs::path root_;
};

// Without a data directory photos cannot be kept: say so instead of writing somewhere unexpected.
class UnconfiguredPhotoStore final : public appeals::PhotoStore {
  public:
    Status Put(const std::string&, std::string_view) override { return Unconfigured(); }
    Result<std::string> Get(const std::string&) override { return Unconfigured(); }
    Status Remove(const std::string&) override { return {}; }

  private:
    static tl::unexpected<Error> Unconfigured() {
        return Fail(ErrorCode::kUnavailable,
                    "未配置照片存储目录 (no data directory for photos: start the server with --data-dir)");
    }
};

}  // namespace

std::unique_ptr<appeals::PhotoStore> MakeFilePhotoStore(std::string data_dir) {
    if (data_dir.empty()) return std::make_unique<UnconfiguredPhotoStore>();
    return std::make_unique<FilePhotoStore>(std::move(data_dir));
}

}  // namespace wangge::storage
