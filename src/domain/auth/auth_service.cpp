#include "domain/auth/auth_service.hpp"

#include <algorithm>

namespace wangge::auth {
namespace {

constexpr std::string_view kBadCredentials = "用户名或密码错误 (wrong username or password)";

tl::unexpected<Error> Locked(EpochMillis until, EpochMillis now) {
    auto minutes = std::max<EpochMillis>(1, (until - now + 59'999) / 60'000);
    return Fail(ErrorCode::kResourceExhausted, "登录失败次数过多，账户已锁定，请" + std::to_string(minutes) +
                                                   "分钟后再试 (too many failed logins; account locked)");
}

bool ValidUsername(const std::string& name) {
    return name.size() >= 2 && name.size() <= 64 && std::all_of(name.begin(), name.end(), [](char c) {
               return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                      c == '.' || c == '-';
           });
}

}  // namespace

AuthService::AuthService(AuthRepository& repo, const Clock& clock, AuthPolicy policy)
    : repo_(repo), clock_(clock), policy_(policy) {}

Result<Caller> AuthService::CallerFor(const User& user) {
    WANGGE_TRY(path, repo_.AreaPath(user.area_id));
    return Caller{user.id, user.username, user.display_name, user.role, user.area_id, std::move(path)};
}

Result<LoginResult> AuthService::Login(const std::string& username, const std::string& password) {
    auto user = repo_.GetUserByUsername(username);
    if (!user) {
        if (user.error().code != ErrorCode::kNotFound) return Fail(user.error());
        // Spend the same time as a real check so response times don't reveal which usernames exist.
        static const std::string dummy = HashPassword("not-a-real-password").value_or("");
        VerifyPassword(dummy, password);
        return Fail(ErrorCode::kUnauthenticated, std::string(kBadCredentials));
    }
    const EpochMillis now = clock_.Now();
    if (user->locked_until > now) return Locked(user->locked_until, now);
    if (!VerifyPassword(user->password_hash, password)) {
        int failures = user->failed_logins + 1;
        if (failures >= policy_.max_failed_logins) {
            WANGGE_CHECK(repo_.SetLoginState(user->id, 0, now + policy_.lockout_ms));
            return Locked(now + policy_.lockout_ms, now);
        }
        WANGGE_CHECK(repo_.SetLoginState(user->id, failures, 0));
        return Fail(ErrorCode::kUnauthenticated, std::string(kBadCredentials));
    }
    if (user->failed_logins != 0 || user->locked_until != 0) WANGGE_CHECK(repo_.SetLoginState(user->id, 0, 0));
    WANGGE_TRY(caller, CallerFor(*user));
    LoginResult result{RandomToken(), std::move(caller), now + policy_.session_ttl_ms};
    WANGGE_CHECK(repo_.CreateSession(Session{Sha256Hex(result.token), user->id, now, result.expires_at}));
    return result;
}

Result<Caller> AuthService::Authenticate(const std::string& token) {
    auto unauthenticated = [] { return Fail(ErrorCode::kUnauthenticated, "请先登录 (please log in)"); };
    if (token.size() != 64) return unauthenticated();
    const std::string hash = Sha256Hex(token);
    const EpochMillis now = clock_.Now();
    if (policy_.session_cache_ms > 0) {
        std::lock_guard lock(cache_mutex_);
        if (auto it = cache_.find(hash); it != cache_.end()) {
            if (now - it->second.read_at < policy_.session_cache_ms && it->second.expires_at > now)
                return it->second.caller;
            cache_.erase(it);
        }
    }
    // One read: this runs on every request (or once per session_cache_ms).
    auto found = repo_.GetSessionUser(hash);
    if (!found) return found.error().code == ErrorCode::kNotFound ? unauthenticated() : Fail(found.error());
    if (found->session.expires_at <= now) {
        WANGGE_CHECK(repo_.DeleteSession(found->session.token_hash));
        return unauthenticated();
    }
    const User& u = found->user;
    Caller caller{u.id, u.username, u.display_name, u.role, u.area_id, std::move(found->area_path)};
    if (policy_.session_cache_ms > 0) {
        std::lock_guard lock(cache_mutex_);
        if (cache_.size() >= kMaxCachedSessions) cache_.clear();
        cache_[hash] = CachedSession{caller, found->session.expires_at, now};
    }
    return caller;
}

Result<std::vector<User>> AuthService::GridWorkersOf(std::int64_t grid_id) {
    WANGGE_TRY(users, repo_.ListUsersAt(grid_id));
    std::erase_if(users, [](const User& u) { return u.role != Role::kGridWorker; });
    return users;
}

Status AuthService::Logout(const std::string& token) {
    const std::string hash = Sha256Hex(token);
    {
        std::lock_guard lock(cache_mutex_);
        cache_.erase(hash);
    }
    return repo_.DeleteSession(hash);
}

Result<User> AuthService::AddUser(const std::string& username, const std::string& display_name, Role role,
                                  std::int64_t area_id, const std::string& password) {
    if (!ValidUsername(username))
        return Fail(ErrorCode::kInvalidArgument,
                    "用户名须为2-64位字母、数字或 _ . - (username: 2-64 letters, digits, _ . -)", "username");
    if (password.size() < 8)
        return Fail(ErrorCode::kInvalidArgument, "密码至少8位 (password must have at least 8 characters)", "password");
    WANGGE_TRY(path, repo_.AreaPath(area_id));
    WANGGE_TRY(hash, HashPassword(password));
    User user;
    user.username = username;
    user.display_name = display_name.empty() ? username : display_name;
    user.password_hash = std::move(hash);
    user.role = role;
    user.area_id = area_id;
    user.created_at = clock_.Now();
    return repo_.CreateUser(user);
}

}  // namespace wangge::auth
