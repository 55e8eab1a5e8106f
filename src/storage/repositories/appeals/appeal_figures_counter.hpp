#pragma once
// Internal to the appeal repositories: the figures counters (domain/appeals/figures.hpp), kept in
// the same transaction as the events. Every event appended to an appeal's ledger passes through
// CountAppealEvent (AppendEvent calls it), so any new kind of event is counted without more code:
// the hook compares the appeal's state now with what it last counted (appeal_figure_marks) and
// moves the counters of its community and every ancestor by the difference, plus the verdict an
// evaluation adds.
#include <compare>
#include <map>
#include <string>

#include "domain/appeals/figures.hpp"
#include "storage/database.hpp"

namespace wangge::storage::appeals_sql {

// Call inside Write(), after the appeal row holds the state the event leads to.
Status CountAppealEvent(Connection& conn, const appeals::AppealEvent& event);

// Counters in memory, keyed like the appeal_figures table: for the recount and its comparison.
struct FigureKey {
    std::int64_t area_id = 0;
    int month = 0;
    auto operator<=>(const FigureKey&) const = default;
};
struct FigureCell {
    std::int64_t parent_id = 0;
    appeals::FigureCounts counts;
    bool operator==(const FigureCell&) const = default;
};
using FigureTable = std::map<FigureKey, FigureCell>;

// Adds `delta` under the community at the end of `community_path` and every ancestor.
void AddToTable(FigureTable& table, const std::string& community_path, int month, const appeals::FigureCounts& delta);

// The columns an appeal's state is read from, in this order (for SELECT … FROM appeals a):
// community_id, path, channel, track, status, claimer_kind, due_at, claim_round, resolved_at,
// reported_at, created_at.
inline constexpr std::string_view kFigureStateColumns =
    "a.community_id, a.path, a.channel, a.track, a.status, a.claimer_kind, a.due_at, a.claim_round, a.resolved_at, "
    "a.reported_at, a.created_at";
// Reads those columns from `row` starting at `first`; fills only the fields StateMaskOf needs.
appeals::Appeal ReadFigureState(const Row& row, int first = 0);

}  // namespace wangge::storage::appeals_sql
