#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/http.hpp"

namespace wangge::http {
namespace {

Handler Reply(std::string name) {
    return [name](Request& request) {
        nlohmann::json body = {{"handler", name}, {"params", request.params}};
        return Response::Json(200, body.dump());
    };
}

Request MakeRequest(Method method, std::string path) {
    Request request;
    request.method = method;
    request.path = std::move(path);
    return request;
}

class RouterTest : public ::testing::Test {
  protected:
    void SetUp() override {
        router_.Add(Method::kGet, "/api/v1/areas", Reply("list"));
        router_.Add(Method::kPost, "/api/v1/areas", Reply("create"));
        router_.Add(Method::kGet, "/api/v1/areas/{id}", Reply("get"));
        router_.Add(Method::kGet, "/api/v1/areas/tree", Reply("tree"));
        router_.Add(Method::kGet, "/api/v1/areas/{id}/children/{child}", Reply("child"));
    }

    nlohmann::json Body(Method method, std::string path, std::string_view* pattern = nullptr) {
        Request request = MakeRequest(method, std::move(path));
        Response response = router_.Dispatch(request, pattern);
        EXPECT_EQ(response.status, 200) << response.body;
        return nlohmann::json::parse(response.body);
    }

    Router router_;
};

TEST_F(RouterTest, MatchesLiteralAndParameterSegments) {
    EXPECT_EQ(Body(Method::kGet, "/api/v1/areas")["handler"], "list");
    EXPECT_EQ(Body(Method::kPost, "/api/v1/areas")["handler"], "create");
    nlohmann::json get = Body(Method::kGet, "/api/v1/areas/42");
    EXPECT_EQ(get["handler"], "get");
    EXPECT_EQ(get["params"]["id"], "42");
    nlohmann::json child = Body(Method::kGet, "/api/v1/areas/7/children/9");
    EXPECT_EQ(child["params"]["id"], "7");
    EXPECT_EQ(child["params"]["child"], "9");
}

TEST_F(RouterTest, LiteralSegmentBeatsParameterWhateverTheOrder) {
    EXPECT_EQ(Body(Method::kGet, "/api/v1/areas/tree")["handler"], "tree");
}

TEST_F(RouterTest, IgnoresEmptySegmentsAndTrailingSlash) {
    EXPECT_EQ(Body(Method::kGet, "/api/v1/areas/")["handler"], "list");
    EXPECT_EQ(Body(Method::kGet, "//api/v1//areas/5")["params"]["id"], "5");
}

TEST_F(RouterTest, ReportsTheMatchedPattern) {
    std::string_view pattern;
    Body(Method::kGet, "/api/v1/areas/42", &pattern);
    EXPECT_EQ(pattern, "/api/v1/areas/{id}");
    EXPECT_EQ(router_.MatchedPattern(MakeRequest(Method::kGet, "/api/v1/areas/1/children/2")),
              "/api/v1/areas/{id}/children/{child}");
    EXPECT_EQ(router_.MatchedPattern(MakeRequest(Method::kGet, "/nope")), "");
    EXPECT_EQ(router_.MatchedPattern(MakeRequest(Method::kDelete, "/api/v1/areas")), "");
}

TEST_F(RouterTest, UnknownPathIs404WithErrorBody) {
    Request request = MakeRequest(Method::kGet, "/api/v1/nothing");
    std::string_view pattern = "stale";
    Response response = router_.Dispatch(request, &pattern);
    EXPECT_EQ(response.status, 404);
    EXPECT_EQ(pattern, "");
    nlohmann::json body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["error"]["code"], "not_found");
    EXPECT_TRUE(body["error"]["message"].is_string());
    // Too many segments for every pattern is unknown too.
    Request deep = MakeRequest(Method::kGet, "/api/v1/areas/1/2");
    EXPECT_EQ(router_.Dispatch(deep).status, 404);
}

TEST_F(RouterTest, KnownPathWithOtherMethodIs405WithAllow) {
    Request request = MakeRequest(Method::kDelete, "/api/v1/areas");
    Response response = router_.Dispatch(request);
    EXPECT_EQ(response.status, 405);
    EXPECT_EQ(nlohmann::json::parse(response.body)["error"]["code"], "method_not_allowed");
    ASSERT_EQ(response.headers.size(), 1u);
    EXPECT_EQ(response.headers[0].first, "Allow");
    EXPECT_EQ(response.headers[0].second, "GET, POST");
}

TEST(RequestTest, HeaderQueryAndCookie) {
    Request request;
    request.headers["content-type"] = "application/json";
    request.headers["cookie"] = "theme=dark;session=abc123 ; quoted=\"a b\"; flag; empty=";
    request.query["q"] = "张三";
    EXPECT_EQ(request.Header("content-type"), "application/json");
    EXPECT_EQ(request.Header("accept"), std::nullopt);
    EXPECT_EQ(request.Query("q"), "张三");
    EXPECT_EQ(request.Query("p"), std::nullopt);
    EXPECT_EQ(request.Cookie("session"), "abc123");
    EXPECT_EQ(request.Cookie("theme"), "dark");
    EXPECT_EQ(request.Cookie("quoted"), "a b");
    EXPECT_EQ(request.Cookie("empty"), "");
    EXPECT_EQ(request.Cookie("flag"), std::nullopt);
    EXPECT_EQ(request.Cookie("sess"), std::nullopt);
    Request without;
    EXPECT_EQ(without.Cookie("session"), std::nullopt);
}

}  // namespace
}  // namespace wangge::http
