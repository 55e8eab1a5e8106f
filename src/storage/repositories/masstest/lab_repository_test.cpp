// Lab results, positive-pool traces, re-test tasks and alerts through the lab service over the SQL
// repositories, on every backend.
#include "domain/masstest/resident_code.hpp"
#include "storage/repositories/masstest/followup_contract_fixture.hpp"

namespace wangge::storage::masstest_testing {
namespace {

using registry::import::Encoding;

class LabTest : public FollowupContract {
  protected:
    void SetUp() override {
        FollowupContract::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        round_ = Active(Draft({xintie_.id, huagong_.id}));
        // P1: 1号楼 101 (第1网格) and 3号楼 101 (第2网格); N1: 1号楼 102; I1: 2号楼 101; H9: 华工 9号楼.
        std::vector<registry::Resident> p1 = people_[h1a_.id];
        p1.insert(p1.end(), people_[h3a_.id].begin(), people_[h3a_.id].end());
        Fill(round_, "P1", p1);
        Fill(round_, "N1", people_[h1b_.id]);
        Fill(round_, "I1", people_[h2a_.id]);
        Fill(round_, "H9", people_[h9a_.id], &huagong_worker_);
    }

    Tube TubeOf(const std::string& code) {
        auto t = repo_->GetTube(round_.id, code);
        EXPECT_TRUE(t) << t.error().message;
        return t ? *t : Tube{};
    }

    std::vector<RetestTaskRow> Retests(const Caller& who, std::optional<RetestKind> kind = std::nullopt) {
        auto page = lab_->ListRetests(who, round_.id, std::nullopt, std::nullopt, kind, "", 100);
        EXPECT_TRUE(page) << page.error().message;
        return page ? page->items : std::vector<RetestTaskRow>{};
    }

    RetestTaskRow RetestOf(std::int64_t resident_id) {
        for (const auto& r : Retests(street_officer_))
            if (r.task.resident_id == resident_id && r.task.kind == RetestKind::kRetest) return r;
        ADD_FAILURE() << "no re-test task for resident " << resident_id;
        return {};
    }

    RetestInput Input(std::string client_id, std::string tube, std::int64_t resident_id) {
        RetestInput in;
        in.client_id = std::move(client_id);
        in.tube_code = std::move(tube);
        in.subject.resident_code = ResidentCode(resident_id);
        return in;
    }

