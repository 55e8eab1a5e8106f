#include "storage/repositories/appeals/sql_appeal_figures_repository.hpp"

#include <fmt/format.h>

#include "domain/registry/area.hpp"
#include "storage/repositories/appeals/appeal_rows.hpp"

namespace wangge::storage {
namespace {

using namespace appeals;
using appeals_sql::FigureCell;
using appeals_sql::FigureKey;
using appeals_sql::FigureTable;

constexpr std::int64_t kRecountPage = 5000;

// "collected, ch_questionnaire, …" with an optional wrapper per column ("CAST(SUM({0}) AS BIGINT)").
std::string ColumnList(std::string_view wrap = "{}") {
    std::string out;
    for (std::string_view c : FigureColumns()) {
        if (!out.empty()) out += ", ";
        out += fmt::format(fmt::runtime(wrap), c);
    }
    return out;
}

FigureCounts ReadCounts(const Row& row, int first) {
    FigureCounts counts;
    for (std::size_t i = 0; i < FigureColumns().size(); ++i) Field(counts, i) = row.Int(first + static_cast<int>(i));
    return counts;
}

// The area's months: one range scan of the primary key (area_id, month).
const std::string kReadMonths = fmt::format(
    "SELECT month, {} FROM appeal_figures WHERE area_id = $1 AND month >= $2 AND month <= $3 ORDER BY month",
    ColumnList());
// The children's sums: one range scan of (parent_id, month).
const std::string kReadChildren = fmt::format(
    "SELECT area_id, {} FROM appeal_figures WHERE parent_id = $1 AND month >= $2 AND month <= $3 "
    "GROUP BY area_id ORDER BY area_id",
    ColumnList("CAST(SUM({}) AS BIGINT)"));
const std::string kReadAll =
    fmt::format("SELECT area_id, month, parent_id, {} FROM appeal_figures ORDER BY area_id, month", ColumnList());

const std::string kAppealStatePage = fmt::format(
    "SELECT a.id, {} FROM appeals a WHERE a.id > $1 ORDER BY a.id LIMIT $2", appeals_sql::kFigureStateColumns);
constexpr std::string_view kVerdictPage =
    "SELECT e.id, e.to_status, e.detail, a.community_id, a.path, a.created_at FROM appeal_events e "
    "JOIN appeals a ON a.id = e.appeal_id WHERE e.id > $1 AND e.to_status = 'evaluated' ORDER BY e.id LIMIT $2";

// The outcomes of a page of appeals: a fixed number of placeholders (unused ones bound to 0, which
// is no appeal) so that one prepared statement serves every page.
std::string OutcomesSql() {
    std::string in;
    for (int i = 1; i <= kExportPage; ++i) in += fmt::format("{}${}", i > 1 ? ", " : "", i);
    return fmt::format(
        "SELECT appeal_id, action, note FROM appeal_events WHERE appeal_id IN ({}) "
        "AND action IN ('resolve', 'mark_not_responsible', 'reject') ORDER BY id",
        in);
}
const std::string kOutcomes = OutcomesSql();

constexpr std::string_view kCommunitiesUnder =
    "SELECT id FROM areas WHERE path >= $1 AND path < $2 AND level IN ('community', 'village') ORDER BY path";
// One community's page in id order: a range scan of appeals_community_id (community_id, id). CROSS JOIN
// keeps appeals the outer loop on SQLite; the filters are those of the ledger list (kListAppeals).
const std::string kSelectExportPage = fmt::format(
    "SELECT {} FROM appeals a CROSS JOIN areas c CROSS JOIN areas ar CROSS JOIN appeal_categories cat "
    "WHERE a.community_id = $1 AND a.id > $2 AND c.id = a.community_id AND ar.id = a.area_id "
    "AND cat.id = a.category_id AND a.path >= $3 AND a.path < $4 AND ($5 = '' OR a.status = $5) "
    "AND ($6 = '' OR a.track = $6) AND ($7 = '' OR a.channel = $7) AND ($8 = CAST(0 AS BIGINT) OR a.category_id = $8) "
    "AND ($9 = CAST(0 AS BIGINT) OR (a.status IN ('triaged', 'claimed', 'in_progress') AND a.due_at < $9)) "
    "ORDER BY a.id LIMIT $10",
    appeals_sql::kAppealColumns);

class SqlFigureRepository final : public FigureRepository {
  public:
    explicit SqlFigureRepository(Database& db) : db_(db) {}

