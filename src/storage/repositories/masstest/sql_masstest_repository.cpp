#include "storage/repositories/masstest/sql_masstest_repository.hpp"

#include <fmt/format.h>

#include "domain/registry/area.hpp"
#include "storage/repositories/masstest/masstest_rows.hpp"
#include "storage/repositories/masstest/round_activation.hpp"
#include "storage/repositories/masstest/scan_commit_queue.hpp"
#include "storage/repositories/read_rows.hpp"
#include "storage/repositories/row_mapping.hpp"

namespace wangge::storage {
namespace {

using namespace masstest;
using namespace masstest_sql;
using registry::Page;
using registry::PathUpperBound;

constexpr std::string_view kInsertRound =
    "INSERT INTO test_rounds (name, kind, tag_mask, pool_size, status, starts_at, ends_at, owner_area_id, "
    "owner_path, created_by, created_at, updated_at, version) "
    "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, 1) RETURNING id";
constexpr std::string_view kInsertRoundArea = "INSERT INTO round_areas (round_id, area_id, path) VALUES ($1, $2, $3)";
const std::string kSelectRound = fmt::format("SELECT {} FROM test_rounds WHERE id = $1", kRoundColumns);
constexpr std::string_view kSelectRoundAreas =
    "SELECT area_id, path FROM round_areas WHERE round_id = $1 ORDER BY path";
const std::string kListRounds =
    fmt::format("SELECT {} FROM test_rounds WHERE ($1 = '' OR status = $1) ORDER BY id DESC LIMIT $2", kRoundColumns);
constexpr std::string_view kActivateRound =
    "UPDATE test_rounds SET status = 'active', activated_at = $2, updated_at = $2, version = version + 1 "
    "WHERE id = $1 AND version = $3 AND status = 'draft'";
constexpr std::string_view kCloseRound =
    "UPDATE test_rounds SET status = 'closed', closed_at = $2, updated_at = $2, version = version + 1 "
    "WHERE id = $1 AND version = $3 AND status = 'active'";
constexpr std::string_view kSelectStatus = "SELECT status FROM test_rounds WHERE id = $1";

constexpr std::string_view kSeal =
    "INSERT INTO round_sealed_buildings (round_id, building_id, path, sealed_by, sealed_at) VALUES ($1, $2, $3, $4, "
    "$5) "
    "ON CONFLICT (round_id, building_id) DO NOTHING";
constexpr std::string_view kUnseal = "DELETE FROM round_sealed_buildings WHERE round_id = $1 AND building_id = $2";
constexpr std::string_view kListSealed =
    "SELECT building_id, path, sealed_by, sealed_at FROM round_sealed_buildings "
    "WHERE round_id = $1 AND path >= $2 AND path < $3 ORDER BY path";

const std::string kSelectExemption =
    fmt::format("SELECT {} FROM round_exemptions e WHERE e.round_id = $1 AND e.resident_id = $2", kExemptionColumns);
constexpr std::string_view kInsertExemption =
    "INSERT INTO round_exemptions (round_id, resident_id, household_id, building_id, path, reason, note, created_by, "
    "created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)";
constexpr std::string_view kDeleteExemption = "DELETE FROM round_exemptions WHERE round_id = $1 AND resident_id = $2";
constexpr std::string_view kIsSampled =
    "SELECT count(*) FROM scans WHERE round_id = $1 AND resident_id = $2 AND kind = 'routine'";
const std::string kListExemptions = fmt::format(
    "SELECT {}, r.name, r.id_number, h.unit, h.room FROM round_exemptions e "
    "JOIN residents r ON r.id = e.resident_id JOIN households h ON h.id = e.household_id "
    "WHERE e.round_id = $1 AND e.path >= $2 AND e.path < $3 "
    "AND (e.path > $4 OR (e.path = $4 AND e.resident_id > $5)) ORDER BY e.path, e.resident_id LIMIT $6",
    kExemptionColumns);

const std::string kSelectTube = fmt::format("SELECT {} FROM tubes WHERE round_id = $1 AND code = $2", kTubeColumns);
const std::string kListTubeScans = fmt::format(
    "SELECT {} FROM scans s JOIN tubes t ON t.id = s.tube_id WHERE s.tube_id = $1 ORDER BY s.tube_seq", kScanColumns);

constexpr std::string_view kCoverageColumns =
    "c.area_id, c.parent_id, c.path, c.depth, a.name, a.level, c.expected, c.exempt, c.sampled";
const std::string kSelectCoverage = fmt::format(
    "SELECT {} FROM round_coverage c JOIN areas a ON a.id = c.area_id WHERE c.round_id = $1 AND c.area_id = $2",
    kCoverageColumns);
const std::string kListChildCoverage = fmt::format(
    "SELECT {} FROM round_coverage c JOIN areas a ON a.id = c.area_id WHERE c.round_id = $1 AND c.parent_id = $2 "
    "ORDER BY c.area_id",
    kCoverageColumns);
constexpr std::string_view kListHouseholdCoverage =
    "SELECT c.household_id, c.building_id, h.unit, h.room, c.expected, c.exempt, c.sampled "
    "FROM round_household_coverage c JOIN households h ON h.id = c.household_id "
    "WHERE c.round_id = $1 AND c.building_id = $2 AND c.household_id > $3 ORDER BY c.household_id LIMIT $4";
// One range scan of residents(path, id) under the area with an anti-join on the round's scans and
// exemptions (both by primary/unique key); $6 = 0 means everyone.
const std::string kListUntested = fmt::format(
    "SELECT {}, h.unit, h.room FROM residents r JOIN households h ON h.id = r.household_id "
    "WHERE r.path >= $2 AND r.path < $3 AND (r.path > $4 OR (r.path = $4 AND r.id > $5)) "
    "AND ($6 = CAST(0 AS BIGINT) OR (r.tags & $6) <> 0) "
    "AND NOT EXISTS (SELECT 1 FROM scans s WHERE s.round_id = $1 AND s.resident_id = r.id AND s.kind = 'routine') "
    "AND NOT EXISTS (SELECT 1 FROM round_exemptions e WHERE e.round_id = $1 AND e.resident_id = r.id) "
    "ORDER BY r.path, r.id LIMIT $7",
    "r.id, r.household_id, r.path, r.name, r.id_number, r.sex, r.birth_date, r.phone, r.registration, r.relation, "
    "r.tags, r.version, r.updated_at");

AreaCoverage ReadCoverage(const Row& row) {
    AreaCoverage c;
    c.area_id = row.Int(0);
    c.parent_id = OptionalInt(row, 1);
    c.path = row.Text(2);
    c.depth = static_cast<int>(row.Int(3));
    c.name = row.Text(4);
    c.level = row.Text(5);
    c.counts = Counts{row.Int(6), row.Int(7), row.Int(8)};
    return c;
}

tl::unexpected<Error> RoundNotFound() { return Fail(ErrorCode::kNotFound, "检测轮次不存在 (round not found)"); }

class SqlMassTestRepository final : public MassTestRepository {
  public:
    explicit SqlMassTestRepository(Database& db) : db_(db), commits_(db) {}

