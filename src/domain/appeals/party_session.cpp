#include "domain/appeals/party_session.hpp"

#include <charconv>

#include "common/enum_names.hpp"

namespace wangge::appeals {
namespace {

constexpr EnumNames<SessionStatus, 3> kStatuses = {{
    {SessionStatus::kPlanned, "planned"},
    {SessionStatus::kOpen, "open"},
    {SessionStatus::kClosed, "closed"},
}};

constexpr EnumNames<AgendaSection, 3> kSections = {{
    {AgendaSection::kReportBack, "report_back"},
    {AgendaSection::kToClaim, "to_claim"},
    {AgendaSection::kOverdue, "overdue"},
}};

constexpr EnumNames<SessionAction, 6> kActions = {{
    {SessionAction::kUpdate, "update"},
    {SessionAction::kOpen, "open"},
    {SessionAction::kClaim, "claim"},
    {SessionAction::kRaise, "raise"},
    {SessionAction::kClose, "close"},
    {SessionAction::kDelete, "delete"},
}};

}  // namespace

std::string_view SessionStatusName(SessionStatus v) { return NameOf(kStatuses, v); }
std::optional<SessionStatus> ParseSessionStatus(std::string_view name) { return ParseName(kStatuses, name); }
std::string_view AgendaSectionName(AgendaSection v) { return NameOf(kSections, v); }
std::optional<AgendaSection> ParseAgendaSection(std::string_view name) { return ParseName(kSections, name); }
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
