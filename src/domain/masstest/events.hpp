#pragma once
// What mass testing tells live dashboards (GET /api/v1/events): coverage counters that moved and
// positive alerts. Services publish only after their transaction committed; publishing never blocks
// and never fails the caller (a subscriber that cannot keep up is dropped, not waited for).
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "domain/masstest/followup_types.hpp"
#include "domain/masstest/masstest.hpp"

namespace wangge::masstest {

// How much one area's counters moved.
struct AreaDelta {
    std::int64_t area_id = 0;
    std::string path;  // the area's own path
    std::int64_t exempt = 0, sampled = 0;
};

struct CoverageChange {
    std::int64_t round_id = 0;
    std::vector<AreaDelta> areas;  // root first along each path
};

// Sums per-area deltas from residents' building paths: every area on a path moves by the same amount.
class CoverageChangeBuilder {
  public:
    explicit CoverageChangeBuilder(std::int64_t round_id) : round_id_(round_id) {}
    // `path` is a building path "/1/7/42/"; malformed segments are skipped.
    void Add(std::string_view path, std::int64_t exempt, std::int64_t sampled);
    bool empty() const { return areas_.empty(); }
    CoverageChange Build() const;

  private:
    std::int64_t round_id_;
    std::map<std::string, AreaDelta> areas_;  // by path: parents sort before children
};

class EventPublisher {
  public:
    virtual ~EventPublisher() = default;
    // Counters of the round moved (after a committed ingest or exemption). Thread-safe, non-blocking.
    virtual void CoverageChanged(const CoverageChange& change) = 0;
    // A positive tube raised these alerts (after the lab upload committed). Thread-safe, non-blocking.
    virtual void AlertsRaised(const std::vector<Alert>& alerts) = 0;
};

// Publishes nowhere: the default when no event stream is wired.
class NoEvents final : public EventPublisher {
  public:
    void CoverageChanged(const CoverageChange&) override {}
    void AlertsRaised(const std::vector<Alert>&) override {}
};

}  // namespace wangge::masstest
