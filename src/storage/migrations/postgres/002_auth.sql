-- Accounts, sessions and the audit log of personal-data reveals. A grid worker is assigned to a
-- grid by being scoped to it (users.area_id).
CREATE TABLE users (
    id              BIGSERIAL PRIMARY KEY,
    username        TEXT NOT NULL UNIQUE,
    display_name    TEXT NOT NULL DEFAULT '',
    password_hash   TEXT NOT NULL,               -- argon2id, libsodium's encoded string
    role            TEXT NOT NULL,
    area_id         BIGINT NOT NULL REFERENCES areas(id),
    failed_logins   BIGINT NOT NULL DEFAULT 0,
    locked_until    BIGINT NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL
);
CREATE INDEX users_area ON users(area_id);

CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,                -- hex SHA-256 of the cookie token
    user_id     BIGINT NOT NULL REFERENCES users(id),
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE audit_log (
    id           BIGSERIAL PRIMARY KEY,
    at           BIGINT NOT NULL,
    user_id      BIGINT NOT NULL,
    action       TEXT NOT NULL,                  -- 'reveal_pii', …
    subject_type TEXT NOT NULL,
    subject_id   BIGINT NOT NULL,
    reason       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_subject ON audit_log(subject_type, subject_id);
