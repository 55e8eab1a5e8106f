#pragma once
// The public evaluation link (评价链接/二维码): staff hand a resident a link that lets them rate the
// result of one appeal without logging in. The token is 128 random bits, given out once and stored
// only as its SHA-256; it is good for that appeal only, until it expires, and once.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/clock.hpp"

namespace wangge::appeals {

inline constexpr EpochMillis kEvaluationLinkTtl = 30LL * 24 * 3600 * 1000;

struct EvaluationLink {
    std::int64_t id = 0;
    std::int64_t appeal_id = 0;
    std::string token_hash;  // SHA-256 hex of the token
    std::int64_t created_by = 0;
    std::string created_by_name;
    EpochMillis created_at = 0;
    EpochMillis expires_at = 0;
    std::optional<EpochMillis> used_at;
    std::optional<EpochMillis> revoked_at;  // a newer link for the same appeal replaced it
};

enum class LinkState { kActive, kUsed, kExpired, kRevoked };
std::string_view LinkStateName(LinkState state);  // "active", "used", "expired", "revoked"
LinkState StateOf(const EvaluationLink& link, EpochMillis now);

// Tokens are 32 lower-case hex characters; anything else is not a token (answered 404 unhashed).
bool IsWellFormedLinkToken(std::string_view token);

}  // namespace wangge::appeals
