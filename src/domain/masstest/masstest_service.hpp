#pragma once
// Mass testing as callers see it. Every read and write is checked against the caller's scope
// (outside it answers kNotFound, never the content) and permissions (auth/role.hpp:
// kReadMassTesting, kManageRounds, kExemptResidents, kScanSamples). Scans go through one ingest per
// request (a single scan or a batch of up to kMaxBatchScans ops), one transaction each, durable
// before the call returns. Thread-safe as far as the repositories are.
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "common/clock.hpp"
#include "domain/auth/user.hpp"
#include "domain/masstest/masstest_repository.hpp"
#include "domain/registry/registry_repository.hpp"

namespace wangge::masstest {

struct RoundDraft {
    std::string name;
    RoundKind kind = RoundKind::kEveryone;
    registry::TagSet tags = 0;  // kTags: at least one
    std::vector<std::int64_t> area_ids;
    EpochMillis starts_at = 0, ends_at = 0;
    int pool_size = 10;
    std::vector<std::int64_t> sealed_building_ids;
    bool activate = false;
};

// A round as shown to one caller: its areas by name and the caller's view of the counters.
struct RoundView {
    Round round;
    std::vector<registry::Area> areas;
    std::optional<Counts> coverage;  // the caller's area (or the round's areas); absent while draft
    std::int64_t sealed_building_count = 0;
};

struct SealedBuildingView {
    SealedBuilding building;
    std::string name;
};

struct ExemptionView {
    Exemption exemption;
    std::string name, id_number;  // masked ID number
    std::string unit, room;
};

struct TubeDetail {
    Tube tube;
    std::vector<Scan> scans;
};

struct CoverageView {
    AreaCoverage area;
    std::vector<AreaCoverage> children;                 // child areas in the round
    std::optional<Page<HouseholdCoverage>> households;  // for a building
};

class MassTestService {
  public:
    // Borrows all three, which must outlive this.
    MassTestService(MassTestRepository& repo, registry::RegistryRepository& registry, const Clock& clock);

    // kInvalidArgument naming the field; areas and buildings must lie in the caller's scope.
    Result<RoundView> CreateRound(const auth::Caller& caller, const RoundDraft& draft);
    Result<RoundView> GetRound(const auth::Caller& caller, std::int64_t id);
    Result<std::vector<RoundView>> ListRounds(const auth::Caller& caller, std::optional<RoundStatus> status);
    // kFailedPrecondition from a status the step does not start from.
    Result<RoundView> Activate(const auth::Caller& caller, std::int64_t id);
    Result<RoundView> Close(const auth::Caller& caller, std::int64_t id);

    Status Seal(const auth::Caller& caller, std::int64_t round_id, std::int64_t building_id);
    Status Unseal(const auth::Caller& caller, std::int64_t round_id, std::int64_t building_id);
    Result<std::vector<SealedBuildingView>> ListSealed(const auth::Caller& caller, std::int64_t round_id);

    // kInvalidArgument (field resident_id) when the resident is outside the caller's scope or the
    // round's population; kFailedPrecondition when already sampled or the round is closed.
    Result<ExemptionView> Exempt(const auth::Caller& caller, std::int64_t round_id, std::int64_t resident_id,
                                 ExemptionReason reason, const std::string& note);
    Status Unexempt(const auth::Caller& caller, std::int64_t round_id, std::int64_t resident_id);
    Result<Page<ExemptionView>> ListExemptions(const auth::Caller& caller, std::int64_t round_id,
                                               std::optional<std::int64_t> area_id, const std::string& cursor,
                                               int limit);

    // One op or a batch, applied in order in one transaction. Shape errors (no client id, two
    // subjects, a bad tube code, too many ops) are kInvalidArgument for the whole request, naming
    // `items[i].field` in a batch; everything the sampler must see is a refusal in the results.
    Result<OpResult> Apply(const auth::Caller& caller, std::int64_t round_id, const ScanOp& op);
    Result<std::vector<OpResult>> ApplyBatch(const auth::Caller& caller, std::int64_t round_id,
                                             const std::vector<ScanOp>& ops);
    // The same without waiting for the commit: `done` runs once with the answer, on the thread that
    // committed (at once, on this one, for a request refused before it reaches the database). For the
    // HTTP handlers, so that no server thread waits for an fsync.
    void ApplyLater(const auth::Caller& caller, std::int64_t round_id, const ScanOp& op,
                    std::function<void(Result<OpResult>)> done);
    void ApplyBatchLater(const auth::Caller& caller, std::int64_t round_id, const std::vector<ScanOp>& ops,
                         std::function<void(Result<std::vector<OpResult>>)> done);
    Result<TubeDetail> GetTube(const auth::Caller& caller, std::int64_t round_id, const std::string& code);

    // The counters of `area_id` (default: the caller's area) and its children in the round; for a
    // building, its households (paged). kNotFound outside the caller's scope or the round.
    Result<CoverageView> Coverage(const auth::Caller& caller, std::int64_t round_id,
                                  std::optional<std::int64_t> area_id, const std::string& cursor, int limit);
    // People of a community, village, grid or building inside the round not yet sampled nor exempt;
    // ID numbers and phones masked. kInvalidArgument (field area) above the community level.
    Result<Page<UntestedResident>> Untested(const auth::Caller& caller, std::int64_t round_id, std::int64_t area_id,
                                            const std::string& cursor, int limit);

  private:
    Result<std::shared_ptr<const Round>> LoadRound(std::int64_t id);
    Result<std::shared_ptr<const Round>> VisibleRound(const auth::Caller& caller, std::int64_t id);
    void Forget(std::int64_t id);
    Result<RoundView> View(const auth::Caller& caller, const Round& round);
    Result<registry::Area> AreaInScope(const auth::Caller& caller, std::int64_t id, std::string_view field);
    Result<PreparedOp> Prepare(const ScanOp& op, const std::string& field_prefix) const;
    // Permission, round and per-op checks of one request, before its ingest; a batch names its fields
    // items[i].…
    struct PreparedRequest {
        std::shared_ptr<const Round> round;
        std::vector<PreparedOp> ops;
    };
    Result<PreparedRequest> PrepareRequest(const auth::Caller& caller, std::int64_t round_id,
                                           const std::vector<ScanOp>& ops, bool batch);
    static void MaskResults(std::vector<OpResult>& results);

    MassTestRepository& repo_;
    registry::RegistryRepository& registry_;
    const Clock& clock_;

    // Rounds by id: the scope and rules do not change after creation; status is re-read in every
    // ingest transaction, and activate/close replace the entry.
    std::mutex rounds_mutex_;
    std::unordered_map<std::int64_t, std::shared_ptr<const Round>> rounds_;  // guarded by rounds_mutex_
};

}  // namespace wangge::masstest
