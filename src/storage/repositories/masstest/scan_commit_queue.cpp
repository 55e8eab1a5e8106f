#include "storage/repositories/masstest/scan_commit_queue.hpp"

#include <pthread.h>

#include <algorithm>
#include <future>
#include <map>
#include <numeric>

#include "storage/repositories/masstest/scan_ingest.hpp"

namespace wangge::storage::masstest_sql {
namespace {

// A group stops growing at this many ops, so one slow group does not hold everyone's answer long.
constexpr std::size_t kMaxGroupOps = 5000;
// A request that keeps losing races (PostgreSQL, several servers) fails after this many groups.
constexpr int kMaxAttempts = 5;

constexpr std::string_view kSavepoint = "SAVEPOINT scan_request";
constexpr std::string_view kRelease = "RELEASE SAVEPOINT scan_request";
constexpr std::string_view kRollbackTo = "ROLLBACK TO SAVEPOINT scan_request";

bool IsRace(const Error& e) { return e.code == ErrorCode::kAborted || e.code == ErrorCode::kAlreadyExists; }

}  // namespace

struct ScanCommitQueue::Request {
    masstest::Round round;
    masstest::Sampler sampler;
    std::vector<masstest::PreparedOp> ops;
    EpochMillis now;
    masstest::IngestDone done;
    Result<std::vector<masstest::OpResult>> result = Fail(ErrorCode::kInternal, "not run");
    int attempts = 0;
    bool retry = false;  // lost a race: run again in the next group
};

ScanCommitQueue::ScanCommitQueue(Database& db) : db_(db) {}

ScanCommitQueue::~ScanCommitQueue() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    queued_.notify_one();
    if (committer_.joinable()) committer_.join();
    {
        std::lock_guard lock(mutex_);
        committer_done_ = true;
    }
    committed_cv_.notify_one();
    if (syncer_.joinable()) syncer_.join();
}

void ScanCommitQueue::Submit(masstest::Round round, masstest::Sampler sampler, std::vector<masstest::PreparedOp> ops,
                             EpochMillis now, masstest::IngestDone done) {
    auto request =
        std::make_unique<Request>(Request{std::move(round), std::move(sampler), std::move(ops), now, std::move(done)});
    {
        std::lock_guard lock(mutex_);
        queue_.push_back(std::move(request));
        if (!committer_.joinable()) {
            // Named, for top -H and perf.
            committer_ = std::thread([this] {
                pthread_setname_np(pthread_self(), "scan-commit");
                Run();
            });
            syncer_ = std::thread([this] {
                pthread_setname_np(pthread_self(), "scan-sync");
                Sync();
            });
        }
    }
    queued_.notify_one();
}

Result<std::vector<masstest::OpResult>> ScanCommitQueue::Ingest(const masstest::Round& round,
                                                                const masstest::Sampler& sampler,
                                                                const std::vector<masstest::PreparedOp>& ops,
                                                                EpochMillis now) {
    std::promise<Result<std::vector<masstest::OpResult>>> answer;
    auto future = answer.get_future();
    Submit(round, sampler, ops, now,
           [&answer](Result<std::vector<masstest::OpResult>> result) { answer.set_value(std::move(result)); });
    return future.get();
}

void ScanCommitQueue::Run() {
    std::unique_lock lock(mutex_);
    for (;;) {
        queued_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;  // stopping, and nothing left to run
        // Take what is queued, oldest first, up to the cap, and run it as one transaction.
        std::vector<std::unique_ptr<Request>> group;
        std::size_t ops_in_group = 0;
        while (!queue_.empty() && (group.empty() || ops_in_group + queue_.front()->ops.size() <= kMaxGroupOps)) {
            ops_in_group += queue_.front()->ops.size();
            group.push_back(std::move(queue_.front()));
            queue_.pop_front();
        }
        lock.unlock();
        try {
            RunGroup(group);
        } catch (const std::exception& error) {  // the committer must live on: fail this group only
            for (auto& r : group) {
                r->retry = false;
                r->result = Fail(ErrorCode::kInternal, std::string("scan ingest failed: ") + error.what());
            }
        }
        // The answers wait for the sync that makes this commit durable (Sync); races run again.
        lock.lock();
        for (auto& r : group) (r->retry ? queue_ : committed_).push_back(std::move(r));
        committed_cv_.notify_one();
    }
}

