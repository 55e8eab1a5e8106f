#include "storage/repositories/masstest/scan_commit_queue.hpp"

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
    const masstest::Round* round;
    const masstest::Sampler* sampler;
    const std::vector<masstest::PreparedOp>* ops;
    EpochMillis now;
    Result<std::vector<masstest::OpResult>> result = Fail(ErrorCode::kInternal, "not run");
    int attempts = 0;
    bool retry = false;  // written by the leader only: lost a race, run again
    // Guarded by mutex_. `done`: the answer is final and committed, the owner may return (the Request
    // lives on its stack). `lead`: the owner runs the next group. Each owner waits on its own
    // condition, so finishing a group wakes exactly the threads it answered and the next leader.
    bool done = false;
    bool lead = false;
    std::condition_variable cv;
};

Result<std::vector<masstest::OpResult>> ScanCommitQueue::Ingest(const masstest::Round& round,
                                                                const masstest::Sampler& sampler,
                                                                const std::vector<masstest::PreparedOp>& ops,
                                                                EpochMillis now) {
    Request request{&round, &sampler, &ops, now};
    std::unique_lock lock(mutex_);
    queue_.push_back(&request);
    if (!leader_) {
        leader_ = true;
        request.lead = true;
    }
    request.cv.wait(lock, [&] { return request.done || request.lead; });
    while (!request.done) {
        // Lead: take what is queued, oldest first, up to the cap, and run it as one transaction.
        std::deque<Request*> group;
        std::size_t ops_in_group = 0;
        while (!queue_.empty() && (group.empty() || ops_in_group + queue_.front()->ops->size() <= kMaxGroupOps)) {
            ops_in_group += queue_.front()->ops->size();
            group.push_back(queue_.front());
            queue_.pop_front();
        }
        lock.unlock();
        RunGroup(group);
        lock.lock();
        // Only now, after the commit, may the owners return.
        for (Request* r : group) {
            if (r->retry) {
                queue_.push_back(r);  // lost a race: the next group runs it again
                continue;
            }
            r->done = true;
            if (r != &request) r->cv.notify_one();
        }
    }
    // Hand the lead to the oldest waiting request, if any.
    if (request.lead) {
        request.lead = false;
        if (queue_.empty()) {
            leader_ = false;
        } else {
            queue_.front()->lead = true;
            queue_.front()->cv.notify_one();
        }
    }
    return std::move(request.result);
}

void ScanCommitQueue::RunGroup(std::deque<Request*>& group) {
    const bool alone = group.size() == 1;
    auto status = db_.Write([&](Connection& c) -> Status {
        for (Request* r : group) {
            r->retry = false;
            ++r->attempts;
            // A request alone needs no savepoint: its failure rolls the whole transaction back.
            if (!alone)
                if (auto s = c.Exec(kSavepoint); !s) return Fail(s.error());
            auto result = RunIngest(c, *r->round, *r->sampler, *r->ops, r->now);
            if (!result && alone) return Fail(result.error());
            if (!alone) {
                auto end = c.Exec(result ? kRelease : kRollbackTo);
                if (!end) return Fail(end.error());
                if (!result)
                    if (auto s = c.Exec(kRelease); !s) return Fail(s.error());
            }
            r->retry = !result && IsRace(result.error()) && r->attempts < kMaxAttempts;
            r->result = std::move(result);
        }
        return {};
    });
    if (!status) {
        // Nothing of this group was committed: tell everyone, except races, which run again.
        for (Request* r : group) {
            r->retry = IsRace(status.error()) && r->attempts < kMaxAttempts;
            r->result = Fail(status.error());
        }
    }
}

}  // namespace wangge::storage::masstest_sql
