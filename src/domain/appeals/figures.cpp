#include "domain/appeals/figures.hpp"

#include <array>
#include <charconv>
#include <cstdio>
#include <unordered_map>

#include "domain/appeals/deadline.hpp"
#include "domain/appeals/service_checks.hpp"

namespace wangge::appeals {
namespace {

// Column order: the table's, the SQL's and the JSON's.
constexpr std::array<std::string_view, 20> kColumns = {
    "collected",
    "ch_questionnaire",
    "ch_phone_line",
    "ch_wechat_group",
    "ch_grid_visit",
    "ch_party_member_visit",
    "ch_walk_in",
    "ch_party_day",
    "ch_hotline_12345",
    "track_immediate",
    "track_consultative",
    "claimed",
    "resolved",
    "resolved_on_time",
    "reported",
    "not_handled",
    "reopened",
    "satisfied",
    "basically_satisfied",
    "not_satisfied",
};
constexpr std::size_t kColumnCount = kColumns.size();

// State bits: bit 0 collected, bits 1..8 the channel, then the rest.
enum Bit : StateMask {
    kCollected = 1u << 0,
    kChannel0 = 1u << 1,
    kImmediate = 1u << 9,
    kConsultative = 1u << 10,
    kClaimed = 1u << 11,
    kResolved = 1u << 12,
    kOnTime = 1u << 13,
    kReported = 1u << 14,
    kNotHandled = 1u << 15,
    kReopened = 1u << 16,
};

std::optional<double> Ratio(std::int64_t part, std::int64_t whole) {
    if (whole <= 0) return std::nullopt;
    return static_cast<double>(part) / static_cast<double>(whole);
}

// The ids of a path "/1/7/42/", root first; stops at the first malformed segment.
std::vector<std::int64_t> PathIds(std::string_view path) {
    std::vector<std::int64_t> ids;
    std::size_t pos = path.starts_with('/') ? 1 : 0;
    while (pos < path.size()) {
        const std::size_t end = path.find('/', pos);
        if (end == std::string_view::npos) break;
        std::int64_t id = 0;
        auto [ptr, ec] = std::from_chars(path.data() + pos, path.data() + end, id);
        if (ec != std::errc() || ptr != path.data() + end) break;
        ids.push_back(id);
        pos = end + 1;
    }
    return ids;
}

}  // namespace

FigureCounts& FigureCounts::operator+=(const FigureCounts& other) {
    for (std::size_t i = 0; i < kColumnCount; ++i) Field(*this, i) += Field(other, i);
    return *this;
}

FigureRates RatesOf(const FigureCounts& c) {
    return FigureRates{Ratio(c.claimed, c.handled()), Ratio(c.resolved, c.handled()),
                       Ratio(c.resolved_on_time, c.resolved),
                       Ratio(c.satisfied + c.basically_satisfied, c.evaluated())};
}

std::span<const std::string_view> FigureColumns() { return kColumns; }

std::int64_t& Field(FigureCounts& c, std::size_t column) {
    if (column >= 1 && column <= kChannelCount) return c.by_channel[column - 1];
    switch (column) {
        case 0:
            return c.collected;
        case 9:
            return c.track_immediate;
        case 10:
            return c.track_consultative;
        case 11:
            return c.claimed;
        case 12:
            return c.resolved;
        case 13:
            return c.resolved_on_time;
        case 14:
            return c.reported;
        case 15:
            return c.not_handled;
        case 16:
            return c.reopened;
        case 17:
            return c.satisfied;
        case 18:
            return c.basically_satisfied;
        default:
            return c.not_satisfied;
    }
}

std::int64_t Field(const FigureCounts& c, std::size_t column) { return Field(const_cast<FigureCounts&>(c), column); }

StateMask StateMaskOf(const Appeal& a) {
    StateMask mask = kCollected | (kChannel0 << static_cast<unsigned>(a.channel));
    if (a.track == Track::kImmediate) mask |= kImmediate;
    if (a.track == Track::kConsultative) mask |= kConsultative;
    if (a.claimer.kind != ClaimerKind::kNone) mask |= kClaimed;
    if (a.resolved_at) {
        mask |= kResolved;
        if (a.due_at && *a.resolved_at <= *a.due_at) mask |= kOnTime;
    }
    if (a.reported_at) mask |= kReported;
    if (a.status == AppealStatus::kNotResponsible || a.status == AppealStatus::kMerged ||
        a.status == AppealStatus::kRejected)
        mask |= kNotHandled;
    if (a.round > 1) mask |= kReopened;
    return mask;
}

void ApplyMask(FigureCounts& c, StateMask mask, int sign) {
    const auto add = [&](std::int64_t& field, StateMask bit) {
        if (mask & bit) field += sign;
    };
    add(c.collected, kCollected);
    for (int i = 0; i < kChannelCount; ++i) add(c.by_channel[i], kChannel0 << i);
    add(c.track_immediate, kImmediate);
    add(c.track_consultative, kConsultative);
    add(c.claimed, kClaimed);
    add(c.resolved, kResolved);
    add(c.resolved_on_time, kOnTime);
    add(c.reported, kReported);
    add(c.not_handled, kNotHandled);
    add(c.reopened, kReopened);
}

Evaluation VerdictOf(std::string_view to_status, std::string_view detail) {
    if (to_status != StatusName(AppealStatus::kEvaluated)) return Evaluation::kNone;
    constexpr std::string_view kKey = "\"evaluation\":\"";
    const auto start = detail.find(kKey);
    if (start == std::string_view::npos) return Evaluation::kNone;
    const auto value = detail.substr(start + kKey.size());
    const auto end = value.find('"');
    if (end == std::string_view::npos) return Evaluation::kNone;
    return ParseEvaluation(value.substr(0, end)).value_or(Evaluation::kNone);
}

void AddVerdict(FigureCounts& c, Evaluation verdict) {
    switch (verdict) {
        case Evaluation::kSatisfied:
            ++c.satisfied;
            break;
        case Evaluation::kBasicallySatisfied:
            ++c.basically_satisfied;
            break;
        case Evaluation::kNotSatisfied:
            ++c.not_satisfied;
            break;
        case Evaluation::kNone:
            break;
    }
}

int MonthOf(EpochMillis at) {
    const CivilDate d = ChinaDate(at);
    return d.year * 100 + d.month;
}

std::optional<int> ParseMonth(std::string_view text) {
    if (text.size() != 7 || text[4] != '-') return std::nullopt;
    int year = 0, month = 0;
    auto [p1, e1] = std::from_chars(text.data(), text.data() + 4, year);
    auto [p2, e2] = std::from_chars(text.data() + 5, text.data() + 7, month);
    if (e1 != std::errc() || p1 != text.data() + 4 || e2 != std::errc() || p2 != text.data() + 7) return std::nullopt;
    if (year < 2000 || year > 2999 || month < 1 || month > 12) return std::nullopt;
    return year * 100 + month;
}

std::string MonthText(int month) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d", month / 100, month % 100);
    return text;
}

