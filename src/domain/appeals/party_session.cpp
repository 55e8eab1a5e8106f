#include "domain/appeals/party_session.hpp"

#include <array>
#include <charconv>

namespace wangge::appeals {
namespace {

template <typename E, std::size_t N>
std::optional<E> Find(const std::array<std::pair<E, std::string_view>, N>& names, std::string_view name) {
    for (const auto& [value, text] : names)
        if (text == name) return value;
    return std::nullopt;
}

template <typename E, std::size_t N>
std::string_view NameOf(const std::array<std::pair<E, std::string_view>, N>& names, E value) {
    for (const auto& [v, text] : names)
        if (v == value) return text;
    return "";
}

constexpr std::array<std::pair<SessionStatus, std::string_view>, 3> kStatuses = {{
    {SessionStatus::kPlanned, "planned"},
    {SessionStatus::kOpen, "open"},
    {SessionStatus::kClosed, "closed"},
}};

constexpr std::array<std::pair<AgendaSection, std::string_view>, 3> kSections = {{
    {AgendaSection::kReportBack, "report_back"},
    {AgendaSection::kToClaim, "to_claim"},
    {AgendaSection::kOverdue, "overdue"},
}};

constexpr std::array<std::pair<SessionAction, std::string_view>, 6> kActions = {{
    {SessionAction::kUpdate, "update"},
    {SessionAction::kOpen, "open"},
    {SessionAction::kClaim, "claim"},
    {SessionAction::kRaise, "raise"},
    {SessionAction::kClose, "close"},
    {SessionAction::kDelete, "delete"},
}};

}  // namespace

std::string_view SessionStatusName(SessionStatus v) { return NameOf(kStatuses, v); }
std::optional<SessionStatus> ParseSessionStatus(std::string_view name) { return Find(kStatuses, name); }
std::string_view AgendaSectionName(AgendaSection v) { return NameOf(kSections, v); }
std::optional<AgendaSection> ParseAgendaSection(std::string_view name) { return Find(kSections, name); }
std::string_view SessionActionName(SessionAction v) { return NameOf(kActions, v); }

std::optional<std::int64_t> ReadDetailInt(std::string_view detail, std::string_view key) {
    // Inside a string value every '"' is escaped, so '{"key":' or ',"key":' can only be a key.
    const std::string needle = "\"" + std::string(key) + "\":";
    for (std::size_t at = detail.find(needle); at != std::string_view::npos; at = detail.find(needle, at + 1)) {
        if (at == 0 || (detail[at - 1] != '{' && detail[at - 1] != ',')) continue;
        const char* first = detail.data() + at + needle.size();
        const char* last = detail.data() + detail.size();
        std::int64_t value = 0;
        auto [end, ec] = std::from_chars(first, last, value);
        if (ec != std::errc() || end == first || (end != last && *end != ',' && *end != '}')) return std::nullopt;
        return value;
    }
    return std::nullopt;
}

std::string DefaultSessionTitle(CivilDate date) {
    return std::to_string(date.year) + "年" + std::to_string(date.month) + "月党日说事";
}

}  // namespace wangge::appeals
