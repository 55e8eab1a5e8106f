#pragma once
#include <cstdint>
#include <string>

#include "common/clock.hpp"
#include "domain/auth/role.hpp"

namespace wangge::auth {

struct User {
    std::int64_t id = 0;
    std::string username;
    std::string display_name;
    std::string password_hash;  // never leaves the server
    Role role = Role::kVolunteer;
    std::int64_t area_id = 0;
    int failed_logins = 0;
    EpochMillis locked_until = 0;
    EpochMillis created_at = 0;
};

// The authenticated caller of a request: who, which role, which area subtree.
struct Caller {
    std::int64_t user_id = 0;
    std::string username;
    std::string display_name;
    Role role = Role::kVolunteer;
    std::int64_t area_id = 0;
    std::string area_path;  // scope: every read and write is limited to paths under it

    bool Can(Permission p) const { return RoleHas(role, p); }
    bool InScope(std::string_view path) const { return path.starts_with(area_path); }
};

struct Session {
    std::string token_hash;
    std::int64_t user_id = 0;
    EpochMillis created_at = 0;
    EpochMillis expires_at = 0;
};

}  // namespace wangge::auth
