#pragma once
// The JSON of Open311 GeoReport v2 (docs/api/open311.md): W3C date-times in China time, services,
// service requests and the spec's error array — and request parameters (query string,
// form-urlencoded or JSON body) turned into domain input, with errors naming the Open311 field.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "domain/open311/open311_service.hpp"
#include "http/http.hpp"

namespace wangge::api::open311_json {

using nlohmann::json;
using Params = std::map<std::string, std::string>;

// "2022-04-15T13:20:00+08:00": every time Open311 returns is China time with its offset.
std::string FormatDateTime(EpochMillis at);
// W3C date-time: "2022-04-15", "2022-04-15T13:20", "…:00", "…:00.123", each with "Z", "+08:00" or
// "+0800" or nothing (China time). A space in place of the offset's '+' is read as '+', since an
// unencoded '+' in a query string decodes to a space. nullopt when malformed.
std::optional<EpochMillis> ParseDateTime(std::string_view text);

json ServiceJson(const appeals::Category& category);
json ServiceDefinitionJson(const appeals::Category& category);
// Never carries the reporter's name, phone or resident, nor the household.
json ServiceRequestJson(const open311::ServiceRequest& request);
// [{"code": status, "description": message}] — the spec's error body.
json ErrorJson(int status, std::string_view description);

// The parameters of a request: the query string, and for a POST the body (application/json object
// or application/x-www-form-urlencoded) over it. JSON numbers become their text; nested values are
// ignored. kInvalidArgument for an unreadable body or another content type (multipart: no media).
Result<Params> RequestParams(const http::Request& request);

Result<open311::NewRequest> NewRequestFromParams(const Params& params);
// service_request_id, service_code, start_date, end_date, status (each list comma-separated),
// page_size (alias limit), page.
Result<open311::RequestFilter> FilterFromParams(const Params& params);

}  // namespace wangge::api::open311_json
