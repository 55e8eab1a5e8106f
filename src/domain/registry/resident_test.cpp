#include "domain/registry/resident.hpp"

#include <gtest/gtest.h>

namespace wangge::registry {
namespace {

const CivilDate kToday{2022, 4, 1};

ResidentDraft Valid() {
    ResidentDraft d;
    d.name = "  王秀英\u3000";
    d.id_number = "11010519491231002x";
    d.phone = "13812345678";
    d.relation = "head";
    d.tags = static_cast<TagSet>(Tag::kElderlyAlone);
    return d;
}

TEST(ValidateResident, NormalisesAndDerives) {
    auto r = ValidateResident(Valid(), kToday);
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->name, "王秀英");
    EXPECT_EQ(r->id_number, "11010519491231002X");
    EXPECT_EQ(r->sex, Sex::kFemale);
    EXPECT_EQ(r->birth_date.ToIso(), "1949-12-31");
}

TEST(ValidateResident, NamesTheBadField) {
    struct Case {
        std::function<void(ResidentDraft&)> mutate;
        const char* field;
    };
    const Case cases[] = {
        {[](ResidentDraft& d) { d.name = " "; }, "name"},
        {[](ResidentDraft& d) { d.id_number = "110105194912310021"; }, "id_number"},
        {[](ResidentDraft& d) { d.phone = "123"; }, "phone"},
        {[](ResidentDraft& d) { d.sex = Sex::kMale; }, "sex"},
        {[](ResidentDraft& d) { d.birth_date = CivilDate{1950, 1, 1}; }, "birth_date"},
        {[](ResidentDraft& d) { d.relation = "cousin"; }, "relation"},
        {[](ResidentDraft& d) { d.tags = 1u << 20; }, "tags"},
    };
    for (const auto& c : cases) {
        auto d = Valid();
        c.mutate(d);
        auto r = ValidateResident(d, kToday);
        ASSERT_FALSE(r) << c.field;
        EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
        EXPECT_EQ(r.error().field, c.field);
    }
}

TEST(Tags, ParseBothLanguagesAndList) {
    EXPECT_EQ(ParseTag("独居老人"), Tag::kElderlyAlone);
    EXPECT_EQ(ParseTag("bedridden"), Tag::kBedridden);
    EXPECT_FALSE(ParseTag("vip"));
    auto names = TagNames(static_cast<TagSet>(Tag::kInfant) | static_cast<TagSet>(Tag::kAway));
    EXPECT_EQ(names, (std::vector<std::string>{"infant", "away"}));
}

TEST(CivilDateFromMillis, UsesChinaTime) {
    // 2022-03-31T16:30:00Z is already 1 April in Beijing.
    EXPECT_EQ(CivilDateFromMillis(1648744200000), (CivilDate{2022, 4, 1}));
}

}  // namespace
}  // namespace wangge::registry
