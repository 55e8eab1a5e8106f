-- Party-Day Talk (党日说事): the appeals ledger, its events as a hash chain per community, the big
-- Party committee, and each community's Party-day rule. Times are epoch milliseconds (UTC); enums
-- are their API keys ('grid_visit', 'in_progress', …); '' stands for "none" in track/evaluation.
CREATE TABLE appeal_categories (
    id          BIGSERIAL PRIMARY KEY,
    code        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    sort_order  BIGINT NOT NULL DEFAULT 0,
    active      BIGINT NOT NULL DEFAULT 1
);
INSERT INTO appeal_categories (code, name, sort_order) VALUES
    ('facilities_repair', '设施维修', 1),
    ('sanitation', '环境卫生', 2),
    ('property_management', '物业管理', 3),
    ('neighbour_dispute', '邻里纠纷', 4),
    ('safety_hazard', '安全隐患', 5),
    ('public_services', '公共服务', 6),
    ('other', '其他', 99);

CREATE TABLE appeals (
    id                   BIGSERIAL PRIMARY KEY,
    community_id         BIGINT NOT NULL REFERENCES areas(id),
    area_id              BIGINT NOT NULL REFERENCES areas(id),
    path                 TEXT COLLATE "C" NOT NULL,      -- the area's (or household's building's) path
    building_id          BIGINT,
    household_id         BIGINT,
    channel              TEXT NOT NULL,
    category_id          BIGINT NOT NULL REFERENCES appeal_categories(id),
    description          TEXT NOT NULL,
    reporter_kind        TEXT NOT NULL,                  -- 'anonymous' | 'resident' | 'named'
    reporter_resident_id BIGINT,
    reporter_name        TEXT NOT NULL DEFAULT '',
    reporter_phone       TEXT NOT NULL DEFAULT '',
    track                TEXT NOT NULL DEFAULT '',
    status               TEXT NOT NULL,
    suspended_from       TEXT,
    claimer_kind         TEXT NOT NULL DEFAULT '',       -- '' | 'user' | 'member'
    claimer_id           BIGINT,
    claimer_name         TEXT NOT NULL DEFAULT '',
    due_at               BIGINT,
    due_from             BIGINT,
    claim_round          BIGINT NOT NULL DEFAULT 1,
    evaluation           TEXT NOT NULL DEFAULT '',
    resolved_at          BIGINT,
    reported_at          BIGINT,
    session_id           BIGINT,                         -- the Party-day session (a later table)
    merged_into_id       BIGINT,
    recorded_by          BIGINT NOT NULL,
    recorded_by_name     TEXT NOT NULL DEFAULT '',
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    version              BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX appeals_path ON appeals(path, id);
CREATE INDEX appeals_status_due ON appeals(status, due_at);
CREATE INDEX appeals_claimer ON appeals(claimer_kind, claimer_id);

-- Append-only. hash = SHA-256(prev_hash + canonical text), see domain/appeals/ledger.hpp.
CREATE TABLE appeal_events (
    id           BIGSERIAL PRIMARY KEY,
    community_id BIGINT NOT NULL,
    seq          BIGINT NOT NULL,
    appeal_id    BIGINT NOT NULL REFERENCES appeals(id),
    at           BIGINT NOT NULL,
    actor_id     BIGINT NOT NULL,
    actor_name   TEXT NOT NULL,
    action       TEXT NOT NULL,
    from_status  TEXT NOT NULL,
    to_status    TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    detail       TEXT NOT NULL DEFAULT '{}',
    prev_hash    TEXT NOT NULL,
    hash         TEXT NOT NULL,
    UNIQUE (community_id, seq)
);
CREATE INDEX appeal_events_appeal ON appeal_events(appeal_id, id);

-- The head of each community's chain; its row lock serialises appends on PostgreSQL
-- (SQLite has one writer anyway).
CREATE TABLE appeal_ledgers (
    community_id BIGINT PRIMARY KEY,
    seq          BIGINT NOT NULL,
    head_hash    TEXT NOT NULL
);

CREATE TABLE committee_members (
    id           BIGSERIAL PRIMARY KEY,
    community_id BIGINT NOT NULL REFERENCES areas(id),
    name         TEXT COLLATE "C" NOT NULL,
    kind         TEXT NOT NULL,
    unit_name    TEXT NOT NULL DEFAULT '',
    phone        TEXT NOT NULL DEFAULT '',
    active       BIGINT NOT NULL DEFAULT 1,
    created_at   BIGINT NOT NULL,
    version      BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX committee_members_community ON committee_members(community_id, name);

CREATE TABLE appeal_settings (
    community_id    BIGINT PRIMARY KEY REFERENCES areas(id),
    party_day_kind  TEXT NOT NULL,                       -- 'last_weekday' | 'day_of_month'
    party_day_value BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
