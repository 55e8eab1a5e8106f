// Open311's W3C date-times (China time out; any offset, "Z" or none in) and its parameter parsing.
#include "api/open311/open311_json.hpp"

#include <gtest/gtest.h>

namespace wangge::api::open311_json {
namespace {

constexpr EpochMillis kAt = 1'650'000'000'000;  // 2022-04-15T13:20:00+08:00

TEST(Open311JsonTest, FormatsChinaTimeWithItsOffset) {
    EXPECT_EQ(FormatDateTime(kAt), "2022-04-15T13:20:00+08:00");
    EXPECT_EQ(FormatDateTime(0), "1970-01-01T08:00:00+08:00");
    EXPECT_EQ(FormatDateTime(kAt + 999), "2022-04-15T13:20:00+08:00");
}

TEST(Open311JsonTest, ParsesW3cDateTimes) {
    EXPECT_EQ(ParseDateTime("2022-04-15T13:20:00+08:00"), kAt);
    EXPECT_EQ(ParseDateTime("2022-04-15T05:20:00Z"), kAt);
    EXPECT_EQ(ParseDateTime("2022-04-15T01:20:00-04:00"), kAt);
    EXPECT_EQ(ParseDateTime("2022-04-15T13:20:00+0800"), kAt);
    EXPECT_EQ(ParseDateTime("2022-04-15T13:20:00 08:00"), kAt) << "an unencoded '+' arrives as a space";
    EXPECT_EQ(ParseDateTime("2022-04-15T13:20:00"), kAt) << "no offset: China time";
    EXPECT_EQ(ParseDateTime("2022-04-15T13:20"), kAt);
    EXPECT_EQ(ParseDateTime("2022-04-15T05:20:00.250Z"), kAt + 250);
    EXPECT_EQ(ParseDateTime("2022-04-15"), kAt - (13 * 60 + 20) * 60'000) << "a date: 00:00 China time";
    for (const char* bad : {"", "2022-4-15", "2022-02-30", "2022-04-15T25:00", "2022-04-15T13:20:00+8",
                            "2022-04-15T13:20:00X", "yesterday", "2022-04-15T13:20:00.Z"})
        EXPECT_EQ(ParseDateTime(bad), std::nullopt) << bad;
    EXPECT_EQ(FormatDateTime(*ParseDateTime(FormatDateTime(kAt))), FormatDateTime(kAt));
}

TEST(Open311JsonTest, ReadsFiltersAndNamesTheFieldOfABadOne) {
    auto f = FilterFromParams({{"service_request_id", "3, 7,"},
                               {"service_code", "sanitation,other"},
                               {"status", "open,closed"},
                               {"start_date", "2022-04-01"},
                               {"limit", "20"},
                               {"page", "2"}});
    ASSERT_TRUE(f) << f.error().message;
    EXPECT_EQ(f->ids, (std::vector<std::int64_t>{3, 7}));
    EXPECT_EQ(f->service_codes, (std::vector<std::string>{"sanitation", "other"}));
    EXPECT_EQ(f->statuses.size(), 2u);
    EXPECT_TRUE(f->start && !f->end);
    EXPECT_EQ(f->page_size, 20);
    EXPECT_EQ(f->page, 2);
    EXPECT_EQ(FilterFromParams({{"status", "pending"}}).error().field, "status");
    EXPECT_EQ(FilterFromParams({{"start_date", "soon"}}).error().field, "start_date");
    EXPECT_EQ(FilterFromParams({{"service_request_id", "x"}}).error().field, "service_request_id");
    EXPECT_EQ(FilterFromParams({{"page_size", "5000"}}).error().field, "page_size");
    EXPECT_EQ(FilterFromParams({{"page", "0"}}).error().field, "page");
    EXPECT_EQ(NewRequestFromParams({{"address_id", "abc"}}).error().field, "address_id");
}

TEST(Open311JsonTest, NeverWritesTheReporter) {
    open311::ServiceRequest r;
    r.appeal.id = 12;
    r.appeal.community_id = 3;
    r.appeal.community_name = "新铁社区";
    r.appeal.area_id = 5;
    r.appeal.area_name = "1号楼";
    r.appeal.reporter = {appeals::ReporterKind::kNamed, 9, "王大爷", "13800001111"};
    r.appeal.household_id = 77;
    r.appeal.created_at = r.appeal.updated_at = kAt;
    const std::string text = ServiceRequestJson(r).dump();
    EXPECT_EQ(text.find("王大爷"), std::string::npos);
    EXPECT_EQ(text.find("1380000"), std::string::npos);
    EXPECT_EQ(text.find("77"), std::string::npos);
    auto j = ServiceRequestJson(r);
    EXPECT_EQ(j["service_request_id"], "12");
    EXPECT_EQ(j["address"], "新铁社区 1号楼");
    EXPECT_EQ(j["agency_responsible"], "新铁社区");
    EXPECT_EQ(j["status"], "open");
    EXPECT_EQ(j["requested_datetime"], "2022-04-15T13:20:00+08:00");
    EXPECT_EQ(j["expected_datetime"], nullptr);
}

}  // namespace
}  // namespace wangge::api::open311_json
