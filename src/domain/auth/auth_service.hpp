#pragma once
// Login, sessions and lockout. Passwords are hashed with argon2id (libsodium); session
// tokens are 256 random bits, handed to the client once and stored only as SHA-256.
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "common/clock.hpp"
#include "common/result.hpp"
#include "domain/auth/auth_repository.hpp"

namespace wangge::auth {

struct AuthPolicy {
    int max_failed_logins = 5;                      // then the account is locked …
    EpochMillis lockout_ms = 15 * 60 * 1000;        // … for this long
    EpochMillis session_ttl_ms = 12 * 3600 * 1000;  // a working day
    // Authenticate reads a session from the database at most once per this long (0: on every call).
    // Every request authenticates, and the scan path runs thousands a second. A logout through this
    // service takes effect at once; a session or user changed elsewhere (another server, the `wangge
    // user` commands) within this long. `wangge serve` uses 2 s.
    EpochMillis session_cache_ms = 0;
};

struct LoginResult {
    std::string token;  // for the cookie; not stored anywhere
    Caller caller;
    EpochMillis expires_at = 0;
};

// argon2id hash in libsodium's encoded form (interactive limits: a login costs ~50 ms).
Result<std::string> HashPassword(const std::string& password);
bool VerifyPassword(const std::string& hash, const std::string& password);
std::string RandomToken();                       // 64 hex chars
std::string Sha256Hex(const std::string& text);  // 64 hex chars

class AuthService {
  public:
    AuthService(AuthRepository& repo, const Clock& clock, AuthPolicy policy = {});

    // kUnauthenticated for a wrong user or password (same message for both);
    // kResourceExhausted while the account is locked.
    Result<LoginResult> Login(const std::string& username, const std::string& password);
    // kUnauthenticated for an unknown or expired token.
    Result<Caller> Authenticate(const std::string& token);
    Status Logout(const std::string& token);

    // Creates a user. kInvalidArgument for a short password (< 8) or bad username, kAlreadyExists.
    Result<User> AddUser(const std::string& username, const std::string& display_name, Role role, std::int64_t area_id,
                         const std::string& password);

    Result<Caller> CallerFor(const User& user);

    // The grid workers assigned to a grid: users with that role scoped to exactly that area.
    Result<std::vector<User>> GridWorkersOf(std::int64_t grid_id);

  private:
    AuthRepository& repo_;
    const Clock& clock_;
    AuthPolicy policy_;

    // Sessions read lately, by token hash (AuthPolicy::session_cache_ms).
    struct CachedSession {
        Caller caller;
        EpochMillis expires_at = 0;  // the session's own end
        EpochMillis read_at = 0;
    };
    static constexpr std::size_t kMaxCachedSessions = 20000;  // then the cache starts afresh
    std::mutex cache_mutex_;
    std::unordered_map<std::string, CachedSession> cache_;  // guarded by cache_mutex_
};

}  // namespace wangge::auth
