// File responses (Response::File): sent by sendfile through a real server on port 0, framed so that the
// keep-alive connection stays in step, and deleted afterwards when asked; the RFC 5987 file name.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "http/http.hpp"
#include "http/testing/http_client.hpp"

namespace wangge::http {
namespace {

using testing::HttpClient;
namespace fs = std::filesystem;

// Larger than RESTinio's 1 MiB sendfile chunk, with a pattern that shows any lost or repeated chunk.
std::string Content() {
    std::string text;
    for (int i = 0; text.size() < 3 * 1024 * 1024 + 17; ++i) text += std::to_string(i) + ',';
    return text;
}

class FileResponseTest : public ::testing::Test {
  protected:
    void SetUp() override {
        dir_ = fs::temp_directory_path() / ("wangge-file-test-" + std::to_string(::getpid()));
        fs::create_directories(dir_);
        content_ = Content();
        auto router = std::make_shared<Router>();
        router->Add(Method::kGet, "/api/v1/export", [this](Request& request) {
            const std::string path = (dir_ / ("export-" + request.Query("n").value_or("0"))).string();
            std::ofstream(path, std::ios::binary) << content_;
            const RemoveFile remove = request.Query("keep") ? RemoveFile::kNo : RemoveFile::kYes;
            Response response = Response::File("text/csv; charset=utf-8", path, remove);
            response.headers.emplace_back("Content-Disposition",
                                          AttachmentDisposition("台账-2026-11.csv", "ledger.csv"));
            return response;
        });
        router->Add(Method::kGet, "/api/v1/ping", [](Request&) { return Response::Json(200, R"({"pong":true})"); });
        server_ = std::make_unique<Server>(ServerOptions{}, router);
        auto port = server_->Start();
        ASSERT_TRUE(port) << port.error().message;
        port_ = *port;
    }
    void TearDown() override {
        server_.reset();
        fs::remove_all(dir_);
    }

    fs::path dir_;
    std::string content_;
    std::unique_ptr<Server> server_;
    std::uint16_t port_ = 0;
};

TEST_F(FileResponseTest, TheFileIsSentWholeAndRemovedAfterwards) {
    HttpClient client(port_);
    auto response = client.Get("/api/v1/export?n=1");
    ASSERT_EQ(response.status, 200) << response.error;
    EXPECT_EQ(response.body.size(), content_.size());
    EXPECT_TRUE(response.body == content_) << "byte for byte";
    EXPECT_EQ(response.Header("content-type"), "text/csv; charset=utf-8");
    EXPECT_EQ(response.Header("content-length"), std::to_string(content_.size()));
    EXPECT_EQ(response.Header("x-content-type-options"), "nosniff") << "the pipeline's headers still apply";
    EXPECT_EQ(response.Header("content-disposition"),
              "attachment; filename=\"ledger.csv\"; filename*=UTF-8''%E5%8F%B0%E8%B4%A6-2026-11.csv");

    // The keep-alive connection is in step after the file: the next reply parses.
    auto next = client.Get("/api/v1/ping");
    ASSERT_EQ(next.status, 200) << next.error;
    EXPECT_EQ(nlohmann::json::parse(next.body)["pong"], true);

    auto kept = client.Get("/api/v1/export?n=2&keep=1");
    ASSERT_EQ(kept.status, 200) << kept.error;
    EXPECT_EQ(kept.body.size(), content_.size());

    server_->Stop();  // every response object is gone once the server threads have ended
    EXPECT_FALSE(fs::exists(dir_ / "export-1")) << "RemoveFile::kYes deletes the file";
    EXPECT_TRUE(fs::exists(dir_ / "export-2")) << "RemoveFile::kNo keeps it";
}

TEST_F(FileResponseTest, HeadSendsNoFileBytes) {
    HttpClient client(port_);
    auto head = client.Send("HEAD", "/api/v1/export?n=3", {}, {});
    ASSERT_EQ(head.status, 200) << head.error;
    EXPECT_TRUE(head.body.empty());
    auto next = client.Get("/api/v1/ping");
    ASSERT_EQ(next.status, 200) << next.error;
    EXPECT_EQ(nlohmann::json::parse(next.body)["pong"], true);
}

TEST(AttachmentDisposition, EncodesUtf8AndCleansTheFallback) {
    EXPECT_EQ(
        AttachmentDisposition("党日说事台账-西长社区-2026-11.xlsx", "ledger-2026-11.xlsx"),
        "attachment; filename=\"ledger-2026-11.xlsx\"; filename*=UTF-8''"
        "%E5%85%9A%E6%97%A5%E8%AF%B4%E4%BA%8B%E5%8F%B0%E8%B4%A6-%E8%A5%BF%E9%95%BF%E7%A4%BE%E5%8C%BA-2026-11.xlsx");
    EXPECT_EQ(AttachmentDisposition("a b\"c", "a \"b\\c\n"),
              "attachment; filename=\"a _b_c_\"; filename*=UTF-8''a%20b%22c");
}

}  // namespace
}  // namespace wangge::http
