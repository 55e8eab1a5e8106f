#pragma once
// Figures of the Party-Day Talk ledger per area and month: collected, by channel and track,
// claimed, resolved (on time), reported back, not handled, reopened, and residents' verdicts; the
// four rates derived from them. Kept as counters in storage, updated with every appeal event.
//
// What an appeal counts for (the rules the counters, the recount and the tests share):
//   - It counts in the China-time month it was recorded in, under its community and every
//     ancestor area: "March" means "the appeals collected in March, as they stand now".
//   - Its state counts once, in its current round (StateMask): claimed, resolved, resolved on time
//     (resolved_at <= due_at), reported. A reopen (not satisfied → second claim) withdraws the first
//     round's claim, resolution and report until the second round achieves them again, so the
//     resolution rate is the share of appeals resolved to stand, not of rounds.
//   - Every verdict counts (VerdictOf): an event that moves an appeal to "evaluated" adds its
//     evaluation, and a reopen does not take it back. A not-satisfied first round stays in the
//     satisfaction rate even when the second round satisfies.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/result.hpp"
#include "domain/appeals/appeal.hpp"
#include "domain/auth/user.hpp"
#include "domain/registry/registry_repository.hpp"

namespace wangge::appeals {

inline constexpr int kChannelCount = 8;

struct FigureCounts {
    std::int64_t collected = 0;
    std::array<std::int64_t, kChannelCount> by_channel{};  // indexed by Channel
    std::int64_t track_immediate = 0;
    std::int64_t track_consultative = 0;
    std::int64_t claimed = 0;           // someone holds it, or held it through resolution (responded)
    std::int64_t resolved = 0;          // its current round is resolved
    std::int64_t resolved_on_time = 0;  // … no later than its deadline
    std::int64_t reported = 0;          // reported back at a Party day
    std::int64_t not_handled = 0;       // not responsible, merged or rejected: out of the rates
    std::int64_t reopened = 0;          // reopened for a second round at least once
    std::int64_t satisfied = 0;         // verdicts, every round
    std::int64_t basically_satisfied = 0;
    std::int64_t not_satisfied = 0;

    std::int64_t evaluated() const { return satisfied + basically_satisfied + not_satisfied; }
    // Appeals that owe a result: collected less those set aside.
    std::int64_t handled() const { return collected - not_handled; }
    FigureCounts& operator+=(const FigureCounts& other);
    bool operator==(const FigureCounts&) const = default;
};

// Fractions in [0, 1]; nullopt when the denominator is 0.
struct FigureRates {
    std::optional<double> response;      // claimed / handled
    std::optional<double> resolution;    // resolved / handled
    std::optional<double> on_time;       // resolved_on_time / resolved
    std::optional<double> satisfaction;  // (satisfied + basically_satisfied) / evaluated
};
FigureRates RatesOf(const FigureCounts& counts);

// The counters as columns, in one order for the table, the SQL and the JSON: "collected",
// "ch_questionnaire" … "not_satisfied". Field(counts, i) reads the i-th.
std::span<const std::string_view> FigureColumns();
std::int64_t& Field(FigureCounts& counts, std::size_t column);
std::int64_t Field(const FigureCounts& counts, std::size_t column);

// An appeal's state as bits: what it contributes to the counters now, verdicts aside.
using StateMask = std::uint32_t;
StateMask StateMaskOf(const Appeal& appeal);
// Adds (sign +1) or removes (-1) what `mask` stands for.
void ApplyMask(FigureCounts& counts, StateMask mask, int sign);

// The verdict an event adds: an event that moves the appeal to "evaluated", with {"evaluation":…}
// in its detail (as every evaluate step writes). kNone for every other event.
Evaluation VerdictOf(std::string_view to_status, std::string_view detail_json);
void AddVerdict(FigureCounts& counts, Evaluation verdict);

// Months as yyyymm integers (202611), in China time.
int MonthOf(EpochMillis at);
// "2026-11" → 202611; nullopt unless YYYY-MM with a month 01..12 and a year 2000..2999.
std::optional<int> ParseMonth(std::string_view text);
std::string MonthText(int month);     // 202611 → "2026-11"
int AddMonths(int month, int n);      // AddMonths(202611, 2) == 202701
int MonthsBetween(int from, int to);  // inclusive count: (202611, 202702) → 4

// The areas an appeal counts under: its community and every ancestor, root first, with parents
// (0 for the root). `community_path` is the community's own path ("/1/7/42/100/"), which
// CommunityPathOf cuts from the appeal's path (empty when the path does not contain the community).
struct FigureArea {
    std::int64_t area_id = 0;
    std::int64_t parent_id = 0;
};
std::vector<FigureArea> FigureAreasOf(std::string_view community_path);
std::string CommunityPathOf(std::string_view path, std::int64_t community_id);

struct MonthFigures {
    int month = 0;
    FigureCounts counts;
};

struct AreaFigureRow {
    std::int64_t area_id = 0;
    FigureCounts counts;
};

// What the figures page reads. Every call is a handful of indexed reads of the counters.
class FigureRepository {
  public:
    virtual ~FigureRepository() = default;
    // The months of [from, to] that have counts for the area, oldest first.
    virtual Result<std::vector<MonthFigures>> ReadMonths(std::int64_t area_id, int from, int to) = 0;
    // Each child area with counts in [from, to], summed over the period, by area id.
    virtual Result<std::vector<AreaFigureRow>> ReadChildren(std::int64_t parent_id, int from, int to) = 0;
};

struct FigureQuery {
    std::optional<std::int64_t> area_id;  // default: the caller's scope
    std::optional<int> from, to;          // default: the twelve months ending this month
};

struct ChildFigures {
    registry::Area area;
    FigureCounts counts;
};

struct FigureReport {
    registry::Area area;
    int from = 0, to = 0;
    FigureCounts totals;
    std::vector<MonthFigures> months;    // every month of the period, zeros included
    std::vector<ChildFigures> children;  // every child area down to communities, zeros included
};

// Scope and period checks over the FigureRepository. Thread-safe as far as the repositories are.
class FigureService {
  public:
    // Borrows all three, which must outlive this.
    FigureService(FigureRepository& figures, registry::RegistryRepository& registry, const Clock& clock);

    // kPermissionDenied without kReadAppeals; kNotFound for an area outside the caller's scope;
    // kInvalidArgument ("from"/"to") for a period that is reversed or longer than 10 years.
    Result<FigureReport> Report(const auth::Caller& caller, const FigureQuery& query);

  private:
    FigureRepository& figures_;
    registry::RegistryRepository& registry_;
    const Clock& clock_;
};

}  // namespace wangge::appeals
