// The group commit (scan_commit_queue.cpp) through the service over the SQL repository, on every
// backend: concurrent requests sharing commits, requests handed over without waiting (the HTTP path),
// one failing request in a joint ingest, samplers sharing one ingest, and answers that wait for the sync.
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <thread>

#include "storage/repositories/masstest/masstest_contract_fixture.hpp"

namespace wangge::storage::masstest_testing {
namespace {

class CommitQueueTest : public MassTestContract {
  protected:
    struct HandedOp {
        std::string label;
        const Caller* who;
        ScanOp op;
    };
    // Hands every op over without waiting, as the HTTP path does (ApplyLater), and waits for all the
    // answers by label; each must come exactly once.
    std::map<std::string, Result<OpResult>> HandOver(const Round& round, const std::vector<HandedOp>& ops) {
        return HandOver(*service_, round, ops);
    }
    std::map<std::string, Result<OpResult>> HandOver(MassTestService& service, const Round& round,
                                                     const std::vector<HandedOp>& ops) {
        std::mutex mutex;
        std::condition_variable all_done;
        std::map<std::string, Result<OpResult>> answers;
        int twice = 0;
        for (const auto& h : ops)
            service.ApplyLater(*h.who, round.id, h.op, [&, label = h.label](Result<OpResult> r) {
                std::lock_guard lock(mutex);
                if (!answers.emplace(label, std::move(r)).second) ++twice;
                all_done.notify_one();
            });
        std::unique_lock lock(mutex);
        EXPECT_TRUE(all_done.wait_for(lock, std::chrono::seconds(60), [&] { return answers.size() == ops.size(); }));
        EXPECT_EQ(twice, 0) << "an op was answered twice";
        return answers;
    }
};

// Concurrent requests share group commits: every request still gets its own answer, a person
// scanned by two samplers at once is accepted exactly once, and the counters stay exact.
TEST_P(CommitQueueTest, ConcurrentSamplersShareCommitsAndEachPersonCountsOnce) {
    Round round = Active(Draft({street_.id}, 20));
    constexpr int kThreads = 6;
    std::vector<std::thread> threads;
    std::vector<int> accepted(kThreads, 0), refused(kThreads, 0), errors(kThreads, 0);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            const Caller& who = t % 2 ? xintie_worker_ : huagong_worker_;
            const std::string tube = "CT" + std::to_string(t);
            if (!Open(round, tube, &who)) ++errors[t];
            // Every thread of a community walks the same people: each is taken by exactly one thread.
            for (std::size_t i = 0; i < everyone_.size(); ++i) {
                auto r = ScanAs(who, round, "t" + std::to_string(t) + "-" + std::to_string(i), tube, everyone_[i].id);
                if (!r) {
                    ++errors[t];
                } else if (r->outcome == Outcome::kAccepted) {
                    ++accepted[t];
                } else {
                    ++refused[t];
                }
            }
        });
    }
    for (auto& th : threads) th.join();
    int total = 0;
    for (int t = 0; t < kThreads; ++t) {
        EXPECT_EQ(errors[t], 0) << t;
        total += accepted[t];
    }
    EXPECT_EQ(total, static_cast<int>(everyone_.size()));  // 15 in 新铁, 2 in 华工: all, once
    EXPECT_EQ(Kept(round, street_), (Counts{17, 0, 17}));
    ExpectCountersMatchRecount(round);
}

// The HTTP path: requests handed over without waiting (ApplyLater) are each answered once, after their
// commit, with the same outcomes as waiting calls; a request refused before the database is answered at
// once on the caller's thread.
TEST_P(CommitQueueTest, ScansHandedOverWithoutWaitingAreEachAnsweredOnce) {
    Round round = Active(Draft({street_.id}, 20));
    ASSERT_TRUE(Open(round, "LATER1"));

    const std::size_t n = everyone_.size();
    std::vector<HandedOp> ops;
    for (std::size_t i = 0; i < 2 * n; ++i) {
        // Every person twice, under two client ids: the second is refused as already sampled.
        const std::string client_id = "later-" + std::to_string(i);
        ops.push_back({client_id, &xintie_worker_, ScanOf(client_id, "LATER1", everyone_[i % n].id)});
    }
    const auto answers = HandOver(round, ops);
    ASSERT_EQ(answers.size(), 2 * n);
    int accepted = 0, refused = 0, failed = 0;
    for (const auto& [id, r] : answers) {
        if (!r)
            ++failed;
        else if (r->outcome == Outcome::kAccepted)
            ++accepted;
        else
            ++refused;
    }
    EXPECT_EQ(failed, 0);
    // Each person is accepted at most once: every second scan of a person is refused.
    EXPECT_EQ(accepted + refused, static_cast<int>(2 * n));
    EXPECT_GT(accepted, 0);
    EXPECT_GE(refused, static_cast<int>(n));
    EXPECT_EQ(Kept(round, street_).sampled, accepted);
    ExpectCountersMatchRecount(round);

    bool answered_at_once = false;
    service_->ApplyLater(xintie_worker_, round.id, ScanOf("", "LATER1", everyone_[0].id), [&](Result<OpResult> r) {
        answered_at_once = true;
        ASSERT_FALSE(r);
        EXPECT_EQ(r.error().field, "client_id");
    });
    EXPECT_TRUE(answered_at_once);
}

