#include "domain/appeals/extension.hpp"

#include <array>
#include <charconv>

namespace wangge::appeals {
namespace {

constexpr std::array<std::string_view, 9> kEndingActions = {
    "resolve", "return", "reopen", "mark_not_responsible", "merge", "reject", "close", "escalate", "triage",
};

constexpr std::array<std::pair<ExtensionStatus, std::string_view>, 4> kStatusNames = {{
    {ExtensionStatus::kPending, "pending"},
    {ExtensionStatus::kApproved, "approved"},
    {ExtensionStatus::kRefused, "refused"},
    {ExtensionStatus::kLapsed, "lapsed"},
}};

}  // namespace

bool EndsExtensionRequest(std::string_view action) {
    for (auto a : kEndingActions)
        if (a == action) return true;
    return false;
}

std::string_view ExtensionClosingActionsSql() {
    // Kept beside kEndingActions: the decisions, then the same list.
    return "'approve_extension', 'refuse_extension', 'resolve', 'return', 'reopen', 'mark_not_responsible', "
           "'merge', 'reject', 'close', 'escalate', 'triage'";
}

std::string_view ExtensionStatusName(ExtensionStatus status) {
    for (const auto& [s, name] : kStatusNames)
        if (s == status) return name;
    return "";
}

std::optional<ExtensionStatus> ParseExtensionStatus(std::string_view name) {
    for (const auto& [s, n] : kStatusNames)
        if (n == name) return s;
    return std::nullopt;
}

std::optional<std::int64_t> DetailInt(std::string_view detail, std::string_view key) {
    // EventDetail writes flat objects whose keys are identifiers and whose integers are bare, so the
    // quoted key followed by ':' can only occur as a key (a quote inside a string value is escaped).
    const std::string needle = "\"" + std::string(key) + "\":";
    const auto at = detail.find(needle);
    if (at == std::string_view::npos) return std::nullopt;
    const char* begin = detail.data() + at + needle.size();
    const char* end = detail.data() + detail.size();
    std::int64_t value = 0;
    auto [ptr, ec] = std::from_chars(begin, end, value);
    if (ec != std::errc{} || (ptr != end && *ptr != ',' && *ptr != '}')) return std::nullopt;
    return value;
}

Extension ExtensionFromRequest(const AppealEvent& request) {
    Extension x;
    x.id = request.id;
    x.appeal_id = request.appeal_id;
    x.requested_at = request.at;
    x.requested_by = request.actor_id;
    x.requested_by_name = request.actor_name;
    x.previous_due_at = DetailInt(request.detail, "previous_due_at");
    x.requested_due_at = DetailInt(request.detail, "requested_due_at").value_or(0);
    x.reason = request.note;
    return x;
}

std::vector<Extension> ExtensionsFromEvents(const std::vector<AppealEvent>& events) {
    std::vector<Extension> out;
    Extension* open = nullptr;  // the undecided request, if any
    for (const auto& e : events) {
        if (e.action == kRequestExtension) {
            if (open) open->status = ExtensionStatus::kLapsed;  // cannot happen: the service allows one at a time
            out.push_back(ExtensionFromRequest(e));
            open = &out.back();
            continue;
        }
        if (!open) continue;
        if (e.action == kApproveExtension || e.action == kRefuseExtension) {
            if (DetailInt(e.detail, "extension_id") != open->id) continue;
            open->status = e.action == kApproveExtension ? ExtensionStatus::kApproved : ExtensionStatus::kRefused;
            open->decided_at = e.at;
            open->decided_by = e.actor_id;
            open->decided_by_name = e.actor_name;
            open->decision_note = e.note;
            open = nullptr;
        } else if (EndsExtensionRequest(e.action)) {
            open->status = ExtensionStatus::kLapsed;
            open = nullptr;
        }
    }
    return out;
}

}  // namespace wangge::appeals
