#include "storage/repositories/appeals/appeal_figures_counter.hpp"

#include <fmt/format.h>

namespace wangge::storage::appeals_sql {
namespace {

using namespace appeals;

const std::string kSelectState = fmt::format("SELECT {} FROM appeals a WHERE a.id = $1", kFigureStateColumns);
constexpr std::string_view kSelectMark = "SELECT path, month, mask FROM appeal_figure_marks WHERE appeal_id = $1";
constexpr std::string_view kUpsertMark =
    "INSERT INTO appeal_figure_marks (appeal_id, path, month, mask) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (appeal_id) DO UPDATE SET path = excluded.path, month = excluded.month, mask = excluded.mask";

// INSERT … ON CONFLICT … DO UPDATE SET c = appeal_figures.c + excluded.c: one statement per area.
std::string UpsertCountersSql() {
    std::string columns, values, updates;
    int n = 4;
    for (std::string_view c : FigureColumns()) {
        columns += fmt::format(", {}", c);
        values += fmt::format(", ${}", n++);
        updates += fmt::format("{}{} = appeal_figures.{} + excluded.{}", updates.empty() ? "" : ", ", c, c, c);
    }
    return fmt::format(
        "INSERT INTO appeal_figures (area_id, month, parent_id{}) VALUES ($1, $2, $3{}) "
        "ON CONFLICT (area_id, month) DO UPDATE SET {}",
        columns, values, updates);
}
const std::string kUpsertCounters = UpsertCountersSql();

bool IsZero(const FigureCounts& c) { return c == FigureCounts{}; }

Status ApplyDelta(Connection& conn, const std::string& community_path, int month, const FigureCounts& delta) {
    if (IsZero(delta)) return {};
    const auto areas = FigureAreasOf(community_path);
    if (areas.empty()) return Fail(ErrorCode::kInternal, "appeal path holds no community: " + community_path);
    for (const auto& area : areas) {
        Params params{area.area_id, std::int64_t{month}, area.parent_id};
        params.reserve(params.size() + FigureColumns().size());
        for (std::size_t i = 0; i < FigureColumns().size(); ++i) params.emplace_back(Field(delta, i));
        WANGGE_CHECK(conn.Exec(kUpsertCounters, params));
    }
    return {};
}

}  // namespace

Appeal ReadFigureState(const Row& row, int first) {
    Appeal a;
    a.community_id = row.Int(first);
    a.path = row.Text(first + 1);
    a.channel = ParseChannel(row.Text(first + 2)).value_or(Channel::kWalkIn);
    a.track = ParseTrack(row.Text(first + 3)).value_or(Track::kNone);
    a.status = ParseStatus(row.Text(first + 4)).value_or(AppealStatus::kRecorded);
    a.claimer.kind = ParseClaimerKind(row.Text(first + 5)).value_or(ClaimerKind::kNone);
    a.due_at = OptionalInt(row, first + 6);
    a.round = static_cast<int>(row.Int(first + 7));
    a.resolved_at = OptionalInt(row, first + 8);
    a.reported_at = OptionalInt(row, first + 9);
    a.created_at = row.Int(first + 10);
    return a;
}

void AddToTable(FigureTable& table, const std::string& community_path, int month, const FigureCounts& delta) {
    for (const auto& area : FigureAreasOf(community_path)) {
        FigureCell& cell = table[FigureKey{area.area_id, month}];
        cell.parent_id = area.parent_id;
        cell.counts += delta;
    }
}

Status CountAppealEvent(Connection& conn, const AppealEvent& event) {
    std::optional<Appeal> appeal;
    WANGGE_CHECK(conn.Exec(kSelectState, {event.appeal_id}, [&](const Row& row) { appeal = ReadFigureState(row); }));
    if (!appeal) return Fail(ErrorCode::kInternal, "figures: appeal " + std::to_string(event.appeal_id) + " missing");

    struct Mark {
        std::string path;
        int month = 0;
        StateMask mask = 0;
    };
    std::optional<Mark> last;
    WANGGE_CHECK(conn.Exec(kSelectMark, {event.appeal_id}, [&](const Row& row) {
        last = Mark{row.Text(0), static_cast<int>(row.Int(1)), static_cast<StateMask>(row.Int(2))};
    }));

    const Mark now{CommunityPathOf(appeal->path, appeal->community_id), MonthOf(appeal->created_at),
                   StateMaskOf(*appeal)};
    if (now.path.empty())
        return Fail(ErrorCode::kInternal,
                    "figures: appeal " + std::to_string(event.appeal_id) + " lies in no community");

    FigureCounts delta;
    ApplyMask(delta, now.mask, +1);
    AddVerdict(delta, VerdictOf(event.to_status, event.detail));
    if (last && last->path == now.path && last->month == now.month) {
        ApplyMask(delta, last->mask, -1);
    } else if (last) {
        // The appeal moved (another community or month): take it out where it was counted.
        FigureCounts out;
        ApplyMask(out, last->mask, -1);
        WANGGE_CHECK(ApplyDelta(conn, last->path, last->month, out));
    }
    WANGGE_CHECK(ApplyDelta(conn, now.path, now.month, delta));
    if (!last || last->path != now.path || last->month != now.month || last->mask != now.mask)
        WANGGE_CHECK(conn.Exec(
            kUpsertMark, {event.appeal_id, now.path, std::int64_t{now.month}, static_cast<std::int64_t>(now.mask)}));
    return {};
}

}  // namespace wangge::storage::appeals_sql
