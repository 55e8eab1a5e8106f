// Scanning through the service over the SQL repository, on every backend: tubes, pools, the
// household-tube rule, refusals, idempotency of single scans and batches, and the coverage counters
// against a recount after random scan sequences.
#include <random>

#include "domain/masstest/resident_code.hpp"
#include "storage/repositories/masstest/masstest_contract_fixture.hpp"

namespace wangge::storage::masstest_testing {
namespace {

class ScanContractTest : public MassTestContract {};

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
    ops.push_back(OpenOf("B1"));
    int n = 0;
    for (const auto& r : everyone_) {
        if (!r.path.starts_with(xintie_.path) || n == 6) continue;
        if (n == 5) {  // the sixth does not fit; then a new tube
            ops.push_back(ScanOf("b" + std::to_string(n) + "-full", "B1", r.id));
            ops.push_back(OpenOf("B2"));
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
        if (ops[i].op == OpKind::kScan) {
            EXPECT_TRUE((*second)[i].replayed) << i;
        }
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

WANGGE_INSTANTIATE_BACKENDS(ScanContractTest);

}  // namespace
}  // namespace wangge::storage::masstest_testing
