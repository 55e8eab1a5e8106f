#include "storage/sqlite/sql_rewrite.hpp"

namespace wangge::storage::sqlite {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Index just past a quoted run that opens at `open`; a doubled quote escapes itself, which
// this handles by simply closing and re-opening. Unterminated runs end at the end of input.
std::size_t SkipQuoted(std::string_view sql, std::size_t open) {
    const std::size_t close = sql.find(sql[open], open + 1);
    return close == std::string_view::npos ? sql.size() : close + 1;
}

}  // namespace

std::string RewritePlaceholders(std::string_view sql) {
    std::string out(sql);
    std::size_t i = 0;
    while (i < sql.size()) {
        const char c = sql[i];
        if (c == '\'' || c == '"') {
            i = SkipQuoted(sql, i);
        } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
            const std::size_t eol = sql.find('\n', i);
            i = eol == std::string_view::npos ? sql.size() : eol + 1;
        } else if (c == '/' && i + 1 < sql.size() && sql[i + 1] == '*') {
            const std::size_t end = sql.find("*/", i + 2);
            i = end == std::string_view::npos ? sql.size() : end + 2;
        } else {
            if (c == '$' && i + 1 < sql.size() && IsDigit(sql[i + 1])) out[i] = '?';
            ++i;
        }
    }
    return out;
}

}  // namespace wangge::storage::sqlite
