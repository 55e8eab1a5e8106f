#include "common/phone.hpp"

#include <gtest/gtest.h>

namespace wangge {
namespace {

TEST(Phone, AcceptsMobilesAndLandlines) {
    EXPECT_EQ(NormalizePhone("138 1234 5678").value(), "13812345678");
    EXPECT_EQ(NormalizePhone("0416-2345678").value(), "0416-2345678");
    EXPECT_EQ(NormalizePhone("02423456789").value(), "02423456789");
}

TEST(Phone, RefusesOthersNamingTheField) {
    for (const char* bad : {"", "12812345678", "1381234567", "138123456789", "abc", "0416-12"}) {
        auto r = NormalizePhone(bad, "contact");
        ASSERT_FALSE(r) << bad;
        EXPECT_EQ(r.error().field, "contact");
    }
}

TEST(Phone, Masks) {
    EXPECT_EQ(MaskPhone("13812345678"), "138****5678");
    EXPECT_EQ(MaskPhone("0416-2345678"), "0416-***5678");
}

}  // namespace
}  // namespace wangge
