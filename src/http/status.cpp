// The one mapping from wangge's error catalogue to HTTP, and the Response constructors built on it.
#include "http/http.hpp"
#include "http/wire.hpp"

namespace wangge::http {

// When adding an ErrorCode, map it here. The switch has no default so the compiler (-Wswitch) points at
// this function when the catalogue grows.
int ToHttpStatus(ErrorCode code) {
    switch (code) {
        case ErrorCode::kInvalidArgument:
            return 400;
        case ErrorCode::kNotFound:
            return 404;
        case ErrorCode::kAlreadyExists:
            return 409;
        case ErrorCode::kPermissionDenied:
            return 403;
        case ErrorCode::kUnauthenticated:
            return 401;
        // gRPC's HTTP mapping says 400, but our clients must tell "fix your input" (400, with a field) from
        // "this step is not allowed in the record's current state" (409, reload and retry the workflow).
        case ErrorCode::kFailedPrecondition:
            return 409;
        case ErrorCode::kAborted:
            return 409;
        case ErrorCode::kResourceExhausted:
            return 429;
        case ErrorCode::kUnavailable:
            return 503;
        case ErrorCode::kInternal:
            return 500;
    }
    return 500;
}

Response Response::Json(int status, std::string body) {
    Response response;
    response.status = status;
    response.body = std::move(body);
    return response;
}

Response Response::NoContent() {
    Response response;
    response.status = 204;
    response.content_type.clear();
    return response;
}

Response Response::FromError(const Error& error) {
    return ErrorResponse(ToHttpStatus(error.code), ErrorCodeName(error.code), error.message, error.field);
}

}  // namespace wangge::http