    Round round_;
};

TEST_P(LabTest, APositivePoolIsTracedInTheSameUpload) {
    auto report = Upload(round_, {{"P1", "阳性"}, {"N1", "negative"}, {"H9", "阴性"}});
    ASSERT_TRUE(report.outcome);
    const auto& out = *report.outcome;
    EXPECT_EQ(out.upload.applied, 3);
    EXPECT_EQ(out.upload.positives, 1);
    EXPECT_EQ(out.retest_tasks, 6);
    ASSERT_EQ(out.positive_tubes.size(), 1u);
    EXPECT_EQ(out.positive_tubes[0].code, "P1");
    // One alert per grid the pool's people live in, each naming its community.
    ASSERT_EQ(out.alerts.size(), 2u);
    EXPECT_EQ(out.alerts[0].area_id, std::min(grid1_.id, grid2_.id));
    for (const auto& a : out.alerts) {
        EXPECT_EQ(a.kind, AlertKind::kPositivePool);
        EXPECT_EQ(a.community_id, xintie_.id);
        EXPECT_EQ(a.community_name, "新铁社区");
        EXPECT_EQ(a.people, 3);
        EXPECT_EQ(a.tube_code, "P1");
        EXPECT_TRUE(a.grid_id);
    }
    EXPECT_EQ(events_.alerts().size(), 2u);  // published after the commit
    EXPECT_EQ(TubeOf("P1").result, TubeResult::kPositive);
    EXPECT_EQ(TubeOf("N1").result, TubeResult::kNegative);
    EXPECT_EQ(TubeOf("I1").result, TubeResult::kPending);

    // The same file again changes nothing.
    auto again = Upload(round_, {{"P1", "positive"}, {"N1", "阴性"}, {"H9", "negative"}});
    ASSERT_TRUE(again.outcome);
    EXPECT_EQ(again.outcome->upload.applied, 0);
    EXPECT_EQ(again.outcome->upload.unchanged, 3);
    EXPECT_TRUE(again.outcome->alerts.empty());
    EXPECT_EQ(events_.alerts().size(), 2u);
    EXPECT_EQ(CountRows("SELECT count(*) FROM retest_tasks"), 6);
    EXPECT_EQ(CountRows("SELECT count(*) FROM tube_results"), 3);
    EXPECT_EQ(CountRows("SELECT count(*) FROM lab_uploads"), 2);
    auto uploads = lab_->ListUploads(lab_tech_, round_.id);
    ASSERT_TRUE(uploads);
    ASSERT_EQ(uploads->size(), 2u);
    EXPECT_EQ((*uploads)[0].unchanged, 3);  // newest first

    // Scope: each grid sees its own alert; 华工社区 sees none.
    EXPECT_EQ(lab_->ListAlerts(street_officer_, round_.id, std::nullopt)->size(), 2u);
    auto grid_alerts = lab_->ListAlerts(grid1_worker_, round_.id, std::nullopt);
    ASSERT_TRUE(grid_alerts);
    ASSERT_EQ(grid_alerts->size(), 1u);
    EXPECT_EQ((*grid_alerts)[0].area_id, grid1_.id);
    EXPECT_EQ((*grid_alerts)[0].area_name, "第1网格");
    EXPECT_TRUE(lab_->ListAlerts(huagong_worker_, round_.id, std::nullopt)->empty());
    EXPECT_EQ(Retests(street_officer_).size(), 6u);
    EXPECT_EQ(Retests(grid1_worker_).size(), 3u);
    ExpectCountersMatchRecount(round_);
}

TEST_P(LabTest, TheTraceListsPeopleHomesBuildingsGridsAndRetests) {
    ASSERT_TRUE(Upload(round_, {{"P1", "positive"}}).outcome);
    auto trace = lab_->Trace(street_officer_, round_.id, "P1", {});
    ASSERT_TRUE(trace) << trace.error().message;
    EXPECT_EQ(trace->tube.result, TubeResult::kPositive);
    ASSERT_EQ(trace->people.size(), 6u);
    EXPECT_EQ(trace->people_elsewhere, 0);
    for (int i = 0; i < 6; ++i) EXPECT_EQ(trace->people[i].tube_seq, i + 1);
    const auto& first = trace->people[0];
    EXPECT_EQ(first.resident.id, people_[h1a_.id][0].id);
    EXPECT_EQ(first.household_id, h1a_.id);
    EXPECT_EQ(first.room, "101");
    EXPECT_EQ(first.building_id, b1_.id);
    EXPECT_NE(first.resident.id_number, people_[h1a_.id][0].id_number);  // masked
    EXPECT_NE(first.resident.id_number.find('*'), std::string::npos);
    ASSERT_TRUE(first.retest);
    EXPECT_EQ(first.retest->status, RetestStatus::kPending);
    EXPECT_EQ(first.retest->kind, RetestKind::kRetest);
    std::vector<std::int64_t> area_ids;
    for (const auto& a : trace->areas) area_ids.push_back(a.id);
    for (const auto* a : {&district_, &street_, &xintie_, &grid1_, &grid2_, &b1_, &b3_})
        EXPECT_NE(std::find(area_ids.begin(), area_ids.end(), a->id), area_ids.end()) << a->name;
    EXPECT_EQ(std::find(area_ids.begin(), area_ids.end(), huagong_.id), area_ids.end());

    // A grid worker sees their grid's people; the rest are only counted.
    auto clipped = lab_->Trace(grid1_worker_, round_.id, "P1", {});
    ASSERT_TRUE(clipped);
    EXPECT_EQ(clipped->people.size(), 3u);
    EXPECT_EQ(clipped->people_elsewhere, 3);
    EXPECT_EQ(lab_->Trace(huagong_worker_, round_.id, "P1", {}).error().code, ErrorCode::kNotFound);
    EXPECT_EQ(lab_->Trace(street_officer_, round_.id, "NOPE", {}).error().code, ErrorCode::kNotFound);

    // Revealing follows the registry's rules: permission, a reason, one audit entry per person.
    registry::RevealRequest reveal{registry::Reveal::kYes, ""};
    EXPECT_EQ(lab_->Trace(street_officer_, round_.id, "P1", reveal).error().field, "reason");
    reveal.reason = "流调溯源";
    EXPECT_EQ(lab_->Trace(grid1_worker_, round_.id, "P1", reveal).error().code, ErrorCode::kPermissionDenied);
    auto shown = lab_->Trace(street_officer_, round_.id, "P1", reveal);
    ASSERT_TRUE(shown);
    EXPECT_TRUE(shown->revealed);
    EXPECT_EQ(shown->people[0].resident.id_number, people_[h1a_.id][0].id_number);
    EXPECT_EQ(CountRows("SELECT count(*) FROM audit_log WHERE action = 'reveal_pii'"), 6);
}

TEST_P(LabTest, RowProblemsWriteNothing) {
    auto report = Upload(round_, {{"N1", "negative"}, {"NOPE", "positive"}});
    EXPECT_FALSE(report.outcome);
    ASSERT_EQ(report.errors.size(), 1u);
    EXPECT_EQ(report.errors[0].line, 2);
    EXPECT_EQ(report.errors[0].field, "tube");
    EXPECT_EQ(TubeOf("N1").result, TubeResult::kPending);
    EXPECT_EQ(CountRows("SELECT count(*) FROM lab_uploads"), 0);

    auto invalid = Upload(round_, {{"N1", "maybe"}});
    ASSERT_EQ(invalid.errors.size(), 1u);
    EXPECT_EQ(invalid.errors[0].field, "result");

    // A lab working for 华工社区 does not reach 新铁社区's tubes.
    Caller huagong_lab = At(huagong_, Role::kLabTechnician, 9);
    auto far = Upload(round_, {{"N1", "negative"}, {"H9", "negative"}}, &huagong_lab);
    ASSERT_EQ(far.errors.size(), 1u);
    EXPECT_EQ(far.errors[0].line, 1);

    std::vector<LabRowInput> one = {{1, "N1", "negative", "", ""}};
    EXPECT_EQ(lab_->UploadRows(grid1_worker_, round_.id, one).error().code, ErrorCode::kPermissionDenied);
    auto draft = service_->CreateRound(street_officer_, Draft({xintie_.id}));
    ASSERT_TRUE(draft);
    EXPECT_EQ(lab_->UploadRows(lab_tech_, draft->round.id, one).error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(LabTest, ACsvUploadIsAppliedLikeJson) {
    const std::string csv =
        "tube_code,result,time,lab\n"
        "N1,negative,2022-04-15 10:00,City Lab\n"
        "I1,invalid,2022-04-15 10:05,City Lab\n";
    auto report = lab_->UploadCsv(lab_tech_, round_.id, csv, Encoding::kAuto);
    ASSERT_TRUE(report) << report.error().message;
    ASSERT_TRUE(report->outcome);
    EXPECT_EQ(report->outcome->upload.applied, 2);
    EXPECT_EQ(report->outcome->upload.invalids, 1);
    EXPECT_EQ(report->outcome->upload.format, LabFormat::kCsv);
    EXPECT_EQ(report->encoding, "utf-8");
    // An invalid tube: everyone in it is to be sampled again.
    EXPECT_EQ(report->outcome->resample_tasks, 4);
    EXPECT_TRUE(report->outcome->alerts.empty());
    EXPECT_EQ(Retests(street_officer_, RetestKind::kResample).size(), 4u);
    EXPECT_EQ(TubeOf("N1").result_at, 1'649'988'000'000);  // 10:00 in China = 02:00 UTC
}

TEST_P(LabTest, EachPersonOfAPositivePoolIsRetestedAlone) {
    ASSERT_TRUE(Upload(round_, {{"P1", "positive"}}).outcome);
    const auto& a = people_[h1a_.id];
    auto task = RetestOf(a[0].id);
    const Counts before = Kept(round_, b1_);

    // One task by id, though its household holds a task for each of its people.
    for (const auto& person : a) {
        const auto listed = RetestOf(person.id);
        auto one = lab_->GetRetest(xintie_worker_, listed.task.id);
        ASSERT_TRUE(one) << one.error().message;
        EXPECT_EQ(one->task.id, listed.task.id);
        EXPECT_EQ(one->task.resident_id, person.id);
        EXPECT_EQ(one->id_number, listed.id_number);  // masked as the list masks it
    }

    // The sampler scans the person's code: it must be the task's person.
    auto wrong = lab_->SampleRetest(xintie_worker_, task.task.id, Input("r1", "S1", a[1].id));
    ASSERT_FALSE(wrong);
    EXPECT_EQ(wrong.error().field, "resident_code");
    auto done = lab_->SampleRetest(xintie_worker_, task.task.id, Input("r1", "S1", a[0].id));
    ASSERT_TRUE(done) << done.error().message;
    EXPECT_FALSE(done->replayed);
    EXPECT_EQ(done->task.status, RetestStatus::kSampled);
    EXPECT_EQ(done->tube.kind, TubeKind::kSingle);
    EXPECT_EQ(done->tube.capacity, 1);
    EXPECT_EQ(done->tube.scan_count, 1);
    EXPECT_EQ(done->tube.status, TubeStatus::kClosed);
    EXPECT_EQ(CountRows("SELECT count(*) FROM scans WHERE kind = 'retest'"), 1);
    EXPECT_EQ(Kept(round_, b1_), before);  // re-tests are not routine coverage
    ExpectCountersMatchRecount(round_);

    auto replay = lab_->SampleRetest(xintie_worker_, task.task.id, Input("r1", "S1", a[0].id));
    ASSERT_TRUE(replay) << replay.error().message;
    EXPECT_TRUE(replay->replayed);
    EXPECT_EQ(replay->scan_id, done->scan_id);
    EXPECT_EQ(lab_->SampleRetest(xintie_worker_, task.task.id, Input("r2", "S2", a[0].id)).error().code,
              ErrorCode::kFailedPrecondition);
    auto second = RetestOf(a[1].id);
    auto taken = lab_->SampleRetest(xintie_worker_, second.task.id, Input("r3", "S1", a[1].id));
    ASSERT_FALSE(taken);
    EXPECT_EQ(taken.error().field, "tube");
    EXPECT_EQ(lab_->SampleRetest(huagong_worker_, second.task.id, Input("r3", "S3", a[1].id)).error().code,
              ErrorCode::kNotFound);
    EXPECT_EQ(lab_->SampleRetest(street_officer_, second.task.id, Input("r3", "S3", a[1].id)).error().code,
              ErrorCode::kPermissionDenied);
    ASSERT_TRUE(lab_->SampleRetest(xintie_worker_, second.task.id, Input("r3", "S3", a[1].id)));
    auto third = RetestOf(a[2].id);
    ASSERT_TRUE(lab_->SampleRetest(xintie_worker_, third.task.id, Input("r4", "S4", a[2].id)));

    // Single-tube results close the tasks; a positive one alerts again; an invalid one is sampled again.
    auto results = Upload(round_, {{"S1", "negative"}, {"S3", "positive"}, {"S4", "invalid"}});
    ASSERT_TRUE(results.outcome);
    EXPECT_EQ(results.outcome->retest_tasks, 0);
    EXPECT_EQ(results.outcome->resample_tasks, 0);
    ASSERT_EQ(results.outcome->alerts.size(), 1u);
    EXPECT_EQ(results.outcome->alerts[0].kind, AlertKind::kPositiveRetest);
    EXPECT_EQ(results.outcome->alerts[0].people, 1);
    EXPECT_EQ(RetestOf(a[0].id).task.status, RetestStatus::kNegative);
    EXPECT_EQ(RetestOf(a[1].id).task.status, RetestStatus::kPositive);
    EXPECT_EQ(RetestOf(a[2].id).task.status, RetestStatus::kInvalid);
    EXPECT_EQ(RetestOf(a[0].id).tube_code, "S1");
    auto resampled = lab_->SampleRetest(xintie_worker_, third.task.id, Input("r5", "S5", a[2].id));
    ASSERT_TRUE(resampled) << resampled.error().message;
    EXPECT_EQ(resampled->task.status, RetestStatus::kSampled);

    // The single tube's trace is its one person and the task it answers.
    auto trace = lab_->Trace(xintie_worker_, round_.id, "S3", {});
    ASSERT_TRUE(trace) << trace.error().message;
    ASSERT_EQ(trace->people.size(), 1u);
    EXPECT_EQ(trace->people[0].resident.id, a[1].id);
    ASSERT_TRUE(trace->people[0].retest);
    EXPECT_EQ(trace->people[0].retest->status, RetestStatus::kPositive);
}

TEST_P(LabTest, ACorrectedResultIsLoggedAndAlertsAreNotRepeated) {
    ASSERT_TRUE(Upload(round_, {{"P1", "positive"}}).outcome);
    clock_.Advance(kHour);
    auto corrected = Upload(round_, {{"P1", "negative"}});
    ASSERT_TRUE(corrected.outcome);
    EXPECT_EQ(corrected.outcome->upload.applied, 1);
    EXPECT_EQ(TubeOf("P1").result, TubeResult::kNegative);
    auto back = Upload(round_, {{"P1", "positive"}});
    ASSERT_TRUE(back.outcome);
    EXPECT_TRUE(back.outcome->alerts.empty());
    EXPECT_EQ(back.outcome->retest_tasks, 0);
    EXPECT_EQ(CountRows("SELECT count(*) FROM tube_results WHERE tube_id = $1", {TubeOf("P1").id}), 3);
    EXPECT_EQ(CountRows("SELECT count(*) FROM masstest_alerts"), 2);
    EXPECT_EQ(events_.alerts().size(), 2u);
}

WANGGE_INSTANTIATE_BACKENDS(LabTest);

}  // namespace
}  // namespace wangge::storage::masstest_testing
