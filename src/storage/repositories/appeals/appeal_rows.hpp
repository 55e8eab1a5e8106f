#pragma once
// Internal to the appeal repository: column lists, row readers and parameter lists, so every query
// that returns an appeal, event or member selects the same columns in the same order.
#include "domain/appeals/appeal.hpp"
#include "storage/database.hpp"

namespace wangge::storage::appeals_sql {

// Selected with kAppealFrom: names of the community, area and category are joined in.
inline constexpr std::string_view kAppealColumns =
    "a.id, a.community_id, c.name, a.area_id, ar.name, ar.level, a.path, a.building_id, a.household_id, a.channel, "
    "a.category_id, cat.name, a.description, a.reporter_kind, a.reporter_resident_id, a.reporter_name, "
    "a.reporter_phone, a.track, a.status, a.suspended_from, a.claimer_kind, a.claimer_id, a.claimer_name, a.due_at, "
    "a.due_from, a.claim_round, a.evaluation, a.resolved_at, a.reported_at, a.session_id, a.merged_into_id, "
    "a.recorded_by, a.recorded_by_name, a.created_at, a.updated_at, a.version";
inline constexpr std::string_view kAppealFrom =
    "FROM appeals a JOIN areas c ON c.id = a.community_id JOIN areas ar ON ar.id = a.area_id "
    "JOIN appeal_categories cat ON cat.id = a.category_id";
appeals::Appeal ReadAppeal(const Row& row);

// Every stored column but id, in this order, for the INSERT.
inline constexpr std::string_view kAppealInsertColumns =
    "community_id, area_id, path, building_id, household_id, channel, category_id, description, reporter_kind, "
    "reporter_resident_id, reporter_name, reporter_phone, track, status, suspended_from, claimer_kind, claimer_id, "
    "claimer_name, due_at, due_from, claim_round, evaluation, resolved_at, reported_at, session_id, merged_into_id, "
    "recorded_by, recorded_by_name, created_at, updated_at, version";
Params AppealInsertParams(const appeals::Appeal& a);

// The fields a transition may change, $1 … $15 in the order of kUpdateAppealSet.
inline constexpr std::string_view kUpdateAppealSet =
    "track = $1, status = $2, suspended_from = $3, claimer_kind = $4, claimer_id = $5, claimer_name = $6, "
    "due_at = $7, due_from = $8, claim_round = $9, evaluation = $10, resolved_at = $11, reported_at = $12, "
    "session_id = $13, merged_into_id = $14, updated_at = $15";
Params AppealUpdateParams(const appeals::Appeal& a);

inline constexpr std::string_view kEventColumns =
    "id, community_id, seq, appeal_id, at, actor_id, actor_name, action, from_status, to_status, note, detail, "
    "prev_hash, hash";
appeals::AppealEvent ReadEvent(const Row& row);

inline constexpr std::string_view kMemberColumns =
    "id, community_id, name, kind, unit_name, phone, active, created_at, version";
appeals::CommitteeMember ReadMember(const Row& row);

// Appends `event` to its community's chain: takes the next seq and the head hash under the ledger
// row's lock, computes the hash, inserts the event and moves the head; then moves the figures
// counters (appeal_figures_counter.hpp), so the appeal row must already hold its new state. Call
// inside Write().
Result<appeals::AppealEvent> AppendEvent(Connection& conn, appeals::AppealEvent event);

}  // namespace wangge::storage::appeals_sql
