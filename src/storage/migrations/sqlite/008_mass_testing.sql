-- Mass testing (核酸检测): rounds, their scope and sealed buildings, exemptions, tubes, scans and the
-- coverage counters kept with the scans. Times are epoch milliseconds (UTC); enums are their API
-- keys. Contract and plan (lab results, re-tests, door-to-door, sample points): docs/api/mass-testing.md.
CREATE TABLE test_rounds (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    kind          TEXT NOT NULL,                 -- 'everyone' | 'tags'
    tag_mask      INTEGER NOT NULL DEFAULT 0,    -- kind 'tags': residents with any of these tag bits
    pool_size     INTEGER NOT NULL,              -- 1 | 5 | 10 | 20 people per tube
    status        TEXT NOT NULL,                 -- 'draft' | 'active' | 'closed'
    starts_at     INTEGER NOT NULL,
    ends_at       INTEGER NOT NULL,
    owner_area_id INTEGER NOT NULL REFERENCES areas(id),   -- the creator's area
    owner_path    TEXT NOT NULL,
    created_by    INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    activated_at  INTEGER,
    closed_at     INTEGER,
    updated_at    INTEGER NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX test_rounds_status ON test_rounds(status, id);

-- The round's scope: one or more areas (none inside another).
CREATE TABLE round_areas (
    round_id INTEGER NOT NULL REFERENCES test_rounds(id),
    area_id  INTEGER NOT NULL REFERENCES areas(id),
    path     TEXT NOT NULL,
    PRIMARY KEY (round_id, area_id)
);

-- Buildings sampled one tube per household in this round (sealed: 封控).
CREATE TABLE round_sealed_buildings (
    round_id    INTEGER NOT NULL REFERENCES test_rounds(id),
    building_id INTEGER NOT NULL REFERENCES areas(id),
    path        TEXT NOT NULL,                   -- the building's path
    sealed_by   INTEGER NOT NULL,
    sealed_at   INTEGER NOT NULL,
    PRIMARY KEY (round_id, building_id)
);

-- Residents not expected to be sampled in this round, and why.
CREATE TABLE round_exemptions (
    round_id     INTEGER NOT NULL REFERENCES test_rounds(id),
    resident_id  INTEGER NOT NULL,
    household_id INTEGER NOT NULL,
    building_id  INTEGER NOT NULL,
    path         TEXT NOT NULL,                  -- the resident's building path at exemption
    reason       TEXT NOT NULL,                  -- 'away' | 'infant' | 'hospitalised'
    note         TEXT NOT NULL DEFAULT '',
    created_by   INTEGER NOT NULL,
    created_at   INTEGER NOT NULL,
    PRIMARY KEY (round_id, resident_id)
);
CREATE INDEX round_exemptions_path ON round_exemptions(round_id, path, resident_id);

-- A sample tube. A 'household' tube holds one household of a sealed building.
CREATE TABLE tubes (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES test_rounds(id),
    code         TEXT NOT NULL,                  -- the barcode, unique per round
    kind         TEXT NOT NULL,                  -- 'pool' | 'household' | 'single' (re-tests, later)
    status       TEXT NOT NULL,                  -- 'open' | 'closed'
    capacity     INTEGER NOT NULL,
    scan_count   INTEGER NOT NULL DEFAULT 0,
    household_id INTEGER,                        -- kind 'household'
    path         TEXT NOT NULL,                  -- the opener's scope: who may use this tube
    point_id     INTEGER,                        -- sample point (later: sample_points)
    opened_by    INTEGER NOT NULL,
    opened_at    INTEGER NOT NULL,
    closed_at    INTEGER,
    result       TEXT NOT NULL DEFAULT '',       -- '' (pending) | 'negative' | 'positive' | 'invalid' (later: lab results)
    result_at    INTEGER,
    UNIQUE (round_id, code)
);
CREATE INDEX tubes_code ON tubes(code);

-- Accepted scans: one person sampled into one tube. kind 'routine' is the round's sample (one per
-- person per round); 'retest' is reserved for single-tube re-tests (later).
CREATE TABLE scans (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL,
    client_id    TEXT NOT NULL,                  -- the device's id for this scan: retries are idempotent
    tube_id      INTEGER NOT NULL,
    tube_seq     INTEGER NOT NULL,               -- 1..capacity: the place in the tube
    resident_id  INTEGER NOT NULL,
    household_id INTEGER NOT NULL,
    building_id  INTEGER NOT NULL,
    path         TEXT NOT NULL,                  -- the resident's building path when scanned
    kind         TEXT NOT NULL DEFAULT 'routine',
    scanned_at   INTEGER NOT NULL,               -- device time
    received_at  INTEGER NOT NULL,               -- server time
    sampler_id   INTEGER NOT NULL,
    UNIQUE (round_id, client_id)
);
CREATE UNIQUE INDEX scans_person ON scans(round_id, resident_id) WHERE kind = 'routine';
CREATE INDEX scans_tube ON scans(tube_id, tube_seq);

-- Refused scans, kept so that a retry with the same client id answers the same refusal.
CREATE TABLE scan_refusals (
    round_id    INTEGER NOT NULL,
    client_id   TEXT NOT NULL,
    reason      TEXT NOT NULL,                   -- see domain/masstest/masstest.hpp RefusalReason
    message     TEXT NOT NULL,
    tube_code   TEXT NOT NULL DEFAULT '',
    resident_id INTEGER,
    scanned_at  INTEGER NOT NULL,
    received_at INTEGER NOT NULL,
    sampler_id  INTEGER NOT NULL,
    PRIMARY KEY (round_id, client_id)
);

-- Coverage counters per round and area: the scope areas, everything below them down to the
-- building, and their ancestors up to the root. Updated in the same transaction as the scans and
-- exemptions. remaining = expected - exempt - sampled.
CREATE TABLE round_coverage (
    round_id  INTEGER NOT NULL,
    area_id   INTEGER NOT NULL,
    parent_id INTEGER,
    path      TEXT NOT NULL,
    depth     INTEGER NOT NULL,
    expected  INTEGER NOT NULL DEFAULT 0,
    exempt    INTEGER NOT NULL DEFAULT 0,
    sampled   INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, area_id)
);
CREATE INDEX round_coverage_parent ON round_coverage(round_id, parent_id, area_id);
CREATE INDEX round_coverage_path ON round_coverage(round_id, path);

-- The same per household (drill-down below the building).
CREATE TABLE round_household_coverage (
    round_id     INTEGER NOT NULL,
    household_id INTEGER NOT NULL,
    building_id  INTEGER NOT NULL,
    expected     INTEGER NOT NULL DEFAULT 0,
    exempt       INTEGER NOT NULL DEFAULT 0,
    sampled      INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, household_id)
);
CREATE INDEX round_household_coverage_building ON round_household_coverage(round_id, building_id, household_id);
