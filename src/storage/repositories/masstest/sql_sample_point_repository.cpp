// Sample points, the buildings they serve, their crews and the samplers bound to them.
#include <fmt/format.h>

#include <map>

#include "domain/registry/area.hpp"
#include "storage/repositories/masstest/followup_sql.hpp"
#include "storage/repositories/masstest/sql_followup_repositories.hpp"
#include "storage/repositories/read_rows.hpp"

namespace wangge::storage {
namespace {

using namespace masstest;
using namespace followup_sql;
using registry::PathUpperBound;

constexpr std::string_view kPointColumns =
    "p.id, p.round_id, p.area_id, p.path, p.name, p.place, p.lanes, p.created_by, p.created_at, p.updated_at, "
    "p.version, (SELECT count(*) FROM sample_point_buildings b WHERE b.point_id = p.id)";
constexpr std::string_view kInsertPoint =
    "INSERT INTO sample_points (round_id, area_id, path, name, place, lanes, created_by, created_at, updated_at, "
    "version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 1) RETURNING id";
constexpr std::string_view kInsertCrew =
    "INSERT INTO sample_point_crew (point_id, seq, name, duty) VALUES ($1, $2, $3, $4)";
constexpr std::string_view kDeleteCrew = "DELETE FROM sample_point_crew WHERE point_id = $1";
const std::string kSelectPoint = fmt::format("SELECT {} FROM sample_points p WHERE p.id = $1", kPointColumns);
constexpr std::string_view kUpdatePoint =
    "UPDATE sample_points SET name = $2, place = $3, lanes = $4, updated_at = $5, version = version + 1 "
    "WHERE id = $1 AND version = $6";
// $3 = 0: every round's points; else that round's and the standing ones.
const std::string kListPoints = fmt::format(
    "SELECT {} FROM sample_points p WHERE p.path >= $1 AND p.path < $2 "
    "AND ($3 = CAST(0 AS BIGINT) OR p.round_id IS NULL OR p.round_id = $3) ORDER BY p.path, p.id LIMIT $4",
    kPointColumns);

// A building leaves the other points of the same round (or the other standing points) when assigned.
constexpr std::string_view kTakeFromRoundPoints =
    "DELETE FROM sample_point_buildings WHERE building_id = $1 AND point_id <> $2 "
    "AND point_id IN (SELECT id FROM sample_points WHERE round_id = $3)";
constexpr std::string_view kTakeFromStandingPoints =
    "DELETE FROM sample_point_buildings WHERE building_id = $1 AND point_id <> $2 "
    "AND point_id IN (SELECT id FROM sample_points WHERE round_id IS NULL)";
constexpr std::string_view kAssign =
    "INSERT INTO sample_point_buildings (point_id, building_id, path, assigned_at) VALUES ($1, $2, $3, $4) "
    "ON CONFLICT (point_id, building_id) DO NOTHING";
constexpr std::string_view kUnassign = "DELETE FROM sample_point_buildings WHERE point_id = $1 AND building_id = $2";
constexpr std::string_view kListBuildings =
    "SELECT b.point_id, b.building_id, b.path, b.assigned_at, a.name FROM sample_point_buildings b "
    "JOIN areas a ON a.id = b.building_id WHERE b.point_id = $1 ORDER BY b.path";

constexpr std::string_view kBind =
    "INSERT INTO sampler_bindings (user_id, point_id, bound_at) VALUES ($1, $2, $3) "
    "ON CONFLICT (user_id) DO UPDATE SET point_id = excluded.point_id, bound_at = excluded.bound_at";
constexpr std::string_view kUnbind = "DELETE FROM sampler_bindings WHERE user_id = $1";
constexpr std::string_view kSelectBinding =
    "SELECT user_id, point_id, bound_at FROM sampler_bindings WHERE user_id = $1";

SamplePoint ReadPoint(const Row& row) {
    SamplePoint p;
    p.id = row.Int(0);
    p.round_id = OptionalInt(row, 1);
    p.area_id = row.Int(2);
    p.path = row.Text(3);
    p.name = row.Text(4);
    p.place = row.Text(5);
    p.lanes = static_cast<int>(row.Int(6));
    p.created_by = row.Int(7);
    p.created_at = row.Int(8);
    p.updated_at = row.Int(9);
    p.version = row.Int(10);
    p.building_count = row.Int(11);
    return p;
}

std::string CrewSql(std::size_t n) {
    return "SELECT point_id, name, duty FROM sample_point_crew WHERE point_id IN (" + Marks(1, n) +
           ") ORDER BY point_id, seq";
}

std::string PointsAtSql(std::size_t n) {
    return fmt::format(
        "SELECT {} FROM sample_points p WHERE ($1 = CAST(0 AS BIGINT) OR p.round_id IS NULL OR p.round_id = $1) "
        "AND p.path IN ({}) ORDER BY p.path, p.id",
        kPointColumns, Marks(2, n));
}

// Fills each point's crew with one read.
Status LoadCrews(Connection& c, std::vector<SamplePoint>& points) {
    if (points.empty()) return {};
    std::map<std::int64_t, SamplePoint*> by_id;
    std::vector<Value> ids;
    for (auto& p : points) {
        by_id[p.id] = &p;
        ids.emplace_back(p.id);
    }
    return QueryIn(c, CrewSql, {}, ids, [&](const Row& row) {
        if (auto it = by_id.find(row.Int(0)); it != by_id.end())
            it->second->crew.push_back(CrewMember{row.Text(1), row.Text(2)});
    });
}

Status WriteCrew(Connection& c, std::int64_t point_id, const std::vector<CrewMember>& crew) {
    WANGGE_CHECK(Run(c, kDeleteCrew, {point_id}));
    for (std::size_t i = 0; i < crew.size(); ++i)
        WANGGE_CHECK(Run(c, kInsertCrew, {point_id, static_cast<std::int64_t>(i), crew[i].name, crew[i].duty}));
    return {};
}

class SqlSamplePointRepository final : public SamplePointRepository {
  public:
    explicit SqlSamplePointRepository(Database& db) : db_(db) {}

