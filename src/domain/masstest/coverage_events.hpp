#pragma once
// Live coverage for the event stream without touching the scan path's transaction: a MassTestRepository
// that forwards every call to the real one and, once a call that moved the counters has returned (so its
// transaction committed), publishes the change — accepted, non-replayed scans (+1 sampled on every area
// of the resident's building path), new exemptions (+1 exempt) and removed ones (−1 exempt).
#include <memory>

#include "domain/masstest/events.hpp"
#include "domain/masstest/masstest_repository.hpp"
#include "domain/registry/registry_repository.hpp"

namespace wangge::masstest {

// Owns `inner`; borrows `events` and `registry` (for the path of a removed exemption), which must outlive
// the result. Thread-safe as far as `inner` and `events` are.
std::unique_ptr<MassTestRepository> WithCoverageEvents(std::unique_ptr<MassTestRepository> inner,
                                                       EventPublisher& events, registry::RegistryRepository& registry);

}  // namespace wangge::masstest
