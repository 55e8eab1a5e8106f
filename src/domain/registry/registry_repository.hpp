#pragma once
// What the registry service needs from storage. Implemented once in portable SQL in
// storage/repositories. Scope is enforced by the service, which passes scope paths down;
// counters on areas are kept in the same transaction as the rows they count.
#include <optional>
#include <vector>

#include "common/result.hpp"
#include "domain/registry/area.hpp"
#include "domain/registry/resident.hpp"

namespace wangge::registry {

// How a search string is read.
enum class SearchKind { kAll, kName, kIdNumber, kPhone };

struct ResidentQuery {
    std::string scope_path;          // only residents whose path lies under this
    std::int64_t scope_residents = 0;  // how many live there: picks the cheaper index
    SearchKind kind = SearchKind::kAll;
    std::string text;                // name prefix, full ID number or phone
    std::string cursor;              // opaque, from a previous page's next_cursor; "" = first page
    int limit = 50;
};

struct HouseholdQuery {
    std::string scope_path;
    std::string cursor;  // opaque; "" = first page
    int limit = 50;
};

// One page of a listing. Pages follow an index order (area path, then id, or name, then id),
// so each page is one index range scan that stops at the limit, whatever the scope's size.
template <typename T>
struct Page {
    std::vector<T> items;
    std::optional<std::string> next_cursor;  // absent on the last page
};

struct HistoryEntry {
    std::int64_t id = 0;
    EpochMillis at = 0;
    std::optional<std::int64_t> user_id;
    std::string action;  // "create" | "update" | "move" | "import"
    std::string detail;  // JSON text of what changed
};

class RegistryRepository {
public:
    virtual ~RegistryRepository() = default;

    virtual Result<Area> GetArea(std::int64_t id) = 0;                 // kNotFound
    virtual Result<Area> GetAreaByCode(const std::string& code) = 0;   // kNotFound
    virtual Result<std::vector<Area>> ListChildren(std::int64_t parent_id) = 0;
    virtual Result<std::vector<Area>> ListAncestors(const std::string& path) = 0;  // root first
    // Creates an area under parent (or a root when absent); fills id, path, depth.
    virtual Result<Area> CreateArea(const Area& area) = 0;

    virtual Result<Household> GetHousehold(std::int64_t id) = 0;
    virtual Result<Page<Household>> ListHouseholds(const HouseholdQuery& query) = 0;
    // kAlreadyExists when the building already has that unit and room.
    virtual Result<Household> CreateHousehold(const Household& household) = 0;
    virtual Status SetHouseholdHead(std::int64_t household_id, std::optional<std::int64_t> resident_id) = 0;

    virtual Result<Resident> GetResident(std::int64_t id) = 0;
    virtual Result<std::vector<Resident>> ListMembers(std::int64_t household_id) = 0;
    virtual Result<Page<Resident>> SearchResidents(const ResidentQuery& query) = 0;
    // Inserts (id ignored), bumps counters, writes history. kAlreadyExists on a taken ID number.
    virtual Result<Resident> CreateResident(const Resident& resident, std::optional<std::int64_t> actor) = 0;
    // Replaces the editable fields when `expected_version` matches (else kAborted); writes history.
    virtual Result<Resident> UpdateResident(const Resident& resident, std::int64_t expected_version,
                                            std::optional<std::int64_t> actor) = 0;
    // Moves a resident to another household, keeping counters and history.
    virtual Result<Resident> MoveResident(std::int64_t resident_id, const Household& to, EpochMillis at,
                                          std::optional<std::int64_t> actor) = 0;
    virtual Result<std::vector<HistoryEntry>> ListHistory(std::int64_t resident_id) = 0;
};

}  // namespace wangge::registry
