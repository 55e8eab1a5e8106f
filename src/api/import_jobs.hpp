#pragma once
// Resident imports uploaded through the web run as background jobs, so the upload returns at
// once and the browser polls for progress. Each job belongs to the user who started it.
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/clock.hpp"
#include "domain/auth/user.hpp"
#include "domain/registry/import/import_report.hpp"
#include "storage/database.hpp"

namespace wangge::api {

struct ImportJobSnapshot {
    std::string id;
    std::string status = "running";  // running | done | failed
    std::string phase = "validating";
    double progress = 0;             // 0..1 within the phase
    std::string message;             // why it failed, when it did for a reason other than bad rows
    registry::import::ImportReport report;
};

class ImportJobs {
public:
    // Borrows db and clock.
    ImportJobs(storage::Database& db, const Clock& clock);
    // Waits for running jobs.
    ~ImportJobs();

    // Starts importing `body` (CSV) as `caller`, limited to the caller's scope.
    // kPermissionDenied without the import permission; kResourceExhausted when too many run.
    Result<std::string> Start(const auth::Caller& caller, std::string body, registry::import::Encoding encoding,
                              registry::import::SkipInvalid skip_invalid);
    // kNotFound for an unknown job or one started by someone else.
    Result<ImportJobSnapshot> Get(const auth::Caller& caller, const std::string& id);

private:
    struct Job;
    void Run(std::shared_ptr<Job> job, registry::import::ImportOptions options);
    void PruneFinished();  // requires mu_

    storage::Database& db_;
    const Clock& clock_;
    std::mutex mu_;
    std::map<std::string, std::shared_ptr<Job>> jobs_;
    std::vector<std::thread> threads_;
};

}  // namespace wangge::api
