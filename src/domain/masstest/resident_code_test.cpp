#include "domain/masstest/resident_code.hpp"

#include <gtest/gtest.h>

namespace wangge::masstest {
namespace {

TEST(ResidentCode, RoundTrips) {
    for (std::int64_t id : {1LL, 12345LL, 9'999'999'999LL, 250'000LL}) {
        const std::string code = ResidentCode(id);
        EXPECT_EQ(code.size(), 13u) << code;
        EXPECT_TRUE(code.starts_with("WG")) << code;
        EXPECT_EQ(ParseResidentCode(code), id) << code;
    }
}

TEST(ResidentCode, AcceptsLowerCaseAndSpaces) {
    std::string code = ResidentCode(12345);
    std::string lower = code;
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    EXPECT_EQ(ParseResidentCode(" " + lower + "\r\n"), 12345);
}

TEST(ResidentCode, RefusesEverySingleDigitChange) {
    const std::string code = ResidentCode(4'711'042);
    for (std::size_t i = 2; i < code.size() - 1; ++i) {
        for (char d = '0'; d <= '9'; ++d) {
            if (d == code[i]) continue;
            std::string changed = code;
            changed[i] = d;
            EXPECT_FALSE(ParseResidentCode(changed)) << changed;
        }
    }
}

TEST(ResidentCode, RefusesMalformed) {
    for (std::string_view bad : {"", "WG", "XX00000123450", "WG00000123A50", "WG000001234500", "WG0000000000"})
        EXPECT_FALSE(ParseResidentCode(bad)) << bad;
}

}  // namespace
}  // namespace wangge::masstest
