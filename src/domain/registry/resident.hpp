#pragma once
// Residents and households, and the validation of what a caller submits for them.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/clock.hpp"
#include "common/id_number.hpp"
#include "common/phone.hpp"
#include "common/result.hpp"

namespace wangge::registry {

// Tags change how a person is served (door-to-door testing, deliveries). Stored as a bit set.
enum class Tag : std::uint32_t {
    kElderlyAlone = 1u << 0,  // 独居老人
    kBedridden = 1u << 1,     // 卧床
    kDisabled = 1u << 2,      // 残疾
    kPregnant = 1u << 3,      // 孕妇
    kInfant = 1u << 4,        // 婴幼儿
    kAway = 1u << 5,          // 外出
};
inline constexpr Tag kAllTags[] = {Tag::kElderlyAlone, Tag::kBedridden, Tag::kDisabled,
                                   Tag::kPregnant,     Tag::kInfant,    Tag::kAway};
using TagSet = std::uint32_t;

std::string_view TagName(Tag tag);         // "elderly_alone"
std::string_view TagChineseName(Tag tag);  // "独居老人"
// Accepts the English or Chinese name.
std::optional<Tag> ParseTag(std::string_view name);
std::vector<std::string> TagNames(TagSet tags);

enum class Registration { kRegistered, kFloating };  // 户籍 / 流动
std::string_view RegistrationName(Registration r);  // "registered" | "floating"
// Accepts "registered"/"floating"/"户籍"/"流动"/"常住".
std::optional<Registration> ParseRegistration(std::string_view text);

std::string_view SexName(Sex sex);  // "male" | "female"

struct Household {
    std::int64_t id = 0;
    std::int64_t building_id = 0;
    std::string path;  // the building's area path
    std::string unit;  // 单元, may be empty
    std::string room;  // 室
    std::optional<std::int64_t> head_resident_id;
    std::int64_t member_count = 0;
    EpochMillis created_at = 0;
    std::string head_name;  // read-only, joined for listings
};

struct Resident {
    std::int64_t id = 0;
    std::int64_t household_id = 0;
    std::string path;  // the household's building path
    std::string name;
    std::string id_number;
    Sex sex = Sex::kMale;
    CivilDate birth_date;
    std::string phone;  // empty when unknown
    Registration registration = Registration::kRegistered;
    std::string relation;  // to the head of household: "head", "spouse", "child", "parent", "other"
    TagSet tags = 0;
    std::int64_t version = 1;
    EpochMillis updated_at = 0;
};

// What a caller submits to create or replace a resident. Optional fields are cross-checked:
// a given sex or birth date must agree with the ID number.
struct ResidentDraft {
    std::string name;
    std::string id_number;
    std::optional<Sex> sex;
    std::optional<CivilDate> birth_date;
    std::string phone;
    Registration registration = Registration::kRegistered;
    std::string relation;
    TagSet tags = 0;
};

// Validates a draft and fills sex and birth date from the ID number.
// Errors: kInvalidArgument naming the field ("name", "id_number", "phone", "sex", "birth_date").
Result<Resident> ValidateResident(const ResidentDraft& draft, CivilDate today);

CivilDate CivilDateFromMillis(EpochMillis ms);  // in China Standard Time (UTC+8)

}  // namespace wangge::registry
