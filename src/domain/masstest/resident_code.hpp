#pragma once
// A resident's scannable code (the QR a resident shows at a sample point): "WG", the resident id
// in 10 digits and one ISO 7064 MOD 11-2 check character ('0'–'9' or 'X'), e.g. "WG0000012345" + check.
// The check catches mistyped and misread codes; the code carries no personal data.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace wangge::masstest {

// Precondition: 0 < resident_id < 10^10.
std::string ResidentCode(std::int64_t resident_id);

// The resident id of a well-formed code (case-insensitive "wg"/"x", surrounding spaces ignored);
// nullopt when malformed or the check character does not match.
std::optional<std::int64_t> ParseResidentCode(std::string_view code);

}  // namespace wangge::masstest
