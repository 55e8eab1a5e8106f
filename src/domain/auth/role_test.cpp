#include "domain/auth/role.hpp"

#include <gtest/gtest.h>

namespace wangge::auth {
namespace {

TEST(Role, NamesRoundTrip) {
    for (Role r : AllRoles()) EXPECT_EQ(ParseRole(RoleName(r)), r);
    EXPECT_EQ(AllRoles().size(), 10u);
    EXPECT_FALSE(ParseRole("root"));
}

TEST(Role, FieldRolesCannotRevealPersonalData) {
    for (Role r : {Role::kGridWorker, Role::kVolunteer, Role::kSampler, Role::kLabTechnician})
        EXPECT_FALSE(RoleHas(r, Permission::kRevealPii)) << RoleName(r);
    EXPECT_TRUE(RoleHas(Role::kCommunityWorker, Permission::kRevealPii));
    EXPECT_FALSE(RoleHas(Role::kLabTechnician, Permission::kReadRegistry));
    EXPECT_TRUE(RoleHas(Role::kCityAdmin, Permission::kManageUsers));
    EXPECT_FALSE(RoleHas(Role::kCommunityWorker, Permission::kManageUsers));
}

}  // namespace
}  // namespace wangge::auth
