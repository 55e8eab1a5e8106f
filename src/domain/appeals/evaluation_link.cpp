#include "domain/appeals/evaluation_link.hpp"

#include <algorithm>

namespace wangge::appeals {

std::string_view LinkStateName(LinkState state) {
    switch (state) {
        case LinkState::kActive:
            return "active";
        case LinkState::kUsed:
            return "used";
        case LinkState::kExpired:
            return "expired";
        case LinkState::kRevoked:
            return "revoked";
    }
    return "";
}

LinkState StateOf(const EvaluationLink& link, EpochMillis now) {
    if (link.used_at) return LinkState::kUsed;
    if (link.revoked_at) return LinkState::kRevoked;
    if (now >= link.expires_at) return LinkState::kExpired;
    return LinkState::kActive;
}

bool IsWellFormedLinkToken(std::string_view token) {
    return token.size() == 32 && std::all_of(token.begin(), token.end(),
                                             [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

}  // namespace wangge::appeals
