#include "storage/repositories/appeals/sql_appeal_repository.hpp"

#include <fmt/format.h>

#include "domain/registry/area.hpp"
#include "storage/repositories/appeals/appeal_rows.hpp"
#include "storage/repositories/read_rows.hpp"
#include "storage/repositories/row_mapping.hpp"

namespace wangge::storage {
namespace {

using namespace appeals;
using namespace appeals_sql;

constexpr std::string_view kListCategories =
    "SELECT id, code, name FROM appeal_categories WHERE active = 1 ORDER BY sort_order, id";
constexpr std::string_view kSelectCategory = "SELECT id, code, name FROM appeal_categories WHERE id = $1";

const std::string kSelectAppeal = fmt::format("SELECT {} {} WHERE a.id = $1", kAppealColumns, kAppealFrom);
const std::string kInsertAppeal = fmt::format(
    "INSERT INTO appeals ({}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, "
    "$16, $17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $28, $29, $30, $31) RETURNING id",
    kAppealInsertColumns);
// The optimistic lock: a step lands only on the version and status it was decided on.
const std::string kUpdateAppeal = fmt::format(
    "UPDATE appeals SET {}, version = version + 1 WHERE id = $16 AND version = $17 AND status = $18", kUpdateAppealSet);
// Newest first within a scope, with only the filters asked for. Either way one index is walked
// newest first and the walk stops at the page's end: within a community its appeals_community_id
// (community_id, id); above communities the primary key. `|| ''` keeps SQLite off the path and
// status indexes, with which it would read and sort every matching appeal (hundreds of thousands
// in a city) for one page of 50.
std::string ListAppealsSql(const AppealQuery& q, bool has_cursor) {
    std::string sql =
        fmt::format("SELECT {} {} WHERE (a.path || '') >= $1 AND (a.path || '') < $2", kAppealColumns, kAppealFrom);
    int n = 2;
    const auto add = [&](std::string_view condition) {
        sql += fmt::format(" AND {}", fmt::format(fmt::runtime(condition), ++n));
    };
    if (q.community_id) add("a.community_id = ${}");
    if (has_cursor) add("a.id < ${}");
    if (q.status) add("(a.status || '') = ${}");
    if (q.track) add("a.track = ${}");
    if (q.channel) add("a.channel = ${}");
    if (q.category_id) add("a.category_id = ${}");
    if (q.overdue_at) add("(a.status || '') IN ('triaged', 'claimed', 'in_progress') AND a.due_at < ${}");
    sql += fmt::format(" ORDER BY a.id DESC LIMIT ${}", ++n);
    return sql;
}

const std::string kListOverdue = fmt::format(
    "SELECT {} {} WHERE a.status IN ('triaged', 'claimed', 'in_progress') AND a.due_at < $3 "
    "AND a.path >= $1 AND a.path < $2 ORDER BY a.due_at, a.id LIMIT $4",
    kAppealColumns, kAppealFrom);
const std::string kListClaimedBy = fmt::format(
    "SELECT {} {} WHERE a.claimer_kind = 'user' AND a.claimer_id = $1 AND a.status IN ('claimed', 'in_progress') "
    "ORDER BY a.due_at, a.id LIMIT $2",
    kAppealColumns, kAppealFrom);

const std::string kListEvents =
    fmt::format("SELECT {} FROM appeal_events WHERE appeal_id = $1 ORDER BY id", kEventColumns);
const std::string kListLedger =
    fmt::format("SELECT {} FROM appeal_events WHERE community_id = $1 ORDER BY seq", kEventColumns);
constexpr std::string_view kSelectLedgerHead =
    "SELECT community_id, seq, head_hash FROM appeal_ledgers WHERE community_id = $1";
constexpr std::string_view kListLedgerCommunities = "SELECT community_id FROM appeal_ledgers ORDER BY community_id";

const std::string kListMembers =
    fmt::format("SELECT {} FROM committee_members WHERE community_id = $1 AND (active = 1 OR $2 = 1) ORDER BY name, id",
                kMemberColumns);
const std::string kSelectMember = fmt::format("SELECT {} FROM committee_members WHERE id = $1", kMemberColumns);
constexpr std::string_view kInsertMember =
    "INSERT INTO committee_members (community_id, name, kind, unit_name, phone, active, created_at, version) "
    "VALUES ($1, $2, $3, $4, $5, 1, $6, 1) RETURNING id";
constexpr std::string_view kUpdateMember =
    "UPDATE committee_members SET name = $1, kind = $2, unit_name = $3, phone = $4, active = $5, "
    "version = version + 1 WHERE id = $6 AND version = $7";

constexpr std::string_view kSelectSettings =
    "SELECT party_day_kind, party_day_value FROM appeal_settings WHERE community_id = $1";
constexpr std::string_view kUpsertSettings =
    "INSERT INTO appeal_settings (community_id, party_day_kind, party_day_value, updated_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (community_id) DO UPDATE SET party_day_kind = excluded.party_day_kind, "
    "party_day_value = excluded.party_day_value, updated_at = excluded.updated_at";

Category ReadCategory(const Row& row) { return Category{row.Int(0), row.Text(1), row.Text(2)}; }

tl::unexpected<Error> Stale(std::string_view chinese, std::string_view english) {
    return Fail(ErrorCode::kAborted,
                std::string(chinese) + "已被他人更新，请刷新后重试 (" + std::string(english) + " changed; reload)",
                "version");
}

class SqlAppealRepository final : public AppealRepository {
  public:
    explicit SqlAppealRepository(Database& db) : db_(db) {}

