-- Party-day sessions (党日): one community's monthly meeting, its attendees, and the agenda as it
-- stood at closing. What was claimed or raised at a session is not stored here: the ledger events
-- (appeal_events) carry the session id in their detail, and appeals.session_id says where an item
-- was reported back. Dates are ISO 'YYYY-MM-DD' (China time); times epoch milliseconds (UTC).
CREATE TABLE party_sessions (
    id              INTEGER PRIMARY KEY,
    community_id    INTEGER NOT NULL REFERENCES areas(id),
    path            TEXT NOT NULL,                  -- the community's path: scope checks
    held_on         TEXT NOT NULL,
    title           TEXT NOT NULL,
    status          TEXT NOT NULL,                  -- 'planned' | 'open' | 'closed'
    minutes         TEXT NOT NULL DEFAULT '',
    other_attendees TEXT NOT NULL DEFAULT '',       -- free text: guests, residents, street officers
    opened_at       INTEGER,
    opened_seq      INTEGER,                        -- the community ledger's seq when it opened
    closed_at       INTEGER,
    closed_seq      INTEGER,                        -- … and when it closed
    created_by      INTEGER NOT NULL,
    created_by_name TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    updated_at      INTEGER NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1,
    UNIQUE (community_id, held_on)
);
-- At most one open session per community: claims and new items go to that one.
CREATE UNIQUE INDEX party_sessions_one_open ON party_sessions(community_id) WHERE status = 'open';

-- Big-committee members present, with their name, kind and unit as they were on the day.
CREATE TABLE party_session_attendees (
    session_id INTEGER NOT NULL REFERENCES party_sessions(id),
    member_id  INTEGER NOT NULL REFERENCES committee_members(id),
    position   INTEGER NOT NULL,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL,
    unit_name  TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (session_id, member_id)
);

-- The agenda sections that change after the meeting ('to_claim', 'overdue'), frozen at closing.
CREATE TABLE party_session_agenda (
    session_id INTEGER NOT NULL REFERENCES party_sessions(id),
    section    TEXT NOT NULL,
    position   INTEGER NOT NULL,
    appeal_id  INTEGER NOT NULL REFERENCES appeals(id),
    PRIMARY KEY (session_id, section, position)
);

-- The agenda is built from these: a community's appeals by status, and those reported at a session.
CREATE INDEX appeals_community_status ON appeals(community_id, status, due_at);
CREATE INDEX appeals_session ON appeals(session_id);
