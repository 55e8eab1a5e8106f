#pragma once
// Internal to the mass-testing repository: group commit for scan ingests. Every acknowledged scan
// must be durable, and a durable commit costs one fsync (SQLite synchronous=FULL; PostgreSQL's WAL
// flush), so one commit per request caps single scans at the disk's fsync rate. Requests queue here;
// one committer thread of the queue's own takes everything queued, runs it in one transaction (a
// round's requests as one joint ingest; if that fails, each request in its own savepoint, so a failing
// request rolls back alone) and commits once, without waiting for the disk (Database::WriteSyncLater).
// A second thread, the syncer, makes the commits durable (Database::SyncCommitted) and only then calls
// each request's `done`: the disk syncs one group while the committer runs the next. Callers never wait
// for a commit unless they choose to (Ingest): the HTTP handlers hand their scans over and answer from
// `done`, so two server threads keep hundreds of scans in one fsync. Requests that lost a race with
// another process (PostgreSQL: a concurrent insert of the same client id or person, a deadlock) are run
// again in the next group.
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>
#include <thread>

#include "domain/masstest/masstest_repository.hpp"
#include "storage/database.hpp"

namespace wangge::storage::masstest_sql {

class ScanCommitQueue {
  public:
    // Borrows db, which must outlive this.
    explicit ScanCommitQueue(Database& db);
    // Runs what is queued, then stops the committer.
    ~ScanCommitQueue();
    ScanCommitQueue(const ScanCommitQueue&) = delete;
    ScanCommitQueue& operator=(const ScanCommitQueue&) = delete;

    // Queues one ingest (RunIngest) for the next group commit; `done` runs once, on the syncer thread,
    // after the commit that holds it is durable (or with the error that kept it out). `done` must not
    // wait for this queue.
    void Submit(masstest::Round round, masstest::Sampler sampler, std::vector<masstest::PreparedOp> ops,
                EpochMillis now, masstest::IngestDone done);

    // Submit, and wait for the answer.
    Result<std::vector<masstest::OpResult>> Ingest(const masstest::Round& round, const masstest::Sampler& sampler,
                                                   const std::vector<masstest::PreparedOp>& ops, EpochMillis now);

  private:
    struct Request;
    void Run();
    void RunGroup(std::vector<std::unique_ptr<Request>>& group);
    void Sync();

    Database& db_;
    std::mutex mutex_;
    std::condition_variable queued_, committed_cv_;
    std::deque<std::unique_ptr<Request>> queue_;      // to run; guarded by mutex_
    std::deque<std::unique_ptr<Request>> committed_;  // run, to answer after the next sync; guarded by mutex_
    bool stopping_ = false;                           // guarded by mutex_
    bool committer_done_ = false;                     // guarded by mutex_
    std::thread committer_, syncer_;                  // started on the first Submit
};

}  // namespace wangge::storage::masstest_sql
