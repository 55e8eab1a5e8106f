#pragma once
// Lab results, positive-pool traces, re-test tasks and alerts as callers see them. A lab (kUploadLabResults)
// posts a file of tube results; it is validated row by row and applied in one transaction, where a
// positive pool is traced at once (re-test tasks, alerts) and an invalid tube gets re-sample tasks. The
// alerts go to the live event stream after the commit. Traces and task lists are read with
// kReadMassTesting inside the caller's scope, personal data masked unless revealed (kRevealPii, with a
// reason, audited per person). Thread-safe as far as the repositories and the publisher are.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/clock.hpp"
#include "domain/auth/auth_repository.hpp"
#include "domain/auth/user.hpp"
#include "domain/masstest/events.hpp"
#include "domain/masstest/followup_repository.hpp"
#include "domain/masstest/lab_results.hpp"
#include "domain/registry/registry_repository.hpp"
#include "domain/registry/registry_service.hpp"

namespace wangge::masstest {

// What an upload did: the outcome when applied, else the row errors (nothing was written).
struct LabReport {
    std::optional<LabOutcome> outcome;
    std::vector<LabRowError> errors;  // the first kMaxLabErrors
    std::int64_t error_count = 0;
    std::int64_t total = 0;  // rows read
    std::string encoding;    // CSV
};

struct TraceView {
    Tube tube;
    std::vector<TracePerson> people;    // inside the caller's scope; masked unless revealed
    std::int64_t people_elsewhere = 0;  // the tube's people outside the caller's scope (not listed)
    bool revealed = false;
    std::vector<registry::Area> areas;  // every area on the listed people's paths, root first
};

struct RetestInput {
    std::string client_id;  // 1–64 of [A-Za-z0-9_-]; a retry with the same id is answered again
    std::string tube_code;  // a new single tube
    ScanSubject subject;    // must be the task's person
    std::optional<EpochMillis> scanned_at;
};

class LabService {
  public:
    // Borrows everything, which must outlive this.
    LabService(LabRepository& lab, MassTestRepository& rounds, registry::RegistryRepository& registry,
               auth::AuthRepository& audit, EventPublisher& events, const Clock& clock);

    // A CSV upload (encoding kAuto detects UTF-8 or GBK) or rows taken from JSON. kInvalidArgument (field
    // "file") for an unreadable file; row problems (including tubes unknown in the round or outside the
    // caller's scope) come back in LabReport::errors with nothing written. kFailedPrecondition for a
    // draft round. Alerts are published after the commit.
    Result<LabReport> UploadCsv(const auth::Caller& caller, std::int64_t round_id, std::string_view body,
                                registry::import::Encoding encoding);
    Result<LabReport> UploadRows(const auth::Caller& caller, std::int64_t round_id,
                                 const std::vector<LabRowInput>& rows);
    Result<std::vector<LabUpload>> ListUploads(const auth::Caller& caller, std::int64_t round_id);

    // The tube's people with households, buildings, grids and communities and their re-test tasks.
    // kNotFound when the tube is absent or neither it nor any of its people lies in the caller's scope.
    Result<TraceView> Trace(const auth::Caller& caller, std::int64_t round_id, const std::string& tube_code,
                            const registry::RevealRequest& reveal);
    Result<std::vector<Alert>> ListAlerts(const auth::Caller& caller, std::int64_t round_id,
                                          std::optional<std::int64_t> area_id);

    Result<Page<RetestTaskRow>> ListRetests(const auth::Caller& caller, std::int64_t round_id,
                                            std::optional<std::int64_t> area_id, std::optional<RetestStatus> status,
                                            std::optional<RetestKind> kind, const std::string& cursor, int limit);
    // One task as the list shows it (masked); kNotFound outside the caller's scope.
    Result<RetestTaskRow> GetRetest(const auth::Caller& caller, std::int64_t task_id);
    // kScanSamples; the task inside the caller's scope. kInvalidArgument naming the field for a bad client
    // id, tube code or a subject that is not the task's person; kFailedPrecondition when the task is not
    // waiting for a sample or the tube code is taken.
    Result<RetestSampleResult> SampleRetest(const auth::Caller& caller, std::int64_t task_id, const RetestInput& input);

  private:
    Result<LabReport> Apply(const auth::Caller& caller, const Round& round, LabParse parse, LabFormat format);
    Result<Round> UploadRound(const auth::Caller& caller, std::int64_t round_id);

    LabRepository& lab_;
    MassTestRepository& rounds_;
    registry::RegistryRepository& registry_;
    auth::AuthRepository& audit_;
    EventPublisher& events_;
    const Clock& clock_;
};

}  // namespace wangge::masstest
