#pragma once
// Internal to the follow-up services' .cpp files (sample points, field tasks, lab results): the round and
// area checks they share.
#include <string_view>

#include "domain/auth/user.hpp"
#include "domain/masstest/masstest_repository.hpp"
#include "domain/masstest/service_checks.hpp"
#include "domain/registry/registry_repository.hpp"

namespace wangge::masstest::internal {

// True when `scope` lies inside one of the round's areas or one of them inside `scope`.
bool RoundOverlaps(const Round& round, std::string_view scope);

// True when one path lies inside the other.
inline bool PathsOverlap(std::string_view a, std::string_view b) { return a.starts_with(b) || b.starts_with(a); }

// The round, when the caller may see it (their scope overlaps its areas); kNotFound as for a missing one.
Result<Round> LoadVisibleRound(MassTestRepository& rounds, const auth::Caller& caller, std::int64_t id);

// The area when it lies inside the caller's scope; kNotFound ("area") otherwise.
Result<registry::Area> AreaInScope(registry::RegistryRepository& registry, const auth::Caller& caller, std::int64_t id);

// A page size: 50 by default, 1 to 500.
int ClampLimit(int limit);

}  // namespace wangge::masstest::internal
