#include "domain/registry/resident.hpp"

#include <array>
#include <ctime>

namespace wangge::registry {
namespace {

struct TagNames {
    Tag tag;
    std::string_view name;
    std::string_view chinese;
};
constexpr std::array<TagNames, 6> kTagNames = {{
    {Tag::kElderlyAlone, "elderly_alone", "独居老人"},
    {Tag::kBedridden, "bedridden", "卧床"},
    {Tag::kDisabled, "disabled", "残疾"},
    {Tag::kPregnant, "pregnant", "孕妇"},
    {Tag::kInfant, "infant", "婴幼儿"},
    {Tag::kAway, "away", "外出"},
}};

constexpr std::string_view kRelations[] = {"", "head", "spouse", "child", "parent", "other"};

// Trims ASCII and ideographic spaces: names pasted from spreadsheets carry both.
std::string Trim(std::string_view s) {
    auto starts_space = [](std::string_view v) {
        return !v.empty() && (v.front() == ' ' || v.front() == '\t' || v.starts_with("\u3000"));
    };
    auto ends_space = [](std::string_view v) {
        return !v.empty() && (v.back() == ' ' || v.back() == '\t' || v.ends_with("\u3000"));
    };
    while (starts_space(s)) s.remove_prefix(s.front() == ' ' || s.front() == '\t' ? 1 : 3);
    while (ends_space(s)) s.remove_suffix(s.back() == ' ' || s.back() == '\t' ? 1 : 3);
    return std::string(s);
}

// Number of UTF-8 code points; names are limited in characters, not bytes.
size_t CodePoints(std::string_view s) {
    size_t n = 0;
    for (unsigned char c : s)
        if ((c & 0xC0) != 0x80) ++n;
    return n;
}

}  // namespace

std::string_view TagName(Tag tag) {
    for (const auto& t : kTagNames)
        if (t.tag == tag) return t.name;
    return "";
}

std::string_view TagChineseName(Tag tag) {
    for (const auto& t : kTagNames)
        if (t.tag == tag) return t.chinese;
    return "";
}

std::optional<Tag> ParseTag(std::string_view name) {
    for (const auto& t : kTagNames)
        if (t.name == name || t.chinese == name) return t.tag;
    return std::nullopt;
}

std::vector<std::string> TagNames(TagSet tags) {
    std::vector<std::string> out;
    for (const auto& t : kTagNames)
        if (tags & static_cast<TagSet>(t.tag)) out.emplace_back(t.name);
    return out;
}

std::string_view RegistrationName(Registration r) {
    return r == Registration::kRegistered ? "registered" : "floating";
}

std::optional<Registration> ParseRegistration(std::string_view text) {
    if (text == "registered" || text == "户籍" || text == "常住") return Registration::kRegistered;
    if (text == "floating" || text == "流动" || text == "暂住") return Registration::kFloating;
    return std::nullopt;
}

std::string_view SexName(Sex sex) { return sex == Sex::kMale ? "male" : "female"; }

CivilDate CivilDateFromMillis(EpochMillis ms) {
    std::time_t secs = static_cast<std::time_t>(ms / 1000 + 8 * 3600);  // China Standard Time
    std::tm tm{};
    gmtime_r(&secs, &tm);
    return CivilDate{tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

Result<Resident> ValidateResident(const ResidentDraft& draft, CivilDate today) {
    Resident r;
    r.name = Trim(draft.name);
    if (r.name.empty()) return Fail(ErrorCode::kInvalidArgument, "姓名不能为空 (name is required)", "name");
    if (CodePoints(r.name) > 50)
        return Fail(ErrorCode::kInvalidArgument, "姓名过长，最多50个字 (name is longer than 50 characters)", "name");
    auto id = ParseIdNumber(Trim(draft.id_number), today);
    if (!id) return Fail(id.error());
    r.id_number = id->normalized;
    r.sex = id->sex;
    r.birth_date = id->birth_date;
    if (draft.sex && *draft.sex != id->sex)
        return Fail(ErrorCode::kInvalidArgument, "性别与身份证号不符 (sex does not match the ID number)", "sex");
    if (draft.birth_date && *draft.birth_date != id->birth_date)
        return Fail(ErrorCode::kInvalidArgument,
                    "出生日期与身份证号不符 (birth date does not match the ID number)", "birth_date");
    std::string phone = Trim(draft.phone);
    if (!phone.empty()) {
        auto normalized = NormalizePhone(phone);
        if (!normalized) return Fail(normalized.error());
        r.phone = *normalized;
    }
    bool relation_known = false;
    for (auto rel : kRelations) relation_known |= draft.relation == rel;
    if (!relation_known)
        return Fail(ErrorCode::kInvalidArgument,
                    "与户主关系应为 head/spouse/child/parent/other 之一 (unknown relation)", "relation");
    r.relation = draft.relation;
    r.registration = draft.registration;
    TagSet all = 0;
    for (Tag t : kAllTags) all |= static_cast<TagSet>(t);
    if (draft.tags & ~all) return Fail(ErrorCode::kInvalidArgument, "未知标签 (unknown tag)", "tags");
    r.tags = draft.tags;
    return r;
}

}  // namespace wangge::registry
