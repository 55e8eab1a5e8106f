// Scanning through the service over the SQL repository, on every backend: tubes, pools, the
// household-tube rule, refusals, idempotency of single scans and batches, and the coverage counters
// against a recount after random scan sequences.
#include <atomic>
#include <condition_variable>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include "domain/masstest/resident_code.hpp"
#include "storage/repositories/masstest/masstest_contract_fixture.hpp"

namespace wangge::storage::masstest_testing {
namespace {

class ScanContractTest : public MassTestContract {
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

    std::optional<RefusalReason> Refusal(Result<OpResult> r) {
        EXPECT_TRUE(r) << r.error().message;
        if (!r) return std::nullopt;
        EXPECT_EQ(r->outcome == Outcome::kRefused, r->reason.has_value());
        return r->reason;
    }
};

TEST_P(ScanContractTest, ScansFillATubeThatClosesWhenFull) {
    Round round = Active(Draft({xintie_.id}, 5));
    auto opened = Must(Open(round, "T1"));
    ASSERT_TRUE(opened.tube);
    EXPECT_EQ(opened.tube->capacity, 5);
    EXPECT_EQ(opened.tube->status, TubeStatus::kOpen);
    std::vector<registry::Resident> five;
    for (const auto& r : people_[h2a_.id]) five.push_back(r);
    five.push_back(people_[h2b_.id][0]);
    for (int i = 0; i < 5; ++i) {
        auto r = Must(ScanAs(xintie_worker_, round, "c" + std::to_string(i), "T1", five[i].id));
        EXPECT_EQ(r.outcome, Outcome::kAccepted) << r.message;
        EXPECT_EQ(r.tube_seq, i + 1);
        EXPECT_EQ(r.resident_name, five[i].name);
        EXPECT_NE(r.resident_id_number, five[i].id_number);  // masked
        EXPECT_EQ(r.tube->status, i == 4 ? TubeStatus::kClosed : TubeStatus::kOpen);
    }
    auto full = ScanAs(xintie_worker_, round, "c5", "T1", people_[h2b_.id][1].id);
    EXPECT_EQ(Refusal(full), RefusalReason::kTubeFull);
    EXPECT_NE(full->message.find("5/5"), std::string::npos) << full->message;
    EXPECT_EQ(Kept(round, b2_), (Counts{6, 0, 5}));
    EXPECT_EQ(Kept(round, district_), (Counts{15, 0, 5}));
    auto detail = service_->GetTube(xintie_worker_, round.id, "T1");
    ASSERT_TRUE(detail) << detail.error().message;
    ASSERT_EQ(detail->scans.size(), 5u);
    EXPECT_EQ(detail->scans[4].resident_id, five[4].id);
    EXPECT_EQ(detail->scans[4].tube_seq, 5);
    ExpectCountersMatchRecount(round);
}

TEST_P(ScanContractTest, ASampleIsIdentifiedByIdCodeOrIdNumber) {
    Round round = Active(Draft({xintie_.id}));
    ASSERT_TRUE(Open(round, "T1"));
    const auto& a = people_[h1a_.id];
    ScanOp by_code = ScanOf("c1", "T1", 0);
    by_code.subject.resident_id.reset();
    by_code.subject.resident_code = ResidentCode(a[0].id);
    EXPECT_EQ(Must(service_->Apply(sampler_, round.id, by_code)).resident_id, a[0].id);
    ScanOp by_number = ScanOf("c2", "T1", 0);
    by_number.subject.resident_id.reset();
    by_number.subject.id_number = a[1].id_number;
    EXPECT_EQ(Must(service_->Apply(sampler_, round.id, by_number)).resident_id, a[1].id);

    ScanOp bad_number = by_number;
    bad_number.client_id = "c3";
    bad_number.subject.id_number = a[2].id_number.substr(0, 17) + (a[2].id_number[17] == '1' ? "2" : "1");
    auto refused = Must(service_->Apply(sampler_, round.id, bad_number));
    EXPECT_EQ(refused.reason, RefusalReason::kInvalidIdNumber);
    EXPECT_NE(refused.message.find("校验"), std::string::npos) << refused.message;
    ScanOp bad_code = by_code;
    bad_code.client_id = "c4";
    bad_code.subject.resident_code = "WG0000000001" + std::string(1, ResidentCode(1).back() == '0' ? '1' : '0');
    EXPECT_EQ(Must(service_->Apply(sampler_, round.id, bad_code)).reason, RefusalReason::kUnknownPerson);
    // Shape errors are not refusals: the device is broken, not the sample.
    ScanOp two = by_code;
    two.client_id = "c5";
    two.subject.resident_id = a[2].id;
    auto shape = service_->Apply(sampler_, round.id, two);
    ASSERT_FALSE(shape);
    EXPECT_EQ(shape.error().code, ErrorCode::kInvalidArgument);
    ScanOp no_id = ScanOf("", "T1", a[2].id);
    shape = service_->Apply(sampler_, round.id, no_id);
    ASSERT_FALSE(shape);
    EXPECT_EQ(shape.error().field, "client_id");
}

TEST_P(ScanContractTest, EachRefusalHasItsReason) {
    Round round = Active(Draft({grid1_.id}));
    const auto& a = people_[h1a_.id];
    EXPECT_EQ(Refusal(ScanAs(xintie_worker_, round, "u1", "NOPE", a[0].id)), RefusalReason::kUnknownTube);
    ASSERT_TRUE(Open(round, "T1"));
    ASSERT_TRUE(Must(ScanAs(xintie_worker_, round, "ok1", "T1", a[0].id)).outcome == Outcome::kAccepted);
    EXPECT_EQ(Refusal(ScanAs(xintie_worker_, round, "u2", "T1", a[0].id)), RefusalReason::kAlreadySampled);
    EXPECT_EQ(Refusal(ScanAs(xintie_worker_, round, "u3", "T1", people_[h3a_.id][0].id)), RefusalReason::kOutsideRound);
    EXPECT_EQ(Refusal(ScanAs(xintie_worker_, round, "u4", "T1", people_[h9a_.id][0].id)),
              RefusalReason::kUnknownPerson);  // another community's resident: not in this worker's registry
    EXPECT_EQ(Refusal(ScanAs(xintie_worker_, round, "u5", "T1", 987654321)), RefusalReason::kUnknownPerson);
    ASSERT_TRUE(service_->Exempt(xintie_worker_, round.id, a[1].id, ExemptionReason::kAway, ""));
    auto exempt = ScanAs(xintie_worker_, round, "u6", "T1", a[1].id);
    EXPECT_EQ(Refusal(exempt), RefusalReason::kExempt);
    EXPECT_NE(exempt->message.find("外出"), std::string::npos);

    ScanOp late = ScanOf("u7", "T1", a[2].id);
    late.scanned_at = round.ends_at + 1;
    EXPECT_EQ(Must(service_->Apply(xintie_worker_, round.id, late)).reason, RefusalReason::kOutsideTimeWindow);

    ScanOp close;
    close.op = OpKind::kCloseTube;
    close.tube_code = "T1";
    EXPECT_EQ(Must(service_->Apply(xintie_worker_, round.id, close)).tube->status, TubeStatus::kClosed);
    EXPECT_EQ(Refusal(ScanAs(xintie_worker_, round, "u8", "T1", a[2].id)), RefusalReason::kTubeClosed);

    // A key-group round refuses the untagged; another round's tube code is named as such.
    auto d = Draft({xintie_.id});
    d.kind = RoundKind::kTags;
    d.tags = Bit(Tag::kElderlyAlone);
    Round tags = Active(d);
    ASSERT_TRUE(Open(tags, "K1"));
    EXPECT_EQ(Refusal(ScanAs(xintie_worker_, tags, "k1", "K1", a[1].id)), RefusalReason::kNotInKeyGroup);
    EXPECT_EQ(Refusal(ScanAs(xintie_worker_, tags, "k2", "T1", a[0].id)), RefusalReason::kTubeOtherRound);
    auto reopen = Open(tags, "T1");
    EXPECT_EQ(Refusal(reopen), RefusalReason::kTubeOtherRound);

    // Closed rounds refuse everything.
    ASSERT_TRUE(service_->Close(street_officer_, round.id));
    EXPECT_EQ(Refusal(ScanAs(xintie_worker_, round, "u9", "T1", a[2].id)), RefusalReason::kRoundNotActive);
    EXPECT_EQ(Refusal(Open(round, "T2")), RefusalReason::kRoundNotActive);
    ExpectCountersMatchRecount(round);
    ExpectCountersMatchRecount(tags);
}

TEST_P(ScanContractTest, ARetryAnswersTheSameAndCountsOnce) {
    Round round = Active(Draft({xintie_.id}));
    ASSERT_TRUE(Open(round, "T1"));
    ASSERT_TRUE(Open(round, "T1"));  // opening is idempotent
    const auto& a = people_[h1a_.id];
    auto first = Must(ScanAs(xintie_worker_, round, "same-id", "T1", a[0].id));
    EXPECT_FALSE(first.replayed);
    auto again = Must(ScanAs(xintie_worker_, round, "same-id", "T1", a[0].id));
    EXPECT_TRUE(again.replayed);
    EXPECT_EQ(again.outcome, Outcome::kAccepted);
    EXPECT_EQ(again.tube_seq, first.tube_seq);
    EXPECT_EQ(again.resident_id, a[0].id);
    // Even a retry that (wrongly) names another person answers what was stored.
    auto other = Must(ScanAs(xintie_worker_, round, "same-id", "T1", a[1].id));
    EXPECT_TRUE(other.replayed);
    EXPECT_EQ(other.resident_id, a[0].id);
    // Refusals replay too.
    auto refused = Must(ScanAs(xintie_worker_, round, "dup", "T1", a[0].id));
    EXPECT_EQ(refused.reason, RefusalReason::kAlreadySampled);
    auto refused_again = Must(ScanAs(xintie_worker_, round, "dup", "T1", a[0].id));
    EXPECT_TRUE(refused_again.replayed);
    EXPECT_EQ(refused_again.reason, RefusalReason::kAlreadySampled);
    EXPECT_EQ(refused_again.message, refused.message);
    EXPECT_EQ(Kept(round, xintie_), (Counts{15, 0, 1}));
    auto tube = repo_->GetTube(round.id, "T1");
    ASSERT_TRUE(tube);
    EXPECT_EQ(tube->scan_count, 1);
    ExpectCountersMatchRecount(round);
}

TEST_P(ScanContractTest, ABatchIsAppliedInOrderAndARetriedBatchAnswersTheSame) {
    Round round = Active(Draft({xintie_.id}, 5));
    std::vector<ScanOp> ops;
    ScanOp open;
    open.op = OpKind::kOpenTube;
    open.tube_code = "B1";
    ops.push_back(open);
    int n = 0;
    for (const auto& r : everyone_) {
        if (!r.path.starts_with(xintie_.path) || n == 6) continue;
        if (n == 5) {  // the sixth does not fit; then a new tube
            ops.push_back(ScanOf("b" + std::to_string(n) + "-full", "B1", r.id));
            open.tube_code = "B2";
            ops.push_back(open);
        }
        ops.push_back(ScanOf("b" + std::to_string(n), n < 5 ? "B1" : "B2", r.id));
        ++n;
    }
    ops.push_back(ScanOf("b0", "B1", 1));  // a duplicate client id inside the batch: the first answer
    ScanOp close;
    close.op = OpKind::kCloseTube;
    close.tube_code = "B2";
    ops.push_back(close);

    auto first = service_->ApplyBatch(sampler_, round.id, ops);
    ASSERT_TRUE(first) << first.error().message;
    ASSERT_EQ(first->size(), ops.size());
    int accepted = 0;
    for (const auto& r : *first)
        if (r.op == OpKind::kScan && r.outcome == Outcome::kAccepted && !r.replayed) ++accepted;
    EXPECT_EQ(accepted, 6);
    EXPECT_EQ((*first)[6].reason, RefusalReason::kTubeFull);
    EXPECT_TRUE(first->back().tube);
    EXPECT_EQ(first->back().tube->status, TubeStatus::kClosed);
    EXPECT_TRUE((*first)[first->size() - 2].replayed);
    EXPECT_EQ((*first)[first->size() - 2].resident_id, (*first)[1].resident_id);

    auto second = service_->ApplyBatch(sampler_, round.id, ops);
    ASSERT_TRUE(second) << second.error().message;
    ASSERT_EQ(second->size(), first->size());
    for (std::size_t i = 0; i < ops.size(); ++i) {
        EXPECT_EQ((*second)[i].outcome, (*first)[i].outcome) << i;
        EXPECT_EQ((*second)[i].reason, (*first)[i].reason) << i;
        EXPECT_EQ((*second)[i].resident_id, (*first)[i].resident_id) << i;
        EXPECT_EQ((*second)[i].tube_seq, (*first)[i].tube_seq) << i;
        if (ops[i].op == OpKind::kScan) EXPECT_TRUE((*second)[i].replayed) << i;
    }
    EXPECT_EQ(Kept(round, xintie_).sampled, 6);
    ExpectCountersMatchRecount(round);

    std::vector<ScanOp> too_many(kMaxBatchScans + 1, ScanOf("x", "B1", 1));
    auto big = service_->ApplyBatch(sampler_, round.id, too_many);
    ASSERT_FALSE(big);
    EXPECT_EQ(big.error().field, "items");
    std::vector<ScanOp> bad = {ScanOf("ok", "B1", 1), ScanOf("bad id!", "B1", 2)};
    auto shape = service_->ApplyBatch(sampler_, round.id, bad);
    ASSERT_FALSE(shape);
    EXPECT_EQ(shape.error().field, "items[1].client_id");
}

TEST_P(ScanContractTest, SealedBuildingsTakeOneTubePerHousehold) {
    auto d = Draft({grid1_.id}, 10);
    d.sealed_building_ids = {b1_.id};
    Round round = Active(d);
    const auto& a = people_[h1a_.id];     // 3 people, sealed building
    const auto& b = people_[h1b_.id];     // 2 people, same sealed building
    const auto& free = people_[h2b_.id];  // building 2 is not sealed

    ASSERT_TRUE(Open(round, "P1"));
    ASSERT_EQ(Must(ScanAs(xintie_worker_, round, "f1", "P1", free[0].id)).outcome, Outcome::kAccepted);
    // A sealed household never joins a pool of others.
    EXPECT_EQ(Refusal(ScanAs(xintie_worker_, round, "s1", "P1", a[0].id)), RefusalReason::kHouseholdTube);

    ASSERT_TRUE(Open(round, "H1"));
    auto first = Must(ScanAs(xintie_worker_, round, "s2", "H1", a[0].id));
    ASSERT_EQ(first.outcome, Outcome::kAccepted);
    EXPECT_EQ(first.tube->kind, TubeKind::kHousehold);
    EXPECT_EQ(first.tube->household_id, h1a_.id);
    EXPECT_EQ(first.tube->capacity, 3);
    // The neighbour and a person of a free building are refused from this household's tube.
    EXPECT_EQ(Refusal(ScanAs(xintie_worker_, round, "s3", "H1", b[0].id)), RefusalReason::kHouseholdTube);
    EXPECT_EQ(Refusal(ScanAs(xintie_worker_, round, "s4", "H1", free[1].id)), RefusalReason::kHouseholdTube);
    ASSERT_EQ(Must(ScanAs(xintie_worker_, round, "s5", "H1", a[1].id)).outcome, Outcome::kAccepted);
    auto last = Must(ScanAs(xintie_worker_, round, "s6", "H1", a[2].id));
    EXPECT_EQ(last.tube->status, TubeStatus::kClosed);
    EXPECT_EQ(last.tube_seq, 3);

    // An exempt member shrinks the household tube.
    ASSERT_TRUE(service_->Exempt(xintie_worker_, round.id, b[1].id, ExemptionReason::kHospitalised, ""));
    ASSERT_TRUE(Open(round, "H2"));
    auto one = Must(ScanAs(xintie_worker_, round, "s7", "H2", b[0].id));
    EXPECT_EQ(one.tube->capacity, 1);
    EXPECT_EQ(one.tube->status, TubeStatus::kClosed);
    ExpectCountersMatchRecount(round);
}

TEST_P(ScanContractTest, AnotherCommunitysWorkerCannotScanOrUseItsTubes) {
    Round round = Active(Draft({street_.id}));
    ASSERT_TRUE(Open(round, "X1"));  // opened in 新铁社区
    EXPECT_EQ(Refusal(ScanAs(huagong_worker_, round, "h1", "X1", people_[h9a_.id][0].id)), RefusalReason::kUnknownTube);
    EXPECT_EQ(Refusal(Open(round, "X1", &huagong_worker_)), RefusalReason::kUnknownTube);
    ASSERT_TRUE(Open(round, "Y1", &huagong_worker_));
    EXPECT_EQ(Refusal(ScanAs(huagong_worker_, round, "h2", "Y1", people_[h1a_.id][0].id)),
              RefusalReason::kUnknownPerson);
    EXPECT_EQ(Must(ScanAs(huagong_worker_, round, "h3", "Y1", people_[h9a_.id][0].id)).outcome, Outcome::kAccepted);
    auto tube = service_->GetTube(huagong_worker_, round.id, "X1");
    ASSERT_FALSE(tube);
    EXPECT_EQ(tube.error().code, ErrorCode::kNotFound);
    // Roles without the scan permission.
    for (const Caller* who : {&volunteer_, &street_officer_}) {
        auto denied = ScanAs(*who, round, "v1", "X1", people_[h1a_.id][0].id);
        ASSERT_FALSE(denied);
        EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied) << who->username;
    }
    ExpectCountersMatchRecount(round);
}

// Random sequences of opens, scans (valid, duplicate, refused), retries, closes and exemptions,
// single and batched; afterwards every kept counter equals a recount from the raw rows.
TEST_P(ScanContractTest, CountersEqualARecountAfterRandomSequences) {
    auto d = Draft({street_.id}, 5);
    d.sealed_building_ids = {b2_.id};
    Round round = Active(d);
    std::mt19937 rng(20220415);
    auto pick = [&](std::size_t n) { return static_cast<std::size_t>(rng() % n); };
    std::vector<std::string> client_ids;
    int tube_no = 0;
    std::vector<std::string> tubes;
    auto new_tube = [&]() {
        tubes.push_back("R" + std::to_string(++tube_no));
        return tubes.back();
    };
    const Caller* workers[] = {&street_officer_, &xintie_worker_, &huagong_worker_, &grid1_worker_};
    for (int step = 0; step < 60; ++step) {
        const Caller& who = *workers[1 + pick(3)];
        std::vector<ScanOp> ops;
        const std::size_t n = 1 + pick(step % 3 == 0 ? 12 : 2);
        for (std::size_t i = 0; i < n; ++i) {
            const int dice = static_cast<int>(pick(100));
            ScanOp op;
            if (dice < 10 || tubes.empty()) {
                op.op = OpKind::kOpenTube;
                op.tube_code = new_tube();
            } else if (dice < 15) {
                op.op = OpKind::kCloseTube;
                op.tube_code = tubes[pick(tubes.size())];
            } else if (dice < 25 && !client_ids.empty()) {  // a retry
                op = ScanOf(client_ids[pick(client_ids.size())], tubes[pick(tubes.size())],
                            everyone_[pick(everyone_.size())].id);
            } else {
                client_ids.push_back("r" + std::to_string(client_ids.size()));
                op = ScanOf(client_ids.back(), tubes[pick(tubes.size())], everyone_[pick(everyone_.size())].id);
            }
            ops.push_back(op);
        }
        if (n == 1) {
            ASSERT_TRUE(service_->Apply(who, round.id, ops[0]));
        } else {
            ASSERT_TRUE(service_->ApplyBatch(who, round.id, ops));
        }
        if (step % 7 == 0) {
            const auto& r = everyone_[pick(everyone_.size())];
            const Caller& manager = street_officer_;
            if (pick(2) == 0) {
                (void)service_->Exempt(manager, round.id, r.id, ExemptionReason::kAway, "");
            } else {
                (void)service_->Unexempt(manager, round.id, r.id);
            }
        }
    }
    ExpectCountersMatchRecount(round);
    const Counts all = Kept(round, district_);
    EXPECT_GE(all.sampled, 8);  // the sequence did sample people (and refuse others)
    EXPECT_LT(all.sampled + all.exempt, all.expected + 1);
    // Tubes never exceed their capacity and their counts equal their scans.
    ASSERT_TRUE(db().Read([&](Connection& c) -> Status {
        auto r = c.Exec(
            "SELECT t.code, t.capacity, t.scan_count, (SELECT count(*) FROM scans s WHERE s.tube_id = t.id) "
            "FROM tubes t WHERE t.round_id = $1",
            {round.id}, [&](const Row& row) {
                EXPECT_LE(row.Int(2), row.Int(1)) << row.Text(0);
                EXPECT_EQ(row.Int(2), row.Int(3)) << row.Text(0);
            });
        if (!r) return Fail(r.error());
        return {};
    }));
}

// Concurrent requests share group commits: every request still gets its own answer, a person
// scanned by two samplers at once is accepted exactly once, and the counters stay exact.
TEST_P(ScanContractTest, ConcurrentSamplersShareCommitsAndEachPersonCountsOnce) {
    Round round = Active(Draft({street_.id}, 20));
    constexpr int kThreads = 6;
    std::vector<std::thread> threads;
    std::vector<int> accepted(kThreads, 0), refused(kThreads, 0), errors(kThreads, 0);
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&, t] {
            const Caller& who = t % 2 ? xintie_worker_ : huagong_worker_;
            const std::string tube = "CT" + std::to_string(t);
            ScanOp open;
            open.op = OpKind::kOpenTube;
            open.tube_code = tube;
            if (!service_->Apply(who, round.id, open)) ++errors[t];
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
TEST_P(ScanContractTest, ScansHandedOverWithoutWaitingAreEachAnsweredOnce) {
    Round round = Active(Draft({street_.id}, 20));
    ScanOp open;
    open.op = OpKind::kOpenTube;
    open.tube_code = "LATER1";
    ASSERT_TRUE(service_->Apply(xintie_worker_, round.id, open));

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
TEST_P(ScanContractTest, AFailingRequestAmongOthersFailsAlone) {
    Round round = Active(Draft({street_.id}, 20));
    ScanOp open;
    open.op = OpKind::kOpenTube;
    open.tube_code = "JOINT1";
    ASSERT_TRUE(service_->Apply(xintie_worker_, round.id, open));
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
TEST_P(ScanContractTest, SamplersSharingOneIngestKeepTheirOwnScopes) {
    Round round = Active(Draft({street_.id}));
    ASSERT_TRUE(Open(round, "X2"));  // opened in 新铁社区
    ScanOp open_y2;
    open_y2.op = OpKind::kOpenTube;
    open_y2.tube_code = "Y2";
    const std::vector<HandedOp> steps = {
        {"h-into-x2", &huagong_worker_, ScanOf("m1", "X2", people_[h9a_.id][0].id)},
        {"h-open-y2", &huagong_worker_, open_y2},
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
TEST_P(ScanContractTest, AnswersWaitForTheSyncThatMakesThemDurable) {
    SyncFailingDatabase syncing(db());
    auto repo = MakeSqlMassTestRepository(syncing);
    MassTestService service(*repo, *registry_, clock_);
    Round round = Active(Draft({xintie_.id}));
    ScanOp open;
    open.op = OpKind::kOpenTube;
    open.tube_code = "SYNC1";
    ASSERT_TRUE(service.Apply(xintie_worker_, round.id, open));
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

WANGGE_INSTANTIATE_BACKENDS(ScanContractTest);

}  // namespace
}  // namespace wangge::storage::masstest_testing
