#include "api/json_codec.hpp"

namespace wangge::api {

using namespace registry;

namespace {

int AgeOn(CivilDate birth, CivilDate today) {
    int age = today.year - birth.year;
    if (today.month < birth.month || (today.month == birth.month && today.day < birth.day)) --age;
    return age < 0 ? 0 : age;
}

// `expected` in Chinese and in English: "tube 应为文本 (tube must be text)".
tl::unexpected<Error> WrongType(std::string_view field, std::string_view expected_zh, std::string_view expected_en) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string(field) + " 应为" + std::string(expected_zh) + " (" + std::string(field) + " must be " +
                    std::string(expected_en) + ")",
                std::string(field));
}

Result<std::optional<Registration>> OptionalRegistration(const json& body) {
    WANGGE_TRY(text, OptionalString(body, "registration"));
    if (!text) return std::optional<Registration>{};
    auto r = ParseRegistration(*text);
    if (!r)
        return Fail(ErrorCode::kInvalidArgument, "户籍类型应为 registered 或 floating (unknown registration)",
                    "registration");
    return std::optional<Registration>{*r};
}

Result<std::optional<TagSet>> OptionalTags(const json& body) {
    auto it = body.find("tags");
    if (it == body.end() || it->is_null()) return std::optional<TagSet>{};
    if (!it->is_array()) return WrongType("tags", "标签名列表", "a list of tag names");
    TagSet tags = 0;
    for (const auto& t : *it) {
        auto tag = t.is_string() ? ParseTag(t.get<std::string>()) : std::nullopt;
        if (!tag) return Fail(ErrorCode::kInvalidArgument, "未知标签 (unknown tag): " + t.dump(), "tags");
        tags |= static_cast<TagSet>(*tag);
    }
    return std::optional<TagSet>{tags};
}

}  // namespace

json AreaJson(const Area& a) {
    return {{"id", a.id},
            {"code", a.code},
            {"name", a.name},
            {"level", AreaLevelName(a.level)},
            {"parent_id", a.parent_id ? json(*a.parent_id) : json(nullptr)},
            {"counts", {{"households", a.household_count}, {"residents", a.resident_count}, {"children", a.child_count}}}};
}

json AreaRefJson(const Area& a) { return {{"id", a.id}, {"name", a.name}, {"level", AreaLevelName(a.level)}}; }

json PathJson(const std::vector<Area>& ancestors) {
    json out = json::array();
    for (const auto& a : ancestors) out.push_back(AreaRefJson(a));
    return out;
}

json HouseholdJson(const Household& h) {
    json head = nullptr;
    if (h.head_resident_id) head = {{"id", *h.head_resident_id}, {"name", h.head_name}};
    return {{"id", h.id},     {"building_id", h.building_id}, {"unit", h.unit},
            {"room", h.room}, {"head", head},                 {"member_count", h.member_count}};
}

json ResidentJson(const ResidentView& v, CivilDate today) {
    const Resident& r = v.resident;
    return {{"id", r.id},
            {"household_id", r.household_id},
            {"name", r.name},
            {"id_number", r.id_number},
            {"phone", r.phone},
            {"sex", SexName(r.sex)},
            {"birth_date", r.birth_date.ToIso()},
            {"age", AgeOn(r.birth_date, today)},
            {"registration", RegistrationName(r.registration)},
            {"relation", r.relation},
            {"tags", TagNames(r.tags)},
            {"version", r.version},
            {"revealed", v.revealed}};
}

json HistoryJson(const HistoryEntry& e) {
    return {{"id", e.id},
            {"at", e.at},
            {"user_id", e.user_id ? json(*e.user_id) : json(nullptr)},
            {"action", e.action},
            {"detail", e.detail}};
}

