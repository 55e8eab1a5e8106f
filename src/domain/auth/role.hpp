#pragma once
// Roles and what each may do. Every user also has one area subtree (scope); a role's
// permissions apply only inside it.
#include <optional>
#include <string_view>
#include <vector>

namespace wangge::auth {

enum class Role {
    kCityAdmin,
    kDistrictOfficer,
    kStreetOfficer,
    kCommunityWorker,
    kGridWorker,
    kPartySecretary,
    kVolunteer,
    kInspector,
    kSampler,
    kLabTechnician,
};

std::string_view RoleName(Role role);  // "community_worker"
std::optional<Role> ParseRole(std::string_view name);
std::vector<Role> AllRoles();

enum class Permission {
    kReadRegistry,    // see areas, households, residents (masked)
    kWriteRegistry,   // create and edit households and residents
    kImport,          // bulk import residents
    kRevealPii,       // see full ID numbers and phones, audited
    kManageUsers,     // create users inside the scope
    kReadAppeals,     // see the appeals ledger, its committee members and settings
    kRecordAppeal,    // record appeals (intake) and claim them for oneself
    kManageAppeals,   // triage, report, evaluate, close; keep the big Party committee and the Party day
    kReadMassTesting,  // see test rounds, tubes, coverage and the untested lists
    kManageRounds,     // create, activate and close test rounds; keep their sealed buildings
    kExemptResidents,  // exempt residents from a test round (away, infant, hospitalised)
    kScanSamples,      // open and close tubes, scan residents into them
    kUploadLabResults,  // post tube results from a lab (CSV or JSON uploads)
    kDispatchFieldWork,  // keep sample points and field teams; generate and assign door-to-door tasks
};

bool RoleHas(Role role, Permission permission);

}  // namespace wangge::auth
