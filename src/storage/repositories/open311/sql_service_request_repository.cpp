#include <fmt/format.h>

#include <algorithm>

#include "domain/registry/area.hpp"
#include "storage/repositories/appeals/appeal_rows.hpp"
#include "storage/repositories/open311/sql_open311_repositories.hpp"

namespace wangge::storage {
namespace {

using open311::ServiceRequest;
using open311::ServiceRequestQuery;

// One page of appeals picked first by id alone (scope, filters, newest first), then each joined with
// the note of its latest event that has one (appeal_events_appeal is (appeal_id, id): one short
// backward index scan), the unit of a big-committee claimer and the category's code — so the joins
// and the note lookups run for the page, not for every appeal of a district's 90 days. The status and
// category tests are written as expressions ("status || ''", "category_id + 0") so that neither
// database walks the status index over the whole city and filters by scope: the scope's path range
// leads, as in every other appeal listing.
const std::string kSelectRequests = fmt::format(
    "SELECT {}, COALESCE((SELECT e.note FROM appeal_events e WHERE e.appeal_id = a.id AND e.note <> '' "
    "ORDER BY e.id DESC LIMIT 1), ''), COALESCE(m.unit_name, ''), cat.code {} "
    "LEFT JOIN committee_members m ON a.claimer_kind = 'member' AND m.id = a.claimer_id "
    "WHERE a.id IN (SELECT p.id FROM appeals p WHERE p.path >= $1 AND p.path < $2",
    appeals_sql::kAppealColumns, appeals_sql::kAppealFrom);
// The two extra columns follow the appeal's, however many those are.
const int kNoteColumn =
    static_cast<int>(std::count(appeals_sql::kAppealColumns.begin(), appeals_sql::kAppealColumns.end(), ',') + 1);
const int kUnitColumn = kNoteColumn + 1;
const int kCodeColumn = kNoteColumn + 2;

// " AND <column> IN ($n, $n+1, …)" for `values`, appended to `params`.
template <typename T>
std::string InList(std::string_view column, const std::vector<T>& values, Params& params) {
    std::string sql = fmt::format(" AND {} IN (", column);
    for (std::size_t i = 0; i < values.size(); ++i) {
        params.push_back(values[i]);
        sql += fmt::format("{}${}", i ? ", " : "", params.size());
    }
    return sql + ")";
}

class SqlServiceRequestRepository final : public open311::ServiceRequestRepository {
  public:
    explicit SqlServiceRequestRepository(Database& db) : db_(db) {}

    Result<std::vector<ServiceRequest>> ListServiceRequests(const ServiceRequestQuery& q) override {
        // The statement varies only in the lengths of its IN lists, so drivers cache few shapes.
        Params params{q.scope_path, registry::PathUpperBound(q.scope_path)};
        std::string sql = kSelectRequests;
        if (!q.ids.empty()) {
            sql += InList("p.id", q.ids, params);
        } else {
            params.push_back(q.from);
            params.push_back(q.to);
            sql += fmt::format(" AND p.created_at >= ${} AND p.created_at <= ${}", params.size() - 1, params.size());
        }
        if (!q.category_ids.empty()) sql += InList("p.category_id + 0", q.category_ids, params);
        if (!q.statuses.empty()) {
            std::vector<std::string> names;
            for (auto s : q.statuses) names.emplace_back(appeals::StatusName(s));
            sql += InList("p.status || ''", names, params);
        }
        params.push_back(static_cast<std::int64_t>(q.limit));
        params.push_back(static_cast<std::int64_t>(q.offset));
        sql += fmt::format(" ORDER BY p.id DESC LIMIT ${} OFFSET ${}) ORDER BY a.id DESC", params.size() - 1,
                           params.size());

        std::vector<ServiceRequest> out;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(c.Exec(sql, params, [&](const Row& row) {
                ServiceRequest r;
                r.appeal = appeals_sql::ReadAppeal(row);
                r.service_code = row.Text(kCodeColumn);
                r.status_note = row.Text(kNoteColumn);
                r.claimer_unit = row.Text(kUnitColumn);
                out.push_back(std::move(r));
            }));
            return {};
        }));
        return out;
    }

  private:
    Database& db_;
};

}  // namespace

std::unique_ptr<open311::ServiceRequestRepository> MakeSqlServiceRequestRepository(Database& db) {
    return std::make_unique<SqlServiceRequestRepository>(db);
}

}  // namespace wangge::storage