    Result<Round> CreateRound(const Round& draft, const std::vector<SealedBuilding>& sealed) override {
        Round round = draft;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(id, QueryInt(c, kInsertRound,
                                    {round.name, std::string(RoundKindName(round.kind)),
                                     static_cast<std::int64_t>(round.tag_mask), std::int64_t{round.pool_size},
                                     std::string(RoundStatusName(round.status)), round.starts_at, round.ends_at,
                                     round.owner_area_id, round.owner_path, round.created_by, round.created_at,
                                     round.updated_at}));
            round.id = id;
            for (std::size_t i = 0; i < round.area_ids.size(); ++i)
                if (auto r = c.Exec(kInsertRoundArea, {id, round.area_ids[i], round.area_paths[i]}); !r)
                    return Fail(r.error());
            for (const auto& s : sealed)
                if (auto r = c.Exec(kSeal, {id, s.building_id, s.path, s.sealed_by, s.sealed_at}); !r)
                    return Fail(r.error());
            return {};
        }));
        return GetRound(round.id);
    }

    static Result<Round> ReadRoundOn(Connection& c, std::int64_t id) {
        std::optional<Round> round;
        auto r = c.Exec(kSelectRound, {id}, [&](const Row& row) { round = ReadRound(row); });
        if (!r) return Fail(r.error());
        if (!round) return RoundNotFound();
        r = c.Exec(kSelectRoundAreas, {id}, [&](const Row& row) {
            round->area_ids.push_back(row.Int(0));
            round->area_paths.push_back(row.Text(1));
        });
        if (!r) return Fail(r.error());
        return *round;
    }

    Result<Round> GetRound(std::int64_t id) override {
        Round out;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            WANGGE_TRY(round, ReadRoundOn(c, id));
            out = std::move(round);
            return {};
        }));
        return out;
    }

    Result<std::vector<Round>> ListRounds(std::optional<RoundStatus> status, int limit) override {
        std::vector<Round> out;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            auto r = c.Exec(kListRounds, {std::string(status ? RoundStatusName(*status) : ""), std::int64_t{limit}},
                            [&](const Row& row) { out.push_back(ReadRound(row)); });
            if (!r) return Fail(r.error());
            for (auto& round : out) {
                r = c.Exec(kSelectRoundAreas, {round.id}, [&](const Row& row) {
                    round.area_ids.push_back(row.Int(0));
                    round.area_paths.push_back(row.Text(1));
                });
                if (!r) return Fail(r.error());
            }
            return {};
        }));
        return out;
    }

    Result<Round> ActivateRound(std::int64_t id, std::int64_t expected_version, EpochMillis at) override {
        Round out;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(changed, c.Exec(kActivateRound, {id, at, expected_version}));
            if (changed == 0)
                return Fail(ErrorCode::kAborted, "检测轮次已被他人更新，请刷新后重试 (round changed; reload)",
                            "version");
            WANGGE_TRY(round, ReadRoundOn(c, id));
            WANGGE_CHECK(BuildCoverage(c, round));
            out = std::move(round);
            return {};
        }));
        return out;
    }

    Result<Round> CloseRound(std::int64_t id, std::int64_t expected_version, EpochMillis at) override {
        Round out;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(changed, c.Exec(kCloseRound, {id, at, expected_version}));
            if (changed == 0)
                return Fail(ErrorCode::kAborted, "检测轮次已被他人更新，请刷新后重试 (round changed; reload)",
                            "version");
            WANGGE_TRY(round, ReadRoundOn(c, id));
            out = std::move(round);
            return {};
        }));
        return out;
    }

    Status SealBuilding(std::int64_t round_id, const SealedBuilding& b) override {
        return db_.Write([&](Connection& c) -> Status {
            auto r = c.Exec(kSeal, {round_id, b.building_id, b.path, b.sealed_by, b.sealed_at});
            if (!r) return Fail(r.error());
            return {};
        });
    }

    Status UnsealBuilding(std::int64_t round_id, std::int64_t building_id) override {
        return db_.Write([&](Connection& c) -> Status {
            auto r = c.Exec(kUnseal, {round_id, building_id});
            if (!r) return Fail(r.error());
            return {};
        });
    }

    Result<std::vector<SealedBuilding>> ListSealedBuildings(std::int64_t round_id,
                                                            const std::string& scope_path) override {
        return ReadAll(db_, kListSealed, {round_id, scope_path, PathUpperBound(scope_path)}, [](const Row& row) {
            return SealedBuilding{row.Int(0), row.Text(1), row.Int(2), row.Int(3)};
        });
    }

    static Result<RoundStatus> StatusOn(Connection& c, std::int64_t round_id) {
        std::string status;
        auto r = c.Exec(kSelectStatus, {round_id}, [&](const Row& row) { status = row.Text(0); });
        if (!r) return Fail(r.error());
        if (status.empty()) return RoundNotFound();
        return ParseRoundStatus(status).value_or(RoundStatus::kClosed);
    }

    static tl::unexpected<Error> RoundClosed() {
        return Fail(ErrorCode::kFailedPrecondition, "本轮检测已结束 (the round is closed)");
    }

    Result<Exemption> AddExemption(const Exemption& e) override {
        Exemption out = e;
        WANGGE_CHECK(db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(status, StatusOn(c, e.round_id));
            if (status == RoundStatus::kClosed) return RoundClosed();
            std::optional<Exemption> existing;
            auto r = c.Exec(kSelectExemption, {e.round_id, e.resident_id},
                            [&](const Row& row) { existing = ReadExemption(row); });
            if (!r) return Fail(r.error());
            if (existing) {
                out = *existing;
                return {};
            }
            WANGGE_TRY(sampled, QueryInt(c, kIsSampled, {e.round_id, e.resident_id}));
            if (sampled > 0)
                return Fail(ErrorCode::kFailedPrecondition, "此人本轮已采样，不能免检 (already sampled in this round)");
            r = c.Exec(kInsertExemption,
                       {e.round_id, e.resident_id, e.household_id, e.building_id, e.path,
                        std::string(ExemptionReasonName(e.reason)), e.note, e.created_by, e.created_at});
            if (!r) return Fail(r.error());
            if (status == RoundStatus::kActive) {
                CoverageDeltas deltas;
                deltas.Add(e.path, e.household_id, e.building_id, Delta{1, 0});
                WANGGE_CHECK(deltas.Flush(c, e.round_id));
            }
            return {};
        }));
        return out;
    }

    Status RemoveExemption(std::int64_t round_id, std::int64_t resident_id) override {
        return db_.Write([&](Connection& c) -> Status {
            WANGGE_TRY(status, StatusOn(c, round_id));
            if (status == RoundStatus::kClosed) return RoundClosed();
            std::optional<Exemption> existing;
            auto r = c.Exec(kSelectExemption, {round_id, resident_id},
                            [&](const Row& row) { existing = ReadExemption(row); });
            if (!r) return Fail(r.error());
            if (!existing) return Fail(ErrorCode::kNotFound, "免检记录不存在 (exemption not found)");
            r = c.Exec(kDeleteExemption, {round_id, resident_id});
            if (!r) return Fail(r.error());
            if (status == RoundStatus::kActive) {
                CoverageDeltas deltas;
                deltas.Add(existing->path, existing->household_id, existing->building_id, Delta{-1, 0});
                WANGGE_CHECK(deltas.Flush(c, round_id));
            }
            return {};
        });
    }

    Result<Page<ExemptionRow>> ListExemptions(std::int64_t round_id, const std::string& scope_path,
                                              const std::string& cursor_text, int limit) override {
        WANGGE_TRY(cursor, ParseCursor(cursor_text));
        if (cursor.strategy == 0) cursor.key = scope_path;
        Page<ExemptionRow> page;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            auto r = c.Exec(
                kListExemptions,
                {round_id, scope_path, PathUpperBound(scope_path), cursor.key, cursor.id, std::int64_t{limit + 1}},
                [&](const Row& row) {
                    page.items.push_back(
                        ExemptionRow{ReadExemption(row), row.Text(9), row.Text(10), row.Text(11), row.Text(12)});
                });
            if (!r) return Fail(r.error());
            return {};
        }));
        if (static_cast<int>(page.items.size()) > limit) {
            page.items.pop_back();
            const auto& last = page.items.back().exemption;
            page.next_cursor = MakeCursor('p', last.path, last.resident_id);
        }
        return page;
    }

    Result<std::vector<OpResult>> Ingest(const Round& round, const Sampler& sampler, const std::vector<PreparedOp>& ops,
                                         EpochMillis now) override {
        return commits_.Ingest(round, sampler, ops, now);
    }

    void IngestLater(Round round, Sampler sampler, std::vector<PreparedOp> ops, EpochMillis now,
                     IngestDone done) override {
        commits_.Submit(std::move(round), std::move(sampler), std::move(ops), now, std::move(done));
    }

    Result<Tube> GetTube(std::int64_t round_id, const std::string& code) override {
        return ReadOne(
            db_, kSelectTube, {round_id, code}, [](const Row& row) { return ReadTube(row); },
            "采样管不存在 (tube not found)");
    }

    Result<std::vector<Scan>> ListTubeScans(std::int64_t tube_id) override {
        return ReadAll(db_, kListTubeScans, {tube_id}, ReadScan);
    }

    Result<AreaCoverage> GetCoverage(std::int64_t round_id, std::int64_t area_id) override {
        return ReadOne(db_, kSelectCoverage, {round_id, area_id}, ReadCoverage,
                       "区域不在本轮检测中 (area not in the round)");
    }

    Result<std::vector<AreaCoverage>> ListChildCoverage(std::int64_t round_id, std::int64_t area_id) override {
        return ReadAll(db_, kListChildCoverage, {round_id, area_id}, ReadCoverage);
    }

    Result<Page<HouseholdCoverage>> ListHouseholdCoverage(std::int64_t round_id, std::int64_t building_id,
                                                          const std::string& cursor_text, int limit) override {
        WANGGE_TRY(cursor, ParseCursor(cursor_text));
        if (cursor.strategy != 0 && cursor.strategy != 'h')
            return Fail(ErrorCode::kInvalidArgument, "分页游标与查询不符 (cursor belongs to another query)", "cursor");
        Page<HouseholdCoverage> page;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            auto r = c.Exec(kListHouseholdCoverage, {round_id, building_id, cursor.id, std::int64_t{limit + 1}},
                            [&](const Row& row) {
                                page.items.push_back(HouseholdCoverage{row.Int(0), row.Int(1), row.Text(2), row.Text(3),
                                                                       Counts{row.Int(4), row.Int(5), row.Int(6)}});
                            });
            if (!r) return Fail(r.error());
            return {};
        }));
        if (static_cast<int>(page.items.size()) > limit) {
            page.items.pop_back();
            page.next_cursor = MakeCursor('h', "", page.items.back().household_id);
        }
        return page;
    }

    Result<Page<UntestedResident>> ListUntested(std::int64_t round_id, registry::TagSet tag_mask,
                                                const std::string& scope_path, const std::string& cursor_text,
                                                int limit) override {
        WANGGE_TRY(cursor, ParseCursor(cursor_text));
        if (cursor.strategy != 0 && cursor.strategy != 'p')
            return Fail(ErrorCode::kInvalidArgument, "分页游标与查询不符 (cursor belongs to another query)", "cursor");
        // The first page starts at the scope itself (an empty key would walk from the index start).
        if (cursor.strategy == 0) cursor.key = scope_path;
        Page<UntestedResident> page;
        WANGGE_CHECK(db_.Read([&](Connection& c) -> Status {
            auto r = c.Exec(kListUntested,
                            {round_id, scope_path, PathUpperBound(scope_path), cursor.key, cursor.id,
                             static_cast<std::int64_t>(tag_mask), std::int64_t{limit + 1}},
                            [&](const Row& row) {
                                page.items.push_back(UntestedResident{ReadResident(row), row.Text(13), row.Text(14)});
                            });
            if (!r) return Fail(r.error());
            return {};
        }));
        if (static_cast<int>(page.items.size()) > limit) {
            page.items.pop_back();
            const auto& last = page.items.back().resident;
            page.next_cursor = MakeCursor('p', last.path, last.id);
        }
        return page;
    }

  private:
    Database& db_;
    ScanCommitQueue commits_;
};

}  // namespace

std::unique_ptr<MassTestRepository> MakeSqlMassTestRepository(Database& db) {
    return std::make_unique<SqlMassTestRepository>(db);
}

}  // namespace wangge::storage
