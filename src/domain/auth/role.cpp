#include "domain/auth/role.hpp"

#include <array>
#include <utility>

namespace wangge::auth {
namespace {

using P = Permission;

struct RoleInfo {
    Role role;
    std::string_view name;
    std::initializer_list<Permission> permissions;
};

// Who may do what. Revealing personal data is for the staff who keep the registry;
// field roles (grid workers, volunteers, samplers) see masked values only. Appeals are managed by
// the community (workers, Party secretary) and by street officers, who take escalated appeals;
// grid workers record them at the doorstep and claim them; inspectors and higher levels read.
const std::array<RoleInfo, 10> kRoles = {{
    {Role::kCityAdmin, "city_admin",
     {P::kReadRegistry, P::kWriteRegistry, P::kImport, P::kRevealPii, P::kManageUsers, P::kReadAppeals,
      P::kReadMassTesting, P::kManageRounds, P::kUploadLabResults}},
    {Role::kDistrictOfficer, "district_officer",
     {P::kReadRegistry, P::kWriteRegistry, P::kImport, P::kRevealPii, P::kManageUsers, P::kReadAppeals,
      P::kReadMassTesting, P::kManageRounds, P::kExemptResidents, P::kUploadLabResults, P::kDispatchFieldWork}},
    {Role::kStreetOfficer, "street_officer",
     {P::kReadRegistry, P::kWriteRegistry, P::kImport, P::kRevealPii, P::kReadAppeals, P::kRecordAppeal,
      P::kManageAppeals, P::kReadMassTesting, P::kManageRounds, P::kExemptResidents, P::kDispatchFieldWork}},
    {Role::kCommunityWorker, "community_worker",
     {P::kReadRegistry, P::kWriteRegistry, P::kImport, P::kRevealPii, P::kReadAppeals, P::kRecordAppeal,
      P::kManageAppeals, P::kReadMassTesting, P::kExemptResidents, P::kScanSamples, P::kDispatchFieldWork}},
    {Role::kGridWorker, "grid_worker",
     {P::kReadRegistry, P::kWriteRegistry, P::kReadAppeals, P::kRecordAppeal, P::kReadMassTesting,
      P::kExemptResidents, P::kScanSamples}},
    {Role::kPartySecretary, "party_secretary",
     {P::kReadRegistry, P::kReadAppeals, P::kRecordAppeal, P::kManageAppeals, P::kReadMassTesting}},
    {Role::kVolunteer, "volunteer", {P::kReadRegistry}},
    {Role::kInspector, "inspector", {P::kReadRegistry, P::kReadAppeals, P::kReadMassTesting}},
    {Role::kSampler, "sampler", {P::kReadRegistry, P::kReadMassTesting, P::kScanSamples}},
    {Role::kLabTechnician, "lab_technician", {P::kUploadLabResults}},
}};

}  // namespace

std::string_view RoleName(Role role) {
    for (const auto& r : kRoles)
        if (r.role == role) return r.name;
    return "";
}

std::optional<Role> ParseRole(std::string_view name) {
    for (const auto& r : kRoles)
        if (r.name == name) return r.role;
    return std::nullopt;
}

std::vector<Role> AllRoles() {
    std::vector<Role> out;
    for (const auto& r : kRoles) out.push_back(r.role);
    return out;
}

bool RoleHas(Role role, Permission permission) {
    for (const auto& r : kRoles)
        if (r.role == role)
            for (auto p : r.permissions)
                if (p == permission) return true;
    return false;
}

}  // namespace wangge::auth
