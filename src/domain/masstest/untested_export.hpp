#pragma once
// The untested list (未检人员名单) of a round as a file for a whole area of any level — a district's
// list may hold 100,000+ people — read page by page so memory stays flat, each person with the
// names of the district, street, community, grid and building they live in, ID numbers and phones
// masked exactly as in the JSON list (which never reveals them), and each export written to the
// audit log. The file formats are the API layer's business.
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/clock.hpp"
#include "domain/auth/auth_repository.hpp"
#include "domain/auth/user.hpp"
#include "domain/masstest/masstest_repository.hpp"
#include "domain/registry/registry_repository.hpp"

namespace wangge::masstest {

// People per repository page while exporting.
inline constexpr int kUntestedExportPage = 1000;

// What one export covers, checked against the caller.
struct UntestedExportPlan {
    Round round;
    registry::Area area;             // the area asked for
    std::vector<std::string> roots;  // the paths walked, in path order: the area, or the round's areas under it
};

// One person of the list and the names of the areas on their path ("" where the path has none).
struct UntestedExportRow {
    const UntestedResident& item;  // ID number and phone masked
    std::string_view district, street, community, grid, building;
};

class UntestedExportService {
  public:
    // Borrows everything, which must outlive this.
    UntestedExportService(MassTestRepository& repo, registry::RegistryRepository& registry, auth::AuthRepository& audit,
                          const Clock& clock);

    // The same scope rules as the JSON list (GET …/untested): kPermissionDenied without
    // kReadMassTesting; kNotFound for a round the caller does not see or an area outside the
    // caller's scope. Any level is allowed: an area inside the round is walked whole; an area above
    // the round's areas walks those of them under it; kInvalidArgument (field area) when no part of
    // the area lies in the round.
    Result<UntestedExportPlan> Plan(const auth::Caller& caller, std::int64_t round_id, std::int64_t area_id);

    // Calls `sink` for every person of the plan's list — the same people in the same (path, id)
    // order as the JSON list's pages — then `finish`; stops at the first error either returns. Then
    // writes the export to the audit log (action export_untested on the round: who, area, format,
    // rows). Returns the row count.
    Result<std::int64_t> Export(const auth::Caller& caller, const UntestedExportPlan& plan, std::string_view format,
                                const std::function<Status(const UntestedExportRow&)>& sink,
                                const std::function<Status()>& finish);

  private:
    MassTestRepository& repo_;
    registry::RegistryRepository& registry_;
    auth::AuthRepository& audit_;
    const Clock& clock_;
};

}  // namespace wangge::masstest
