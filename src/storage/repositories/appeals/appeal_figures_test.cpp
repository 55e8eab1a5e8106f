// Contract suite, figures: the counters kept with every event equal a recount from the appeals and
// events tables after random workflows; the rebuild gives the same table and counting goes on from
// it; reading by area and period; scope. On SQLite and PostgreSQL.
#include <random>

#include "storage/repositories/appeals/appeal_contract_fixture.hpp"
#include "storage/repositories/appeals/sql_appeal_figures_repository.hpp"

namespace wangge::storage::appeals_testing {
namespace {

using appeals_sql::FigureTable;

class AppealFiguresTest : public AppealContractTest {
  protected:
    void SetUp() override {
        AppealContractTest::SetUp();
        if (IsSkipped() || HasFatalFailure()) return;
        figures_repo_ = MakeSqlFigureRepository(db());
        figures_ = std::make_unique<FigureService>(*figures_repo_, *registry_, clock_);
        auto district = registry_->GetArea(*xintie_.parent_id).value().parent_id.value();
        other_street_ = Make(district, "210702005", "站前街道", AreaLevel::kStreet);
        zhanqian_ = Make(other_street_.id, "210702005001", "站前社区", AreaLevel::kCommunity);
        district_ = registry_->GetArea(district).value();
        street_ = registry_->GetArea(*xintie_.parent_id).value();
        boss_ = Caller{9, "boss", "区里", Role::kCommunityWorker, district_.id, district_.path};
    }

    AppealView RecordAt(const Area& area, Channel channel) {
        AppealDraft d;
        d.area_id = area.id;
        d.channel = channel;
        d.category_id = category_;
        d.description = "楼道灯不亮";
        auto r = service_->Record(boss_, d);
        EXPECT_TRUE(r) << r.error().message;
        return *r;
    }

    // The figures as the definitions in figures.hpp say, computed here from the appeals and their
    // events without the production counting code.
    FigureTable Expected() {
        FigureTable table;
        AppealQuery everything;
        everything.scope_path = "/";
        everything.limit = 100000;
        auto page = repo_->ListAppeals(everything);
        EXPECT_TRUE(page);
        for (const auto& a : page->items) {
            FigureCounts c;
            c.collected = 1;
            c.by_channel[static_cast<int>(a.channel)] = 1;
            c.track_immediate = a.track == Track::kImmediate;
            c.track_consultative = a.track == Track::kConsultative;
            c.claimed = a.claimer.kind != ClaimerKind::kNone;
            c.resolved = a.resolved_at.has_value();
            c.resolved_on_time = a.resolved_at && a.due_at && *a.resolved_at <= *a.due_at;
            c.reported = a.reported_at.has_value();
            c.not_handled = a.status == AppealStatus::kNotResponsible || a.status == AppealStatus::kMerged ||
                            a.status == AppealStatus::kRejected;
            c.reopened = a.round > 1;
            auto events = repo_->ListEvents(a.id);
            EXPECT_TRUE(events);
            for (const auto& e : *events) {
                if (e.action != "evaluate") continue;
                if (e.detail.find("\"not_satisfied\"") != std::string::npos)
                    ++c.not_satisfied;
                else if (e.detail.find("\"basically_satisfied\"") != std::string::npos)
                    ++c.basically_satisfied;
                else if (e.detail.find("\"satisfied\"") != std::string::npos)
                    ++c.satisfied;
            }
            // The community and each ancestor, from the registry.
            auto community = registry_->GetArea(a.community_id);
            EXPECT_TRUE(community);
            auto chain = registry_->ListAncestors(community->path);
            EXPECT_TRUE(chain);
            std::vector<Area> areas = *chain;
            if (areas.empty() || areas.back().id != community->id) areas.push_back(*community);
            const CivilDate day = ChinaDate(a.created_at);
            for (const auto& area : areas) {
                auto& cell = table[{area.id, day.year * 100 + day.month}];
                cell.parent_id = area.parent_id.value_or(0);
                cell.counts += c;
            }
        }
        return table;
    }

