#include "domain/open311/open311_service.hpp"

#include <algorithm>

namespace wangge::open311 {
namespace {

using appeals::Category;

constexpr std::size_t kMaxIds = 100;

bool IsAscii(std::string_view text) {
    return std::all_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
}

std::string Trimmed(std::string_view text) {
    while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') text.remove_prefix(1);
    while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1);
    return std::string(text);
}

// "Zhang Wei" for Latin names, "张伟" (family name first, no space) for Chinese ones.
std::string FullName(const std::string& first, const std::string& last) {
    const std::string f = Trimmed(first), l = Trimmed(last);
    if (f.empty() || l.empty()) return f + l;
    return IsAscii(f) && IsAscii(l) ? f + " " + l : l + f;
}

// The appeal service names its own fields; an Open311 client knows the Open311 ones.
Error ToOpen311Field(Error error) {
    static constexpr std::pair<std::string_view, std::string_view> kFields[] = {
        {"area_id", "address_id"},   {"category_id", "service_code"}, {"reporter.name", "first_name"},
        {"reporter.phone", "phone"}, {"household_id", "address_id"},
    };
    for (const auto& [ours, theirs] : kFields)
        if (error.field == ours) error.field = std::string(theirs);
    return error;
}

tl::unexpected<Error> Invalid(std::string message, std::string field) {
    return Fail(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

}  // namespace

Open311Service::Open311Service(ServiceRequestRepository& requests, appeals::AppealService& appeals,
                               appeals::AppealRepository& appeal_repo, const Clock& clock)
    : requests_(requests), appeals_(appeals), appeal_repo_(appeal_repo), clock_(clock) {}

Result<std::vector<Category>> Open311Service::Services() { return appeal_repo_.ListCategories(); }

Result<std::optional<Category>> Open311Service::FindCategory(const std::string& code) {
    WANGGE_TRY(categories, appeal_repo_.ListCategories());
    for (auto& c : categories)
        if (c.code == code) return std::optional<Category>{std::move(c)};
    return std::optional<Category>{};
}

Result<Category> Open311Service::Service(const std::string& code) {
    WANGGE_TRY(category, FindCategory(code));
    if (!category) return Fail(ErrorCode::kNotFound, "服务类别不存在 (no service " + code + ")");
    return std::move(*category);
}

Result<FiledRequest> Open311Service::File(const ApiCaller& client, const NewRequest& request) {
    if (request.service_code.empty()) return Invalid("缺少 service_code (service_code is required)", "service_code");
    WANGGE_TRY(category, FindCategory(request.service_code));
    if (!category)
        return Invalid("未知的 service_code (unknown service_code " + request.service_code + ")", "service_code");
    if (!request.address_id)
        return Invalid(
            "缺少 address_id：请给出网格化系统中的社区、网格或楼栋编号 (address_id is required: a wangge area id — "
            "community, grid or building; lat/long and address_string are not supported)",
            "address_id");

    appeals::AppealDraft draft;
    draft.area_id = *request.address_id;
    draft.channel = appeals::ParseChannel(client.client.channel).value_or(appeals::Channel::kHotline12345);
    draft.category_id = category->id;
    draft.description = request.description;
    draft.reporter.name = FullName(request.first_name, request.last_name);
    draft.reporter.phone = Trimmed(request.phone);
    // wangge keeps a reporter's name and phone; an e-mail address alone does not make a named reporter.
    draft.reporter.kind = draft.reporter.name.empty() && draft.reporter.phone.empty()
                              ? appeals::ReporterKind::kAnonymous
                              : appeals::ReporterKind::kNamed;
    auto view = appeals_.Record(client.caller, draft);
    if (!view) return Fail(ToOpen311Field(view.error()));
    FiledRequest filed;
    filed.id = view->appeal.id;
    filed.notice = "已登记，编号" + std::to_string(filed.id) + "，由" + view->appeal.community_name +
                   "分类办理，党日通报结果 (recorded as appeal " + std::to_string(filed.id) + "; " +
                   view->appeal.community_name + " sorts it and reports back at its Party day)";
    return filed;
}

Result<std::vector<ServiceRequest>> Open311Service::List(const ApiCaller& client, const RequestFilter& filter) {
    if (filter.page_size < 1 || filter.page_size > kMaxPageSize)
        return Invalid("page_size 应在1到" + std::to_string(kMaxPageSize) + "之间 (page_size must be 1-" +
                           std::to_string(kMaxPageSize) + ")",
                       "page_size");
    if (filter.page < 1 || filter.page > 1'000'000)
        return Invalid("page 应为正整数 (page must be a positive number)", "page");
    if (filter.ids.size() > kMaxIds)
        return Invalid("一次最多查询" + std::to_string(kMaxIds) + "个编号 (at most " + std::to_string(kMaxIds) +
                           " service_request_id values)",
                       "service_request_id");

    ServiceRequestQuery query;
    query.scope_path = client.caller.area_path;
    query.limit = filter.page_size;
    query.offset = (filter.page - 1) * filter.page_size;
    if (!filter.ids.empty()) {
        query.ids = filter.ids;  // "This overrides all other arguments" (GeoReport v2)
        return requests_.ListServiceRequests(query);
    }
    for (const auto& code : filter.service_codes) {
        WANGGE_TRY(category, FindCategory(code));
        if (!category) return Invalid("未知的 service_code (unknown service_code " + code + ")", "service_code");
        query.category_ids.push_back(category->id);
    }
    const EpochMillis now = clock_.Now();
    EpochMillis end = filter.end ? *filter.end : filter.start ? *filter.start + kMaxWindowMs : now;
    EpochMillis start = filter.start ? *filter.start : end - kMaxWindowMs;
    if (end < start) return Invalid("end_date 早于 start_date (end_date is before start_date)", "end_date");
    if (end - start > kMaxWindowMs)
        return Invalid("查询时间跨度不能超过90天 (start_date to end_date may span at most 90 days)", "start_date");
    query.from = start;
    query.to = end;
    for (RequestStatus s : filter.statuses)
        for (auto status : AppealStatusesOf(s))
            if (std::find(query.statuses.begin(), query.statuses.end(), status) == query.statuses.end())
                query.statuses.push_back(status);
    return requests_.ListServiceRequests(query);
}

Result<ServiceRequest> Open311Service::Get(const ApiCaller& client, std::int64_t id) {
    ServiceRequestQuery query;
    query.scope_path = client.caller.area_path;
    query.ids = {id};
    query.limit = 1;
    WANGGE_TRY(found, requests_.ListServiceRequests(query));
    if (found.empty())
        return Fail(ErrorCode::kNotFound, "诉求不存在 (service request " + std::to_string(id) + " not found)");
    return std::move(found.front());
}

}  // namespace wangge::open311
