#include <cstdio>
#include <iostream>

#include "app/commands.hpp"
#include "common/clock.hpp"
#include "domain/auth/auth_service.hpp"
#include "storage/repositories/sql_repositories.hpp"

namespace wangge::app {

int RunUserAdd(const UserAddOptions& options) {
    auto role = auth::ParseRole(options.role);
    if (!role) return PrintError(MakeError(ErrorCode::kInvalidArgument, "unknown role " + options.role, "role"));
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    auto db = OpenMigrated(ResolveDatabaseUrl(options.db));
    if (!db) return PrintError(db.error());
    auto areas = storage::MakeSqlRegistryRepository(**db);
    auto area = areas->GetAreaByCode(options.area_code);
    if (!area)
        return PrintError(MakeError(ErrorCode::kInvalidArgument, "no area with code " + options.area_code, "area"));
    auto users = storage::MakeSqlAuthRepository(**db);
    SystemClock clock;
    auth::AuthService service(*users, clock);
    auto user = service.AddUser(options.username, options.display_name, *role, area->id, password);
    if (!user) return PrintError(user.error());
    std::printf("added user %s (%s) scoped to %s %s\n", user->username.c_str(), options.role.c_str(),
                area->code.c_str(), area->name.c_str());
    return 0;
}

int RunUserList(const std::string& flag) {
    auto db = OpenMigrated(ResolveDatabaseUrl(flag));
    if (!db) return PrintError(db.error());
    auto users = storage::MakeSqlAuthRepository(**db)->ListUsers();
    if (!users) return PrintError(users.error());
    auto areas = storage::MakeSqlRegistryRepository(**db);
    std::printf("%-6s %-20s %-18s %-14s %s\n", "id", "username", "role", "area", "name");
    for (const auto& u : *users) {
        auto area = areas->GetArea(u.area_id);
        std::printf("%-6lld %-20s %-18s %-14s %s\n", static_cast<long long>(u.id), u.username.c_str(),
                    std::string(auth::RoleName(u.role)).c_str(), area ? area->code.c_str() : "?",
                    area ? area->name.c_str() : "");
    }
    return 0;
}

}  // namespace wangge::app
