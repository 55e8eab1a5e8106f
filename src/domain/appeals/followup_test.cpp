// The pure parts of the appeal follow-up: extension requests told from ledger events, the detail
// reader, photo signatures and names, evaluation link states.
#include <gtest/gtest.h>

#include "domain/appeals/evaluation_link.hpp"
#include "domain/appeals/event_detail.hpp"
#include "domain/appeals/extension.hpp"
#include "domain/appeals/photo.hpp"

namespace wangge::appeals {
namespace {

AppealEvent Event(std::int64_t id, std::string action, std::string detail = "{}", std::string note = "") {
    AppealEvent e;
    e.id = id;
    e.appeal_id = 7;
    e.at = id * 1000;
    e.actor_id = id;
    e.actor_name = "用户" + std::to_string(id);
    e.action = std::move(action);
    e.detail = std::move(detail);
    e.note = std::move(note);
    return e;
}

std::string Request(std::int64_t due, std::int64_t previous) {
    return EventDetail().Add("requested_due_at", due).Add("previous_due_at", previous).Json();
}

TEST(DetailIntTest, ReadsIntegersWrittenByEventDetail) {
    const std::string detail =
        EventDetail().Add("note", "\"due_at\":5").Add("due_at", 1650000000000).Add("n", -3).Json();
    EXPECT_EQ(DetailInt(detail, "due_at"), 1650000000000);
    EXPECT_EQ(DetailInt(detail, "n"), -3);
    EXPECT_EQ(DetailInt(detail, "missing"), std::nullopt);
    EXPECT_EQ(DetailInt(R"({"track":"immediate"})", "track"), std::nullopt) << "a string is not an integer";
    EXPECT_EQ(DetailInt("{}", "due_at"), std::nullopt);
}

TEST(ExtensionsFromEventsTest, RequestsAreDecidedOrLapseInLedgerOrder) {
    const std::vector<AppealEvent> events = {
        Event(1, "record"),
        Event(2, "claim"),
        Event(3, "request_extension", Request(5000, 4000), "材料未到"),
        Event(4, "start"),  // does not end a request
        Event(5, "refuse_extension", EventDetail().Add("extension_id", 3).Json(), "可以先临时处理"),
        Event(6, "request_extension", Request(6000, 4000), "再等等"),
        Event(7, "approve_extension", EventDetail().Add("extension_id", 6).Add("due_at", 6000).Json()),
        Event(8, "request_extension", Request(9000, 6000), "又延误"),
        Event(9, "resolve"),
        Event(10, "reopen"),
        Event(11, "claim"),
        Event(12, "request_extension", Request(12000, 11000), "第二轮"),
    };
    const auto xs = ExtensionsFromEvents(events);
    ASSERT_EQ(xs.size(), 4u);
    EXPECT_EQ(xs[0].id, 3);
    EXPECT_EQ(xs[0].status, ExtensionStatus::kRefused);
    EXPECT_EQ(xs[0].reason, "材料未到");
    EXPECT_EQ(xs[0].requested_due_at, 5000);
    EXPECT_EQ(xs[0].previous_due_at, 4000);
    EXPECT_EQ(xs[0].decided_by, 5);
    EXPECT_EQ(xs[0].decision_note, "可以先临时处理");
    EXPECT_EQ(xs[1].status, ExtensionStatus::kApproved);
    EXPECT_EQ(xs[1].decided_at, 7000);
    EXPECT_EQ(xs[2].status, ExtensionStatus::kLapsed) << "resolved before anyone decided";
    EXPECT_FALSE(xs[2].decided_at);
    EXPECT_EQ(xs[3].status, ExtensionStatus::kPending);
    EXPECT_EQ(xs[3].requested_by, 12);
}

TEST(ExtensionsFromEventsTest, ADecisionForAnotherRequestIsIgnored) {
    const auto xs = ExtensionsFromEvents({Event(3, "request_extension", Request(5000, 4000)),
                                          Event(4, "approve_extension", EventDetail().Add("extension_id", 99).Json())});
    ASSERT_EQ(xs.size(), 1u);
    EXPECT_EQ(xs[0].status, ExtensionStatus::kPending);
}

TEST(ExtensionStatusTest, NamesRoundTrip) {
    for (auto s :
         {ExtensionStatus::kPending, ExtensionStatus::kApproved, ExtensionStatus::kRefused, ExtensionStatus::kLapsed})
        EXPECT_EQ(ParseExtensionStatus(ExtensionStatusName(s)), s);
    EXPECT_EQ(ParseExtensionStatus("waiting"), std::nullopt);
    for (auto a : {"resolve", "return", "reopen", "merge", "reject", "close", "escalate", "triage"}) {
        EXPECT_TRUE(EndsExtensionRequest(a)) << a;
        EXPECT_NE(ExtensionClosingActionsSql().find("'" + std::string(a) + "'"), std::string_view::npos) << a;
    }
    EXPECT_FALSE(EndsExtensionRequest("start"));
    EXPECT_FALSE(EndsExtensionRequest("suspend"));
}

TEST(PhotoTest, TheSignatureDecidesTheType) {
    EXPECT_EQ(SniffImage(std::string("\xFF\xD8\xFF\xE0rest", 8)), ImageType::kJpeg);
    EXPECT_EQ(SniffImage(std::string("\x89PNG\r\n\x1A\n\0\0", 10)), ImageType::kPng);
    EXPECT_EQ(SniffImage("RIFF\x10\0\0\0WEBPVP8 "), std::nullopt) << "a NUL cuts the literal: too short";
    EXPECT_EQ(SniffImage(std::string("RIFF\x10\0\0\0WEBPVP8 ", 16)), ImageType::kWebp);
    EXPECT_EQ(SniffImage("GIF89a......"), std::nullopt);
    EXPECT_EQ(SniffImage("<svg xmlns="), std::nullopt);
    EXPECT_EQ(SniffImage(""), std::nullopt);
    EXPECT_EQ(SniffImage(std::string("\xFF\xD8", 2)), std::nullopt);
}

TEST(PhotoTest, ContentTypesAreReadLeniently) {
    EXPECT_EQ(ParseImageMimeType("image/jpeg"), ImageType::kJpeg);
    EXPECT_EQ(ParseImageMimeType("IMAGE/PNG; charset=binary"), ImageType::kPng);
    EXPECT_EQ(ParseImageMimeType(" image/webp "), ImageType::kWebp);
    EXPECT_EQ(ParseImageMimeType("image/gif"), std::nullopt);
    EXPECT_EQ(ParseImageMimeType("image/svg+xml"), std::nullopt);
    EXPECT_EQ(ParseImageMimeType(""), std::nullopt);
}

TEST(PhotoTest, NamesAreRandomAndNothingElsePasses) {
    const auto a = NewPhotoName(ImageType::kJpeg), b = NewPhotoName(ImageType::kWebp);
    EXPECT_NE(a, b);
    EXPECT_TRUE(IsValidPhotoName(a)) << a;
    EXPECT_TRUE(IsValidPhotoName(b)) << b;
    EXPECT_EQ(a.size(), 36u);
    EXPECT_FALSE(IsValidPhotoName("../../etc/passwd"));
    EXPECT_FALSE(IsValidPhotoName("0123456789abcdef0123456789abcdef.exe"));
    EXPECT_FALSE(IsValidPhotoName("0123456789ABCDEF0123456789abcdef.jpg"));
    EXPECT_FALSE(IsValidPhotoName("0123456789abcdef0123456789abcde/.jpg"));
    EXPECT_TRUE(IsValidPhotoName("0123456789abcdef0123456789abcdef.png"));
}

TEST(EvaluationLinkTest, StatesAndTokens) {
    EvaluationLink link;
    link.expires_at = 1000;
    EXPECT_EQ(StateOf(link, 999), LinkState::kActive);
    EXPECT_EQ(StateOf(link, 1000), LinkState::kExpired);
    link.revoked_at = 500;
    EXPECT_EQ(StateOf(link, 999), LinkState::kRevoked);
    link.used_at = 400;
    EXPECT_EQ(StateOf(link, 2000), LinkState::kUsed) << "used wins: the resident did rate";
    EXPECT_EQ(LinkStateName(LinkState::kExpired), "expired");
    EXPECT_TRUE(IsWellFormedLinkToken("0123456789abcdef0123456789abcdef"));
    EXPECT_FALSE(IsWellFormedLinkToken("0123456789abcdef0123456789abcde"));
    EXPECT_FALSE(IsWellFormedLinkToken("0123456789abcdef0123456789abcdeg"));
    EXPECT_FALSE(IsWellFormedLinkToken(""));
}

}  // namespace
}  // namespace wangge::appeals
