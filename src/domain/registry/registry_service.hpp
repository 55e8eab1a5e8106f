#pragma once
// The registry as callers see it: every read and write checked against the caller's scope
// (outside it answers kNotFound, never the content), personal data masked unless the role
// may reveal it and the request asks, each reveal written to the audit log.
#include "common/clock.hpp"
#include "domain/auth/auth_repository.hpp"
#include "domain/auth/user.hpp"
#include "domain/registry/registry_repository.hpp"

namespace wangge::registry {

enum class Reveal { kNo, kYes };

// Whether a household view lists its members (a resident's page needs only the address).
enum class Members { kInclude, kSkip };

struct RevealRequest {
    Reveal reveal = Reveal::kNo;
    std::string reason;  // required when revealing
};

// A resident as shown to a caller: id_number and phone masked unless revealed.
struct ResidentView {
    Resident resident;
    bool revealed = false;
};

// A partial edit: absent fields keep their value. Validated as a whole after merging.
struct ResidentPatch {
    std::optional<std::string> name, id_number, phone, relation;
    std::optional<Registration> registration;
    std::optional<TagSet> tags;
};

struct AreaView {
    Area area;
    std::vector<Area> ancestors;  // root first, clipped to what the caller may see
};

struct HouseholdView {
    Household household;
    std::vector<Area> ancestors;  // down to the building
    std::vector<ResidentView> members;
};

class RegistryService {
public:
    RegistryService(RegistryRepository& repo, auth::AuthRepository& audit, const Clock& clock);

    Result<AreaView> GetArea(const auth::Caller& caller, std::int64_t id);
    Result<std::vector<Area>> ListChildren(const auth::Caller& caller, std::int64_t id);
    Result<Page<Household>> ListHouseholds(const auth::Caller& caller, std::int64_t area_id,
                                           const std::string& cursor, int limit);
    Result<HouseholdView> GetHousehold(const auth::Caller& caller, std::int64_t id,
                                       Members members = Members::kInclude);
    // Creates a household in a building. kInvalidArgument when the area is not a building.
    Result<Household> CreateHousehold(const auth::Caller& caller, std::int64_t building_id, const std::string& unit,
                                      const std::string& room);

    // Searches under `area_id` (default: the caller's scope). Text: 18 chars → ID number,
    // 11 digits → phone, otherwise a name prefix. Results are always masked.
    Result<Page<ResidentView>> SearchResidents(const auth::Caller& caller, std::optional<std::int64_t> area_id,
                                               const std::string& text, const std::string& cursor, int limit);
    Result<ResidentView> GetResident(const auth::Caller& caller, std::int64_t id, const RevealRequest& reveal);
    Result<std::vector<HistoryEntry>> GetHistory(const auth::Caller& caller, std::int64_t resident_id);

    Result<ResidentView> CreateResident(const auth::Caller& caller, std::int64_t household_id,
                                        const ResidentDraft& draft);
    // kAborted when expected_version is stale (someone else saved first).
    Result<ResidentView> UpdateResident(const auth::Caller& caller, std::int64_t id, std::int64_t expected_version,
                                        const ResidentPatch& patch);
    Result<ResidentView> MoveResident(const auth::Caller& caller, std::int64_t id, std::int64_t household_id);

private:
    Result<Area> AreaInScope(const auth::Caller& caller, std::int64_t id);
    Result<Resident> ResidentInScope(const auth::Caller& caller, std::int64_t id);
    ResidentView Mask(Resident resident) const;

    RegistryRepository& repo_;
    auth::AuthRepository& audit_;
    const Clock& clock_;
};

}  // namespace wangge::registry