    void ExpectStoredEquals(const FigureTable& expected, const std::string& when) {
        auto stored = ReadStoredFigures(db());
        ASSERT_TRUE(stored) << stored.error().message;
        auto diffs = CompareFigures(*stored, expected);
        EXPECT_TRUE(diffs.empty()) << when << ": " << diffs.size() << " differences, first at area "
                                   << diffs.front().key.area_id << " month " << diffs.front().key.month
                                   << " (collected " << diffs.front().stored.collected << " vs "
                                   << diffs.front().recounted.collected << ", resolved "
                                   << diffs.front().stored.resolved << " vs " << diffs.front().recounted.resolved
                                   << ")";
        for (const auto& [key, cell] : expected) {
            auto found = stored->find(key);
            if (found != stored->end()) EXPECT_EQ(found->second.parent_id, cell.parent_id) << key.area_id;
        }
    }

    // One random step on a random appeal, as the workflow table allows it.
    void RandomStep(std::mt19937& rng, std::vector<std::int64_t>& ids) {
        auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
        const Area* places[] = {&xintie_, &grid_, &huagong_, &zhanqian_};
        if (ids.size() < 5 || pick(4) == 0) {
            ids.push_back(RecordAt(*places[pick(4)], static_cast<Channel>(pick(kChannelCount))).appeal.id);
            return;
        }
        auto appeal = repo_->GetAppeal(ids[pick(static_cast<int>(ids.size()))]);
        ASSERT_TRUE(appeal);
        const auto actions = AllowedActions(*appeal, boss_);
        if (actions.empty()) return;
        TransitionRequest t;
        t.action = actions[pick(static_cast<int>(actions.size()))];
        // Mostly forward, so that many appeals get through to reports and verdicts.
        for (Action forward : {Action::kClaim, Action::kStart, Action::kResolve, Action::kReport, Action::kEvaluate,
                               Action::kClose, Action::kReopen, Action::kResume, Action::kTriage})
            if (pick(10) < 7 && std::find(actions.begin(), actions.end(), forward) != actions.end()) {
                t.action = forward;
                break;
            }
        t.version = appeal->version;
        t.note = "处理说明";
        t.track = pick(2) ? Track::kImmediate : Track::kConsultative;
        t.evaluation = static_cast<Evaluation>(1 + pick(3));
        if (t.action == Action::kMerge) {
            for (auto id : ids) {
                auto other = repo_->GetAppeal(id);
                if (other && id != appeal->id && other->community_id == appeal->community_id &&
                    !IsTerminal(other->status))
                    t.into_id = id;
            }
            if (!t.into_id) return;
        }
        auto done = service_->Perform(boss_, appeal->id, t);
        ASSERT_TRUE(done) << ActionName(t.action) << ": " << done.error().message;
    }

