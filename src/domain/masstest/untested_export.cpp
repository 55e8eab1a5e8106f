#include "domain/masstest/untested_export.hpp"

#include <algorithm>

#include "common/id_number.hpp"
#include "common/phone.hpp"
#include "domain/masstest/service_checks.hpp"

namespace wangge::masstest {
namespace {

using registry::Area;
using registry::AreaLevel;

// The ids along a materialised path "/1/7/42/", root first.
std::vector<std::int64_t> PathIds(std::string_view path) {
    std::vector<std::int64_t> ids;
    std::int64_t id = 0;
    bool digits = false;
    for (char c : path) {
        if (c >= '0' && c <= '9') {
            id = id * 10 + (c - '0');
            digits = true;
        } else if (digits) {
            ids.push_back(id);
            id = 0;
            digits = false;
        }
    }
    if (digits) ids.push_back(id);
    return ids;
}

// The names of the areas on residents' paths, each area read once per export.
class AreaNames {
  public:
    explicit AreaNames(registry::RegistryRepository& registry) : registry_(registry) {}

    Status Fill(const std::string& path, std::string_view (&names)[5]) {
        for (auto& n : names) n = {};
        for (std::int64_t id : PathIds(path)) {
            auto it = areas_.find(id);
            if (it == areas_.end()) {
                WANGGE_TRY(area, registry_.GetArea(id));
                it = areas_.emplace(id, std::move(area)).first;
            }
            const Area& a = it->second;
            switch (a.level) {
                case AreaLevel::kDistrict:
                    names[0] = a.name;
                    break;
                case AreaLevel::kStreet:
                    names[1] = a.name;
                    break;
                case AreaLevel::kCommunity:
                case AreaLevel::kVillage:
                    names[2] = a.name;
                    break;
                case AreaLevel::kGrid:
                    names[3] = a.name;
                    break;
                case AreaLevel::kBuilding:
                    names[4] = a.name;
                    break;
                default:
                    break;
            }
        }
        return {};
    }

  private:
    registry::RegistryRepository& registry_;
    std::unordered_map<std::int64_t, Area> areas_;
};

bool Overlaps(const Round& round, std::string_view scope) {
    for (const auto& p : round.area_paths)
        if (p.starts_with(scope) || scope.starts_with(p)) return true;
    return false;
}

}  // namespace

UntestedExportService::UntestedExportService(MassTestRepository& repo, registry::RegistryRepository& registry,
                                             auth::AuthRepository& audit, const Clock& clock)
    : repo_(repo), registry_(registry), audit_(audit), clock_(clock) {}

Result<UntestedExportPlan> UntestedExportService::Plan(const auth::Caller& caller, std::int64_t round_id,
                                                       std::int64_t area_id) {
    WANGGE_CHECK(internal::Require(caller, auth::Permission::kReadMassTesting));
    auto round = repo_.GetRound(round_id);
    if (!round && round.error().code != ErrorCode::kNotFound) return Fail(round.error());
    if (!round || !Overlaps(*round, caller.area_path)) return internal::NotFound("检测轮次", "round");
    auto area = registry_.GetArea(area_id);
    if (!area && area.error().code != ErrorCode::kNotFound) return Fail(area.error());
    if (!area || !caller.InScope(area->path)) return internal::NotFound("区域", "area");

    UntestedExportPlan plan{std::move(*round), std::move(*area), {}};
    if (plan.round.CoversPath(plan.area.path)) {
        plan.roots.push_back(plan.area.path);
    } else {
        for (const auto& p : plan.round.area_paths)
            if (p.starts_with(plan.area.path)) plan.roots.push_back(p);
        std::sort(plan.roots.begin(), plan.roots.end());
    }
    if (plan.roots.empty())
        return Fail(ErrorCode::kInvalidArgument, "该区域不在本轮检测范围内 (the area is not inside the round)", "area");
    return plan;
}

Result<std::int64_t> UntestedExportService::Export(const auth::Caller& caller, const UntestedExportPlan& plan,
                                                   std::string_view format,
                                                   const std::function<Status(const UntestedExportRow&)>& sink,
                                                   const std::function<Status()>& finish) {
    const registry::TagSet mask = plan.round.kind == RoundKind::kTags ? plan.round.tag_mask : 0;
    AreaNames names(registry_);
    std::string_view n[5];
    std::int64_t rows = 0;
    for (const auto& root : plan.roots) {
        std::string cursor;
        do {
            WANGGE_TRY(page, repo_.ListUntested(plan.round.id, mask, root, cursor, kUntestedExportPage));
            for (auto& item : page.items) {
                item.resident.id_number = MaskIdNumber(item.resident.id_number);
                if (!item.resident.phone.empty()) item.resident.phone = MaskPhone(item.resident.phone);
                WANGGE_CHECK(names.Fill(item.resident.path, n));
                WANGGE_CHECK(sink(UntestedExportRow{item, n[0], n[1], n[2], n[3], n[4]}));
                ++rows;
            }
            cursor = page.next_cursor.value_or("");
        } while (!cursor.empty());
    }
    WANGGE_CHECK(finish());

    WANGGE_CHECK(audit_.AppendAudit({.at = clock_.Now(),
                                     .user_id = caller.user_id,
                                     .action = "export_untested",
                                     .subject_type = "test_round",
                                     .subject_id = plan.round.id,
                                     .reason = "area=" + std::to_string(plan.area.id) +
                                               "; format=" + std::string(format) + "; rows=" + std::to_string(rows)}));
    return rows;
}

}  // namespace wangge::masstest
