-- The registry: area tree, households, residents, their history.
-- Times are epoch milliseconds (UTC). `path` is the materialised area path "/1/7/42/" used
-- for subtree (scope) filters as a range scan: path >= P AND path < P-with-last-'/'-as-'0'.
CREATE TABLE areas (
    id              INTEGER PRIMARY KEY,
    parent_id       INTEGER REFERENCES areas(id),
    code            TEXT NOT NULL UNIQUE,
    name            TEXT NOT NULL,
    level           TEXT NOT NULL,
    path            TEXT NOT NULL,
    depth           INTEGER NOT NULL,
    household_count INTEGER NOT NULL DEFAULT 0,  -- in the whole subtree
    resident_count  INTEGER NOT NULL DEFAULT 0,  -- in the whole subtree
    child_count     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX areas_parent ON areas(parent_id, code);
CREATE INDEX areas_path ON areas(path);

CREATE TABLE households (
    id               INTEGER PRIMARY KEY,
    building_id      INTEGER NOT NULL REFERENCES areas(id),
    path             TEXT NOT NULL,              -- the building's path
    unit             TEXT NOT NULL DEFAULT '',
    room             TEXT NOT NULL,
    head_resident_id INTEGER,
    member_count     INTEGER NOT NULL DEFAULT 0,
    created_at       INTEGER NOT NULL,
    UNIQUE (building_id, unit, room)
);
CREATE INDEX households_path ON households(path, id);

CREATE TABLE residents (
    id            INTEGER PRIMARY KEY,
    household_id  INTEGER NOT NULL REFERENCES households(id),
    path          TEXT NOT NULL,                 -- the household's building path
    name          TEXT NOT NULL,
    id_number     TEXT NOT NULL UNIQUE,
    sex           TEXT NOT NULL,                 -- 'male' | 'female'
    birth_date    TEXT NOT NULL,                 -- ISO date
    phone         TEXT,
    registration  TEXT NOT NULL,                 -- 'registered' | 'floating'
    relation      TEXT NOT NULL DEFAULT '',      -- to the head: 'head', 'spouse', 'child', …
    tags          INTEGER NOT NULL DEFAULT 0,    -- bit set, see domain/registry/resident.hpp
    version       INTEGER NOT NULL DEFAULT 1,
    updated_at    INTEGER NOT NULL
);
CREATE INDEX residents_household ON residents(household_id);
-- name rides along so a name filter inside a scope is checked in the index, not the table.
CREATE INDEX residents_path ON residents(path, id, name);
CREATE INDEX residents_name ON residents(name, id);
CREATE INDEX residents_phone ON residents(phone);

CREATE TABLE resident_history (
    id          INTEGER PRIMARY KEY,
    resident_id INTEGER NOT NULL,
    at          INTEGER NOT NULL,
    user_id     INTEGER,
    action      TEXT NOT NULL,                   -- 'create' | 'update' | 'move' | 'import'
    detail      TEXT NOT NULL                    -- JSON of changed fields
);
CREATE INDEX resident_history_resident ON resident_history(resident_id, id);
