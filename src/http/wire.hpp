#pragma once
// Internal to wangge_http: wire-level helpers shared by the router, the pipeline and the server.
// Not part of the module's interface; routes and tests use http.hpp.
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "http/http.hpp"

namespace wangge::http {

// In a query string '+' is a space (HTML forms); in a path it is a literal '+'.
enum class PlusMeans { kSpace, kPlus };

// Decodes %XX escapes (and '+' per `plus`). nullopt for a malformed escape ("%4", "%zz") or a decoded NUL,
// which no legitimate path or value contains and which would truncate C strings further down.
std::optional<std::string> PercentDecode(std::string_view text, PlusMeans plus);

// Parses "a=1&b=%E5%BC%A0" into decoded pairs. A name without '=' gets "". When a name repeats, the first
// value wins. nullopt when any part is malformed.
std::optional<std::map<std::string, std::string>> ParseQuery(std::string_view query);

// "GET", "POST", …
std::string_view MethodName(Method method);

// The standard reason phrase ("Not Found"), or "Unknown" for a code without one.
std::string_view ReasonPhrase(int status);

// {"error":{"code":…,"message":…,"field":…}} with `field` omitted when empty. Used for the error shapes
// that have no ErrorCode (405 method_not_allowed) as well as by Response::FromError.
Response ErrorResponse(int status, std::string_view code, std::string_view message, std::string_view field = {});

}  // namespace wangge::http
