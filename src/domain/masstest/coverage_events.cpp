#include "domain/masstest/coverage_events.hpp"

namespace wangge::masstest {
namespace {

class PublishingRepository final : public MassTestRepository {
  public:
    PublishingRepository(std::unique_ptr<MassTestRepository> inner, EventPublisher& events,
                         registry::RegistryRepository& registry)
        : inner_(std::move(inner)), events_(events), registry_(registry) {}
    // The inner repository finishes its queued ingests while this one, which publishes them, still exists.
    ~PublishingRepository() override { inner_.reset(); }

    Result<Round> CreateRound(const Round& round, const std::vector<SealedBuilding>& sealed) override {
        return inner_->CreateRound(round, sealed);
    }
    Result<Round> GetRound(std::int64_t id) override { return inner_->GetRound(id); }
    Result<std::vector<Round>> ListRounds(std::optional<RoundStatus> status, int limit) override {
        return inner_->ListRounds(status, limit);
    }
    Result<Round> ActivateRound(std::int64_t id, std::int64_t expected_version, EpochMillis at) override {
        return inner_->ActivateRound(id, expected_version, at);
    }
    Result<Round> CloseRound(std::int64_t id, std::int64_t expected_version, EpochMillis at) override {
        return inner_->CloseRound(id, expected_version, at);
    }
    Status SealBuilding(std::int64_t round_id, const SealedBuilding& building) override {
        return inner_->SealBuilding(round_id, building);
    }
    Status UnsealBuilding(std::int64_t round_id, std::int64_t building_id) override {
        return inner_->UnsealBuilding(round_id, building_id);
    }
    Result<std::vector<SealedBuilding>> ListSealedBuildings(std::int64_t round_id,
                                                            const std::string& scope_path) override {
        return inner_->ListSealedBuildings(round_id, scope_path);
    }

    Result<Exemption> AddExemption(const Exemption& exemption) override {
        auto stored = inner_->AddExemption(exemption);
        // The stored exemption is the one given when it is new (an earlier one is answered as it was; the same
        // user exempting the same person twice within one millisecond would be published twice).
        if (stored && stored->created_at == exemption.created_at && stored->created_by == exemption.created_by) {
            CoverageChangeBuilder change(exemption.round_id);
            change.Add(exemption.path, 1, 0);
            events_.CoverageChanged(change.Build());
        }
        return stored;
    }

    Status RemoveExemption(std::int64_t round_id, std::int64_t resident_id) override {
        auto removed = inner_->RemoveExemption(round_id, resident_id);
        if (removed) {
            // The exemption's path is the resident's building when exempted; residents rarely move mid-round.
            if (auto resident = registry_.GetResident(resident_id)) {
                CoverageChangeBuilder change(round_id);
                change.Add(resident->path, -1, 0);
                events_.CoverageChanged(change.Build());
            }
        }
        return removed;
    }

    Result<Page<ExemptionRow>> ListExemptions(std::int64_t round_id, const std::string& scope_path,
                                              const std::string& cursor, int limit) override {
        return inner_->ListExemptions(round_id, scope_path, cursor, limit);
    }

    Result<std::vector<OpResult>> Ingest(const Round& round, const Sampler& sampler, const std::vector<PreparedOp>& ops,
                                         EpochMillis now) override {
        auto results = inner_->Ingest(round, sampler, ops, now);
        Publish(round.id, results);
        return results;
    }

    void IngestLater(Round round, Sampler sampler, std::vector<PreparedOp> ops, EpochMillis now,
                     IngestDone done) override {
        const std::int64_t round_id = round.id;
        inner_->IngestLater(std::move(round), std::move(sampler), std::move(ops), now,
                            [this, round_id, done = std::move(done)](Result<std::vector<OpResult>> results) {
                                Publish(round_id, results);
                                done(std::move(results));
                            });
    }

    Result<Tube> GetTube(std::int64_t round_id, const std::string& code) override {
        return inner_->GetTube(round_id, code);
    }
    Result<std::vector<Scan>> ListTubeScans(std::int64_t tube_id) override { return inner_->ListTubeScans(tube_id); }
    Result<AreaCoverage> GetCoverage(std::int64_t round_id, std::int64_t area_id) override {
        return inner_->GetCoverage(round_id, area_id);
    }
    Result<std::vector<AreaCoverage>> ListChildCoverage(std::int64_t round_id, std::int64_t area_id) override {
        return inner_->ListChildCoverage(round_id, area_id);
    }
    Result<Page<HouseholdCoverage>> ListHouseholdCoverage(std::int64_t round_id, std::int64_t building_id,
                                                          const std::string& cursor, int limit) override {
        return inner_->ListHouseholdCoverage(round_id, building_id, cursor, limit);
    }
    Result<Page<UntestedResident>> ListUntested(std::int64_t round_id, registry::TagSet tag_mask,
                                                const std::string& scope_path, const std::string& cursor,
                                                int limit) override {
        return inner_->ListUntested(round_id, tag_mask, scope_path, cursor, limit);
    }

  private:
    // Accepted new scans move the coverage of their areas.
    void Publish(std::int64_t round_id, const Result<std::vector<OpResult>>& results) {
        if (!results) return;
        CoverageChangeBuilder change(round_id);
        for (const auto& r : *results)
            if (r.op == OpKind::kScan && r.outcome == Outcome::kAccepted && !r.replayed && !r.path.empty())
                change.Add(r.path, 0, 1);
        if (!change.empty()) events_.CoverageChanged(change.Build());
    }

    std::unique_ptr<MassTestRepository> inner_;
    EventPublisher& events_;
    registry::RegistryRepository& registry_;
};

}  // namespace

std::unique_ptr<MassTestRepository> WithCoverageEvents(std::unique_ptr<MassTestRepository> inner,
                                                       EventPublisher& events, registry::RegistryRepository& registry) {
    return std::make_unique<PublishingRepository>(std::move(inner), events, registry);
}

}  // namespace wangge::masstest