    Result<std::vector<MonthFigures>> ReadMonths(std::int64_t area_id, int from, int to) override {
        std::vector<MonthFigures> out;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec(kReadMonths, {area_id, std::int64_t{from}, std::int64_t{to}}, [&](const Row& row) {
                out.push_back({static_cast<int>(row.Int(0)), ReadCounts(row, 1)});
            }));
            return {};
        }));
        return out;
    }

    Result<std::vector<AreaFigureRow>> ReadChildren(std::int64_t parent_id, int from, int to) override {
        std::vector<AreaFigureRow> out;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec(kReadChildren, {parent_id, std::int64_t{from}, std::int64_t{to}}, [&](const Row& row) {
                out.push_back({row.Int(0), ReadCounts(row, 1)});
            }));
            return {};
        }));
        return out;
    }

  private:
    Database& db_;
};

class SqlLedgerExportRepository final : public LedgerExportRepository {
  public:
    explicit SqlLedgerExportRepository(Database& db) : db_(db) {}

    Result<std::vector<std::int64_t>> CommunitiesUnder(const std::string& scope_path) override {
        std::vector<std::int64_t> out;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec(kCommunitiesUnder, {scope_path, registry::PathUpperBound(scope_path)},
                                [&](const Row& row) { out.push_back(row.Int(0)); }));
            return {};
        }));
        return out;
    }

    Result<std::vector<Appeal>> Page(std::int64_t community_id, const AppealQuery& q, std::int64_t after_id,
                                     int limit) override {
        const auto name_or_empty = [](auto v, auto name) { return v ? std::string(name(*v)) : std::string(); };
        Params params{community_id,
                      after_id,
                      q.scope_path,
                      registry::PathUpperBound(q.scope_path),
                      name_or_empty(q.status, StatusName),
                      name_or_empty(q.track, TrackName),
                      name_or_empty(q.channel, ChannelName),
                      q.category_id.value_or(0),
                      q.overdue_at.value_or(0),
                      static_cast<std::int64_t>(limit)};
        std::vector<Appeal> out;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec(kSelectExportPage, params,
                                [&](const Row& row) { out.push_back(appeals_sql::ReadAppeal(row)); }));
            return {};
        }));
        return out;
    }

    Result<std::unordered_map<std::int64_t, LedgerOutcome>> Outcomes(std::span<const std::int64_t> ids) override {
        std::unordered_map<std::int64_t, LedgerOutcome> out;
        if (ids.empty()) return out;
        if (ids.size() > static_cast<std::size_t>(kExportPage))
            return Fail(ErrorCode::kInternal, "too many appeals for one outcome read");
        Params params(ids.begin(), ids.end());
        params.resize(kExportPage, std::int64_t{0});
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec(kOutcomes, params, [&](const Row& row) {
                out[row.Int(0)] = LedgerOutcome{row.Text(1), row.Text(2)};  // later events overwrite
            }));
            return {};
        }));
        return out;
    }

  private:
    Database& db_;
};

// Walks every appeal's state and every verdict, page by page, on `conn`.
Status Recount(Connection& conn, FigureTable& table, RebuildSummary& summary,
               const std::function<Status(std::int64_t id, const std::string& path, int month, StateMask mask)>& mark) {
    std::int64_t after = 0;
    for (;;) {
        struct Item {
            std::int64_t id;
            Appeal state;
        };
        std::vector<Item> page;
        WANGGE_CHECK(conn.Exec(kAppealStatePage, {after, kRecountPage}, [&](const Row& row) {
            page.push_back({row.Int(0), appeals_sql::ReadFigureState(row, 1)});
        }));
        for (const auto& item : page) {
            const std::string path = CommunityPathOf(item.state.path, item.state.community_id);
            if (path.empty()) return Fail(ErrorCode::kInternal, fmt::format("appeal {} lies in no community", item.id));
            const int month = MonthOf(item.state.created_at);
            const StateMask mask = StateMaskOf(item.state);
            FigureCounts counts;
            ApplyMask(counts, mask, +1);
            appeals_sql::AddToTable(table, path, month, counts);
            if (mark) WANGGE_CHECK(mark(item.id, path, month, mask));
            ++summary.appeals;
        }
        if (static_cast<std::int64_t>(page.size()) < kRecountPage) break;
        after = page.back().id;
    }
    after = 0;
    for (;;) {
        std::int64_t rows = 0;
        WANGGE_CHECK(conn.Exec(kVerdictPage, {after, kRecountPage}, [&](const Row& row) {
            ++rows;
            after = row.Int(0);
            const std::string path = CommunityPathOf(row.Text(4), row.Int(3));
            FigureCounts counts;
            AddVerdict(counts, VerdictOf(row.Text(1), row.Text(2)));
            if (counts == FigureCounts{} || path.empty()) return;
            appeals_sql::AddToTable(table, path, MonthOf(row.Int(5)), counts);
            ++summary.verdicts;
        }));
        if (rows < kRecountPage) break;
    }
    return {};
}

}  // namespace

