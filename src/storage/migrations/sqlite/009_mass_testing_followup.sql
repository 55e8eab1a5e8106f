-- Mass testing follow-up (核酸检测, after the scans): sample points and the buildings they serve,
-- field teams and door-to-door tasks, lab results, positive-pool traces with their re-test tasks and
-- alerts. Times are epoch milliseconds (UTC); enums are their API keys. Contract:
-- docs/api/mass-testing.md ("Sample points", "Door-to-door", "Lab results", "Trace", "Events").

-- A sampling point (采样点): a place with lanes and a crew, serving some buildings. round_id NULL: a
-- standing point that serves every round.
CREATE TABLE sample_points (
    id         INTEGER PRIMARY KEY,
    round_id   INTEGER REFERENCES test_rounds(id),
    area_id    INTEGER NOT NULL REFERENCES areas(id),  -- the area it belongs to (a community, …)
    path       TEXT NOT NULL,                          -- that area's path
    name       TEXT NOT NULL,
    place      TEXT NOT NULL DEFAULT '',               -- where: "新铁社区广场东侧"
    lanes      INTEGER NOT NULL DEFAULT 1,             -- sampling lanes (通道) working at once
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL,
    updated_at INTEGER NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX sample_points_path ON sample_points(path, id);

-- The point's crew (工作人员), in the order given.
CREATE TABLE sample_point_crew (
    point_id INTEGER NOT NULL REFERENCES sample_points(id),
    seq      INTEGER NOT NULL,
    name     TEXT NOT NULL,
    duty     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (point_id, seq)
);

-- The buildings a point serves. A building is served by at most one point per round (and one
-- standing point); the service moves it when it is assigned again.
CREATE TABLE sample_point_buildings (
    point_id    INTEGER NOT NULL REFERENCES sample_points(id),
    building_id INTEGER NOT NULL REFERENCES areas(id),
    path        TEXT NOT NULL,                         -- the building's path
    assigned_at INTEGER NOT NULL,
    PRIMARY KEY (point_id, building_id)
);
CREATE INDEX sample_point_buildings_building ON sample_point_buildings(building_id, point_id);

-- Which point a sampler's device works at: tubes the sampler opens carry this point.
CREATE TABLE sampler_bindings (
    user_id  INTEGER PRIMARY KEY,
    point_id INTEGER NOT NULL REFERENCES sample_points(id),
    bound_at INTEGER NOT NULL
);

-- A field team (入户采样小组): a named group of users kept at an area.
CREATE TABLE field_teams (
    id         INTEGER PRIMARY KEY,
    area_id    INTEGER NOT NULL REFERENCES areas(id),
    path       TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_by INTEGER NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX field_teams_path ON field_teams(path, id);

CREATE TABLE field_team_members (
    team_id  INTEGER NOT NULL REFERENCES field_teams(id),
    user_id  INTEGER NOT NULL REFERENCES users(id),
    added_at INTEGER NOT NULL,
    PRIMARY KEY (team_id, user_id)
);
CREATE INDEX field_team_members_user ON field_team_members(user_id, team_id);

-- Door-to-door sampling (上门采样): one task per person who cannot come (bedridden, elderly living
-- alone) or per household of a sealed building. Done when a scan of the normal ingest is linked, or
-- closed as not home / refused.
CREATE TABLE door_tasks (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES test_rounds(id),
    reason       TEXT NOT NULL,                        -- 'bedridden' | 'elderly_alone' | 'sealed'
    resident_id  INTEGER,                              -- person tasks; NULL for a household task
    household_id INTEGER NOT NULL,
    building_id  INTEGER NOT NULL,
    path         TEXT NOT NULL,                        -- the building's path
    team_id      INTEGER,                              -- assigned to a team …
    assignee_id  INTEGER,                              -- … or to one user
    status       TEXT NOT NULL DEFAULT 'open',         -- 'open' | 'sampled' | 'not_home' | 'refused'
    note         TEXT NOT NULL DEFAULT '',
    scan_id      INTEGER,                              -- status 'sampled': the scan that did it
    done_by      INTEGER,
    done_at      INTEGER,
    created_at   INTEGER NOT NULL
);
CREATE UNIQUE INDEX door_tasks_person ON door_tasks(round_id, resident_id) WHERE resident_id IS NOT NULL;
CREATE UNIQUE INDEX door_tasks_household ON door_tasks(round_id, household_id) WHERE resident_id IS NULL;
CREATE INDEX door_tasks_path ON door_tasks(round_id, path, id);
CREATE INDEX door_tasks_team ON door_tasks(round_id, team_id, id);
CREATE INDEX door_tasks_assignee ON door_tasks(round_id, assignee_id, id);

-- One lab upload (a CSV or JSON file of results), applied in one transaction.
CREATE TABLE lab_uploads (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL REFERENCES test_rounds(id),
    format      TEXT NOT NULL,                         -- 'csv' | 'json'
    encoding    TEXT NOT NULL DEFAULT '',              -- CSV: 'utf-8' | 'gbk'
    row_count   INTEGER NOT NULL,
    applied     INTEGER NOT NULL,                      -- rows that changed a tube's result
    unchanged   INTEGER NOT NULL,                      -- rows repeating the tube's current result
    positives   INTEGER NOT NULL,
    invalids    INTEGER NOT NULL,
    uploaded_by INTEGER NOT NULL,
    uploaded_at INTEGER NOT NULL
);
CREATE INDEX lab_uploads_round ON lab_uploads(round_id, id);

-- Every result a lab posted that changed a tube's result, in order (the tube keeps the current one).
CREATE TABLE tube_results (
    id          INTEGER PRIMARY KEY,
    round_id    INTEGER NOT NULL,
    tube_id     INTEGER NOT NULL,
    result      TEXT NOT NULL,                         -- 'negative' | 'positive' | 'invalid'
    previous    TEXT NOT NULL DEFAULT '',              -- the tube's result before ('' pending)
    lab         TEXT NOT NULL DEFAULT '',
    resulted_at INTEGER NOT NULL,                      -- the lab's time
    upload_id   INTEGER NOT NULL,
    line        INTEGER NOT NULL,                      -- the row's line in the upload
    uploaded_by INTEGER NOT NULL,
    uploaded_at INTEGER NOT NULL
);
CREATE INDEX tube_results_tube ON tube_results(tube_id, id);

-- A person to sample again alone: 'retest' for everyone of a positive pool (单管复核), 'resample'
-- for everyone of an invalid tube (重采). The new sample is a 'single' tube and a scan of kind
-- 'retest' (which the routine coverage counters do not count).
CREATE TABLE retest_tasks (
    id             INTEGER PRIMARY KEY,
    round_id       INTEGER NOT NULL REFERENCES test_rounds(id),
    kind           TEXT NOT NULL,                      -- 'retest' | 'resample'
    source_tube_id INTEGER NOT NULL,                   -- the positive or invalid tube
    resident_id    INTEGER NOT NULL,
    household_id   INTEGER NOT NULL,
    building_id    INTEGER NOT NULL,
    path           TEXT NOT NULL,                      -- the building's path (scan time)
    status         TEXT NOT NULL DEFAULT 'pending',    -- 'pending' | 'sampled' | 'negative' | 'positive' | 'invalid'
    tube_id        INTEGER,                            -- the single tube, once sampled
    scan_id        INTEGER,
    sampled_by     INTEGER,
    sampled_at     INTEGER,
    result_at      INTEGER,
    created_at     INTEGER NOT NULL,
    UNIQUE (source_tube_id, resident_id, kind)
);
CREATE INDEX retest_tasks_path ON retest_tasks(round_id, path, id);
CREATE INDEX retest_tasks_tube ON retest_tasks(tube_id);

-- An alert raised by a positive tube for one grid (or the community, where there is no grid) its
-- people live in.
CREATE TABLE masstest_alerts (
    id           INTEGER PRIMARY KEY,
    round_id     INTEGER NOT NULL REFERENCES test_rounds(id),
    kind         TEXT NOT NULL,                        -- 'positive_pool' | 'positive_retest'
    tube_id      INTEGER NOT NULL,
    area_id      INTEGER NOT NULL,                     -- the grid, else the community, else the building
    community_id INTEGER,
    grid_id      INTEGER,
    path         TEXT NOT NULL,                        -- area_id's path
    people       INTEGER NOT NULL,                     -- the tube's people living there
    created_at   INTEGER NOT NULL,
    UNIQUE (tube_id, area_id)
);
CREATE INDEX masstest_alerts_path ON masstest_alerts(round_id, path, id);