    Result<std::vector<Category>> ListCategories() override { return ReadAll(db_, kListCategories, {}, ReadCategory); }

    Result<Category> GetCategory(std::int64_t id) override {
        return ReadOne(db_, kSelectCategory, {id}, ReadCategory, "category not found");
    }

    Result<Appeal> CreateAppeal(const Appeal& appeal, const AppealEvent& record) override {
        std::int64_t id = 0;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(new_id, QueryInt(c, kInsertAppeal, AppealInsertParams(appeal)));
            id = new_id;
            AppealEvent event = record;
            event.appeal_id = id;
            WANGGE_CHECK(AppendEvent(c, std::move(event)));
            return {};
        }));
        return GetAppeal(id);
    }

    Result<Appeal> GetAppeal(std::int64_t id) override {
        return ReadOne(db_, kSelectAppeal, {id}, ReadAppeal, "appeal not found");
    }

    Result<Page<Appeal>> ListAppeals(const AppealQuery& q) override {
        WANGGE_TRY(cursor, ParseCursor(q.cursor));
        const bool has_cursor = cursor.id != 0;
        Params params{q.scope_path, registry::PathUpperBound(q.scope_path)};
        if (q.community_id) params.emplace_back(*q.community_id);
        if (has_cursor) params.emplace_back(cursor.id);
        if (q.status) params.emplace_back(std::string(StatusName(*q.status)));
        if (q.track) params.emplace_back(std::string(TrackName(*q.track)));
        if (q.channel) params.emplace_back(std::string(ChannelName(*q.channel)));
        if (q.category_id) params.emplace_back(*q.category_id);
        if (q.overdue_at) params.emplace_back(*q.overdue_at);
        params.emplace_back(static_cast<std::int64_t>(q.limit + 1));
        WANGGE_TRY(items, ReadAll(db_, ListAppealsSql(q, has_cursor), params, ReadAppeal));
        Page<Appeal> page{std::move(items), std::nullopt};
        if (static_cast<int>(page.items.size()) > q.limit) {
            page.items.pop_back();
            page.next_cursor = MakeCursor('i', "", page.items.back().id);
        }
        return page;
    }

    Result<std::vector<Appeal>> ListOverdue(const std::string& scope_path, EpochMillis now, int limit) override {
        return ReadAll(db_, kListOverdue,
                       {scope_path, registry::PathUpperBound(scope_path), now, static_cast<std::int64_t>(limit)},
                       ReadAppeal);
    }

    Result<std::vector<Appeal>> ListClaimedBy(std::int64_t user_id, int limit) override {
        return ReadAll(db_, kListClaimedBy, {user_id, static_cast<std::int64_t>(limit)}, ReadAppeal);
    }

    Result<Appeal> ApplyTransition(const Appeal& updated, std::int64_t expected_version, AppealStatus expected_status,
                                   const AppealEvent& event) override {
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            Params params = AppealUpdateParams(updated);
            params.push_back(updated.id);
            params.push_back(expected_version);
            params.push_back(std::string(StatusName(expected_status)));
            WANGGE_TRY(changed, c.Exec(kUpdateAppeal, params));
            if (changed == 0) return Stale("该诉求", "the appeal");
            WANGGE_CHECK(AppendEvent(c, event));
            return {};
        }));
        return GetAppeal(updated.id);
    }

    Result<std::vector<AppealEvent>> ListEvents(std::int64_t appeal_id) override {
        return ReadAll(db_, kListEvents, {appeal_id}, ReadEvent);
    }

    Result<std::vector<AppealEvent>> ListLedger(std::int64_t community_id) override {
        return ReadAll(db_, kListLedger, {community_id}, ReadEvent);
    }

    Result<std::optional<LedgerHead>> GetLedgerHead(std::int64_t community_id) override {
        auto head = ReadOne(
            db_, kSelectLedgerHead, {community_id},
            [](const Row& r) {
                return LedgerHead{r.Int(0), r.Int(1), r.Text(2)};
            },
            "ledger not found");
        if (!head && head.error().code == ErrorCode::kNotFound) return std::optional<LedgerHead>{};
        if (!head) return Fail(head.error());
        return std::optional<LedgerHead>{std::move(*head)};
    }

    Result<std::vector<std::int64_t>> ListLedgerCommunities() override {
        return ReadAll(db_, kListLedgerCommunities, {}, [](const Row& r) { return r.Int(0); });
    }

    Result<std::vector<CommitteeMember>> ListMembers(std::int64_t community_id, bool include_removed) override {
        return ReadAll(db_, kListMembers, {community_id, std::int64_t{include_removed ? 1 : 0}}, ReadMember);
    }

    Result<CommitteeMember> GetMember(std::int64_t id) override {
        return ReadOne(db_, kSelectMember, {id}, ReadMember, "committee member not found");
    }

    Result<CommitteeMember> CreateMember(const CommitteeMember& m) override {
        std::int64_t id = 0;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(new_id, QueryInt(c, kInsertMember,
                                        {m.community_id, m.name, std::string(MemberKindName(m.kind)), m.unit_name,
                                         m.phone, m.created_at}));
            id = new_id;
            return {};
        }));
        return GetMember(id);
    }

    Result<CommitteeMember> UpdateMember(const CommitteeMember& m, std::int64_t expected_version) override {
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(changed,
                       c.Exec(kUpdateMember, {m.name, std::string(MemberKindName(m.kind)), m.unit_name, m.phone,
                                              std::int64_t{m.active ? 1 : 0}, m.id, expected_version}));
            if (changed == 0) return Stale("该成员", "the member");
            return {};
        }));
        return GetMember(m.id);
    }

    Result<std::optional<PartyDayRule>> GetPartyDayRule(std::int64_t community_id) override {
        std::optional<PartyDayRule> rule;
        Status bad;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec(kSelectSettings, {community_id}, [&](const Row& row) {
                auto made = MakePartyDayRule(row.Text(0), static_cast<int>(row.Int(1)));
                if (made)
                    rule = *made;
                else
                    bad = Fail(ErrorCode::kInternal, "stored Party-day rule is invalid: " + made.error().message);
            }));
            return bad;
        }));
        return rule;
    }

    Status SetPartyDayRule(std::int64_t community_id, const PartyDayRule& rule, EpochMillis at) override {
        return db_.Write([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec(kUpsertSettings, {community_id, std::string(PartyDayRuleKindName(rule.kind)),
                                                  static_cast<std::int64_t>(rule.value), at}));
            return {};
        });
    }

  private:
    Database& db_;
};

}  // namespace

std::unique_ptr<AppealRepository> MakeSqlAppealRepository(Database& db) {
    return std::make_unique<SqlAppealRepository>(db);
}

}  // namespace wangge::storage
