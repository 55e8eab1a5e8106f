#include "domain/registry/area.hpp"
#include "storage/repositories/read_rows.hpp"
#include "storage/repositories/row_mapping.hpp"
#include "storage/repositories/sql_repositories.hpp"

namespace wangge::storage {
namespace {

using namespace auth;

constexpr std::string_view kUserColumns =
    "id, username, display_name, password_hash, role, area_id, failed_logins, locked_until, created_at";
const std::string kSelectUserByName = std::string("SELECT ") + std::string(kUserColumns) +
                                      " FROM users WHERE username = $1";
const std::string kSelectUser = std::string("SELECT ") + std::string(kUserColumns) + " FROM users WHERE id = $1";
const std::string kListUsers = std::string("SELECT ") + std::string(kUserColumns) + " FROM users ORDER BY id";
const std::string kListUsersAt =
    std::string("SELECT ") + std::string(kUserColumns) + " FROM users WHERE area_id = $1 ORDER BY id";
// The path range [$1, $2) is the area and everything under it (registry::PathUpperBound).
constexpr std::string_view kListUsersUnder =
    "SELECT u.id, u.username, u.display_name, u.password_hash, u.role, u.area_id, u.failed_logins, "
    "u.locked_until, u.created_at FROM users u JOIN areas a ON a.id = u.area_id "
    "WHERE a.path >= $1 AND a.path < $2 ORDER BY a.path, u.id LIMIT $3";
constexpr std::string_view kInsertUser =
    "INSERT INTO users (username, display_name, password_hash, role, area_id, failed_logins, locked_until, "
    "created_at) VALUES ($1, $2, $3, $4, $5, 0, 0, $6) RETURNING id";
constexpr std::string_view kSetPassword = "UPDATE users SET password_hash = $1 WHERE id = $2";
constexpr std::string_view kSetLoginState = "UPDATE users SET failed_logins = $1, locked_until = $2 WHERE id = $3";
constexpr std::string_view kInsertSession =
    "INSERT INTO sessions (token_hash, user_id, created_at, expires_at) VALUES ($1, $2, $3, $4)";
constexpr std::string_view kSelectSession =
    "SELECT token_hash, user_id, created_at, expires_at FROM sessions WHERE token_hash = $1";
const std::string kSelectSessionUser =
    "SELECT s.token_hash, s.user_id, s.created_at, s.expires_at, u.id, u.username, u.display_name, u.password_hash, "
    "u.role, u.area_id, u.failed_logins, u.locked_until, u.created_at, a.path "
    "FROM sessions s JOIN users u ON u.id = s.user_id JOIN areas a ON a.id = u.area_id WHERE s.token_hash = $1";
constexpr std::string_view kDeleteSession = "DELETE FROM sessions WHERE token_hash = $1";
constexpr std::string_view kDeleteExpired = "DELETE FROM sessions WHERE expires_at <= $1";
constexpr std::string_view kAreaPath = "SELECT path FROM areas WHERE id = $1";
constexpr std::string_view kInsertAudit =
    "INSERT INTO audit_log (at, user_id, action, subject_type, subject_id, reason) VALUES ($1, $2, $3, $4, $5, $6)";
constexpr std::string_view kListAudit =
    "SELECT id, at, user_id, action, subject_type, subject_id, reason FROM audit_log "
    "WHERE subject_type = $1 AND subject_id = $2 ORDER BY id";

// Reads kUserColumns starting at column `c`.
User ReadUser(const Row& row, int c = 0) {
    User u;
    u.id = row.Int(c + 0);
    u.username = row.Text(c + 1);
    u.display_name = row.Text(c + 2);
    u.password_hash = row.Text(c + 3);
    u.role = ParseRole(row.Text(c + 4)).value_or(Role::kVolunteer);
    u.area_id = row.Int(c + 5);
    u.failed_logins = static_cast<int>(row.Int(c + 6));
    u.locked_until = row.Int(c + 7);
    u.created_at = row.Int(c + 8);
    return u;
}

class SqlAuthRepository final : public AuthRepository {
public:
    explicit SqlAuthRepository(Database& db) : db_(db) {}