json MeJson(const auth::Caller& c, const Area& area) {
    using auth::Permission;
    return {{"id", c.user_id},
            {"username", c.username},
            {"display_name", c.display_name},
            {"role", auth::RoleName(c.role)},
            {"area", {{"id", area.id}, {"code", area.code}, {"name", area.name}, {"level", AreaLevelName(area.level)}}},
            {"permissions",
             {{"reveal_pii", c.Can(Permission::kRevealPii)},
              {"write_registry", c.Can(Permission::kWriteRegistry)},
              {"import", c.Can(Permission::kImport)},
              {"manage_users", c.Can(Permission::kManageUsers)},
              {"read_appeals", c.Can(Permission::kReadAppeals)},
              {"record_appeal", c.Can(Permission::kRecordAppeal)},
              {"manage_appeals", c.Can(Permission::kManageAppeals)},
              {"read_mass_testing", c.Can(Permission::kReadMassTesting)},
              {"manage_rounds", c.Can(Permission::kManageRounds)},
              {"exempt_residents", c.Can(Permission::kExemptResidents)},
              {"scan_samples", c.Can(Permission::kScanSamples)},
              {"upload_lab_results", c.Can(Permission::kUploadLabResults)},
              {"dispatch_field_work", c.Can(Permission::kDispatchFieldWork)}}}};
}

Result<json> ParseBody(const http::Request& request) {
    auto body = json::parse(request.body, nullptr, /*allow_exceptions=*/false);
    if (body.is_discarded() || !body.is_object())
        return Fail(ErrorCode::kInvalidArgument, "请求体应为JSON对象 (the body must be a JSON object)");
    return body;
}

Result<std::optional<std::string>> OptionalString(const json& body, std::string_view field) {
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) return std::optional<std::string>{};
    if (!it->is_string()) return WrongType(field, "文本", "text");
    return std::optional<std::string>{it->get<std::string>()};
}

Result<std::optional<std::int64_t>> OptionalInt(const json& body, std::string_view field) {
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) return std::optional<std::int64_t>{};
    if (!it->is_number_integer()) return WrongType(field, "整数", "an integer");
    return std::optional<std::int64_t>{it->get<std::int64_t>()};
}

Result<std::int64_t> RequiredInt(const json& body, std::string_view field) {
    WANGGE_TRY(value, OptionalInt(body, field));
    if (!value)
        return Fail(ErrorCode::kInvalidArgument, std::string(field) + " 必填 (" + std::string(field) + " is required)",
                    std::string(field));
    return *value;
}

Result<ResidentDraft> ResidentDraftFromJson(const json& body) {
    ResidentDraft d;
    WANGGE_TRY(name, OptionalString(body, "name"));
    WANGGE_TRY(id_number, OptionalString(body, "id_number"));
    WANGGE_TRY(phone, OptionalString(body, "phone"));
    WANGGE_TRY(relation, OptionalString(body, "relation"));
    WANGGE_TRY(sex, OptionalString(body, "sex"));
    WANGGE_TRY(birth, OptionalString(body, "birth_date"));
    WANGGE_TRY(registration, OptionalRegistration(body));
    WANGGE_TRY(tags, OptionalTags(body));
    d.name = name.value_or("");
    d.id_number = id_number.value_or("");
    d.phone = phone.value_or("");
    d.relation = relation.value_or("");
    if (sex) {
        if (*sex != "male" && *sex != "female")
            return Fail(ErrorCode::kInvalidArgument, "性别应为 male 或 female (sex must be male or female)", "sex");
        d.sex = *sex == "male" ? Sex::kMale : Sex::kFemale;
    }
    if (birth) {
        d.birth_date = CivilDate::ParseIso(*birth);
        if (!d.birth_date)
            return Fail(ErrorCode::kInvalidArgument, "出生日期格式应为 YYYY-MM-DD (birth_date must be YYYY-MM-DD)",
                        "birth_date");
    }
    d.registration = registration.value_or(Registration::kRegistered);
    d.tags = tags.value_or(0);
    return d;
}

Result<ResidentPatch> ResidentPatchFromJson(const json& body) {
    ResidentPatch p;
    WANGGE_TRY(name, OptionalString(body, "name"));
    WANGGE_TRY(id_number, OptionalString(body, "id_number"));
    WANGGE_TRY(phone, OptionalString(body, "phone"));
    WANGGE_TRY(relation, OptionalString(body, "relation"));
    WANGGE_TRY(registration, OptionalRegistration(body));
    WANGGE_TRY(tags, OptionalTags(body));
    p.name = name;
    p.id_number = id_number;
    p.phone = phone;
    p.relation = relation;
    p.registration = registration;
    p.tags = tags;
    return p;
}

}  // namespace wangge::api
