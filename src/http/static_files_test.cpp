// The built web app served from static_dir: files, SPA fallback, caching, traversal, API docs.
#include "http/static_files.hpp"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "http/testing/http_client.hpp"

namespace wangge::http {
namespace {

namespace fs = std::filesystem;
using testing::HttpClient;

constexpr std::string_view kSecret = "TOP-SECRET-OUTSIDE-WEB-ROOT";

void WriteFile(const fs::path& path, std::string_view content) {
    fs::create_directories(path.parent_path());
    std::ofstream(path, std::ios::binary) << content;
}

// A temporary tree: <tmp>/secret.txt next to <tmp>/dist, the web root.
class StaticFilesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        std::string pattern = (fs::temp_directory_path() / "wangge-static-XXXXXX").string();
        ASSERT_NE(::mkdtemp(pattern.data()), nullptr);
        base_ = pattern;
        root_ = base_ / "dist";
        WriteFile(base_ / "secret.txt", kSecret);
        WriteFile(root_ / "index.html", "<!doctype html><title>网格</title>");
        WriteFile(root_ / "api-docs.html", "<!doctype html><title>API</title>");
        WriteFile(root_ / "assets" / "index-3f2a9c.js", "console.log('hi')");
        WriteFile(root_ / "assets" / "index-3f2a9c.css", "body{}");
        WriteFile(root_ / "favicon.ico", "ico");
        WriteFile(root_ / "logo.svg", "<svg/>");
        fs::create_symlink(base_ / "secret.txt", root_ / "leak.txt");

        ServerOptions options;
        options.static_dir = root_.string();
        auto router = std::make_shared<Router>();
        router->Add(Method::kGet, "/api/v1/ping", [](Request&) { return Response::Json(200, R"({"pong":true})"); });
        router->Add(Method::kGet, "/login/callback", [](Request&) { return Response::Json(200, R"({"cb":1})"); });
        server_ = std::make_unique<Server>(options, router);
        auto port = server_->Start();
        ASSERT_TRUE(port) << port.error().message;
        port_ = *port;
    }

    void TearDown() override {
        server_.reset();
        std::error_code ignored;
        fs::remove_all(base_, ignored);
    }

    fs::path base_, root_;
    std::unique_ptr<Server> server_;
    std::uint16_t port_ = 0;
};

TEST(ContentTypeTest, KnownExtensions) {
    EXPECT_EQ(ContentTypeFor("index.html"), "text/html; charset=utf-8");
    EXPECT_EQ(ContentTypeFor("a/b/app.JS"), "text/javascript; charset=utf-8");
    EXPECT_EQ(ContentTypeFor("x.css"), "text/css; charset=utf-8");
    EXPECT_EQ(ContentTypeFor("x.svg"), "image/svg+xml");
    EXPECT_EQ(ContentTypeFor("x.png"), "image/png");
    EXPECT_EQ(ContentTypeFor("x.woff2"), "font/woff2");
    EXPECT_EQ(ContentTypeFor("x.json"), "application/json; charset=utf-8");
    EXPECT_EQ(ContentTypeFor("x.ico"), "image/x-icon");
    EXPECT_EQ(ContentTypeFor("x.js.map"), "application/json; charset=utf-8");
    EXPECT_EQ(ContentTypeFor("x.yaml"), "application/yaml; charset=utf-8");
    EXPECT_EQ(ContentTypeFor("Makefile"), "application/octet-stream");
}

