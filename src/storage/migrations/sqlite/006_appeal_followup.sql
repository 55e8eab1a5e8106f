-- Follow-up of the appeals ledger: photos (bytes on disk under the data directory, metadata here),
-- public evaluation links (only the token's SHA-256 is kept), and an index for extension requests,
-- which are ledger events (request_extension, approve_extension, refuse_extension).
CREATE TABLE appeal_photos (
    id               INTEGER PRIMARY KEY,
    appeal_id        INTEGER NOT NULL REFERENCES appeals(id),
    event_id         INTEGER REFERENCES appeal_events(id),   -- the step it documents, when given
    uploaded_by      INTEGER NOT NULL,
    uploaded_by_name TEXT NOT NULL DEFAULT '',
    content_type     TEXT NOT NULL,                           -- 'image/jpeg' | 'image/png' | 'image/webp'
    size_bytes       INTEGER NOT NULL,
    sha256           TEXT NOT NULL,
    storage_name     TEXT NOT NULL UNIQUE,                    -- server-chosen file name
    created_at       INTEGER NOT NULL
);
CREATE INDEX appeal_photos_appeal ON appeal_photos(appeal_id, id);

CREATE TABLE appeal_evaluation_links (
    id              INTEGER PRIMARY KEY,
    appeal_id       INTEGER NOT NULL REFERENCES appeals(id),
    token_hash      TEXT NOT NULL UNIQUE,
    created_by      INTEGER NOT NULL,
    created_by_name TEXT NOT NULL DEFAULT '',
    created_at      INTEGER NOT NULL,
    expires_at      INTEGER NOT NULL,
    used_at         INTEGER,
    revoked_at      INTEGER
);
CREATE INDEX appeal_evaluation_links_appeal ON appeal_evaluation_links(appeal_id, id);

-- Pending extension requests are found by action, then checked against their appeal's later events.
CREATE INDEX appeal_events_action ON appeal_events(action, appeal_id, id);