// One sampler's requests that meet in one group commit run as one ingest. When that joint ingest fails
// (here a trigger refuses one scan's insert), they run again one by one: only the failing request fails,
// the others are stored and counted.
TEST_P(CommitQueueTest, AFailingRequestAmongOthersFailsAlone) {
    Round round = Active(Draft({street_.id}, 20));
    ASSERT_TRUE(Open(round, "JOINT1"));
    std::vector<std::int64_t> mine;
    for (const auto& r : everyone_)
        if (r.path.starts_with(xintie_worker_.area_path)) mine.push_back(r.id);
    ASSERT_GE(mine.size(), 6u);
    const bool pg = db().backend() == Backend::kPostgres;
    ASSERT_TRUE(db().Write([&](Connection& c) {
        return pg ? c.ExecScript(
                        "CREATE FUNCTION wangge_test_refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION "
                        "'injected failure'; END $$ LANGUAGE plpgsql; CREATE TRIGGER wangge_test_refuse BEFORE INSERT "
                        "ON scans FOR EACH ROW WHEN (NEW.client_id = 'poison') EXECUTE FUNCTION wangge_test_refuse()")
                  : c.ExecScript(
                        "CREATE TRIGGER wangge_test_refuse BEFORE INSERT ON scans WHEN NEW.client_id = "
                        "'poison' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
    }));

    const std::vector<std::string> ids = {"j0", "j1", "poison", "j3", "j4", "j5"};
    std::vector<HandedOp> ops;
    for (std::size_t i = 0; i < ids.size(); ++i)
        ops.push_back({ids[i], &xintie_worker_, ScanOf(ids[i], "JOINT1", mine[i])});
    const auto answers = HandOver(round, ops);
    ASSERT_EQ(answers.size(), ids.size());
    for (const auto& id : ids) {
        const auto& r = answers.at(id);
        if (id == "poison") {
            EXPECT_FALSE(r) << "the refused insert fails its own request";
        } else {
            ASSERT_TRUE(r) << id << ": " << r.error().message;
            EXPECT_EQ(r->outcome, Outcome::kAccepted) << id;
        }
    }
    EXPECT_EQ(Kept(round, street_).sampled, 5);
    ExpectCountersMatchRecount(round);
    ASSERT_TRUE(db().Write([&](Connection& c) {
        return c.ExecScript(pg ? "DROP TRIGGER wangge_test_refuse ON scans" : "DROP TRIGGER wangge_test_refuse");
    }));
}

// Requests of different samplers that meet in one group commit run as one ingest, and each op is
// still judged by its own sampler's scope: the same answers as AnotherCommunitysWorkerCannotScanOrUseItsTubes
// gives one request at a time, and each stored row names its own sampler.
TEST_P(CommitQueueTest, SamplersSharingOneIngestKeepTheirOwnScopes) {
    Round round = Active(Draft({street_.id}));
    ASSERT_TRUE(Open(round, "X2"));  // opened in 新铁社区
    const std::vector<HandedOp> steps = {
        {"h-into-x2", &huagong_worker_, ScanOf("m1", "X2", people_[h9a_.id][0].id)},
        {"h-open-y2", &huagong_worker_, OpenOf("Y2")},
        {"h-xintie-person", &huagong_worker_, ScanOf("m2", "Y2", people_[h1a_.id][0].id)},
        {"h-own-person", &huagong_worker_, ScanOf("m3", "Y2", people_[h9a_.id][0].id)},
        {"x-own-person", &xintie_worker_, ScanOf("m4", "X2", people_[h1a_.id][0].id)},
    };
    const auto answers = HandOver(round, steps);
    ASSERT_EQ(answers.size(), steps.size());
    EXPECT_EQ(Refusal(answers.at("h-into-x2")), RefusalReason::kUnknownTube);
    EXPECT_EQ(Must(answers.at("h-open-y2")).outcome, Outcome::kAccepted);
    EXPECT_EQ(Refusal(answers.at("h-xintie-person")), RefusalReason::kUnknownPerson);
    EXPECT_EQ(Must(answers.at("h-own-person")).outcome, Outcome::kAccepted);
    EXPECT_EQ(Must(answers.at("x-own-person")).outcome, Outcome::kAccepted);
    ASSERT_TRUE(db().Read([&](Connection& c) -> Status {
        WANGGE_TRY(y2_by, QueryInt(c, "SELECT opened_by FROM tubes WHERE round_id = $1 AND code = 'Y2'", {round.id}));
        WANGGE_TRY(m3_by,
                   QueryInt(c, "SELECT sampler_id FROM scans WHERE round_id = $1 AND client_id = 'm3'", {round.id}));
        WANGGE_TRY(m4_by,
                   QueryInt(c, "SELECT sampler_id FROM scans WHERE round_id = $1 AND client_id = 'm4'", {round.id}));
        EXPECT_EQ(y2_by, huagong_worker_.user_id);
        EXPECT_EQ(m3_by, huagong_worker_.user_id);
        EXPECT_EQ(m4_by, xintie_worker_.user_id);
        return {};
    }));
    ExpectCountersMatchRecount(round);
}

// The test's database, whose SyncCommitted fails while `sync_fails` is set.
class SyncFailingDatabase final : public Database {
  public:
    explicit SyncFailingDatabase(Database& inner) : inner_(inner) {}
    Backend backend() const override { return inner_.backend(); }
    Status Read(const std::function<Status(Connection&)>& fn) override { return inner_.Read(fn); }
    Status Write(const std::function<Status(Connection&)>& fn) override { return inner_.Write(fn); }
    Status WriteSyncLater(const std::function<Status(Connection&)>& fn) override {
        ++commits;
        return inner_.WriteSyncLater(fn);
    }
    Status SyncCommitted() override {
        if (sync_fails) return Fail(ErrorCode::kUnavailable, "injected: the disk did not sync");
        return inner_.SyncCommitted();
    }
    std::atomic<bool> sync_fails{false};
    std::atomic<int> commits{0};

  private:
    Database& inner_;
};

// A scan is acknowledged only once the sync after its commit succeeded. When the sync fails, the
// committed scans are answered with the failure; the device's retry (same client id) finds them
// stored and answers them as replays, counted once.
TEST_P(CommitQueueTest, AnswersWaitForTheSyncThatMakesThemDurable) {
    SyncFailingDatabase syncing(db());
    auto repo = MakeSqlMassTestRepository(syncing);
    MassTestService service(*repo, *registry_, clock_);
    Round round = Active(Draft({xintie_.id}));
    ASSERT_TRUE(service.Apply(xintie_worker_, round.id, OpenOf("SYNC1")));
    std::vector<HandedOp> ops;
    for (int i = 0; i < 3; ++i) {
        const std::string id = "s" + std::to_string(i);
        ops.push_back({id, &xintie_worker_, ScanOf(id, "SYNC1", people_[h1a_.id][static_cast<std::size_t>(i)].id)});
    }

    syncing.sync_fails = true;
    const int commits_before = syncing.commits;
    for (const auto& [id, r] : HandOver(service, round, ops)) {
        ASSERT_FALSE(r) << id << " was acknowledged without a sync";
        EXPECT_EQ(r.error().code, ErrorCode::kUnavailable) << id;
    }
    EXPECT_GT(syncing.commits, commits_before);
    EXPECT_EQ(Kept(round, xintie_).sampled, 3);  // committed all the same

    syncing.sync_fails = false;
    for (const auto& [id, r] : HandOver(service, round, ops)) {
        ASSERT_TRUE(r) << id << ": " << r.error().message;
        EXPECT_EQ(r->outcome, Outcome::kAccepted) << id;
        EXPECT_TRUE(r->replayed) << id;
    }
    EXPECT_EQ(Kept(round, xintie_).sampled, 3);
    ExpectCountersMatchRecount(round);
}

WANGGE_INSTANTIATE_BACKENDS(CommitQueueTest);

}  // namespace
}  // namespace wangge::storage::masstest_testing
