#pragma once
// Internal to the lab repository: one upload of tube results inside one write transaction. Set-based:
// the tubes are read in chunks by code, results appended in bulk, tube results set with one multi-row
// UPDATE per chunk; the (rare) positive and invalid tubes are then traced — their scans read in one go,
// re-test or re-sample tasks inserted, the areas on their paths read once to find each person's grid and
// community, one alert per grid (else community) per positive tube.
#include <string>
#include <vector>

#include "domain/masstest/followup_repository.hpp"
#include "storage/database.hpp"

namespace wangge::storage::followup_sql {

// Runs inside Database::Write on `conn`. Row errors (unknown tubes) come back in Applied::errors before
// anything is written.
Result<masstest::LabRepository::Applied> ApplyLabUpload(Connection& conn, const masstest::Round& round,
                                                        const std::string& scope_path,
                                                        const std::vector<masstest::LabRow>& rows,
                                                        const masstest::LabUpload& upload);

// The single tube a re-test sampler opens may carry the point the sampler's device is bound to: this
// expression (with the sampler's user id as $sampler and the round id as $round) gives it or NULL.
std::string BoundPointSql(int round_param, int sampler_param);

}  // namespace wangge::storage::followup_sql