    Result<User> CreateUser(const User& draft) override {
        User u = draft;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            auto id = QueryInt(c, kInsertUser,
                               {u.username, u.display_name, u.password_hash, std::string(RoleName(u.role)), u.area_id,
                                u.created_at});
            if (!id) {
                if (id.error().code == ErrorCode::kAlreadyExists)
                    return Fail(ErrorCode::kAlreadyExists, "用户名已存在 (username taken)", "username");
                return Fail(id.error());
            }
            u.id = *id;
            return {};
        }));
        return u;
    }

    Result<User> GetUserByUsername(const std::string& username) override { return One(kSelectUserByName, {username}); }
    Result<User> GetUser(std::int64_t id) override { return One(kSelectUser, {id}); }

    Result<std::vector<User>> ListUsers() override {
        std::vector<User> out;
        WANGGE_CHECK(Query(kListUsers, {}, [&](const Row& row) { out.push_back(ReadUser(row)); }));
        return out;
    }

    Result<std::vector<User>> ListUsersAt(std::int64_t area_id) override {
        std::vector<User> out;
        WANGGE_CHECK(Query(kListUsersAt, {area_id}, [&](const Row& row) { out.push_back(ReadUser(row)); }));
        return out;
    }

    Result<std::vector<User>> ListUsersUnder(const std::string& path, int limit) override {
        std::vector<User> out;
        WANGGE_CHECK(Query(kListUsersUnder, {path, registry::PathUpperBound(path), std::int64_t{limit}},
                           [&](const Row& row) { out.push_back(ReadUser(row)); }));
        return out;
    }

    Status SetPasswordHash(std::int64_t user_id, const std::string& hash) override {
        return Write(kSetPassword, {hash, user_id});
    }
    Status SetLoginState(std::int64_t user_id, int failed, EpochMillis locked_until) override {
        return Write(kSetLoginState, {static_cast<std::int64_t>(failed), locked_until, user_id});
    }
    Status CreateSession(const Session& s) override {
        return Write(kInsertSession, {s.token_hash, s.user_id, s.created_at, s.expires_at});
    }

    Result<Session> GetSession(const std::string& token_hash) override {
        return ReadOne(
            db_, kSelectSession, {token_hash},
            [](const Row& row) {
                return Session{row.Text(0), row.Int(1), row.Int(2), row.Int(3)};
            },
            "session not found");
    }

    Result<SessionUser> GetSessionUser(const std::string& token_hash) override {
        return ReadOne(
            db_, kSelectSessionUser, {token_hash},
            [](const Row& row) {
                return SessionUser{Session{row.Text(0), row.Int(1), row.Int(2), row.Int(3)}, ReadUser(row, 4),
                                   row.Text(13)};
            },
            "session not found");
    }

    Status DeleteSession(const std::string& token_hash) override { return Write(kDeleteSession, {token_hash}); }
    Status DeleteExpiredSessions(EpochMillis now) override { return Write(kDeleteExpired, {now}); }

    Result<std::string> AreaPath(std::int64_t area_id) override {
        std::optional<std::string> path;
        WANGGE_CHECK(Query(kAreaPath, {area_id}, [&](const Row& row) { path = row.Text(0); }));
        if (!path) return Fail(ErrorCode::kInvalidArgument, "区域不存在 (no such area)", "area");
        return *path;
    }

    Status AppendAudit(const AuditEntry& e) override {
        return Write(kInsertAudit, {e.at, e.user_id, e.action, e.subject_type, e.subject_id, e.reason});
    }

    Result<std::vector<AuditEntry>> ListAudit(const std::string& subject_type, std::int64_t subject_id) override {
        std::vector<AuditEntry> out;
        WANGGE_CHECK(Query(kListAudit, {subject_type, subject_id}, [&](const Row& row) {
            out.push_back(AuditEntry{row.Int(0), row.Int(1), row.Int(2), row.Text(3), row.Text(4), row.Int(5),
                                     row.Text(6)});
        }));
        return out;
    }

private:
    Result<User> One(std::string_view sql, const Params& params) {
        return ReadOne(
            db_, sql, params, [](const Row& row) { return ReadUser(row); }, "user not found");
    }

    Status Query(std::string_view sql, const Params& params, const RowFn& fn) {
        return db_.Read([&](Connection& c) -> Status {
            auto r = c.Exec(sql, params, fn);
            if (!r) return Fail(r.error());
            return {};
        });
    }

    Status Write(std::string_view sql, const Params& params) {
        return db_.Write([&](Connection& c) -> Status {
            auto r = c.Exec(sql, params);
            if (!r) return Fail(r.error());
            return {};
        });
    }

    Database& db_;
};

}  // namespace

std::unique_ptr<AuthRepository> MakeSqlAuthRepository(Database& db) { return std::make_unique<SqlAuthRepository>(db); }

}  // namespace wangge::storage