TEST_F(StaticFilesTest, RootServesIndexWithoutCaching) {
    HttpClient client(port_);
    auto response = client.Get("/");
    ASSERT_EQ(response.status, 200);
    EXPECT_EQ(response.body, "<!doctype html><title>网格</title>");
    EXPECT_EQ(response.Header("content-type"), "text/html; charset=utf-8");
    EXPECT_EQ(response.Header("cache-control"), "no-cache");
    EXPECT_EQ(response.Header("x-frame-options"), "DENY");
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutable) {
    HttpClient client(port_);
    auto js = client.Get("/assets/index-3f2a9c.js");
    ASSERT_EQ(js.status, 200);
    EXPECT_EQ(js.body, "console.log('hi')");
    EXPECT_EQ(js.Header("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(js.Header("cache-control"), "public, max-age=31536000, immutable");
    EXPECT_EQ(client.Get("/assets/index-3f2a9c.css").Header("content-type"), "text/css; charset=utf-8");
    auto icon = client.Get("/favicon.ico");
    EXPECT_EQ(icon.Header("content-type"), "image/x-icon");
    EXPECT_EQ(icon.Header("cache-control"), "no-cache");
}

// The web app's service worker (web/public/sw.js) must be revalidated on every visit, or a phone
// keeps an old worker (and its caches) for the HTTP cache's lifetime; the CSP's script-src 'self'
// admits it as it is.
TEST_F(StaticFilesTest, TheServiceWorkerIsNeverCached) {
    WriteFile(root_ / "sw.js", "self.addEventListener('fetch', () => {})");
    HttpClient client(port_);
    auto sw = client.Get("/sw.js");
    ASSERT_EQ(sw.status, 200);
    EXPECT_EQ(sw.Header("content-type"), "text/javascript; charset=utf-8");
    EXPECT_EQ(sw.Header("cache-control"), "no-cache");
    EXPECT_NE(sw.Header("content-security-policy").value_or("").find("script-src 'self'"), std::string::npos);
}

TEST_F(StaticFilesTest, SpaRoutesFallBackToIndex) {
    HttpClient client(port_);
    for (const char* path : {"/residents/42", "/areas", "/%E7%BD%91%E6%A0%BC/x/", "/assets"}) {
        auto response = client.Get(path);
        EXPECT_EQ(response.status, 200) << path;
        EXPECT_EQ(response.body, "<!doctype html><title>网格</title>") << path;
        EXPECT_EQ(response.Header("cache-control"), "no-cache") << path;
    }
    EXPECT_EQ(client.Get("/missing.png").status, 404) << "a missing file is not a page";
    EXPECT_EQ(client.Get("/assets/gone-123.js").status, 404);
}

TEST_F(StaticFilesTest, ApiPathsNeverFallBackToTheApp) {
    HttpClient client(port_);
    EXPECT_EQ(client.Get("/api/v1/ping").status, 200);
    auto missing = client.Get("/api/v1/nothing");
    EXPECT_EQ(missing.status, 404);
    EXPECT_EQ(nlohmann::json::parse(missing.body)["error"]["code"], "not_found");
    EXPECT_EQ(client.Get("/login/callback").body, R"({"cb":1})") << "router GET routes win over static files";
}

TEST_F(StaticFilesTest, TraversalIsRefused) {
    HttpClient client(port_);
    for (const char* path : {"/../secret.txt", "/%2e%2e/secret.txt", "/assets/..%2F..%2Fsecret.txt",
                             "/assets/%2E%2E/%2E%2E/secret.txt", "/..%5Csecret.txt", "/leak.txt", "/./index.html"}) {
        auto response = client.SendRaw("GET " + std::string(path) + " HTTP/1.1\r\nHost: t\r\n\r\n");
        EXPECT_NE(response.status, 200) << path;
        EXPECT_NE(response.status, 0) << path << ": " << response.error;
        EXPECT_EQ(response.body.find(kSecret), std::string::npos) << path;
    }
}

TEST_F(StaticFilesTest, ApiDocsAndOpenApi) {
    HttpClient client(port_);
    auto docs = client.Get("/api/docs");
    ASSERT_EQ(docs.status, 200);
    EXPECT_EQ(docs.body, "<!doctype html><title>API</title>");
    EXPECT_EQ(docs.Header("content-type"), "text/html; charset=utf-8");
    auto spec = client.Get("/api/openapi.yaml");
    ASSERT_EQ(spec.status, 200);
    EXPECT_EQ(spec.body.rfind("openapi: 3.", 0), 0u) << spec.body.substr(0, 80);
    EXPECT_EQ(spec.Header("content-type"), "application/yaml; charset=utf-8");
}

TEST(StaticFilesWithoutDirTest, NonApiPathsGoToTheRouter) {
    Server server(ServerOptions{}, std::make_shared<Router>());
    auto port = server.Start();
    ASSERT_TRUE(port);
    HttpClient client(*port);
    EXPECT_EQ(client.Get("/").status, 404);
    EXPECT_EQ(client.Get("/api/docs").status, 404);
    EXPECT_EQ(client.Get("/api/openapi.yaml").status, 200);
}

}  // namespace
}  // namespace wangge::http
