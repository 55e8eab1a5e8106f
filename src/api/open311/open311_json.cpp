#include "api/open311/open311_json.hpp"

#include <charconv>
#include <chrono>
#include <cstdio>

#include "http/wire.hpp"

namespace wangge::api::open311_json {
namespace {

namespace chr = std::chrono;

constexpr EpochMillis kDayMs = 86'400'000;
constexpr EpochMillis kChinaOffsetMs = 8 * 3'600'000;

// Reads exactly `n` digits at `pos`, advancing it.
std::optional<int> Digits(std::string_view text, std::size_t& pos, std::size_t n) {
    if (pos + n > text.size()) return std::nullopt;
    int value = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = text[pos + i];
        if (c < '0' || c > '9') return std::nullopt;
        value = value * 10 + (c - '0');
    }
    pos += n;
    return value;
}

bool Take(std::string_view text, std::size_t& pos, char c) {
    if (pos < text.size() && text[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

std::optional<std::int64_t> PositiveInt(std::string_view text) {
    std::int64_t v = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc{} || ptr != text.data() + text.size() || v <= 0) return std::nullopt;
    return v;
}

std::string_view TrimView(std::string_view text) {
    while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') text.remove_prefix(1);
    while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1);
    return text;
}

// "a, b,,c" → {"a", "b", "c"}.
std::vector<std::string> SplitList(std::string_view text) {
    std::vector<std::string> out;
    while (true) {
        const std::size_t comma = text.find(',');
        std::string_view item = TrimView(text.substr(0, comma));
        if (!item.empty()) out.emplace_back(item);
        if (comma == std::string_view::npos) break;
        text.remove_prefix(comma + 1);
    }
    return out;
}

tl::unexpected<Error> Invalid(std::string message, std::string field) {
    return Fail(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

std::string Get(const Params& params, std::string_view name) {
    auto it = params.find(std::string(name));
    return it == params.end() ? std::string() : it->second;
}

Result<std::optional<std::int64_t>> OptionalPositive(const Params& params, std::string_view name) {
    const std::string text(TrimView(Get(params, name)));
    if (text.empty()) return std::optional<std::int64_t>{};
    auto v = PositiveInt(text);
    if (!v)
        return Invalid(std::string(name) + " 应为正整数 (" + std::string(name) + " must be a positive integer)",
                       std::string(name));
    return std::optional<std::int64_t>{*v};
}

Result<std::optional<EpochMillis>> OptionalDate(const Params& params, std::string_view name) {
    const std::string text = Get(params, name);
    if (TrimView(text).empty()) return std::optional<EpochMillis>{};
    auto at = ParseDateTime(TrimView(text));
    if (!at)
        return Invalid(std::string(name) + " 应为W3C日期时间，如 2022-04-15T00:00:00+08:00 (" + std::string(name) +
                           " must be a W3C date-time, e.g. 2022-04-15T00:00:00+08:00)",
                       std::string(name));
    return std::optional<EpochMillis>{*at};
}

json Text(std::string_view text) { return text.empty() ? json(nullptr) : json(std::string(text)); }

}  // namespace

std::string FormatDateTime(EpochMillis at) {
    const EpochMillis local = at + kChinaOffsetMs;
    const EpochMillis days = local >= 0 ? local / kDayMs : (local - kDayMs + 1) / kDayMs;
    const EpochMillis ms_of_day = local - days * kDayMs;
    const chr::year_month_day ymd{chr::sys_days{chr::days{days}}};
    const long long secs = ms_of_day / 1000;
    char out[64];
    std::snprintf(out, sizeof out, "%04d-%02u-%02uT%02lld:%02lld:%02lld+08:00", static_cast<int>(ymd.year()),
                  static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()), secs / 3600, secs / 60 % 60,
                  secs % 60);
    return out;
}

std::optional<EpochMillis> ParseDateTime(std::string_view text) {
    std::size_t pos = 0;
    auto year = Digits(text, pos, 4);
    if (!year || !Take(text, pos, '-')) return std::nullopt;
    auto month = Digits(text, pos, 2);
    if (!month || !Take(text, pos, '-')) return std::nullopt;
    auto day = Digits(text, pos, 2);
    if (!day) return std::nullopt;
    const chr::year_month_day ymd{chr::year{*year}, chr::month{static_cast<unsigned>(*month)},
                                  chr::day{static_cast<unsigned>(*day)}};
    if (!ymd.ok()) return std::nullopt;
    EpochMillis ms = static_cast<EpochMillis>(chr::sys_days{ymd}.time_since_epoch().count()) * kDayMs;
    EpochMillis offset = kChinaOffsetMs;
    if (pos == text.size()) return ms - offset;  // a date alone: 00:00 China time

    if (!Take(text, pos, 'T') && !Take(text, pos, 't')) return std::nullopt;
    auto hour = Digits(text, pos, 2);
    if (!hour || *hour > 23 || !Take(text, pos, ':')) return std::nullopt;
    auto minute = Digits(text, pos, 2);
    if (!minute || *minute > 59) return std::nullopt;
    int second = 0, millis = 0;
    if (Take(text, pos, ':')) {
        auto s = Digits(text, pos, 2);
        if (!s || *s > 59) return std::nullopt;
        second = *s;
        if (Take(text, pos, '.')) {
            std::size_t digits = 0;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                if (digits < 3) millis = millis * 10 + (text[pos] - '0');
                ++digits, ++pos;
            }
            if (digits == 0) return std::nullopt;
            for (; digits < 3; ++digits) millis *= 10;
        }
    }
    ms += ((*hour * 60LL + *minute) * 60 + second) * 1000 + millis;
    if (pos == text.size()) return ms - offset;
    if (Take(text, pos, 'Z') || Take(text, pos, 'z')) {
        offset = 0;
    } else {
        const char sign = text[pos++];
        if (sign != '+' && sign != '-' && sign != ' ') return std::nullopt;
        auto oh = Digits(text, pos, 2);
        if (!oh || *oh > 14) return std::nullopt;
        Take(text, pos, ':');
        int om = 0;
        if (pos < text.size()) {
            auto m = Digits(text, pos, 2);
            if (!m || *m > 59) return std::nullopt;
            om = *m;
        }
        offset = (*oh * 60LL + om) * 60'000 * (sign == '-' ? -1 : 1);
    }
    if (pos != text.size()) return std::nullopt;
    return ms - offset;
}

json ServiceJson(const appeals::Category& c) {
    return {{"service_code", c.code}, {"service_name", c.name}, {"description", c.name}, {"metadata", false},
            {"type", "realtime"},     {"keywords", ""},         {"group", "党日说事"}};
}

json ServiceDefinitionJson(const appeals::Category& c) {
    return {{"service_code", c.code}, {"attributes", json::array()}};
}

json ServiceRequestJson(const open311::ServiceRequest& r) {
    const appeals::Appeal& a = r.appeal;
    std::string agency;
    if (a.claimer.kind == appeals::ClaimerKind::kMember && !r.claimer_unit.empty())
        agency = r.claimer_unit;
    else if (a.claimer.kind != appeals::ClaimerKind::kNone)
        agency = a.claimer.name;
    else
        agency = a.community_name;  // unclaimed: the community answers for it
    std::string address = a.community_name;
    if (a.area_id != a.community_id) address += " " + a.area_name;
    return {{"service_request_id", std::to_string(a.id)},
            {"status", open311::RequestStatusName(open311::RequestStatusOf(a.status))},
            {"status_notes", Text(r.status_note)},
            {"service_name", a.category_name},
            {"service_code", r.service_code},
            {"description", a.description},
            {"agency_responsible", agency},
            {"service_notice", nullptr},
            {"requested_datetime", FormatDateTime(a.created_at)},
            {"updated_datetime", FormatDateTime(a.updated_at)},
            {"expected_datetime", a.due_at ? json(FormatDateTime(*a.due_at)) : json(nullptr)},
            {"address", address},
            {"address_id", std::to_string(a.area_id)},
            {"zipcode", nullptr},
            {"lat", nullptr},
            {"long", nullptr},
            {"media_url", nullptr}};
}

json ErrorJson(int status, std::string_view description) {
    return json::array({{{"code", status}, {"description", std::string(description)}}});
}

Result<Params> RequestParams(const http::Request& request) {
    Params params = request.query;
    if (request.method != http::Method::kPost || TrimView(request.body).empty()) return params;
    std::string type = request.Header("content-type").value_or("");
    type = std::string(TrimView(type.substr(0, type.find(';'))));
    for (auto& c : type) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool looks_json = TrimView(request.body).front() == '{';
    if (type == "application/json" || (type.empty() && looks_json)) {
        auto body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
        if (body.is_discarded() || !body.is_object())
            return Invalid("请求体应为JSON对象 (the body must be a JSON object)", "");
        for (const auto& [name, value] : body.items()) {
            if (value.is_string())
                params[name] = value.get<std::string>();
            else if (value.is_number() || value.is_boolean())
                params[name] = value.dump();
        }
        return params;
    }
    if (type == "application/x-www-form-urlencoded" || type.empty()) {
        auto form = http::ParseQuery(request.body);
        if (!form) return Invalid("表单编码有误 (malformed form encoding)", "");
        for (auto& [name, value] : *form) params[name] = std::move(value);
        return params;
    }
    return Invalid(
        "Content-Type 须为 application/x-www-form-urlencoded 或 application/json；不支持上传媒体 "
        "(use application/x-www-form-urlencoded or application/json; media uploads are not supported)",
        "content-type");
}

Result<open311::NewRequest> NewRequestFromParams(const Params& params) {
    open311::NewRequest r;
    r.service_code = std::string(TrimView(Get(params, "service_code")));
    r.description = Get(params, "description");
    WANGGE_TRY(address_id, OptionalPositive(params, "address_id"));
    r.address_id = address_id;
    r.first_name = Get(params, "first_name");
    r.last_name = Get(params, "last_name");
    r.phone = Get(params, "phone");
    r.email = Get(params, "email");
    return r;
}

Result<open311::RequestFilter> FilterFromParams(const Params& params) {
    open311::RequestFilter f;
    for (const auto& item : SplitList(Get(params, "service_request_id"))) {
        auto id = PositiveInt(item);
        if (!id)
            return Invalid("service_request_id 应为以逗号分隔的编号 (service_request_id: comma-separated ids)",
                           "service_request_id");
        f.ids.push_back(*id);
    }
    f.service_codes = SplitList(Get(params, "service_code"));
    WANGGE_TRY(start, OptionalDate(params, "start_date"));
    WANGGE_TRY(end, OptionalDate(params, "end_date"));
    f.start = start;
    f.end = end;
    for (const auto& item : SplitList(Get(params, "status"))) {
        auto status = open311::ParseRequestStatus(item);
        if (!status) return Invalid("status 应为 open 或 closed (status must be open or closed)", "status");
        f.statuses.push_back(*status);
    }
    const bool has_page_size = !TrimView(Get(params, "page_size")).empty();
    WANGGE_TRY(page_size, OptionalPositive(params, has_page_size ? "page_size" : "limit"));
    if (page_size) {
        if (*page_size > open311::kMaxPageSize)
            return Invalid("page_size 最大为" + std::to_string(open311::kMaxPageSize) + " (page_size is at most " +
                               std::to_string(open311::kMaxPageSize) + ")",
                           has_page_size ? "page_size" : "limit");
        f.page_size = static_cast<int>(*page_size);
    }
    WANGGE_TRY(page, OptionalPositive(params, "page"));
    if (page) {
        if (*page > 1'000'000) return Invalid("page 过大 (page is too large)", "page");
        f.page = static_cast<int>(*page);
    }
    return f;
}

}  // namespace wangge::api::open311_json
