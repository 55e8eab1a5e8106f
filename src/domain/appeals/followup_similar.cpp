// Possible duplicates: before an intake is saved, the open appeals of the same category nearby.
#include "domain/appeals/followup_service.hpp"
#include "domain/appeals/service_checks.hpp"

namespace wangge::appeals {

using auth::Caller;
using auth::Permission;
using registry::AreaLevel;

Result<SimilarAppeals> AppealFollowupService::Similar(const Caller& caller, const SimilarRequest& request) {
    WANGGE_CHECK(internal::Require(caller, Permission::kReadAppeals));
    auto area = registry_.GetArea(request.area_id);
    if (!area && area.error().code != ErrorCode::kNotFound) return Fail(area.error());
    if (!area || !caller.InScope(area->path)) return internal::NotFound("区域", "area");
    auto category = appeals_.GetCategory(request.category_id);
    if (!category && category.error().code != ErrorCode::kNotFound) return Fail(category.error());
    if (!category) return Fail(ErrorCode::kInvalidArgument, "诉求类别不存在 (no such category)", "category_id");

    SimilarAppeals out;
    std::string prefix;
    if (request.household_id) {
        auto household = registry_.GetHousehold(*request.household_id);
        if (!household && household.error().code != ErrorCode::kNotFound) return Fail(household.error());
        if (!household || !caller.InScope(household->path)) return internal::NotFound("住户", "household");
        if (!registry::PathWithin(household->path, area->path))
            return Fail(ErrorCode::kInvalidArgument, "住户不在该区域 (the household is not in this area)",
                        "household_id");
        prefix = household->path;  // a household's path is its building's
        out.place = SimilarPlace::kBuilding;
    } else if (area->level == AreaLevel::kBuilding) {
        prefix = area->path;
        out.place = SimilarPlace::kBuilding;
    } else {
        const auto is_community = [](AreaLevel l) { return l == AreaLevel::kCommunity || l == AreaLevel::kVillage; };
        if (is_community(area->level)) {
            prefix = area->path;
        } else {
            WANGGE_TRY(ancestors, registry_.ListAncestors(area->path));
            for (auto it = ancestors.rbegin(); it != ancestors.rend() && prefix.empty(); ++it)
                if (is_community(it->level)) prefix = it->path;
            if (prefix.empty())
                return Fail(ErrorCode::kInvalidArgument,
                            "请选择社区（村）或其下的网格、楼栋 (the area must be a community or lie below one)",
                            "area_id");
        }
        out.place = SimilarPlace::kCommunity;
    }
    // A grid worker sees only their grid of the community.
    if (!caller.InScope(prefix)) prefix = caller.area_path;

    SimilarQuery query;
    query.scope_path = prefix;
    query.category_id = category->id;
    query.created_since = clock_.Now() - kSimilarWindow;
    query.limit = kSimilarLimit;
    WANGGE_TRY(items, repo_.ListSimilar(query));
    for (auto& a : items) out.items.push_back(View(caller, std::move(a)));
    return out;
}

}  // namespace wangge::appeals
