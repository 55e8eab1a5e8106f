#include "api/import_jobs.hpp"

#include "domain/auth/auth_service.hpp"
#include "domain/registry/resident.hpp"
#include "storage/repositories/resident_import_writer.hpp"

namespace wangge::api {

using namespace registry::import;

namespace {
constexpr int kMaxRunning = 2;            // imports are heavy; more would starve the API
constexpr std::size_t kMaxKept = 100;     // finished jobs kept for polling
}  // namespace

struct ImportJobs::Job {
    std::string body;
    std::int64_t owner = 0;
    std::mutex mu;
    ImportJobSnapshot snapshot;  // guarded by mu
    bool finished = false;       // guarded by mu
};

ImportJobs::ImportJobs(storage::Database& db, const Clock& clock) : db_(db), clock_(clock) {}

ImportJobs::~ImportJobs() {
    std::vector<std::thread> threads;
    {
        std::lock_guard lock(mu_);
        threads.swap(threads_);
    }
    for (auto& t : threads) t.join();
}

Result<std::string> ImportJobs::Start(const auth::Caller& caller, std::string body, Encoding encoding,
                                      SkipInvalid skip_invalid) {
    if (!caller.Can(auth::Permission::kImport))
        return Fail(ErrorCode::kPermissionDenied, "当前角色无权导入 (your role may not import)");
    if (body.empty()) return Fail(ErrorCode::kInvalidArgument, "上传的文件是空的 (the file is empty)", "file");
    auto job = std::make_shared<Job>();
    job->body = std::move(body);
    job->owner = caller.user_id;
    job->snapshot.id = auth::RandomToken().substr(0, 16);
    ImportOptions options;
    options.encoding = encoding;
    options.skip_invalid = skip_invalid;
    options.scope_path = caller.area_path;
    options.actor_user_id = caller.user_id;
    options.now = clock_.Now();
    options.today = registry::CivilDateFromMillis(options.now);
    std::lock_guard lock(mu_);
    int running = 0;
    for (auto& [id, j] : jobs_) {
        std::lock_guard job_lock(j->mu);
        running += !j->finished;
    }
    if (running >= kMaxRunning)
        return Fail(ErrorCode::kResourceExhausted, "已有导入任务在运行，请稍后再试 (imports are running; retry later)");
    PruneFinished();
    jobs_[job->snapshot.id] = job;
    threads_.emplace_back([this, job, options] { Run(job, options); });
    return job->snapshot.id;
}

void ImportJobs::Run(std::shared_ptr<Job> job, ImportOptions options) {
    auto progress = [&](const ImportProgress& p) {
        std::lock_guard lock(job->mu);
        job->snapshot.phase = p.phase == ImportPhase::kValidating ? "validating" : "writing";
        job->snapshot.progress = p.total > 0 ? static_cast<double>(p.done) / static_cast<double>(p.total) : 0;
    };
    auto report = storage::ImportResidents(db_, storage::ImportSource::Memory(job->body), options, progress);
    std::lock_guard lock(job->mu);
    job->finished = true;
    job->snapshot.progress = 1;
    if (!report) {
        job->snapshot.status = "failed";
        job->snapshot.message = report.error().message;
    } else {
        job->snapshot.report = std::move(*report);
        job->snapshot.status = job->snapshot.report.status == ImportStatus::kSucceeded ? "done" : "failed";
    }
    job->body.clear();
    job->body.shrink_to_fit();
}

Result<ImportJobSnapshot> ImportJobs::Get(const auth::Caller& caller, const std::string& id) {
    std::shared_ptr<Job> job;
    {
        std::lock_guard lock(mu_);
        auto it = jobs_.find(id);
        if (it != jobs_.end()) job = it->second;
    }
    if (!job || job->owner != caller.user_id) return Fail(ErrorCode::kNotFound, "import not found");
    std::lock_guard lock(job->mu);
    return job->snapshot;
}

void ImportJobs::PruneFinished() {
    if (jobs_.size() < kMaxKept) return;
    for (auto it = jobs_.begin(); it != jobs_.end() && jobs_.size() >= kMaxKept;) {
        std::lock_guard lock(it->second->mu);
        it = it->second->finished ? jobs_.erase(it) : std::next(it);
    }
}

}  // namespace wangge::api
