#pragma once
// Extension requests (延期申请): the claimer asks for a later deadline with a reason and the
// community secretary approves or refuses it. They live in the ledger itself: a request is an event
// "request_extension" and its decision an event "approve_extension" or "refuse_extension" on the
// same appeal, so the hash chain covers them and nothing else has to be kept in step. An extension's
// id is the id of its request event.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/appeals/appeal.hpp"

namespace wangge::appeals {

inline constexpr std::string_view kRequestExtension = "request_extension";
inline constexpr std::string_view kApproveExtension = "approve_extension";
inline constexpr std::string_view kRefuseExtension = "refuse_extension";

// Ledger actions after which an undecided request no longer applies (the work it was asked for is
// done, handed back or gone): the request lapses and a new one may be made.
bool EndsExtensionRequest(std::string_view action);
// The same list, for SQL: "'resolve', 'return', …" (decisions included).
std::string_view ExtensionClosingActionsSql();

enum class ExtensionStatus { kPending, kApproved, kRefused, kLapsed };
std::string_view ExtensionStatusName(ExtensionStatus status);  // "pending", "approved", "refused", "lapsed"
std::optional<ExtensionStatus> ParseExtensionStatus(std::string_view name);

struct Extension {
    std::int64_t id = 0;  // the request event's id
    std::int64_t appeal_id = 0;
    EpochMillis requested_at = 0;
    std::int64_t requested_by = 0;
    std::string requested_by_name;
    std::optional<EpochMillis> previous_due_at;
    EpochMillis requested_due_at = 0;
    std::string reason;
    ExtensionStatus status = ExtensionStatus::kPending;
    std::optional<EpochMillis> decided_at;  // decisions only (not lapses)
    std::int64_t decided_by = 0;
    std::string decided_by_name;
    std::string decision_note;
};

// The extension requests told by one appeal's events (oldest first), in the order they were made.
std::vector<Extension> ExtensionsFromEvents(const std::vector<AppealEvent>& events);

// An extension as its request event alone tells it (status pending): for the pending queue.
Extension ExtensionFromRequest(const AppealEvent& request);

// The integer value of `key` in a detail object written by EventDetail ({"due_at":1650…}); nullopt when
// the key is absent or its value is not an integer.
std::optional<std::int64_t> DetailInt(std::string_view detail, std::string_view key);

}  // namespace wangge::appeals