std::unique_ptr<FigureRepository> MakeSqlFigureRepository(Database& db) {
    return std::make_unique<SqlFigureRepository>(db);
}

std::unique_ptr<LedgerExportRepository> MakeSqlLedgerExportRepository(Database& db) {
    return std::make_unique<SqlLedgerExportRepository>(db);
}

Result<FigureTable> RecountFigures(Database& db) {
    FigureTable table;
    RebuildSummary summary;
    WANGGE_CHECK(db.Read([&](Connection& c) { return Recount(c, table, summary, {}); }));
    return table;
}

Result<FigureTable> ReadStoredFigures(Database& db) {
    FigureTable table;
    WANGGE_CHECK(db.Read([&](Connection& c) -> Status {
        WANGGE_CHECK(c.Exec(kReadAll, {}, [&](const Row& row) {
            FigureCell cell{row.Int(2), ReadCounts(row, 3)};
            if (cell.counts == FigureCounts{}) return;
            table[FigureKey{row.Int(0), static_cast<int>(row.Int(1))}] = std::move(cell);
        }));
        return {};
    }));
    return table;
}

Result<RebuildSummary> RebuildFigures(Database& db) {
    RebuildSummary summary;
    WANGGE_CHECK(db.Write([&](Connection& c) -> Status {
        summary = {};
        if (c.backend() == Backend::kPostgres) WANGGE_CHECK(c.Exec("LOCK TABLE appeals IN SHARE MODE"));
        WANGGE_CHECK(c.Exec("DELETE FROM appeal_figures"));
        WANGGE_CHECK(c.Exec("DELETE FROM appeal_figure_marks"));
        FigureTable table;
        std::vector<Params> marks;
        const std::vector<std::string> mark_columns{"appeal_id", "path", "month", "mask"};
        WANGGE_CHECK(Recount(c, table, summary,
                             [&](std::int64_t id, const std::string& path, int month, StateMask mask) -> Status {
                                 marks.push_back({id, path, std::int64_t{month}, static_cast<std::int64_t>(mask)});
                                 if (static_cast<std::int64_t>(marks.size()) < kRecountPage) return {};
                                 WANGGE_CHECK(c.BulkInsert("appeal_figure_marks", mark_columns, marks));
                                 marks.clear();
                                 return {};
                             }));
        WANGGE_CHECK(c.BulkInsert("appeal_figure_marks", mark_columns, marks));

        std::vector<std::string> columns{"area_id", "month", "parent_id"};
        for (std::string_view col : FigureColumns()) columns.emplace_back(col);
        std::vector<Params> rows;
        for (const auto& [key, cell] : table) {
            Params row{key.area_id, std::int64_t{key.month}, cell.parent_id};
            for (std::size_t i = 0; i < FigureColumns().size(); ++i) row.push_back(Field(cell.counts, i));
            rows.push_back(std::move(row));
            if (static_cast<std::int64_t>(rows.size()) == kRecountPage) {
                WANGGE_CHECK(c.BulkInsert("appeal_figures", columns, rows));
                rows.clear();
            }
        }
        WANGGE_CHECK(c.BulkInsert("appeal_figures", columns, rows));
        summary.rows = static_cast<std::int64_t>(table.size());
        return {};
    }));
    return summary;
}

std::vector<FigureDifference> CompareFigures(const FigureTable& stored, const FigureTable& recounted) {
    std::vector<FigureDifference> out;
    const auto counts_at = [](const FigureTable& t, const FigureKey& k) {
        auto it = t.find(k);
        return it == t.end() ? FigureCounts{} : it->second.counts;
    };
    std::vector<FigureKey> keys;
    for (const auto& [k, cell] : stored) keys.push_back(k);
    for (const auto& [k, cell] : recounted)
        if (!stored.contains(k)) keys.push_back(k);
    std::sort(keys.begin(), keys.end());
    for (const auto& k : keys) {
        FigureDifference d{k, counts_at(stored, k), counts_at(recounted, k)};
        if (!(d.stored == d.recounted)) out.push_back(std::move(d));
    }
    return out;
}

}  // namespace wangge::storage
