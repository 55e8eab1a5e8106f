#pragma once
// What the appeal service needs from storage. Implemented once in portable SQL in
// storage/repositories/appeals. Scope is enforced by the service, which passes scope paths down.
// Every write that changes an appeal appends its event to the community's ledger chain in the
// same transaction.
#include <optional>
#include <vector>

#include "common/result.hpp"
#include "domain/appeals/appeal.hpp"
#include "domain/appeals/deadline.hpp"
#include "domain/appeals/ledger.hpp"
#include "domain/registry/registry_repository.hpp"

namespace wangge::appeals {

using registry::Page;

struct AppealQuery {
    std::string scope_path;  // only appeals whose path lies under this
    std::optional<AppealStatus> status;
    std::optional<Track> track;
    std::optional<Channel> channel;
    std::optional<std::int64_t> category_id;
    std::optional<EpochMillis> overdue_at;  // only open work due before this instant
    std::optional<std::int64_t> community_id;  // the scope's community, when it is one or lies in one
    std::string cursor;                     // opaque; "" = first page
    int limit = 50;
};

class AppealRepository {
  public:
    virtual ~AppealRepository() = default;

    virtual Result<std::vector<Category>> ListCategories() = 0;
    virtual Result<Category> GetCategory(std::int64_t id) = 0;  // kNotFound

    // Inserts the appeal (id ignored) and its "record" event (appeal_id, seq and hashes filled
    // here). Returns the stored appeal.
    virtual Result<Appeal> CreateAppeal(const Appeal& appeal, const AppealEvent& event) = 0;
    virtual Result<Appeal> GetAppeal(std::int64_t id) = 0;  // kNotFound
    // Newest first; one page.
    virtual Result<Page<Appeal>> ListAppeals(const AppealQuery& query) = 0;
    // Open work under `scope_path` due before `now`, most overdue first; at most `limit`.
    virtual Result<std::vector<Appeal>> ListOverdue(const std::string& scope_path, EpochMillis now, int limit) = 0;
    // Claimed or in progress by this user, soonest due first; at most `limit`.
    virtual Result<std::vector<Appeal>> ListClaimedBy(std::int64_t user_id, int limit) = 0;
    // Stores `updated` (all mutable fields, version + 1) only when the stored row still has
    // `expected_version` and `expected_status`; else kAborted — a lost race or a stale client.
    // Appends `event` to the ledger in the same transaction.
    virtual Result<Appeal> ApplyTransition(const Appeal& updated, std::int64_t expected_version,
                                           AppealStatus expected_status, const AppealEvent& event) = 0;
    // Oldest first.
    virtual Result<std::vector<AppealEvent>> ListEvents(std::int64_t appeal_id) = 0;

    // The ledger of one community, in seq order, and its head (nullopt before the first event).
    virtual Result<std::vector<AppealEvent>> ListLedger(std::int64_t community_id) = 0;
    virtual Result<std::optional<LedgerHead>> GetLedgerHead(std::int64_t community_id) = 0;
    // Every community with a ledger, by id.
    virtual Result<std::vector<std::int64_t>> ListLedgerCommunities() = 0;

    // Active members (and removed ones when asked), by name.
    virtual Result<std::vector<CommitteeMember>> ListMembers(std::int64_t community_id, bool include_removed) = 0;
    virtual Result<CommitteeMember> GetMember(std::int64_t id) = 0;  // kNotFound
    virtual Result<CommitteeMember> CreateMember(const CommitteeMember& member) = 0;
    // Replaces name, kind, unit, phone and active when `expected_version` matches; else kAborted.
    virtual Result<CommitteeMember> UpdateMember(const CommitteeMember& member, std::int64_t expected_version) = 0;

    // The community's Party-day rule; nullopt when it never set one (the default applies).
    virtual Result<std::optional<PartyDayRule>> GetPartyDayRule(std::int64_t community_id) = 0;
    virtual Status SetPartyDayRule(std::int64_t community_id, const PartyDayRule& rule, EpochMillis at) = 0;
};

}  // namespace wangge::appeals