    std::unique_ptr<FigureRepository> figures_repo_;
    std::unique_ptr<FigureService> figures_;
    Area district_, street_, other_street_, zhanqian_;
    Caller boss_;
};

TEST_P(AppealFiguresTest, CountersEqualARecountAfterRandomWorkflows) {
    std::mt19937 rng(20221);
    std::vector<std::int64_t> ids;
    for (int step = 0; step < 600; ++step) {
        RandomStep(rng, ids);
        if (HasFatalFailure()) return;
        clock_.Advance(static_cast<EpochMillis>(rng() % (3 * kDay)));  // months go by: Apr … Sep 2022
        if (step % 200 == 199) ExpectStoredEquals(Expected(), "after step " + std::to_string(step));
    }
    const FigureTable expected = Expected();
    ASSERT_GT(expected.size(), 12u) << "several areas and months";
    ASSERT_TRUE(expected.contains({district_.id, MonthOf(clock_.Now())}));
    FigureCounts all;
    for (const auto& [key, cell] : expected)
        if (key.area_id == district_.id) all += cell.counts;
    EXPECT_GT(all.resolved, 0);
    EXPECT_GT(all.evaluated(), 0);
    EXPECT_GT(all.not_handled, 0);
    EXPECT_GT(all.reopened, 0);
    EXPECT_GT(all.not_satisfied, 0);
    EXPECT_GT(all.resolved, all.resolved_on_time) << "some late, some on time";
    ExpectStoredEquals(expected, "at the end");

    auto recounted = RecountFigures(db());
    ASSERT_TRUE(recounted) << recounted.error().message;
    EXPECT_TRUE(CompareFigures(*recounted, expected).empty()) << "the production recount agrees";

    // A rebuild writes the same table, and counting carries on correctly from its marks.
    auto rebuilt = RebuildFigures(db());
    ASSERT_TRUE(rebuilt) << rebuilt.error().message;
    EXPECT_EQ(rebuilt->appeals, static_cast<std::int64_t>(ids.size()));
    EXPECT_EQ(rebuilt->verdicts, all.evaluated());
    ExpectStoredEquals(expected, "after the rebuild");
    for (int step = 0; step < 100; ++step) {
        RandomStep(rng, ids);
        if (HasFatalFailure()) return;
        clock_.Advance(static_cast<EpochMillis>(rng() % kDay));
    }
    ExpectStoredEquals(Expected(), "after more steps on rebuilt counters");
    auto reports = VerifyLedgers(*repo_, std::nullopt);
    ASSERT_TRUE(reports);
    for (const auto& r : *reports) EXPECT_TRUE(r.ok()) << "the ledger chains are untouched";
}

TEST_P(AppealFiguresTest, AReopenWithdrawsTheRoundAndKeepsTheVerdict) {
    auto a = Triaged(boss_, xintie_);
    a = Must(Step(boss_, a, Action::kClaim));
    a = Must(Step(boss_, a, Action::kResolve, "已修好"));
    a = Must(Step(boss_, a, Action::kReport));
    a = Must(Step(boss_, a, Action::kEvaluate, "", [](auto& t) { t.evaluation = Evaluation::kNotSatisfied; }));
    auto month = MonthOf(a.created_at);
    auto report = [&] {
        auto r = figures_->Report(boss_, {xintie_.id, month, month});
        EXPECT_TRUE(r) << r.error().message;
        return r->totals;
    };
    FigureCounts c = report();
    EXPECT_EQ(c.resolved, 1);
    EXPECT_EQ(c.reported, 1);
    EXPECT_EQ(c.not_satisfied, 1);
    a = Must(Step(boss_, a, Action::kReopen, "居民不满意"));
    c = report();
    EXPECT_EQ(c.claimed, 0);
    EXPECT_EQ(c.resolved, 0);
    EXPECT_EQ(c.reported, 0);
    EXPECT_EQ(c.reopened, 1);
    EXPECT_EQ(c.not_satisfied, 1);
    a = Must(Step(boss_, a, Action::kClaim));
    a = Must(Step(boss_, a, Action::kResolve, "换了新灯"));
    a = Must(Step(boss_, a, Action::kReport));
    a = Must(Step(boss_, a, Action::kEvaluate, "", [](auto& t) { t.evaluation = Evaluation::kSatisfied; }));
    c = report();
    EXPECT_EQ(c.collected, 1);
    EXPECT_EQ(c.resolved, 1);
    EXPECT_EQ(c.satisfied, 1);
    EXPECT_EQ(c.not_satisfied, 1);
    EXPECT_DOUBLE_EQ(*RatesOf(c).satisfaction, 0.5);
    EXPECT_DOUBLE_EQ(*RatesOf(c).resolution, 1.0);
}

TEST_P(AppealFiguresTest, ByAreaAndPeriodWithChildren) {
    clock_.Set(ChinaMidnight({2022, 3, 10}));
    RecordAt(xintie_, Channel::kGridVisit);
    RecordAt(grid_, Channel::kWalkIn);
    RecordAt(zhanqian_, Channel::kHotline12345);
    clock_.Set(ChinaMidnight({2022, 4, 1}));  // the first instant of April, China time
    RecordAt(huagong_, Channel::kWalkIn);
    clock_.Set(ChinaMidnight({2022, 6, 30}));

    auto street = figures_->Report(boss_, {street_.id, 202203, 202204});
    ASSERT_TRUE(street) << street.error().message;
    EXPECT_EQ(street->totals.collected, 3);
    EXPECT_EQ(street->totals.by_channel[static_cast<int>(Channel::kWalkIn)], 2);
    ASSERT_EQ(street->months.size(), 2u);
    EXPECT_EQ(street->months[0].month, 202203);
    EXPECT_EQ(street->months[0].counts.collected, 2);
    EXPECT_EQ(street->months[1].counts.collected, 1);
    ASSERT_EQ(street->children.size(), 2u) << "both communities, by the registry";
    for (const auto& child : street->children)
        EXPECT_EQ(child.counts.collected, child.area.id == xintie_.id ? 2 : 1) << child.area.name;

    auto march = figures_->Report(boss_, {district_.id, 202203, 202203});
    ASSERT_TRUE(march);
    EXPECT_EQ(march->totals.collected, 3);
    ASSERT_EQ(march->children.size(), 2u);
    EXPECT_EQ(march->months.size(), 1u);

    auto community = figures_->Report(boss_, {xintie_.id, 202201, 202212});
    ASSERT_TRUE(community);
    EXPECT_EQ(community->totals.collected, 2);
    EXPECT_EQ(community->months.size(), 12u) << "every month of the period, zeros included";
    EXPECT_TRUE(community->children.empty()) << "counters stop at communities";

    auto by_default = figures_->Report(boss_, {});
    ASSERT_TRUE(by_default);
    EXPECT_EQ(by_default->area.id, district_.id) << "the caller's scope";
    EXPECT_EQ(by_default->to, 202206);
    EXPECT_EQ(by_default->from, 202107);
    EXPECT_EQ(by_default->totals.collected, 4);

    auto reversed = figures_->Report(boss_, {std::nullopt, 202205, 202204});
    ASSERT_FALSE(reversed);
    EXPECT_EQ(reversed.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(reversed.error().field, "from");
    auto too_long = figures_->Report(boss_, {std::nullopt, 201001, 202204});
    ASSERT_FALSE(too_long);
    EXPECT_EQ(too_long.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(AppealFiguresTest, ScopeHidesOtherAreas) {
    RecordAt(xintie_, Channel::kGridVisit);
    auto hidden = figures_->Report(huagong_manager_, {xintie_.id, std::nullopt, std::nullopt});
    ASSERT_FALSE(hidden);
    EXPECT_EQ(hidden.error().code, ErrorCode::kNotFound);
    auto above = figures_->Report(huagong_manager_, {street_.id, std::nullopt, std::nullopt});
    ASSERT_FALSE(above);
    EXPECT_EQ(above.error().code, ErrorCode::kNotFound) << "the street is above the caller's scope";
    auto own = figures_->Report(huagong_manager_, {});
    ASSERT_TRUE(own);
    EXPECT_EQ(own->area.id, huagong_.id);
    EXPECT_EQ(own->totals.collected, 0);
    Caller nobody{99, "vol", "志愿者", Role::kVolunteer, xintie_.id, xintie_.path};
    auto denied = figures_->Report(nobody, {});
    ASSERT_FALSE(denied);
    EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
}

WANGGE_INSTANTIATE_BACKENDS(AppealFiguresTest);

}  // namespace
}  // namespace wangge::storage::appeals_testing
