-- Figures of the Party-Day Talk ledger, kept as counters (docs/architecture.md, "Counters kept"):
-- one row per (area, month) for the appeal's community and each of its ancestors, updated in the
-- same transaction as every appeal event (storage/repositories/appeals/appeal_figures_counter.cpp).
-- `month` is the China-time month the appeal was recorded in (yyyymm): an appeal's figures stay in
-- the month that collected it. Rebuilt and verified by `wangge ledger recount-figures`.
CREATE TABLE appeal_figures (
    area_id             BIGINT NOT NULL,
    month               BIGINT NOT NULL,
    parent_id           BIGINT NOT NULL,   -- 0 at the root: "children of X" is one range scan
    collected           BIGINT NOT NULL DEFAULT 0,
    ch_questionnaire    BIGINT NOT NULL DEFAULT 0,
    ch_phone_line       BIGINT NOT NULL DEFAULT 0,
    ch_wechat_group     BIGINT NOT NULL DEFAULT 0,
    ch_grid_visit       BIGINT NOT NULL DEFAULT 0,
    ch_party_member_visit BIGINT NOT NULL DEFAULT 0,
    ch_walk_in          BIGINT NOT NULL DEFAULT 0,
    ch_party_day        BIGINT NOT NULL DEFAULT 0,
    ch_hotline_12345    BIGINT NOT NULL DEFAULT 0,
    track_immediate     BIGINT NOT NULL DEFAULT 0,
    track_consultative  BIGINT NOT NULL DEFAULT 0,
    claimed             BIGINT NOT NULL DEFAULT 0,
    resolved            BIGINT NOT NULL DEFAULT 0,
    resolved_on_time    BIGINT NOT NULL DEFAULT 0,
    reported            BIGINT NOT NULL DEFAULT 0,
    not_handled         BIGINT NOT NULL DEFAULT 0,
    reopened            BIGINT NOT NULL DEFAULT 0,
    satisfied           BIGINT NOT NULL DEFAULT 0,
    basically_satisfied BIGINT NOT NULL DEFAULT 0,
    not_satisfied       BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (area_id, month)
);
CREATE INDEX appeal_figures_parent ON appeal_figures(parent_id, month);

-- What each appeal last contributed (a bit mask of its state, see domain/appeals/figures.hpp),
-- under which community path and month, so that any event's delta is "now minus last time".
CREATE TABLE appeal_figure_marks (
    appeal_id BIGINT PRIMARY KEY,
    path      TEXT COLLATE "C" NOT NULL,
    month     BIGINT NOT NULL,
    mask      BIGINT NOT NULL
);

-- The ledger export walks each community's appeals in id order, a page at a time (one range scan
-- per page, however large the scope).
CREATE INDEX appeals_community_id ON appeals(community_id, id);
