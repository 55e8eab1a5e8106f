#include "storage/sqlite/sql_rewrite.hpp"

#include <gtest/gtest.h>

namespace wangge::storage::sqlite {
namespace {

TEST(RewritePlaceholders, Cases) {
    struct Case {
        std::string_view in, want;
    };
    const Case cases[] = {
        {"SELECT $1", "SELECT ?1"},
        {"SELECT $2, $1, $10", "SELECT ?2, ?1, ?10"},
        {"SELECT '$1', $1", "SELECT '$1', ?1"},
        {"SELECT 'it''s $1', $2", "SELECT 'it''s $1', ?2"},
        {"SELECT \"$1\" FROM t WHERE a = $1", "SELECT \"$1\" FROM t WHERE a = ?1"},
        {"SELECT $1 -- not $2\n, $3", "SELECT ?1 -- not $2\n, ?3"},
        {"SELECT /* $1 */ $2", "SELECT /* $1 */ ?2"},
        {"SELECT $a, $", "SELECT $a, $"},
        {"SELECT 'unterminated $1", "SELECT 'unterminated $1"},
        {"", ""},
    };
    for (const Case& c : cases) EXPECT_EQ(RewritePlaceholders(c.in), c.want) << c.in;
}

}  // namespace
}  // namespace wangge::storage::sqlite
