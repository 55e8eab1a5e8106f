#include "storage/repositories/row_mapping.hpp"

#include <charconv>

namespace wangge::storage {

using registry::Area;
using registry::Resident;

namespace {

std::string JsonString(std::string_view s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out.push_back('\\');
        if (static_cast<unsigned char>(c) < 0x20) continue;
        out.push_back(c);
    }
    return out + "\"";
}

std::string TagList(registry::TagSet tags) {
    std::string out;
    for (const auto& name : registry::TagNames(tags)) out += (out.empty() ? "" : ",") + name;
    return out;
}

}  // namespace

Area ReadArea(const Row& row) {
    Area a;
    a.id = row.Int(0);
    a.parent_id = OptionalInt(row, 1);
    a.code = row.Text(2);
    a.name = row.Text(3);
    a.level = registry::ParseAreaLevel(row.Text(4)).value_or(registry::AreaLevel::kCommunity);
    a.path = row.Text(5);
    a.depth = static_cast<int>(row.Int(6));
    a.household_count = row.Int(7);
    a.resident_count = row.Int(8);
    a.child_count = row.Int(9);
    return a;
}

Resident ReadResident(const Row& row, int c) {
    Resident r;
    r.id = row.Int(c + 0);
    r.household_id = row.Int(c + 1);
    r.path = row.Text(c + 2);
    r.name = row.Text(c + 3);
    r.id_number = row.Text(c + 4);
    r.sex = row.Text(c + 5) == "female" ? Sex::kFemale : Sex::kMale;
    r.birth_date = CivilDate::ParseIso(row.Text(c + 6)).value_or(CivilDate{});
    r.phone = row.Text(c + 7);
    r.registration = registry::ParseRegistration(row.Text(c + 8)).value_or(registry::Registration::kRegistered);
    r.relation = row.Text(c + 9);
    r.tags = static_cast<registry::TagSet>(row.Int(c + 10));
    r.version = row.Int(c + 11);
    r.updated_at = row.Int(c + 12);
    return r;
}

Params ResidentParams(const Resident& r) {
    return {r.household_id,
            r.path,
            r.name,
            r.id_number,
            std::string(registry::SexName(r.sex)),
            r.birth_date.ToIso(),
            TextOrNull(r.phone),
            std::string(registry::RegistrationName(r.registration)),
            r.relation,
            static_cast<std::int64_t>(r.tags),
            r.version,
            r.updated_at};
}

std::string ResidentChangeJson(const Resident& a, const Resident& b) {
    std::string out;
    auto add = [&](std::string_view field, const std::string& x, const std::string& y) {
        if (x == y) return;
        out += (out.empty() ? "" : ",") + JsonString(field) + ":[" + JsonString(x) + "," + JsonString(y) + "]";
    };
    add("name", a.name, b.name);
    add("id_number", a.id_number.empty() ? "" : MaskIdNumber(a.id_number), MaskIdNumber(b.id_number));
    add("phone", a.phone.empty() ? "" : MaskPhone(a.phone), b.phone.empty() ? "" : MaskPhone(b.phone));
    add("registration", a.id ? std::string(registry::RegistrationName(a.registration)) : "",
        std::string(registry::RegistrationName(b.registration)));
    add("relation", a.relation, b.relation);
    add("tags", TagList(a.tags), TagList(b.tags));
    add("household_id", a.household_id ? std::to_string(a.household_id) : "", std::to_string(b.household_id));
    return "{" + out + "}";
}

std::vector<std::int64_t> PathIds(std::string_view path) {
    std::vector<std::int64_t> ids;
    std::int64_t v = 0;
    bool any = false;
    for (char c : path) {
        if (c == '/') {
            if (any) ids.push_back(v);
            v = 0;
            any = false;
        } else {
            v = v * 10 + (c - '0');
            any = true;
        }
    }
    return ids;
}

Status AddToAreaCounters(Connection& conn, std::string_view path, std::int64_t households, std::int64_t residents) {
    if (households == 0 && residents == 0) return {};
    for (auto id : PathIds(path)) {
        auto r = conn.Exec(kAddAreaCountsSql, {households, residents, id});
        if (!r) return Fail(r.error());
    }
    return {};
}

std::string MakeCursor(char strategy, std::string_view key, std::int64_t id) {
    return std::string(1, strategy) + "|" + std::string(key) + "|" + std::to_string(id);
}

Result<Cursor> ParseCursor(std::string_view text) {
    if (text.empty()) return Cursor{};
    auto bad = [] { return Fail(ErrorCode::kInvalidArgument, "分页游标无效 (malformed cursor)", "cursor"); };
    auto last = text.rfind('|');
    if (text.size() < 4 || text[1] != '|' || last == 1 || last == std::string_view::npos) return bad();
    Cursor c;
    c.strategy = text[0];
    c.key = std::string(text.substr(2, last - 2));
    auto id_text = text.substr(last + 1);
    auto [ptr, ec] = std::from_chars(id_text.data(), id_text.data() + id_text.size(), c.id);
    if (ec != std::errc{} || ptr != id_text.data() + id_text.size()) return bad();
    return c;
}

}  // namespace wangge::storage
