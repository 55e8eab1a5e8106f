#pragma once
// What the auth service needs from storage. Implemented in storage/repositories.
#include <optional>
#include <vector>

#include "common/result.hpp"
#include "domain/auth/user.hpp"

namespace wangge::auth {

struct AuditEntry {
    std::int64_t id = 0;
    EpochMillis at = 0;
    std::int64_t user_id = 0;
    std::string action;        // "reveal_pii"
    std::string subject_type;  // "resident"
    std::int64_t subject_id = 0;
    std::string reason;
};

// A session with its user and the user's scope path: what every authenticated request needs.
struct SessionUser {
    Session session;
    User user;
    std::string area_path;
};

class AuthRepository {
public:
    virtual ~AuthRepository() = default;
    // kAlreadyExists when the username is taken.
    virtual Result<User> CreateUser(const User& user) = 0;
    virtual Result<User> GetUserByUsername(const std::string& username) = 0;  // kNotFound
    virtual Result<User> GetUser(std::int64_t id) = 0;                        // kNotFound
    virtual Result<std::vector<User>> ListUsers() = 0;
    // Users whose scope is exactly this area (e.g. the grid workers of a grid), by id.
    virtual Result<std::vector<User>> ListUsersAt(std::int64_t area_id) = 0;
    // Users whose scope is the area at `path` or inside it, by area path then id; at most `limit`.
    virtual Result<std::vector<User>> ListUsersUnder(const std::string& path, int limit) = 0;
    virtual Status SetPasswordHash(std::int64_t user_id, const std::string& hash) = 0;
    // Stores the failure count and lock time after a login attempt.
    virtual Status SetLoginState(std::int64_t user_id, int failed_logins, EpochMillis locked_until) = 0;

    virtual Status CreateSession(const Session& session) = 0;
    virtual Result<Session> GetSession(const std::string& token_hash) = 0;  // kNotFound
    // The session, its user and the user's area path in one read. kNotFound.
    virtual Result<SessionUser> GetSessionUser(const std::string& token_hash) = 0;
    virtual Status DeleteSession(const std::string& token_hash) = 0;
    virtual Status DeleteExpiredSessions(EpochMillis now) = 0;

    // The materialised path of an area (for the caller's scope). kNotFound.
    virtual Result<std::string> AreaPath(std::int64_t area_id) = 0;

    virtual Status AppendAudit(const AuditEntry& entry) = 0;
    virtual Result<std::vector<AuditEntry>> ListAudit(const std::string& subject_type, std::int64_t subject_id) = 0;
};

}  // namespace wangge::auth
