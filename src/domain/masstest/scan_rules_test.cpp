#include "domain/masstest/scan_rules.hpp"

#include <gtest/gtest.h>

namespace wangge::masstest {
namespace {

constexpr EpochMillis kStart = 1'650'000'000'000;
constexpr EpochMillis kEnd = kStart + 24 * 3600 * 1000;

class ScanRulesTest : public ::testing::Test {
  protected:
    void SetUp() override {
        round_.id = 1;
        round_.kind = RoundKind::kEveryone;
        round_.pool_size = 10;
        round_.starts_at = kStart;
        round_.ends_at = kEnd;
        round_.area_ids = {7};
        round_.area_paths = {"/1/7/"};
        tube_.code = "T1";
        tube_.capacity = 10;
        person_.resident_id = 100;
        person_.household_id = 50;
        person_.building_id = 9;
        person_.path = "/1/7/8/9/";
        facts_.scanned_at = kStart + 1000;
        facts_.tube = &tube_;
        facts_.person = &person_;
    }

    std::optional<RefusalReason> Decide() { return DecideScan(round_, facts_).refusal; }

    Round round_;
    Tube tube_;
    PersonFacts person_;
    ScanFacts facts_;
};

TEST_F(ScanRulesTest, AcceptsAPersonOfTheRoundIntoAnOpenTube) {
    auto d = DecideScan(round_, facts_);
    EXPECT_FALSE(d.refusal);
    EXPECT_FALSE(d.household_capacity);
}

TEST_F(ScanRulesTest, RefusesOutsideTheRoundsStatusAndWindow) {
    facts_.status = RoundStatus::kDraft;
    EXPECT_EQ(Decide(), RefusalReason::kRoundNotActive);
    facts_.status = RoundStatus::kClosed;
    EXPECT_EQ(Decide(), RefusalReason::kRoundNotActive);
    facts_.status = RoundStatus::kActive;
    facts_.scanned_at = kStart - 1;
    EXPECT_EQ(Decide(), RefusalReason::kOutsideTimeWindow);
    facts_.scanned_at = kEnd + 1;
    EXPECT_EQ(Decide(), RefusalReason::kOutsideTimeWindow);
    facts_.scanned_at = kEnd;
    EXPECT_FALSE(Decide());
}

TEST_F(ScanRulesTest, RefusesWrongTubes) {
    facts_.tube = nullptr;
    EXPECT_EQ(Decide(), RefusalReason::kUnknownTube);
    facts_.tube_other_round = true;
    EXPECT_EQ(Decide(), RefusalReason::kTubeOtherRound);
    facts_.tube = &tube_;
    tube_.status = TubeStatus::kClosed;
    EXPECT_EQ(Decide(), RefusalReason::kTubeClosed);
    tube_.scan_count = 10;  // closed because full: says full
    auto d = DecideScan(round_, facts_);
    EXPECT_EQ(d.refusal, RefusalReason::kTubeFull);
    EXPECT_NE(d.message.find("10/10"), std::string::npos) << d.message;
}

TEST_F(ScanRulesTest, RefusesPeopleOutsideTheRound) {
    facts_.person = nullptr;
    EXPECT_EQ(Decide(), RefusalReason::kUnknownPerson);
    facts_.person = &person_;
    person_.path = "/1/70/8/9/";  // a sibling whose id starts with the same digit
    EXPECT_EQ(Decide(), RefusalReason::kOutsideRound);
    person_.path = "/1/7/8/9/";
    round_.kind = RoundKind::kTags;
    round_.tag_mask = static_cast<registry::TagSet>(registry::Tag::kElderlyAlone);
    EXPECT_EQ(Decide(), RefusalReason::kNotInKeyGroup);
    person_.tags = static_cast<registry::TagSet>(registry::Tag::kElderlyAlone) |
                   static_cast<registry::TagSet>(registry::Tag::kDisabled);
    EXPECT_FALSE(Decide());
}

TEST_F(ScanRulesTest, RefusesExemptAndAlreadySampledWithDetails) {
    person_.exemption = ExemptionReason::kHospitalised;
    auto d = DecideScan(round_, facts_);
    EXPECT_EQ(d.refusal, RefusalReason::kExempt);
    EXPECT_NE(d.message.find("住院"), std::string::npos) << d.message;
    person_.exemption.reset();
    person_.sampled_tube = "T0";
    d = DecideScan(round_, facts_);
    EXPECT_EQ(d.refusal, RefusalReason::kAlreadySampled);
    EXPECT_NE(d.message.find("T0"), std::string::npos) << d.message;
}

TEST_F(ScanRulesTest, SealedBuildingTurnsAnEmptyPoolTubeIntoAHouseholdTube) {
    person_.building_sealed = true;
    person_.household_remaining = 3;
    auto d = DecideScan(round_, facts_);
    EXPECT_FALSE(d.refusal);
    EXPECT_EQ(d.household_capacity, 3);
    person_.household_remaining = 40;
    EXPECT_EQ(DecideScan(round_, facts_).household_capacity, kMaxHouseholdTube);
    person_.household_remaining = 0;  // someone moved in after activation
    EXPECT_EQ(DecideScan(round_, facts_).household_capacity, 1);
}

TEST_F(ScanRulesTest, SealedBuildingNeverJoinsAPoolOfOthers) {
    person_.building_sealed = true;
    tube_.scan_count = 2;
    EXPECT_EQ(Decide(), RefusalReason::kHouseholdTube);
}

TEST_F(ScanRulesTest, HouseholdTubeTakesItsHouseholdOnly) {
    tube_.kind = TubeKind::kHousehold;
    tube_.household_id = 50;
    tube_.capacity = 3;
    tube_.scan_count = 1;
    EXPECT_FALSE(Decide());
    person_.household_id = 51;
    EXPECT_EQ(Decide(), RefusalReason::kHouseholdTube);
    person_.building_sealed = true;  // a neighbour in the same sealed building
    EXPECT_EQ(Decide(), RefusalReason::kHouseholdTube);
}

TEST(ScanRules, OpenIsRefusedOutsideAnActiveRoundOrForAnotherRoundsCode) {
    EXPECT_EQ(DecideOpen(RoundStatus::kDraft, false)->refusal, RefusalReason::kRoundNotActive);
    EXPECT_EQ(DecideOpen(RoundStatus::kActive, true)->refusal, RefusalReason::kTubeOtherRound);
    EXPECT_FALSE(DecideOpen(RoundStatus::kActive, false));
}

TEST(ScanRules, TubesAreSharedInsideAnAreaNeverAcross) {
    EXPECT_TRUE(TubeUsableFrom("/1/7/", "/1/7/8/"));
    EXPECT_TRUE(TubeUsableFrom("/1/7/8/", "/1/7/"));
    EXPECT_FALSE(TubeUsableFrom("/1/7/8/", "/1/7/9/"));
}

TEST(ScanRules, EveryReasonHasANameAndAMessage) {
    for (int i = 0; i <= static_cast<int>(RefusalReason::kHouseholdTube); ++i) {
        auto r = static_cast<RefusalReason>(i);
        EXPECT_EQ(ParseRefusalReason(RefusalReasonName(r)), r);
        EXPECT_FALSE(RefusalMessage(r).empty());
    }
}

}  // namespace
}  // namespace wangge::masstest
