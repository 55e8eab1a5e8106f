#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "http/http.hpp"

namespace wangge::http {
namespace {

TEST(ToHttpStatusTest, MapsEveryCode) {
    struct Case {
        ErrorCode code;
        int status;
    };
    const Case cases[] = {
        {ErrorCode::kInvalidArgument, 400}, {ErrorCode::kNotFound, 404},
        {ErrorCode::kAlreadyExists, 409},   {ErrorCode::kPermissionDenied, 403},
        {ErrorCode::kUnauthenticated, 401}, {ErrorCode::kFailedPrecondition, 409},
        {ErrorCode::kAborted, 409},         {ErrorCode::kResourceExhausted, 429},
        {ErrorCode::kUnavailable, 503},     {ErrorCode::kInternal, 500},
    };
    for (const Case& c : cases) EXPECT_EQ(ToHttpStatus(c.code), c.status) << ErrorCodeName(c.code);
}

TEST(ResponseTest, FromErrorHasTheDocumentedShape) {
    Response response =
        Response::FromError(MakeError(ErrorCode::kInvalidArgument, "身份证号校验位错误 \"X\"", "id_number"));
    EXPECT_EQ(response.status, 400);
    EXPECT_EQ(response.content_type, "application/json; charset=utf-8");
    nlohmann::json body = nlohmann::json::parse(response.body);
    ASSERT_EQ(body.size(), 1u);
    EXPECT_EQ(body["error"]["code"], "invalid_argument");
    EXPECT_EQ(body["error"]["message"], "身份证号校验位错误 \"X\"");
    EXPECT_EQ(body["error"]["field"], "id_number");
    // Chinese stays readable UTF-8 rather than \u escapes.
    EXPECT_NE(response.body.find("身份证号"), std::string::npos);
}

TEST(ResponseTest, FromErrorOmitsAnEmptyField) {
    Response response = Response::FromError(MakeError(ErrorCode::kFailedPrecondition, "already closed"));
    EXPECT_EQ(response.status, 409);
    nlohmann::json body = nlohmann::json::parse(response.body);
    EXPECT_EQ(body["error"]["code"], "failed_precondition");
    EXPECT_FALSE(body["error"].contains("field"));
}

TEST(ResponseTest, FromErrorSurvivesInvalidUtf8) {
    Response response = Response::FromError(MakeError(ErrorCode::kNotFound, std::string("bad \xff byte")));
    EXPECT_EQ(response.status, 404);
    EXPECT_NO_THROW(nlohmann::json::parse(response.body));
}

TEST(ResponseTest, JsonAndNoContent) {
    Response json = Response::Json(201, R"({"id":1})");
    EXPECT_EQ(json.status, 201);
    EXPECT_EQ(json.body, R"({"id":1})");
    Response none = Response::NoContent();
    EXPECT_EQ(none.status, 204);
    EXPECT_TRUE(none.body.empty());
}

}  // namespace
}  // namespace wangge::http
