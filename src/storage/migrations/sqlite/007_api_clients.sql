-- Open311 GeoReport v2 clients (docs/api/open311.md): one API key per client. Only the key's SHA-256
-- is stored; `wangge apikey add` prints the key once. A client files appeals into, and reads them from,
-- the subtree of area_id only. Revoked clients stay (their name remains taken and the ledger names them).
CREATE TABLE api_clients (
    id          INTEGER PRIMARY KEY,
    name        TEXT NOT NULL UNIQUE,
    key_hash    TEXT NOT NULL UNIQUE,          -- hex SHA-256 of the key
    area_id     INTEGER NOT NULL REFERENCES areas(id),
    channel     TEXT NOT NULL,                 -- appeals filed through the key: 'hotline_12345', …
    created_by  TEXT NOT NULL DEFAULT '',      -- who issued the key (the operator running the CLI)
    created_at  INTEGER NOT NULL,
    revoked_at  INTEGER                        -- NULL while the key is valid
);
