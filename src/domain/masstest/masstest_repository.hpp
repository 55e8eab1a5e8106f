#pragma once
// What the mass-testing service needs from storage. Implemented once in portable SQL in
// storage/repositories/masstest. Scope and permissions are checked by the service, which passes
// scope paths down. Coverage counters are updated in the same transaction as the scans and
// exemptions they count.
#include <functional>
#include <optional>
#include <vector>

#include "common/result.hpp"
#include "domain/masstest/masstest.hpp"
#include "domain/registry/registry_repository.hpp"

namespace wangge::masstest {

using registry::Page;

// Who runs an ingest: the sampler's id and scope.
struct Sampler {
    std::int64_t user_id = 0;
    std::string scope_path;
};

// A scan op whose subject the service already parsed: a resident id or a normalised ID number,
// or a refusal decided from the input alone (a resident code failing its check, a bad ID number).
struct PreparedOp {
    ScanOp op;
    std::optional<std::int64_t> resident_id;
    std::string id_number;  // normalised (upper-case X)
    std::optional<RefusalReason> refusal;
    std::string refusal_message;
    EpochMillis scanned_at = 0;
};

// Receives an ingest's result (IngestLater).
using IngestDone = std::function<void(Result<std::vector<OpResult>>)>;

class MassTestRepository {
  public:
    virtual ~MassTestRepository() = default;

    // Inserts the round (status draft, id ignored) with its areas and sealed buildings.
    virtual Result<Round> CreateRound(const Round& round, const std::vector<SealedBuilding>& sealed) = 0;
    virtual Result<Round> GetRound(std::int64_t id) = 0;  // kNotFound
    // Newest first, every round (the service filters what a caller may see; rounds are few).
    virtual Result<std::vector<Round>> ListRounds(std::optional<RoundStatus> status, int limit) = 0;
    // draft → active when the stored round has `expected_version` (else kAborted), creating every
    // coverage row with its expected counts and the exemptions recorded while draft.
    virtual Result<Round> ActivateRound(std::int64_t id, std::int64_t expected_version, EpochMillis at) = 0;
    // active → closed when the stored round has `expected_version` (else kAborted).
    virtual Result<Round> CloseRound(std::int64_t id, std::int64_t expected_version, EpochMillis at) = 0;

    // Idempotent.
    virtual Status SealBuilding(std::int64_t round_id, const SealedBuilding& building) = 0;
    virtual Status UnsealBuilding(std::int64_t round_id, std::int64_t building_id) = 0;
    // Under `scope_path`, by path.
    virtual Result<std::vector<SealedBuilding>> ListSealedBuildings(std::int64_t round_id,
                                                                    const std::string& scope_path) = 0;

    // Stores the exemption and, when the round is active, adds it to the counters. Returns the stored
    // exemption (the existing one when the resident was already exempt). kFailedPrecondition when the
    // resident is already sampled in the round or the round is closed.
    virtual Result<Exemption> AddExemption(const Exemption& exemption) = 0;
    // Removes it (and takes it off the counters). kNotFound when there is none.
    virtual Status RemoveExemption(std::int64_t round_id, std::int64_t resident_id) = 0;
    // Under `scope_path`, in (path, resident id) order; with the resident's name and masked-able ID
    // number joined into `UntestedResident`-like rows.
    struct ExemptionRow {
        Exemption exemption;
        std::string name, id_number, unit, room;
    };
    virtual Result<Page<ExemptionRow>> ListExemptions(std::int64_t round_id, const std::string& scope_path,
                                                      const std::string& cursor, int limit) = 0;

    // Applies the ops in order in one transaction (see docs/api/mass-testing.md): opens and closes
    // tubes, decides each scan (domain/masstest/scan_rules.hpp), stores accepted and refused scans and
    // updates tubes and counters. Scans whose client id is stored already answer the stored outcome
    // (`replayed`). Resident names and ID numbers in the results are unmasked (the service masks).
    // Errors are for the whole batch (nothing was stored).
    virtual Result<std::vector<OpResult>> Ingest(const Round& round, const Sampler& sampler,
                                                 const std::vector<PreparedOp>& ops, EpochMillis now) = 0;
    // Ingest without waiting: `done` runs once with what Ingest would return, after the commit, on
    // whichever thread committed (the SQL repository's group-commit thread; here, the caller's).
    virtual void IngestLater(Round round, Sampler sampler, std::vector<PreparedOp> ops, EpochMillis now,
                             IngestDone done) {
        done(Ingest(round, sampler, ops, now));
    }

    virtual Result<Tube> GetTube(std::int64_t round_id, const std::string& code) = 0;  // kNotFound
    // The tube's accepted scans in tube order.
    virtual Result<std::vector<Scan>> ListTubeScans(std::int64_t tube_id) = 0;

    // The counters of one area in a round (name and level joined); kNotFound when the area has no row.
    virtual Result<AreaCoverage> GetCoverage(std::int64_t round_id, std::int64_t area_id) = 0;
    // The round's rows whose parent is `area_id`, by area id.
    virtual Result<std::vector<AreaCoverage>> ListChildCoverage(std::int64_t round_id, std::int64_t area_id) = 0;
    // The households of a building, by household id.
    virtual Result<Page<HouseholdCoverage>> ListHouseholdCoverage(std::int64_t round_id, std::int64_t building_id,
                                                                  const std::string& cursor, int limit) = 0;
    // Residents under `scope_path` in the round's population (`tag_mask` 0 = everyone) neither
    // sampled nor exempt, in (path, id) order; unmasked (the service masks).
    virtual Result<Page<UntestedResident>> ListUntested(std::int64_t round_id, registry::TagSet tag_mask,
                                                        const std::string& scope_path, const std::string& cursor,
                                                        int limit) = 0;
};

}  // namespace wangge::masstest
