#include <gtest/gtest.h>

#include <map>

#include "domain/auth/auth_service.hpp"

namespace wangge::auth {
namespace {

TEST(Password, HashesWithArgon2idAndVerifies) {
    auto hash = HashPassword("correct horse");
    ASSERT_TRUE(hash);
    EXPECT_TRUE(hash->starts_with("$argon2id$"));
    EXPECT_TRUE(VerifyPassword(*hash, "correct horse"));
    EXPECT_FALSE(VerifyPassword(*hash, "correct horsE"));
    EXPECT_NE(*hash, HashPassword("correct horse").value());  // salted
}

TEST(Token, RandomAndHashed) {
    auto a = RandomToken(), b = RandomToken();
    EXPECT_EQ(a.size(), 64u);
    EXPECT_NE(a, b);
    EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// An in-memory AuthRepository: enough to drive the service's lockout and expiry rules.
class FakeAuthRepository : public AuthRepository {
  public:
    Result<User> CreateUser(const User& u) override {
        for (auto& [id, existing] : users_)
            if (existing.username == u.username) return Fail(ErrorCode::kAlreadyExists, "taken");
        User copy = u;
        copy.id = static_cast<std::int64_t>(users_.size()) + 1;
        users_[copy.id] = copy;
        return copy;
    }
    Result<User> GetUserByUsername(const std::string& name) override {
        for (auto& [id, u] : users_)
            if (u.username == name) return u;
        return Fail(ErrorCode::kNotFound, "no user");
    }
    Result<User> GetUser(std::int64_t id) override {
        if (!users_.count(id)) return Fail(ErrorCode::kNotFound, "no user");
        return users_[id];
    }
    Result<std::vector<User>> ListUsers() override { return std::vector<User>{}; }
    Result<std::vector<User>> ListUsersAt(std::int64_t) override { return std::vector<User>{}; }
    Result<std::vector<User>> ListUsersUnder(const std::string&, int) override { return std::vector<User>{}; }
    Status SetPasswordHash(std::int64_t id, const std::string& h) override {
        users_[id].password_hash = h;
        return {};
    }
    Status SetLoginState(std::int64_t id, int failed, EpochMillis until) override {
        users_[id].failed_logins = failed;
        users_[id].locked_until = until;
        return {};
    }
    Status CreateSession(const Session& s) override {
        sessions_[s.token_hash] = s;
        return {};
    }
    Result<Session> GetSession(const std::string& h) override {
        if (!sessions_.count(h)) return Fail(ErrorCode::kNotFound, "no session");
        return sessions_[h];
    }
    Result<SessionUser> GetSessionUser(const std::string& h) override {
        WANGGE_TRY(session, GetSession(h));
        WANGGE_TRY(user, GetUser(session.user_id));
        WANGGE_TRY(path, AreaPath(user.area_id));
        return SessionUser{session, user, path};
    }
    Status DeleteSession(const std::string& h) override {
        sessions_.erase(h);
        return {};
    }
    Status DeleteExpiredSessions(EpochMillis) override { return {}; }
    Result<std::string> AreaPath(std::int64_t id) override { return "/1/" + std::to_string(id) + "/"; }
    Status AppendAudit(const AuditEntry&) override { return {}; }
    Result<std::vector<AuditEntry>> ListAudit(const std::string&, std::int64_t) override {
        return std::vector<AuditEntry>{};
    }

    std::map<std::int64_t, User> users_;
    std::map<std::string, Session> sessions_;
};

class AuthServiceTest : public ::testing::Test {
  protected:
    FakeAuthRepository repo_;
    FakeClock clock_;
    AuthService service_{repo_, clock_, AuthPolicy{3, 60'000, 3'600'000}};

    void SetUp() override {
        ASSERT_TRUE(service_.AddUser("xintie", "新铁社区", Role::kCommunityWorker, 7, "secret-123"));
    }
};

TEST_F(AuthServiceTest, LoginAuthenticateLogout) {
    auto login = service_.Login("xintie", "secret-123");
    ASSERT_TRUE(login) << login.error().message;
    EXPECT_EQ(login->caller.area_path, "/1/7/");
    EXPECT_EQ(repo_.sessions_.count(login->token), 0u) << "the raw token must not be stored";
    auto caller = service_.Authenticate(login->token);
    ASSERT_TRUE(caller);
    EXPECT_EQ(caller->role, Role::kCommunityWorker);
    ASSERT_TRUE(service_.Logout(login->token));
    EXPECT_EQ(service_.Authenticate(login->token).error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthServiceTest, SameAnswerForUnknownUserAndWrongPassword) {
    auto unknown = service_.Login("nobody", "secret-123");
    auto wrong = service_.Login("xintie", "wrong-password");
    ASSERT_FALSE(unknown);
    ASSERT_FALSE(wrong);
    EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(unknown.error().message, wrong.error().message);
}

TEST_F(AuthServiceTest, LocksAfterRepeatedFailuresThenUnlocks) {
    EXPECT_EQ(service_.Login("xintie", "bad-1").error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(service_.Login("xintie", "bad-2").error().code, ErrorCode::kUnauthenticated);
    EXPECT_EQ(service_.Login("xintie", "bad-3").error().code, ErrorCode::kResourceExhausted);
    // Locked: even the right password is refused.
    EXPECT_EQ(service_.Login("xintie", "secret-123").error().code, ErrorCode::kResourceExhausted);
    clock_.Advance(60'001);
    EXPECT_TRUE(service_.Login("xintie", "secret-123"));
    EXPECT_EQ(repo_.users_[1].failed_logins, 0);
}

TEST_F(AuthServiceTest, SessionsExpire) {
    auto login = service_.Login("xintie", "secret-123");
    ASSERT_TRUE(login);
    clock_.Advance(3'600'000);
    EXPECT_EQ(service_.Authenticate(login->token).error().code, ErrorCode::kUnauthenticated);
    EXPECT_TRUE(repo_.sessions_.empty()) << "an expired session is deleted when seen";
}

// With session_cache_ms, a session is read once per that long: a session removed behind the service's back
// (another server's logout) still works until then; a logout through the service and the session's own
// end take effect at once.
TEST_F(AuthServiceTest, CachedSessionsAreReadOncePerWindow) {
    AuthService cached{repo_, clock_, AuthPolicy{3, 60'000, 3'600'000, 2'000}};
    auto first = cached.Login("xintie", "secret-123");
    auto second = cached.Login("xintie", "secret-123");
    ASSERT_TRUE(first && second);
    ASSERT_TRUE(cached.Authenticate(first->token));
    ASSERT_TRUE(cached.Authenticate(second->token));

    repo_.sessions_.erase(Sha256Hex(first->token));  // gone elsewhere
    clock_.Advance(1'999);
    EXPECT_TRUE(cached.Authenticate(first->token)) << "within the window the cached session answers";
    clock_.Advance(1);
    EXPECT_EQ(cached.Authenticate(first->token).error().code, ErrorCode::kUnauthenticated) << "then it is read again";

    ASSERT_TRUE(cached.Logout(second->token));
    EXPECT_EQ(cached.Authenticate(second->token).error().code, ErrorCode::kUnauthenticated) << "a logout here: at once";

    auto third = cached.Login("xintie", "secret-123");
    ASSERT_TRUE(third);
    clock_.Advance(3'600'000 - 1'000);
    ASSERT_TRUE(cached.Authenticate(third->token));  // read again (the window passed), now cached
    clock_.Advance(1'000);
    EXPECT_EQ(cached.Authenticate(third->token).error().code, ErrorCode::kUnauthenticated)
        << "the session's own end counts even inside the window";
}

TEST_F(AuthServiceTest, AddUserValidates) {
    EXPECT_EQ(service_.AddUser("x", "", Role::kVolunteer, 1, "longenough").error().field, "username");
    EXPECT_EQ(service_.AddUser("ok_name", "", Role::kVolunteer, 1, "short").error().field, "password");
    EXPECT_EQ(service_.AddUser("xintie", "", Role::kVolunteer, 1, "longenough").error().code,
              ErrorCode::kAlreadyExists);
}

}  // namespace
}  // namespace wangge::auth