int AddMonths(int month, int n) {
    const int index = (month / 100) * 12 + (month % 100 - 1) + n;
    return (index / 12) * 100 + index % 12 + 1;
}

int MonthsBetween(int from, int to) { return ((to / 100) * 12 + to % 100) - ((from / 100) * 12 + from % 100) + 1; }

std::vector<FigureArea> FigureAreasOf(std::string_view community_path) {
    std::vector<FigureArea> out;
    std::int64_t parent = 0;
    for (std::int64_t id : PathIds(community_path)) {
        out.push_back({id, parent});
        parent = id;
    }
    return out;
}

std::string CommunityPathOf(std::string_view path, std::int64_t community_id) {
    const std::string needle = "/" + std::to_string(community_id) + "/";
    const auto at = path.find(needle);
    if (at == std::string_view::npos) return "";
    return std::string(path.substr(0, at + needle.size()));
}

FigureService::FigureService(FigureRepository& figures, registry::RegistryRepository& registry, const Clock& clock)
    : figures_(figures), registry_(registry), clock_(clock) {}

Result<FigureReport> FigureService::Report(const auth::Caller& caller, const FigureQuery& query) {
    constexpr int kMaxMonths = 120;
    WANGGE_CHECK(internal::Require(caller, auth::Permission::kReadAppeals));
    auto area = registry_.GetArea(query.area_id.value_or(caller.area_id));
    if (!area && area.error().code != ErrorCode::kNotFound) return Fail(area.error());
    if (!area || !caller.InScope(area->path)) return internal::NotFound("区域", "area");

    const int to = query.to.value_or(MonthOf(clock_.Now()));
    const int from = query.from.value_or(AddMonths(to, -11));
    if (from > to)
        return Fail(ErrorCode::kInvalidArgument, "起始月份不能晚于截止月份 (from must not be after to)", "from");
    if (MonthsBetween(from, to) > kMaxMonths)
        return Fail(ErrorCode::kInvalidArgument, "统计区间最长10年 (the period may span at most 120 months)", "from");

    FigureReport report;
    report.area = std::move(*area);
    report.from = from;
    report.to = to;
    WANGGE_TRY(months, figures_.ReadMonths(report.area.id, from, to));
    auto stored = months.begin();
    for (int m = from; m <= to; m = AddMonths(m, 1)) {
        MonthFigures row{m, {}};
        if (stored != months.end() && stored->month == m) row.counts = (stored++)->counts;
        report.totals += row.counts;
        report.months.push_back(std::move(row));
    }

    // Counters stop at communities, so only areas above them have children to show.
    const auto level = report.area.level;
    if (level == registry::AreaLevel::kProvince || level == registry::AreaLevel::kCity ||
        level == registry::AreaLevel::kDistrict || level == registry::AreaLevel::kStreet) {
        WANGGE_TRY(children, registry_.ListChildren(report.area.id));
        WANGGE_TRY(rows, figures_.ReadChildren(report.area.id, from, to));
        std::unordered_map<std::int64_t, FigureCounts> by_area;
        for (auto& row : rows) by_area.emplace(row.area_id, row.counts);
        for (auto& child : children) {
            auto found = by_area.find(child.id);
            report.children.push_back({std::move(child), found == by_area.end() ? FigureCounts{} : found->second});
        }
    }
    return report;
}

}  // namespace wangge::appeals