// The second stage: while the committer runs the next group, one fdatasync here makes durable every
// group committed so far, and only then are their requests answered. One sync often covers several
// groups.
void ScanCommitQueue::Sync() {
    std::unique_lock lock(mutex_);
    for (;;) {
        committed_cv_.wait(lock, [&] { return committer_done_ || !committed_.empty(); });
        if (committed_.empty()) return;  // the committer has stopped, and everything is answered
        std::deque<std::unique_ptr<Request>> batch;
        batch.swap(committed_);
        lock.unlock();
        const Status synced = db_.SyncCommitted();
        for (auto& r : batch) {
            if (!synced && r->result) r->result = Fail(synced.error());
            r->done(std::move(r->result));
        }
        lock.lock();
    }
}

// Every request of a group was in flight at once (none was answered), so any order of them is a valid
// order of events. The requests of one round are run as one ingest — one read of each kind and one bulk
// write for all of their ops, each op with its own sampler, in arrival order — rather than one ingest
// each: that is what makes many single scans cost about what a batch does. If that joint ingest fails,
// its requests run again one by one, each in its own savepoint, so that one request's failure stays its
// own.
void ScanCommitQueue::RunGroup(std::vector<std::unique_ptr<Request>>& group) {
    const bool alone = group.size() == 1;
    // Requests by round, in order of first arrival, each list in arrival order.
    std::vector<std::vector<Request*>> runs;
    {
        std::map<std::int64_t, std::size_t> run_of;
        for (auto& r : group) {
            auto [it, added] = run_of.emplace(r->round.id, runs.size());
            if (added) runs.emplace_back();
            runs[it->second].push_back(r.get());
        }
    }
    auto status = db_.WriteSyncLater([&](Connection& c) -> Status {
        // One request in its own savepoint (none when it is the whole group: its failure rolls all back).
        auto run_one = [&](Request& r) -> Status {
            r.retry = false;
            ++r.attempts;
            if (!alone)
                if (auto s = c.Exec(kSavepoint); !s) return Fail(s.error());
            auto result = RunIngest(c, r.round, r.sampler, r.ops, r.now);
            if (!result && alone) return Fail(result.error());
            if (!alone) {
                auto end = c.Exec(result ? kRelease : kRollbackTo);
                if (!end) return Fail(end.error());
                if (!result)
                    if (auto s = c.Exec(kRelease); !s) return Fail(s.error());
            }
            r.retry = !result && IsRace(result.error()) && r.attempts < kMaxAttempts;
            r.result = std::move(result);
            return {};
        };
        for (auto& run : runs) {
            if (run.size() > 1) {
                std::vector<masstest::PreparedOp> ops;
                std::vector<const masstest::Sampler*> samplers;
                EpochMillis now = 0;
                ops.reserve(std::accumulate(run.begin(), run.end(), std::size_t{0},
                                            [](std::size_t n, const Request* r) { return n + r->ops.size(); }));
                for (Request* r : run) {
                    // Moved, and moved back below should the joint ingest fail.
                    ops.insert(ops.end(), std::make_move_iterator(r->ops.begin()),
                               std::make_move_iterator(r->ops.end()));
                    samplers.insert(samplers.end(), r->ops.size(), &r->sampler);
                    now = std::max(now, r->now);
                }
                if (auto s = c.Exec(kSavepoint); !s) return Fail(s.error());
                auto joint = RunIngest(c, run.front()->round, samplers, ops, now);
                if (joint && joint->size() == ops.size()) {
                    if (auto s = c.Exec(kRelease); !s) return Fail(s.error());
                    auto next = std::make_move_iterator(joint->begin());
                    for (Request* r : run) {
                        ++r->attempts;
                        r->retry = false;
                        r->result = std::vector<masstest::OpResult>(next, next + r->ops.size());
                        next += r->ops.size();
                    }
                    continue;
                }
                auto from = ops.begin();
                for (Request* r : run) {
                    std::move(from, from + static_cast<std::ptrdiff_t>(r->ops.size()), r->ops.begin());
                    from += static_cast<std::ptrdiff_t>(r->ops.size());
                }
                if (auto s = c.Exec(kRollbackTo); !s) return Fail(s.error());
                if (auto s = c.Exec(kRelease); !s) return Fail(s.error());
            }
            for (Request* r : run)
                if (auto s = run_one(*r); !s) return s;
        }
        return {};
    });
    if (!status) {
        // Nothing of this group was committed: tell everyone, except races, which run again.
        for (auto& r : group) {
            r->retry = IsRace(status.error()) && r->attempts < kMaxAttempts;
            r->result = Fail(status.error());
        }
    }
}

}  // namespace wangge::storage::masstest_sql
