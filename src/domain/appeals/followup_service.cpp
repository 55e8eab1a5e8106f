// AppealFollowupService: construction and the checks its parts share. The features are in
// followup_extensions.cpp, followup_photos.cpp, followup_evaluation.cpp and followup_similar.cpp.
#include "domain/appeals/followup_service.hpp"

#include "common/phone.hpp"
#include "domain/appeals/service_checks.hpp"

namespace wangge::appeals {

using auth::Caller;
using auth::Permission;

std::string_view SimilarPlaceName(SimilarPlace place) {
    return place == SimilarPlace::kBuilding ? "building" : "community";
}

AppealFollowupService::AppealFollowupService(AppealRepository& appeals, FollowupRepository& repo,
                                             registry::RegistryRepository& registry, PhotoStore& photos,
                                             const Clock& clock)
    : appeals_(appeals), repo_(repo), registry_(registry), photos_(photos), clock_(clock) {}

Result<Appeal> AppealFollowupService::AppealInScope(const Caller& caller, std::int64_t id) {
    WANGGE_CHECK(internal::Require(caller, Permission::kReadAppeals));
    auto appeal = appeals_.GetAppeal(id);
    if (!appeal && appeal.error().code != ErrorCode::kNotFound) return appeal;
    if (!appeal || !caller.InScope(appeal->path)) return internal::NotFound("诉求", "appeal");
    return appeal;
}

AppealView AppealFollowupService::View(const Caller& caller, Appeal appeal) const {
    return ShowAppeal(caller, std::move(appeal), clock_.Now());
}

}  // namespace wangge::appeals
