#pragma once
// Internal to wangge_http: serving the built web app from a directory.
#include <filesystem>
#include <string>
#include <string_view>

#include "http/http.hpp"

namespace wangge::http {

// The Content-Type for a file name by its extension; application/octet-stream when unknown.
std::string_view ContentTypeFor(std::string_view file_name);

// Serves files below one root directory. Thread-safe (no mutable state); files are read on every request,
// which keeps a rebuilt web app visible without a restart and is cheap next to the API work.
class StaticFiles {
  public:
    explicit StaticFiles(std::filesystem::path root);

    // GET of a decoded URL path: the file, else index.html for an extension-less path (the SPA's own
    // routes such as /residents/42), else 404. Paths with "..", "." or backslash segments get 400, and so
    // does anything that resolves (through symlinks) outside the root.
    Response Serve(std::string_view path) const;

    // One file by its name relative to the root (no fallback), or 404.
    Response ServeFile(std::string_view relative) const;

  private:
    Response Read(const std::filesystem::path& file, std::string_view url_path) const;

    std::filesystem::path root_;  // canonical
};

}  // namespace wangge::http
