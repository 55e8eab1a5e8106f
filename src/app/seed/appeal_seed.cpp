#include "app/seed/appeal_seed.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <limits>
#include <map>
#include <unordered_map>

#include "app/seed/appeal_generator.hpp"
#include "app/seed/appeal_texts.hpp"
#include "app/seed/id_allocator.hpp"
#include "app/seed/names.hpp"
#include "app/seed/population.hpp"
#include "app/seed/seed_rows.hpp"
#include "domain/appeals/figures.hpp"
#include "domain/appeals/ledger.hpp"
#include "domain/auth/role.hpp"
#include "storage/repositories/appeals/appeal_rows.hpp"

namespace wangge::seed {
namespace {

using namespace appeals;
using storage::Connection;
using storage::Params;
using storage::Row;

namespace chr = std::chrono;

constexpr EpochMillis kDayMs = 86'400'000;
constexpr std::int64_t kRowsPerTransaction = 100'000;
constexpr std::int64_t kRebuildIndexesFrom = 200'000;

constexpr std::string_view kSelectCategories =
    "SELECT id, code FROM appeal_categories WHERE active = 1 ORDER BY sort_order, id";
constexpr std::string_view kSelectCommunities =
    "SELECT id, path, name, resident_count FROM areas WHERE level IN ('community', 'village') ORDER BY id";
constexpr std::string_view kSelectPlaces =
    "SELECT id, path, name, level FROM areas WHERE level IN ('grid', 'building') ORDER BY id";
constexpr std::string_view kSelectUsers =
    "SELECT u.id, u.display_name, u.username, u.role, a.path FROM users u JOIN areas a ON a.id = u.area_id "
    "ORDER BY u.id";
constexpr std::string_view kSelectMembers =
    "SELECT id, community_id, name, kind, unit_name FROM committee_members WHERE active = 1 ORDER BY id";
constexpr std::string_view kSelectRules = "SELECT community_id, party_day_kind, party_day_value FROM appeal_settings";
constexpr std::string_view kSelectHeads = "SELECT community_id, seq, head_hash FROM appeal_ledgers";
constexpr std::string_view kMaxAppealId = "SELECT COALESCE(max(id), 0) FROM appeals";
constexpr std::string_view kMaxMemberId = "SELECT COALESCE(max(id), 0) FROM committee_members";
constexpr std::string_view kUpsertHead =
    "INSERT INTO appeal_ledgers (community_id, seq, head_hash) VALUES ($1, $2, $3) "
    "ON CONFLICT (community_id) DO UPDATE SET seq = excluded.seq, head_hash = excluded.head_hash";
constexpr std::string_view kAdvanceSequences[] = {
    "SELECT setval(pg_get_serial_sequence('appeals', 'id'), (SELECT COALESCE(max(id), 1) FROM appeals))",
    "SELECT setval(pg_get_serial_sequence('committee_members', 'id'), "
    "(SELECT COALESCE(max(id), 1) FROM committee_members))",
};
constexpr std::string_view kListIndexesSqlite =
    "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('appeals', 'appeal_events') "
    "AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name";
constexpr std::string_view kListIndexesPostgres =
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema() "
    "AND tablename IN ('appeals', 'appeal_events') AND indexdef NOT LIKE 'CREATE UNIQUE%' ORDER BY indexname";

const std::vector<std::string> kEventColumns = {"community_id", "seq",       "appeal_id",   "at",        "actor_id",
                                                "actor_name",   "action",    "from_status", "to_status", "note",
                                                "detail",       "prev_hash", "hash"};
const std::vector<std::string> kMemberColumns = {"id",    "community_id", "name",       "kind",   "unit_name",
                                                 "phone", "active",       "created_at", "version"};

const std::vector<std::string> kMarkColumns = {"appeal_id", "path", "month", "mask"};

// The figures counters (domain/appeals/figures.hpp) of what a batch added, per (area, month), added
// onto the stored ones: the same rules as the counter kept with every event, without a recount.
struct FigureCell {
    std::int64_t parent_id = 0;
    FigureCounts counts;
};
using FigureBatch = std::map<std::pair<std::int64_t, int>, FigureCell>;

void AddFigures(FigureBatch& batch, const std::string& community_path, int month, const FigureCounts& delta) {
    for (const auto& area : FigureAreasOf(community_path)) {
        FigureCell& cell = batch[{area.area_id, month}];
        cell.parent_id = area.parent_id;
        cell.counts += delta;
    }
}

std::string UpsertFiguresSql() {
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

Status UpsertFigures(Connection& c, const FigureBatch& batch) {
    static const std::string sql = UpsertFiguresSql();
    for (const auto& [key, cell] : batch) {
        Params params{key.first, std::int64_t{key.second}, cell.parent_id};
        for (std::size_t i = 0; i < FigureColumns().size(); ++i) params.push_back(Field(cell.counts, i));
        WANGGE_CHECK(c.Exec(sql, params));
    }
    return {};
}

std::vector<std::string> AppealColumns() {
    std::vector<std::string> columns{"id"};
    std::string_view rest = storage::appeals_sql::kAppealInsertColumns;
    while (!rest.empty()) {
        const std::size_t comma = rest.find(',');
        std::string_view name = rest.substr(0, comma);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        columns.emplace_back(name);
        if (comma == std::string_view::npos) break;
        rest.remove_prefix(comma + 1);
    }
    return columns;
}

std::vector<std::int64_t> IdsOnPath(std::string_view path) {
    std::vector<std::int64_t> ids;
    std::int64_t v = 0;
    bool in = false;
    for (char ch : path) {
        if (ch >= '0' && ch <= '9') {
            v = v * 10 + (ch - '0');
            in = true;
        } else if (in) {
            ids.push_back(v);
            v = 0;
            in = false;
        }
    }
    if (in) ids.push_back(v);
    return ids;
}

// The parent's path: "/1/7/42/" → "/1/7/".
std::string ParentPath(const std::string& path) {
    if (path.size() < 2) return path;
    const std::size_t slash = path.rfind('/', path.size() - 2);
    return slash == std::string::npos ? path : path.substr(0, slash + 1);
}

Status ForRows(Connection& c, std::string_view sql, const std::function<void(const Row&)>& fn) {
    WANGGE_CHECK(c.Exec(sql, {}, fn));
    return {};
}

// Everything the generator needs from the database, read once.
struct World {
    std::vector<CategoryRef> categories;
    std::vector<SeedCommunity> communities;
    std::vector<std::uint64_t> weights;                       // by residents
    std::vector<std::pair<std::int64_t, std::string>> heads;  // seq, hash per community index
    std::int64_t next_appeal_id = 1;
    std::int64_t next_member_id = 1;
    std::vector<Params> new_members;
};

Status ReadWorld(Connection& c, std::uint64_t seed, EpochMillis now, World& w) {
    WANGGE_CHECK(ForRows(c, kSelectCategories, [&](const Row& r) { w.categories.push_back({r.Int(0), r.Text(1)}); }));
    std::unordered_map<std::int64_t, std::size_t> index_of;
    WANGGE_CHECK(ForRows(c, kSelectCommunities, [&](const Row& r) {
        SeedCommunity sc;
        sc.id = r.Int(0);
        sc.path = r.Text(1);
        sc.name = r.Text(2);
        index_of[sc.id] = w.communities.size();
        w.communities.push_back(std::move(sc));
        w.weights.push_back(static_cast<std::uint64_t>(std::max<std::int64_t>(1, r.Int(3))));
    }));
    if (w.categories.empty() || w.communities.empty()) return {};
    const auto community_of = [&](std::string_view path) -> SeedCommunity* {
        for (auto id : IdsOnPath(path)) {
            auto it = index_of.find(id);
            if (it != index_of.end()) return &w.communities[it->second];
        }
        return nullptr;
    };
    WANGGE_CHECK(ForRows(c, kSelectPlaces, [&](const Row& r) {
        const std::string path = r.Text(1);
        if (SeedCommunity* sc = community_of(path))
            sc->places.push_back(
                {r.Int(0), path, r.Text(2), registry::ParseAreaLevel(r.Text(3)).value_or(registry::AreaLevel::kGrid)});
    }));
    // Accounts act under their own names: managers at the community, grid workers below it, street
    // officers above it. Everyone else is generated staff without an account (user id 0).
    std::unordered_map<std::string, std::vector<SeedActor>> street_officers;  // by street path
    WANGGE_CHECK(ForRows(c, kSelectUsers, [&](const Row& r) {
        const auto role = auth::ParseRole(r.Text(3));
        if (!role) return;
        const std::string path = r.Text(4);
        SeedActor actor{r.Int(0), r.Text(1).empty() ? r.Text(2) : r.Text(1)};
        if (*role == auth::Role::kStreetOfficer) {
            street_officers[path].push_back(actor);
            return;
        }
        SeedCommunity* sc = community_of(path);
        if (!sc || !auth::RoleHas(*role, auth::Permission::kRecordAppeal)) return;
        const int index = static_cast<int>(sc->people.size());
        sc->people.push_back(actor);
        sc->self_claimers.push_back(index);
        if (path == sc->path && auth::RoleHas(*role, auth::Permission::kManageAppeals)) sc->managers.push_back(index);
    }));
    WANGGE_CHECK(ForRows(c, kSelectMembers, [&](const Row& r) {
        auto it = index_of.find(r.Int(1));
        if (it == index_of.end()) return;
        w.communities[it->second].members.push_back(
            {r.Int(0), r.Text(2), ParseMemberKind(r.Text(3)).value_or(MemberKind::kPartyCommittee), r.Text(4)});
    }));
    WANGGE_CHECK(ForRows(c, kSelectRules, [&](const Row& r) {
        auto it = index_of.find(r.Int(0));
        auto rule = MakePartyDayRule(r.Text(1), static_cast<int>(r.Int(2)));
        if (it != index_of.end() && rule) w.communities[it->second].rule = *rule;
    }));
    w.heads.assign(w.communities.size(), {0, ""});
    WANGGE_CHECK(ForRows(c, kSelectHeads, [&](const Row& r) {
        auto it = index_of.find(r.Int(0));
        if (it != index_of.end()) w.heads[it->second] = {r.Int(1), r.Text(2)};
    }));
    WANGGE_TRY(max_appeal, storage::QueryInt(c, kMaxAppealId));
    WANGGE_TRY(max_member, storage::QueryInt(c, kMaxMemberId));
    w.next_appeal_id = max_appeal + 1;
    w.next_member_id = max_member + 1;

    // Fill the gaps with generated people, each community from its own stream so one community's
    // staff do not depend on the others.
    static constexpr MemberKind kCommittee[] = {
        MemberKind::kPartyCommittee, MemberKind::kPartyCommittee,     MemberKind::kPartyCommittee,
        MemberKind::kPartTimeMember, MemberKind::kPropertyManagement, MemberKind::kOwnersCommittee,
        MemberKind::kUnitInArea,     MemberKind::kSocialOrganisation, MemberKind::kResidentRepresentative,
        MemberKind::kUnitInArea,     MemberKind::kPartTimeMember};
    const auto person = [](Rng& rng) {
        const Sex sex = rng.Chance(0.55) ? Sex::kFemale : Sex::kMale;
        return std::string(DrawSurname(rng)) + DrawGivenName(rng, sex, 1965 + static_cast<int>(rng.Below(30)));
    };
    for (auto& sc : w.communities) {
        Rng rng = Rng::For(seed, "appeal-staff:" + std::to_string(sc.id));
        for (int i = static_cast<int>(sc.managers.size()); i < 2; ++i) {
            sc.managers.push_back(static_cast<int>(sc.people.size()));
            sc.people.push_back({0, person(rng)});
        }
        auto officers = street_officers.find(ParentPath(sc.path));
        if (officers != street_officers.end()) {
            for (const auto& o : officers->second) {
                sc.street.push_back(static_cast<int>(sc.people.size()));
                sc.people.push_back(o);
            }
        } else {
            sc.street.push_back(static_cast<int>(sc.people.size()));
            sc.people.push_back({0, person(rng)});
        }
        if (!sc.members.empty()) continue;
        const int n = 8 + static_cast<int>(rng.Below(4));
        for (int i = 0; i < n; ++i) {
            SeedMember m{w.next_member_id++, person(rng), kCommittee[i], ""};
            m.unit = DrawUnitName(rng, m.kind, sc.name);
            w.new_members.push_back({m.id, sc.id, m.name, std::string(MemberKindName(m.kind)), m.unit, DrawMobile(rng),
                                     std::int64_t{1}, now, std::int64_t{1}});
            sc.members.push_back(std::move(m));
        }
    }
    return {};
}

Result<std::vector<IndexDefinition>> DropAppealIndexes(Connection& c) {
    std::vector<IndexDefinition> indexes;
    const bool sqlite = c.backend() == storage::Backend::kSqlite;
    WANGGE_CHECK(ForRows(c, sqlite ? kListIndexesSqlite : kListIndexesPostgres, [&](const Row& r) {
        indexes.push_back({r.Text(0), r.Text(1)});
    }));
    // Names come from the catalogue, not from users: safe to splice.
    for (const auto& index : indexes) WANGGE_CHECK(c.Exec("DROP INDEX " + index.name));
    return indexes;
}

bool Earlier(const PlannedEvent& a, const PlannedEvent& b) { return a.at != b.at ? a.at < b.at : a.order < b.order; }

// Appeals per day: weekdays busier than weekends, spread by largest remainders so they add up.
std::vector<std::int64_t> PerDay(CivilDate first, int days, std::int64_t count) {
    std::vector<double> weight(days);
    double total = 0;
    for (int i = 0; i < days; ++i) {
        const chr::weekday wd{chr::sys_days{chr::days{DaysFromCivil(first) + i}}};
        weight[i] = wd == chr::Saturday ? 0.6 : wd == chr::Sunday ? 0.5 : 1.0;
        total += weight[i];
    }
    std::vector<std::int64_t> out(days);
    std::vector<std::pair<double, int>> rest;
    std::int64_t given = 0;
    for (int i = 0; i < days; ++i) {
        const double exact = static_cast<double>(count) * weight[i] / total;
        out[i] = static_cast<std::int64_t>(exact);
        given += out[i];
        rest.push_back({exact - static_cast<double>(out[i]), i});
    }
    std::sort(rest.begin(), rest.end(),
              [](auto& a, auto& b) { return a.first != b.first ? a.first > b.first : a.second < b.second; });
    for (std::int64_t i = 0; given < count; ++i, ++given) ++out[rest[static_cast<std::size_t>(i) % rest.size()].second];
    return out;
}

// When in the day residents raise things: office hours mostly, evenings some.
EpochMillis TimeOfDay(Rng& rng, EpochMillis day_start, EpochMillis window_end) {
    const EpochMillis span = window_end - day_start;
    if (span < kDayMs - 1) return day_start + static_cast<EpochMillis>(rng.Below(static_cast<std::uint64_t>(span) + 1));
    const double u = rng.Unit();
    const int hour = u < 0.42   ? 8 + static_cast<int>(rng.Below(4))
                     : u < 0.82 ? 13 + static_cast<int>(rng.Below(5))
                     : u < 0.96 ? 18 + static_cast<int>(rng.Below(3))
                                : static_cast<int>(rng.Below(24));
    return day_start + hour * 3'600'000LL + static_cast<EpochMillis>(rng.Below(3'600'000));
}

}  // namespace

Result<AppealSeedReport> SeedAppeals(storage::Database& db, const AppealSeedOptions& options, const Clock& clock,
                                     const AppealSeedProgressFn& progress) {
    if (options.count < 1) return Fail(ErrorCode::kInvalidArgument, "count must be at least 1", "count");
    if (options.days < 1) return Fail(ErrorCode::kInvalidArgument, "days must be at least 1", "days");
    const auto started = chr::steady_clock::now();
    const auto since = [](chr::steady_clock::time_point t) {
        return chr::duration<double>(chr::steady_clock::now() - t).count();
    };

    const CivilDate today = ChinaDate(clock.Now());
    const CivilDate until = options.until.value_or(today);
    if (until > today) return Fail(ErrorCode::kInvalidArgument, "until lies in the future", "until");
    const EpochMillis now = until >= today ? clock.Now() : ChinaMidnight(until) + kDayMs - 1;
    const CivilDate first = CivilFromDays(DaysFromCivil(until) - options.days + 1);

    World world;
    WANGGE_CHECK(db.Read([&](Connection& c) { return ReadWorld(c, options.seed, ChinaMidnight(first), world); }));
    if (world.communities.empty())
        return Fail(ErrorCode::kFailedPrecondition,
                    "数据库中没有社区，请先 wangge seed --preset … (no communities: seed the registry first)");
    if (world.categories.empty()) return Fail(ErrorCode::kFailedPrecondition, "no appeal categories");

    AppealSeedReport report;
    report.communities = static_cast<std::int64_t>(world.communities.size());
    report.members_added = static_cast<std::int64_t>(world.new_members.size());
    const bool rebuild = options.rebuild_indexes == RebuildIndexes::kYes ||
                         (options.rebuild_indexes == RebuildIndexes::kAuto && options.count >= kRebuildIndexesFrom);
    std::vector<IndexDefinition> dropped;
    WANGGE_CHECK(db.Write([&](Connection& c) -> Status {
        WANGGE_CHECK(c.BulkInsert("committee_members", kMemberColumns, world.new_members));
        if (rebuild) {
            WANGGE_TRY(indexes, DropAppealIndexes(c));
            dropped = std::move(indexes);
        }
        return {};
    }));
    world.new_members.clear();

    const std::vector<std::string> appeal_columns = AppealColumns();
    const AppealLifeGenerator generator(world.categories, now);
    const WeightedChoice pick_community(world.weights);
    Rng rng = Rng::For(options.seed, "appeals");
    // Planned events by day: a day's events are complete once the appeals of that day are generated
    // (nothing recorded later happens earlier), and are then written in time order.
    std::vector<std::vector<PlannedEvent>> pending(static_cast<std::size_t>(options.days));
    const EpochMillis first_start = ChinaMidnight(first);
    std::uint64_t order = 0;
    std::vector<Params> appeal_rows, event_rows, mark_rows;
    FigureBatch figures;
    std::vector<char> touched(world.communities.size(), 0);
    std::vector<std::int64_t> expected_seq(world.communities.size());
    for (std::size_t i = 0; i < world.heads.size(); ++i) expected_seq[i] = world.heads[i].first;
    AppealSeedProgress state{0, options.count, 0};

    // Writes the batch: appeals before the events that refer to them, then the moved ledger heads —
    // after checking nobody else moved them since (the chain would fork).
    const auto flush = [&]() -> Status {
        if (appeal_rows.empty() && event_rows.empty()) return {};
        WANGGE_CHECK(db.Write([&](Connection& c) -> Status {
            std::unordered_map<std::int64_t, std::int64_t> stored;
            WANGGE_CHECK(ForRows(c, kSelectHeads, [&](const Row& r) { stored[r.Int(0)] = r.Int(1); }));
            for (std::size_t i = 0; i < world.communities.size(); ++i) {
                if (!touched[i]) continue;
                auto it = stored.find(world.communities[i].id);
                if ((it == stored.end() ? 0 : it->second) != expected_seq[i])
                    return Fail(ErrorCode::kFailedPrecondition,
                                "ledger of community " + std::to_string(world.communities[i].id) +
                                    " changed during seeding; seed a database nobody writes appeals to");
            }
            WANGGE_CHECK(c.BulkInsert("appeals", appeal_columns, appeal_rows));
            WANGGE_CHECK(c.BulkInsert("appeal_events", kEventColumns, event_rows));
            WANGGE_CHECK(c.BulkInsert("appeal_figure_marks", kMarkColumns, mark_rows));
            WANGGE_CHECK(UpsertFigures(c, figures));
            for (std::size_t i = 0; i < world.communities.size(); ++i) {
                if (!touched[i]) continue;
                WANGGE_CHECK(
                    c.Exec(kUpsertHead, {world.communities[i].id, world.heads[i].first, world.heads[i].second}));
            }
            return {};
        }));
        for (std::size_t i = 0; i < world.communities.size(); ++i)
            if (touched[i]) expected_seq[i] = world.heads[i].first, touched[i] = 0;
        appeal_rows.clear();
        event_rows.clear();
        mark_rows.clear();
        figures.clear();
        return {};
    };
    // Chains and stages the events of day `d`, in time order.
    const auto emit = [&](int d) {
        std::vector<PlannedEvent> day = std::move(pending[static_cast<std::size_t>(d)]);
        std::sort(day.begin(), day.end(), Earlier);
        for (const PlannedEvent& p : day) {
            const SeedCommunity& community = world.communities[p.community];
            auto& head = world.heads[p.community];
            AppealEvent e = MaterializeEvent(p, community);
            e.seq = ++head.first;
            e.prev_hash = head.second;
            e.hash = ChainHash(e.prev_hash, e);
            head.second = e.hash;
            touched[p.community] = 1;
            ++report.events;
            if (static_cast<Action>(p.action) == Action::kEvaluate) {
                FigureCounts verdict;
                AddVerdict(verdict, static_cast<Evaluation>(p.extra));
                AddFigures(figures, community.path, p.month, verdict);
            }
            event_rows.push_back({e.community_id, e.seq, e.appeal_id, e.at, e.actor_id, std::move(e.actor_name),
                                  std::move(e.action), std::move(e.from_status), std::move(e.to_status),
                                  std::move(e.note), std::move(e.detail), std::move(e.prev_hash), std::move(e.hash)});
        }
    };

    const auto per_day = PerDay(first, options.days, options.count);
    Status load;
    std::vector<EpochMillis> times;
    for (int d = 0; d < options.days && load; ++d) {
        const EpochMillis day_start = ChinaMidnight(first) + d * kDayMs;
        const EpochMillis window_end = std::min(day_start + kDayMs - 1, now);
        times.clear();
        for (std::int64_t i = 0; i < per_day[d] && window_end >= day_start; ++i)
            times.push_back(TimeOfDay(rng, day_start, window_end));
        std::sort(times.begin(), times.end());
        for (EpochMillis created : times) {
            const auto ci = static_cast<std::int32_t>(pick_community(rng));
            GeneratedAppeal g =
                generator.Generate(rng, world.communities[ci], ci, world.next_appeal_id++, created, order);
            ++report.by_status[std::string(StatusName(g.appeal.status))];
            Params row{g.appeal.id};
            Params rest = storage::appeals_sql::AppealInsertParams(g.appeal);
            row.insert(row.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
            const std::string& community_path = world.communities[ci].path;
            const int month = MonthOf(g.appeal.created_at);
            const StateMask mask = StateMaskOf(g.appeal);
            FigureCounts counts;
            ApplyMask(counts, mask, +1);
            AddFigures(figures, community_path, month, counts);
            mark_rows.push_back({g.appeal.id, community_path, std::int64_t{month}, static_cast<std::int64_t>(mask)});
            appeal_rows.push_back(std::move(row));
            for (const auto& e : g.events) {
                const auto bucket = std::clamp<EpochMillis>((e.at - first_start) / kDayMs, d, options.days - 1);
                pending[static_cast<std::size_t>(bucket)].push_back(e);
            }
            ++report.appeals;
        }
        emit(d);
        if (static_cast<std::int64_t>(appeal_rows.size() + event_rows.size()) >= kRowsPerTransaction) load = flush();
        state.appeals_done = report.appeals;
        state.events_done = report.events;
        if (progress) progress(state);
    }
    if (load) load = flush();
    report.load_seconds = since(started);

    // Indexes come back even when the load failed, so the database is never left without them.
    const auto index_started = chr::steady_clock::now();
    Status finish = db.Write([&](Connection& c) -> Status {
        WANGGE_CHECK(CreateIndexes(c, dropped));
        // Fresh planner statistics: stale ones (from when the tables were small) make SQLite walk an
        // index of millions of events for every page of a recount. A sample is enough on SQLite.
        const bool sqlite = c.backend() == storage::Backend::kSqlite;
        if (!sqlite)
            for (auto sql : kAdvanceSequences) WANGGE_CHECK(c.Exec(sql));
        if (sqlite) WANGGE_CHECK(c.Exec("PRAGMA analysis_limit=1000"));
        for (auto table : {"appeals", "appeal_events", "appeal_figure_marks", "appeal_figures"})
            WANGGE_CHECK(c.Exec(std::string("ANALYZE ") + table));
        if (sqlite) WANGGE_CHECK(c.Exec("PRAGMA analysis_limit=0"));
        return {};
    });
    report.index_seconds = since(index_started);
    if (!load) return Fail(load.error());
    if (!finish) return Fail(finish.error());

    report.seconds = since(started);
    return report;
}

}  // namespace wangge::seed
