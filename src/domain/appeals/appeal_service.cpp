#include "domain/appeals/appeal_service.hpp"

#include <algorithm>

#include "common/phone.hpp"
#include "domain/appeals/service_checks.hpp"

namespace wangge::appeals {
namespace {

using auth::Caller;
using auth::Permission;
using internal::CleanText;
using internal::NotFound;
using internal::Require;
using registry::Area;
using registry::AreaLevel;

constexpr int kQueueLimit = 500;
constexpr std::size_t kMaxDescription = 2000;
constexpr std::size_t kMaxName = 50;

int ClampLimit(int limit) { return std::clamp(limit <= 0 ? 50 : limit, 1, 200); }

bool IsCommunity(AreaLevel level) { return level == AreaLevel::kCommunity || level == AreaLevel::kVillage; }

}  // namespace

namespace internal {

std::string Trim(std::string_view text) {
    constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
    bool changed = true;
    while (changed && !text.empty()) {
        changed = false;
        while (!text.empty() && static_cast<unsigned char>(text.front()) <= ' ') text.remove_prefix(1), changed = true;
        while (!text.empty() && static_cast<unsigned char>(text.back()) <= ' ') text.remove_suffix(1), changed = true;
        if (text.starts_with(kIdeographicSpace)) text.remove_prefix(kIdeographicSpace.size()), changed = true;
        if (text.ends_with(kIdeographicSpace)) text.remove_suffix(kIdeographicSpace.size()), changed = true;
    }
    return std::string(text);
}

std::size_t CharCount(std::string_view utf8) {
    return static_cast<std::size_t>(
        std::count_if(utf8.begin(), utf8.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

Result<std::string> CleanText(std::string_view text, std::string_view field, std::size_t max_chars, bool required) {
    std::string clean = Trim(text);
    if (required && clean.empty())
        return Fail(ErrorCode::kInvalidArgument, "此项不能为空 (" + std::string(field) + " is required)",
                    std::string(field));
    if (CharCount(clean) > max_chars)
        return Fail(ErrorCode::kInvalidArgument,
                    "内容过长，最多" + std::to_string(max_chars) + "字 (" + std::string(field) + " is too long)",
                    std::string(field));
    return clean;
}

}  // namespace internal

AppealView ShowAppeal(const Caller& caller, Appeal appeal, EpochMillis now) {
    AppealView view;
    view.band = BandOf(appeal, now);
    view.allowed_actions = AllowedActions(appeal, caller);
    if (!appeal.reporter.phone.empty()) appeal.reporter.phone = MaskPhone(appeal.reporter.phone);
    view.appeal = std::move(appeal);
    return view;
}

AppealService::AppealService(AppealRepository& repo, registry::RegistryRepository& registry, const Clock& clock)
    : repo_(repo), registry_(registry), clock_(clock) {}

Result<Area> AppealService::AreaInScope(const Caller& caller, std::int64_t id) {
    auto area = registry_.GetArea(id);
    if (!area && area.error().code != ErrorCode::kNotFound) return area;
    if (!area || !caller.InScope(area->path)) return NotFound("区域", "area");
    return area;
}

Result<Area> AppealService::CommunityOf(const Area& area) {
    if (IsCommunity(area.level)) return area;
    WANGGE_TRY(ancestors, registry_.ListAncestors(area.path));
    for (auto it = ancestors.rbegin(); it != ancestors.rend(); ++it)
        if (IsCommunity(it->level)) return *it;
    return Fail(ErrorCode::kInvalidArgument,
                "诉求须登记在社区（村）或其下的网格、楼栋 (the area must be a community or lie below one)", "area_id");
}

Result<Appeal> AppealService::AppealInScope(const Caller& caller, std::int64_t id) {
    WANGGE_CHECK(Require(caller, Permission::kReadAppeals));
    auto appeal = repo_.GetAppeal(id);
    if (!appeal && appeal.error().code != ErrorCode::kNotFound) return appeal;
    if (!appeal || !caller.InScope(appeal->path)) return NotFound("诉求", "appeal");
    return appeal;
}

AppealView AppealService::View(const Caller& caller, Appeal appeal) const {
    return ShowAppeal(caller, std::move(appeal), clock_.Now());
}

Result<std::vector<Category>> AppealService::ListCategories(const Caller& caller) {
    WANGGE_CHECK(Require(caller, Permission::kReadAppeals));
    return repo_.ListCategories();
}

Result<AppealView> AppealService::Record(const Caller& caller, const AppealDraft& draft) {
    WANGGE_CHECK(Require(caller, Permission::kRecordAppeal));
    auto area = AreaInScope(caller, draft.area_id);
    if (!area && area.error().code == ErrorCode::kNotFound)
        return Fail(ErrorCode::kInvalidArgument, "区域不存在 (no such area)", "area_id");
    if (!area) return Fail(area.error());
    WANGGE_TRY(community, CommunityOf(*area));

    Appeal appeal;
    appeal.community_id = community.id;
    appeal.area_id = area->id;
    appeal.path = area->path;
    if (area->level == AreaLevel::kBuilding) appeal.building_id = area->id;
    if (draft.household_id) {
        auto household = registry_.GetHousehold(*draft.household_id);
        if (!household || !caller.InScope(household->path) || !registry::PathWithin(household->path, area->path))
            return Fail(ErrorCode::kInvalidArgument, "住户不存在或不在该区域 (no such household in this area)",
                        "household_id");
        appeal.household_id = household->id;
        appeal.building_id = household->building_id;
        appeal.path = household->path;
    }
    auto category = repo_.GetCategory(draft.category_id);
    if (!category) {
        if (category.error().code != ErrorCode::kNotFound) return Fail(category.error());
        return Fail(ErrorCode::kInvalidArgument, "诉求类别不存在 (no such category)", "category_id");
    }
    WANGGE_TRY(description, CleanText(draft.description, "description", kMaxDescription, true));

    appeal.reporter.kind = draft.reporter.kind;
    switch (draft.reporter.kind) {
        case ReporterKind::kAnonymous:
            break;
        case ReporterKind::kResident: {
            auto resident = draft.reporter.resident_id ? registry_.GetResident(*draft.reporter.resident_id)
                                                       : Result<registry::Resident>(NotFound("居民", "resident"));
            if (!resident || !caller.InScope(resident->path))
                return Fail(ErrorCode::kInvalidArgument, "反映人不存在 (no such resident)", "reporter.resident_id");
            appeal.reporter.resident_id = resident->id;
            appeal.reporter.name = resident->name;
            appeal.reporter.phone = resident->phone;
            break;
        }
        case ReporterKind::kNamed: {
            WANGGE_TRY(name, CleanText(draft.reporter.name, "reporter.name", kMaxName, false));
            std::string phone = internal::Trim(draft.reporter.phone);
            if (!phone.empty()) {
                WANGGE_TRY(normalized, NormalizePhone(phone, "reporter.phone"));
                phone = std::move(normalized);
            }
            if (name.empty() && phone.empty())
                return Fail(ErrorCode::kInvalidArgument, "请填写反映人姓名或电话 (give a name or a phone)",
                            "reporter.name");
            appeal.reporter.name = std::move(name);
            appeal.reporter.phone = std::move(phone);
            break;
        }
    }

    const EpochMillis now = clock_.Now();
    appeal.channel = draft.channel;
    appeal.category_id = category->id;
    appeal.description = std::move(description);
    appeal.status = AppealStatus::kRecorded;
    appeal.recorded_by = caller.user_id;
    appeal.recorded_by_name = internal::ActorName(caller);
    appeal.created_at = now;
    appeal.updated_at = now;

    AppealEvent event;
    event.community_id = appeal.community_id;
    event.at = now;
    event.actor_id = caller.user_id;
    event.actor_name = appeal.recorded_by_name;
    event.action = ActionName(Action::kRecord);
    event.to_status = StatusName(AppealStatus::kRecorded);
    EventDetail detail;
    detail.Add("channel", ChannelName(appeal.channel))
        .Add("category_id", appeal.category_id)
        .Add("area_id", appeal.area_id);
    if (draft.session_id) detail.Add("session_id", *draft.session_id);
    event.detail = detail.Json();
    WANGGE_TRY(created, repo_.CreateAppeal(appeal, event));
    return View(caller, std::move(created));
}

Result<AppealDetail> AppealService::Get(const Caller& caller, std::int64_t id) {
    WANGGE_TRY(appeal, AppealInScope(caller, id));
    WANGGE_TRY(events, repo_.ListEvents(id));
    return AppealDetail{View(caller, std::move(appeal)), std::move(events)};
}

Result<Page<AppealView>> AppealService::List(const Caller& caller, const AppealFilter& filter) {
    WANGGE_CHECK(Require(caller, Permission::kReadAppeals));
    AppealQuery query;
    WANGGE_TRY(area, AreaInScope(caller, filter.area_id.value_or(caller.area_id)));
    query.scope_path = area.path;
    if (area.level >= registry::AreaLevel::kCommunity) {  // a community, or a grid or building in one
        WANGGE_TRY(community, CommunityOf(area));
        query.community_id = community.id;
    }
    query.status = filter.status;
    query.track = filter.track;
    query.channel = filter.channel;
    query.category_id = filter.category_id;
    if (filter.overdue) query.overdue_at = clock_.Now();
    query.cursor = filter.cursor;
    query.limit = ClampLimit(filter.limit);
    WANGGE_TRY(page, repo_.ListAppeals(query));
    Page<AppealView> out{{}, page.next_cursor};
    out.items.reserve(page.items.size());
    for (auto& a : page.items) out.items.push_back(View(caller, std::move(a)));
    return out;
}

Result<std::vector<AppealView>> AppealService::Overdue(const Caller& caller, std::optional<std::int64_t> area_id) {
    WANGGE_CHECK(Require(caller, Permission::kReadAppeals));
    std::string scope = caller.area_path;
    if (area_id) {
        WANGGE_TRY(area, AreaInScope(caller, *area_id));
        scope = area.path;
    }
    WANGGE_TRY(items, repo_.ListOverdue(scope, clock_.Now(), kQueueLimit));
    std::vector<AppealView> out;
    for (auto& a : items) out.push_back(View(caller, std::move(a)));
    return out;
}

Result<std::vector<AppealView>> AppealService::MyClaims(const Caller& caller) {
    WANGGE_CHECK(Require(caller, Permission::kReadAppeals));
    WANGGE_TRY(items, repo_.ListClaimedBy(caller.user_id, kQueueLimit));
    std::vector<AppealView> out;
    // A user moved to another scope keeps claims there; show only what the scope still covers.
    for (auto& a : items)
        if (caller.InScope(a.path)) out.push_back(View(caller, std::move(a)));
    return out;
}

Result<std::vector<LedgerReport>> VerifyLedgers(AppealRepository& repo, std::optional<std::int64_t> community_id) {
    std::vector<std::int64_t> communities;
    if (community_id) {
        communities.push_back(*community_id);
    } else {
        WANGGE_TRY(all, repo.ListLedgerCommunities());
        communities = std::move(all);
    }
    std::vector<LedgerReport> reports;
    for (auto id : communities) {
        WANGGE_TRY(events, repo.ListLedger(id));
        WANGGE_TRY(head, repo.GetLedgerHead(id));
        reports.push_back(VerifyLedger(id, events, head));
    }
    return reports;
}

}  // namespace wangge::appeals
