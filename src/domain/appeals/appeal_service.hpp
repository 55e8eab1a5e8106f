#pragma once
// The appeals ledger as callers see it. Every read and write is checked against the caller's
// scope (outside it answers kNotFound, never the content); every step goes through the one
// workflow table (workflow.hpp) and appends an event to the community's hash-chained ledger.
// Thread-safe as far as the repositories are; concurrent steps on one appeal race on its
// version and exactly one wins (the others get kAborted).
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "domain/appeals/appeal_repository.hpp"
#include "domain/appeals/deadline.hpp"
#include "domain/appeals/event_detail.hpp"
#include "domain/appeals/workflow.hpp"
#include "domain/auth/user.hpp"
#include "domain/registry/registry_repository.hpp"

namespace wangge::appeals {

struct AppealDraft {
    std::int64_t area_id = 0;  // a community, village, grid or building inside the caller's scope
    std::optional<std::int64_t> household_id;
    Channel channel = Channel::kWalkIn;
    std::int64_t category_id = 0;
    std::string description;
    Reporter reporter;  // a resident (resident_id), a name and/or phone, or anonymous
    // Raised at this Party-day session; goes into the "record" event's detail. Set only by
    // PartySessionService, which checked that the session is open and of the same community.
    std::optional<std::int64_t> session_id;
};

struct AppealFilter {
    std::optional<std::int64_t> area_id;  // default: the caller's scope
    std::optional<AppealStatus> status;
    std::optional<Track> track;
    std::optional<Channel> channel;
    std::optional<std::int64_t> category_id;
    bool overdue = false;
    std::string cursor;
    int limit = 50;
};

// One step. Which optional fields an action needs is checked by the service.
struct TransitionRequest {
    Action action = Action::kTriage;
    std::int64_t version = 0;  // the version the caller saw
    std::string note;
    std::optional<Track> track;              // triage
    std::optional<std::int64_t> member_id;   // claim on behalf of a big-committee member
    std::optional<Evaluation> evaluation;    // evaluate
    std::optional<std::int64_t> into_id;     // merge
    std::optional<std::int64_t> session_id;  // report; claim at a session (set by PartySessionService only)
};

// An appeal as shown to one caller at one moment.
struct AppealView {
    Appeal appeal;
    std::optional<Band> band;
    std::vector<Action> allowed_actions;
};

// An appeal as `caller` sees it at `now`: its deadline band, the steps the caller may take, the
// reporter's phone masked. Every service that returns appeals shows them through this.
AppealView ShowAppeal(const auth::Caller& caller, Appeal appeal, EpochMillis now);

struct AppealDetail {
    AppealView view;
    std::vector<AppealEvent> events;  // oldest first
};

struct MemberDraft {
    std::string name;
    MemberKind kind = MemberKind::kPartyCommittee;
    std::string unit_name;
    std::string phone;
};

struct MemberPatch {
    std::optional<std::string> name, unit_name, phone;
    std::optional<MemberKind> kind;
};

struct AppealSettings {
    PartyDayRule party_day;
    bool is_default = true;
    CivilDate next_party_day;  // on or after today
};

class AppealService {
  public:
    // Borrows all three, which must outlive this.
    AppealService(AppealRepository& repo, registry::RegistryRepository& registry, const Clock& clock);

    Result<std::vector<Category>> ListCategories(const auth::Caller& caller);

    // Intake. kInvalidArgument naming the field for bad input, including an area, household or
    // resident outside the caller's scope (as for residents: the caller chose it, so say which).
    Result<AppealView> Record(const auth::Caller& caller, const AppealDraft& draft);
    // kNotFound when absent or outside scope.
    Result<AppealDetail> Get(const auth::Caller& caller, std::int64_t id);
    Result<Page<AppealView>> List(const auth::Caller& caller, const AppealFilter& filter);
    // Open work past due under `area_id` (default: scope), most overdue first.
    Result<std::vector<AppealView>> Overdue(const auth::Caller& caller, std::optional<std::int64_t> area_id);
    // What the caller claimed and still owes, soonest due first.
    Result<std::vector<AppealView>> MyClaims(const auth::Caller& caller);

    // One workflow step. kAborted for a stale version or a lost race; kFailedPrecondition when the
    // table has no such step from the current status; kPermissionDenied when the caller may not
    // take it; kInvalidArgument for a missing note, track, evaluation, member or merge target.
    Result<AppealView> Perform(const auth::Caller& caller, std::int64_t id, const TransitionRequest& request);

    // The big Party committee of a community (kNotFound outside scope or not a community).
    Result<std::vector<CommitteeMember>> ListMembers(const auth::Caller& caller, std::int64_t community_id,
                                                     bool include_removed);
    Result<CommitteeMember> AddMember(const auth::Caller& caller, std::int64_t community_id, const MemberDraft& draft);
    // kAborted when `version` is stale.
    Result<CommitteeMember> UpdateMember(const auth::Caller& caller, std::int64_t id, std::int64_t version,
                                         const MemberPatch& patch);
    // Marks the member removed; timelines keep their name.
    Status RemoveMember(const auth::Caller& caller, std::int64_t id);

    Result<AppealSettings> GetSettings(const auth::Caller& caller, std::int64_t community_id);
    Result<AppealSettings> SetPartyDayRule(const auth::Caller& caller, std::int64_t community_id,
                                           const PartyDayRule& rule);

  private:
    Result<registry::Area> AreaInScope(const auth::Caller& caller, std::int64_t id);
    Result<registry::Area> CommunityInScope(const auth::Caller& caller, std::int64_t id);
    Result<registry::Area> CommunityOf(const registry::Area& area);
    Result<Appeal> AppealInScope(const auth::Caller& caller, std::int64_t id);
    Result<CommitteeMember> MemberInScope(const auth::Caller& caller, std::int64_t id);
    Result<PartyDayRule> RuleFor(std::int64_t community_id);
    // What a step changes besides the status; `appeal` already carries the target status.
    Status ApplyAction(const auth::Caller& caller, const TransitionRequest& request, AppealStatus from, Appeal& appeal,
                       EventDetail& detail);
    AppealView View(const auth::Caller& caller, Appeal appeal) const;

    AppealRepository& repo_;
    registry::RegistryRepository& registry_;
    const Clock& clock_;
};

// Re-computes the ledger chain of one community, or of every community with a ledger.
Result<std::vector<LedgerReport>> VerifyLedgers(AppealRepository& repo, std::optional<std::int64_t> community_id);

}  // namespace wangge::appeals
