#pragma once
// Internal to the mass-testing repository: group commit for scan ingests. Every acknowledged scan
// must be durable, and a durable commit costs one fsync (SQLite synchronous=FULL; PostgreSQL's WAL
// flush), so one commit per request caps single scans at the disk's fsync rate. Requests that arrive
// while a commit is in flight queue up; the next caller to find no leader becomes the leader and runs
// every queued request in one transaction, each inside its own savepoint (a failing request rolls
// back alone), commits once and wakes the others. Every caller still returns only after the commit
// that holds its scans. Requests that lost a race with another process (PostgreSQL: a concurrent
// insert of the same client id or person, a deadlock) are run again in the next group.
#include <condition_variable>
#include <deque>
#include <mutex>

#include "domain/masstest/masstest_repository.hpp"
#include "storage/database.hpp"

namespace wangge::storage::masstest_sql {

class ScanCommitQueue {
  public:
    // Borrows db, which must outlive this.
    explicit ScanCommitQueue(Database& db) : db_(db) {}

    // Runs one ingest (RunIngest) in the next group commit; returns after that commit.
    Result<std::vector<masstest::OpResult>> Ingest(const masstest::Round& round, const masstest::Sampler& sampler,
                                                   const std::vector<masstest::PreparedOp>& ops, EpochMillis now);

  private:
    struct Request;
    void RunGroup(std::deque<Request*>& group);

    Database& db_;
    std::mutex mutex_;
    std::deque<Request*> queue_;  // guarded by mutex_
    bool leader_ = false;         // guarded by mutex_: some request leads (runs groups)
};

}  // namespace wangge::storage::masstest_sql