    Result<SamplePoint> CreatePoint(const SamplePoint& point) override {
        std::int64_t id = 0;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(new_id,
                       QueryInt(c, kInsertPoint,
                                {IntOrNull(point.round_id), point.area_id, point.path, point.name, point.place,
                                 std::int64_t{point.lanes}, point.created_by, point.created_at, point.updated_at}));
            id = new_id;
            return WriteCrew(c, id, point.crew);
        }));
        return GetPoint(id);
    }

    Result<SamplePoint> GetPoint(std::int64_t id) override {
        std::vector<SamplePoint> points;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(Run(c, kSelectPoint, {id}, [&](const Row& row) { points.push_back(ReadPoint(row)); }));
            return LoadCrews(c, points);
        }));
        if (points.empty()) return Fail(ErrorCode::kNotFound, "采样点不存在 (sample point not found)");
        return std::move(points.front());
    }

    Result<SamplePoint> UpdatePoint(const SamplePoint& point, std::int64_t expected_version) override {
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            auto n = c.Exec(kUpdatePoint, {point.id, point.name, point.place, std::int64_t{point.lanes},
                                           point.updated_at, expected_version});
            if (!n) return Fail(n.error());
            if (*n == 0)
                return Fail(ErrorCode::kAborted,
                            "采样点已被他人修改，请刷新后重试 (the point changed; reload and retry)");
            return WriteCrew(c, point.id, point.crew);
        }));
        return GetPoint(point.id);
    }

    Result<std::vector<SamplePoint>> ListPoints(const std::string& scope_path, std::optional<std::int64_t> round_id,
                                                int limit) override {
        std::vector<SamplePoint> points;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(Run(c, kListPoints,
                             {scope_path, PathUpperBound(scope_path), round_id.value_or(0), std::int64_t{limit}},
                             [&](const Row& row) { points.push_back(ReadPoint(row)); }));
            return LoadCrews(c, points);
        }));
        return points;
    }

    Result<std::vector<SamplePoint>> ListPointsAt(const std::vector<std::string>& paths,
                                                  std::optional<std::int64_t> round_id) override {
        std::vector<SamplePoint> points;
        if (paths.empty()) return points;
        std::vector<Value> values(paths.begin(), paths.end());
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_CHECK(QueryIn(c, PointsAtSql, {round_id.value_or(0)}, values,
                                 [&](const Row& row) { points.push_back(ReadPoint(row)); }));
            return LoadCrews(c, points);
        }));
        std::sort(points.begin(), points.end(), [](const SamplePoint& a, const SamplePoint& b) {
            return a.path != b.path ? a.path < b.path : a.id < b.id;
        });
        return points;
    }

    Status AssignBuilding(const SamplePoint& point, std::int64_t building_id, const std::string& path,
                          EpochMillis at) override {
        return db_.Write([&](Connection& c) -> Status {
            if (point.round_id) {
                WANGGE_CHECK(Run(c, kTakeFromRoundPoints, {building_id, point.id, *point.round_id}));
            } else {
                WANGGE_CHECK(Run(c, kTakeFromStandingPoints, {building_id, point.id}));
            }
            return Run(c, kAssign, {point.id, building_id, path, at});
        });
    }

    Status UnassignBuilding(std::int64_t point_id, std::int64_t building_id) override {
        std::int64_t removed = 0;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            auto n = c.Exec(kUnassign, {point_id, building_id});
            if (!n) return Fail(n.error());
            removed = *n;
            return {};
        }));
        if (removed == 0) return Fail(ErrorCode::kNotFound, "该楼栋未分配给此采样点 (not assigned to this point)");
        return {};
    }

    Result<std::vector<PointBuilding>> ListPointBuildings(std::int64_t point_id) override {
        return ReadAll(db_, kListBuildings, {point_id}, [](const Row& row) {
            return PointBuilding{row.Int(0), row.Int(1), row.Text(2), row.Int(3), row.Text(4)};
        });
    }

    Status BindSampler(const SamplerBinding& b) override {
        return db_.Write([&](Connection& c) { return Run(c, kBind, {b.user_id, b.point_id, b.bound_at}); });
    }

    Status UnbindSampler(std::int64_t user_id) override {
        return db_.Write([&](Connection& c) { return Run(c, kUnbind, {user_id}); });
    }

    Result<std::optional<SamplerBinding>> GetBinding(std::int64_t user_id) override {
        std::optional<SamplerBinding> out;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            return Run(c, kSelectBinding, {user_id}, [&](const Row& row) {
                out = SamplerBinding{row.Int(0), row.Int(1), row.Int(2)};
            });
        }));
        return out;
    }

  private:
    Database& db_;
};

}  // namespace

std::unique_ptr<SamplePointRepository> MakeSqlSamplePointRepository(Database& db) {
    return std::make_unique<SqlSamplePointRepository>(db);
}

}  // namespace wangge::storage
