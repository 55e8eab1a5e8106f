#include "http/static_files.hpp"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <iterator>
#include <system_error>

#include "http/wire.hpp"

namespace wangge::http {
namespace {

constexpr std::string_view kImmutable = "public, max-age=31536000, immutable";
// Everything not content-hashed is revalidated, so a deploy is visible on the next load.
constexpr std::string_view kNoCache = "no-cache";

std::string_view Extension(std::string_view file_name) {
    std::size_t slash = file_name.rfind('/');
    std::string_view base = slash == std::string_view::npos ? file_name : file_name.substr(slash + 1);
    std::size_t dot = base.rfind('.');
    return dot == std::string_view::npos ? std::string_view{} : base.substr(dot + 1);
}

bool IsUnder(const std::filesystem::path& root, const std::filesystem::path& candidate) {
    auto [root_end, candidate_it] = std::mismatch(root.begin(), root.end(), candidate.begin(), candidate.end());
    return root_end == root.end();
}

Response NotFound(std::string_view path) {
    return ErrorResponse(404, "not_found", "no such file: " + std::string(path));
}

}  // namespace

std::string_view ContentTypeFor(std::string_view file_name) {
    struct Entry {
        std::string_view extension, type;
    };
    static constexpr Entry kTypes[] = {
        {"html", "text/html; charset=utf-8"},
        {"js", "text/javascript; charset=utf-8"},
        {"mjs", "text/javascript; charset=utf-8"},
        {"css", "text/css; charset=utf-8"},
        {"svg", "image/svg+xml"},
        {"png", "image/png"},
        {"jpg", "image/jpeg"},
        {"jpeg", "image/jpeg"},
        {"gif", "image/gif"},
        {"webp", "image/webp"},
        {"ico", "image/x-icon"},
        {"woff2", "font/woff2"},
        {"woff", "font/woff"},
        {"ttf", "font/ttf"},
        {"json", "application/json; charset=utf-8"},
        {"map", "application/json; charset=utf-8"},
        {"yaml", "application/yaml; charset=utf-8"},
        {"yml", "application/yaml; charset=utf-8"},
        {"txt", "text/plain; charset=utf-8"},
        {"wasm", "application/wasm"},
        {"xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
        {"csv", "text/csv; charset=utf-8"},
    };
    std::string_view extension = Extension(file_name);
    for (const Entry& entry : kTypes) {
        if (entry.extension.size() != extension.size()) continue;
        bool same = true;
        for (std::size_t i = 0; i < extension.size() && same; ++i) {
            same = entry.extension[i] == static_cast<char>(std::tolower(static_cast<unsigned char>(extension[i])));
        }
        if (same) return entry.type;
    }
    return "application/octet-stream";
}

StaticFiles::StaticFiles(std::filesystem::path root) {
    std::error_code error;
    root_ = std::filesystem::weakly_canonical(root, error);
    if (error) root_ = std::move(root);
}

Response StaticFiles::Serve(std::string_view path) const {
    std::filesystem::path relative;
    std::string_view rest = path;
    while (!rest.empty()) {
        std::size_t slash = rest.find('/');
        std::string_view segment = rest.substr(0, slash);
        rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
        if (segment.empty()) continue;
        if (segment == ".." || segment == "." || segment.find('\\') != std::string_view::npos) {
            return ErrorResponse(400, "invalid_argument", "path segments '.' and '..' are not allowed");
        }
        relative /= std::filesystem::path(std::string(segment));
    }
    if (relative.empty()) return ServeFile("index.html");

    std::error_code error;
    std::filesystem::path file = std::filesystem::weakly_canonical(root_ / relative, error);
    if (error || !IsUnder(root_, file)) {
        return ErrorResponse(400, "invalid_argument", "path leaves the web root");
    }
    if (std::filesystem::is_regular_file(file, error)) return Read(file, path);
    if (Extension(path).empty()) return ServeFile("index.html");
    return NotFound(path);
}

Response StaticFiles::ServeFile(std::string_view relative) const {
    std::error_code error;
    std::filesystem::path file = root_ / std::filesystem::path(std::string(relative));
    if (!std::filesystem::is_regular_file(file, error)) return NotFound(relative);
    return Read(file, relative);
}

Response StaticFiles::Read(const std::filesystem::path& file, std::string_view url_path) const {
    std::ifstream in(file, std::ios::binary);
    if (!in) return NotFound(url_path);
    Response response;
    response.body.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    response.content_type = std::string(ContentTypeFor(file.filename().string()));
    // Vite puts content hashes into every file name under assets/, so those never change.
    bool hashed = url_path.substr(0, 8) == "/assets/" || url_path.substr(0, 7) == "assets/";
    response.headers.emplace_back("Cache-Control", std::string(hashed ? kImmutable : kNoCache));
    return response;
}

}  // namespace wangge::http
