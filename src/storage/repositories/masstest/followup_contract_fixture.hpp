#pragma once
// The fixture of the follow-up contract suites (field_work_repository_test.cpp, lab_repository_test.cpp):
// the mass-testing fixture's district and callers (masstest_contract_fixture.hpp), plus the sample-point,
// field-task and lab services over their SQL repositories, a lab technician, and a publisher that records
// what would go to the live event stream.
#include <mutex>

#include "domain/masstest/field_task_service.hpp"
#include "domain/masstest/lab_service.hpp"
#include "domain/masstest/sample_point_service.hpp"
#include "storage/repositories/masstest/masstest_contract_fixture.hpp"
#include "storage/repositories/masstest/sql_followup_repositories.hpp"

namespace wangge::storage::masstest_testing {

// Keeps every published event, for assertions. Thread-safe.
class RecordingEvents final : public EventPublisher {
  public:
    void CoverageChanged(const CoverageChange& change) override {
        std::lock_guard lock(mutex_);
        coverage_.push_back(change);
    }
    void AlertsRaised(const std::vector<Alert>& alerts) override {
        std::lock_guard lock(mutex_);
        alerts_.insert(alerts_.end(), alerts.begin(), alerts.end());
    }
    std::vector<Alert> alerts() {
        std::lock_guard lock(mutex_);
        return alerts_;
    }
    std::vector<CoverageChange> coverage() {
        std::lock_guard lock(mutex_);
        return coverage_;
    }

  private:
    std::mutex mutex_;
    std::vector<CoverageChange> coverage_;
    std::vector<Alert> alerts_;
};

class FollowupContract : public MassTestContract {
  protected:
    void SetUp() override {
        MassTestContract::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        auth_ = MakeSqlAuthRepository(db());
        point_repo_ = MakeSqlSamplePointRepository(db());
        task_repo_ = MakeSqlFieldTaskRepository(db());
        lab_repo_ = MakeSqlLabRepository(db());
        points_ = std::make_unique<SamplePointService>(*point_repo_, *repo_, *registry_, clock_);
        field_ = std::make_unique<FieldTaskService>(*task_repo_, *repo_, *registry_, *auth_, clock_);
        lab_ = std::make_unique<LabService>(*lab_repo_, *repo_, *registry_, *auth_, events_, clock_);
        lab_tech_ = At(district_, Role::kLabTechnician, 8);
        // The callers are real accounts too (teams and assignments name users), with the same ids.
        for (const Caller* c : {&street_officer_, &district_officer_, &xintie_worker_, &grid1_worker_, &huagong_worker_,
                                &sampler_, &volunteer_, &lab_tech_}) {
            auth::User u;
            u.username = c->username;
            u.display_name = c->display_name;
            u.password_hash = "x";
            u.role = c->role;
            u.area_id = c->area_id;
            u.created_at = kNow;
            auto made = auth_->CreateUser(u);
            ASSERT_TRUE(made) << made.error().message;
            ASSERT_EQ(made->id, c->user_id);
        }
    }

    // A real account (teams hold real users), as a caller.
    Caller User(const std::string& username, const Area& area, Role role) {
        auth::User u;
        u.username = username;
        u.display_name = username + "姓名";
        u.password_hash = "x";
        u.role = role;
        u.area_id = area.id;
        u.created_at = kNow;
        auto made = auth_->CreateUser(u);
        EXPECT_TRUE(made) << made.error().message;
        return Caller{made ? made->id : 0, username, u.display_name, role, area.id, area.path};
    }

    // Uploads `rows` (tube, result) as JSON rows; fails the test on an error.
    LabReport Upload(const Round& round, const std::vector<std::pair<std::string, std::string>>& rows,
                     const Caller* who = nullptr) {
        std::vector<LabRowInput> inputs;
        for (std::size_t i = 0; i < rows.size(); ++i)
            inputs.push_back(
                LabRowInput{static_cast<std::int64_t>(i + 1), rows[i].first, rows[i].second, "", "市检验中心"});
        auto report = lab_->UploadRows(who ? *who : lab_tech_, round.id, inputs);
        EXPECT_TRUE(report) << report.error().message;
        return report ? *report : LabReport{};
    }

    // Opens `tube` and scans `people` into it as `who` (default: 新铁社区's worker).
    void Fill(const Round& round, const std::string& tube, const std::vector<registry::Resident>& people,
              const Caller* who = nullptr) {
        const Caller& by = who ? *who : xintie_worker_;
        EXPECT_TRUE(Open(round, tube, &by));
        for (const auto& p : people) {
            auto r = Must(ScanAs(by, round, tube + "-" + std::to_string(p.id), tube, p.id));
            EXPECT_EQ(r.outcome, Outcome::kAccepted) << r.message;
        }
    }

    std::int64_t CountRows(const std::string& sql, const Params& params = {}) {
        std::int64_t n = 0;
        EXPECT_TRUE(db().Read([&](Connection& c) -> Status {
            auto v = QueryInt(c, sql, params);
            if (!v) return Fail(v.error());
            n = *v;
            return {};
        }));
        return n;
    }

    RecordingEvents events_;
    std::unique_ptr<auth::AuthRepository> auth_;
    std::unique_ptr<SamplePointRepository> point_repo_;
    std::unique_ptr<FieldTaskRepository> task_repo_;
    std::unique_ptr<LabRepository> lab_repo_;
    std::unique_ptr<SamplePointService> points_;
    std::unique_ptr<FieldTaskService> field_;
    std::unique_ptr<LabService> lab_;
    Caller lab_tech_;
};

}  // namespace wangge::storage::masstest_testing
