#include "app/seed/population.hpp"

#include <algorithm>
#include <array>

#include "app/seed/id_allocator.hpp"
#include "app/seed/names.hpp"

namespace wangge::seed {
namespace {

using registry::Tag;
using registry::TagSet;

constexpr int kMaxAge = 100;

// China 2020 census, population by 5-year age group, per 1,000 (the 90+ group spread to 100).
constexpr std::array<std::uint64_t, 19> kAgeBandsPerMille = {59, 65, 60, 52, 53, 66, 88, 69, 66, 82,
                                                             87, 72, 52, 50, 34, 22, 15, 8,  3};

// Household sizes 1..7 per 1,000: 25% / 30% / 21% / 13% / 11% for five or more.
constexpr std::array<std::uint64_t, 7> kSizesPerMille = {250, 300, 210, 130, 70, 30, 10};

constexpr std::string_view kMobilePrefixes[] = {
    "130", "131", "132", "133", "134", "135", "136", "137", "138", "139", "145", "147", "150", "151",
    "152", "153", "155", "156", "157", "158", "159", "166", "173", "175", "176", "177", "178", "180",
    "181", "182", "183", "184", "185", "186", "187", "188", "189", "191", "193", "195", "198", "199"};

TagSet Bit(Tag t) { return static_cast<TagSet>(t); }

Sex Opposite(Sex s) { return s == Sex::kMale ? Sex::kFemale : Sex::kMale; }

}  // namespace

std::string DrawMobile(Rng& rng) {
    std::string phone(kMobilePrefixes[rng.Below(std::size(kMobilePrefixes))]);
    for (int i = 0; i < 8; ++i) phone.push_back(static_cast<char>('0' + rng.Below(10)));
    return phone;
}

PopulationModel::PopulationModel(CivilDate reference) : reference_(reference) {
    std::vector<std::uint64_t> per_year;
    for (int age = 0; age <= kMaxAge; ++age) {
        std::size_t band = std::min<std::size_t>(static_cast<std::size_t>(age / 5), kAgeBandsPerMille.size() - 1);
        const std::uint64_t years_in_band = band + 1 == kAgeBandsPerMille.size() ? kMaxAge - 90 + 1 : 5;
        per_year.push_back(kAgeBandsPerMille[band] * 1000 / years_in_band);
    }
    ages_ = WeightedChoice(per_year);
    sizes_ = WeightedChoice(std::vector<std::uint64_t>(kSizesPerMille.begin(), kSizesPerMille.end()));
}

int PopulationModel::DrawHouseholdSize(Rng& rng) const { return static_cast<int>(sizes_(rng)) + 1; }

int PopulationModel::DrawAge(Rng& rng, int lo, int hi) const {
    lo = std::clamp(lo, 0, kMaxAge);
    hi = std::clamp(hi, lo, kMaxAge);
    for (int tries = 0; tries < 64; ++tries) {
        int age = static_cast<int>(ages_(rng));
        if (age >= lo && age <= hi) return age;
    }
    return static_cast<int>(rng.Between(lo, hi));  // narrow ranges: uniform is close enough
}

PersonDraft PopulationModel::Person(Rng& rng, Sex sex, int age, std::string_view relation,
                                    std::string_view surname) const {
    PersonDraft p;
    p.sex = sex;
    p.age = age;
    // A birthday somewhere in the year before the age was reached.
    const std::int64_t ref_days = DaysFromCivil(reference_);
    const std::int64_t birthday_this_age = DaysFromCivil({reference_.year - age, reference_.month, 1});
    std::int64_t birth_days = birthday_this_age - static_cast<std::int64_t>(rng.Below(365));
    if (ref_days - birth_days < 0) birth_days = ref_days;
    p.birth = CivilFromDays(birth_days);
    p.relation = relation;
    p.surname = std::string(surname.empty() ? DrawSurname(rng) : surname);
    p.name = p.surname + DrawGivenName(rng, sex, p.birth.year);
    if (age >= 12 && !(age >= 80 && rng.Chance(0.4))) p.phone = DrawMobile(rng);
    return p;
}

std::vector<PersonDraft> PopulationModel::DrawHousehold(Rng& rng, int size) const {
    std::vector<PersonDraft> m;
    m.reserve(static_cast<std::size_t>(size));
    if (size == 1) {
        // People living alone are older than the population: many are widowed.
        int age = rng.Chance(0.45) ? DrawAge(rng, 60, kMaxAge) : DrawAge(rng, 18, 59);
        Sex sex = rng.Chance(age >= 65 ? 0.42 : 0.62) ? Sex::kMale : Sex::kFemale;
        m.push_back(Person(rng, sex, age, "head", {}));
        AssignTags(rng, m);
        return m;
    }
    // Shape: couple (with children, maybe with the head's parents), or one parent with children.
    const bool couple = size > 2 || rng.Chance(0.72);
    const bool with_parent = size >= 4 ? rng.Chance(0.35) : (size == 3 ? rng.Chance(0.12) : false);
    const int children = size - (couple ? 2 : 1) - (with_parent ? 1 : 0);
    const int head_age = with_parent    ? DrawAge(rng, 26, 60)
                         : children > 0 ? DrawAge(rng, 24, 75)
                                        : DrawAge(rng, 22, 90);
    const Sex head_sex = rng.Chance(couple ? 0.82 : 0.35) ? Sex::kMale : Sex::kFemale;
    m.push_back(Person(rng, head_sex, head_age, "head", {}));
    const std::string head_surname = m[0].surname;
    int mother_age = head_sex == Sex::kFemale ? head_age : -1;
    std::string father_surname = head_sex == Sex::kMale ? head_surname : std::string();
    std::string mother_surname = head_sex == Sex::kFemale ? head_surname : std::string();
    if (couple) {
        int spouse_age = std::clamp(
            head_age + static_cast<int>(rng.Between(head_sex == Sex::kMale ? -6 : -2, head_sex == Sex::kMale ? 2 : 6)),
            20, kMaxAge);
        m.push_back(Person(rng, Opposite(head_sex), spouse_age, "spouse", {}));
        if (head_sex == Sex::kMale) {
            mother_age = spouse_age;
            mother_surname = m.back().surname;
        } else {
            father_surname = m.back().surname;
        }
    }
    if (mother_age < 0) mother_age = head_age;  // a father alone: ages follow his
    for (int i = 0; i < children; ++i) {
        // Children born to a mother aged 20-40; the first ones older.
        int gap = static_cast<int>(rng.Between(21, 36)) + 2 * i;
        int age = mother_age - gap;
        if (age < 0) age = static_cast<int>(rng.Below(static_cast<std::uint64_t>(std::max(1, mother_age - 19))));
        // Births 1990-2015 ran up to 117 boys per 100 girls; 53% boys on average.
        Sex sex = rng.Chance(0.53) ? Sex::kMale : Sex::kFemale;
        // Most children carry the father's surname, some the mother's.
        std::string surname =
            father_surname.empty() || (!mother_surname.empty() && rng.Chance(0.08)) ? mother_surname : father_surname;
        m.push_back(Person(rng, sex, age, "child", surname));
    }
    if (with_parent) {
        int age = std::min(kMaxAge, head_age + static_cast<int>(rng.Between(23, 34)));
        Sex sex = rng.Chance(0.45) ? Sex::kMale : Sex::kFemale;
        m.push_back(Person(rng, sex, age, "parent", sex == Sex::kMale ? head_surname : std::string()));
    }
    AssignTags(rng, m);
    return m;
}

void PopulationModel::AssignTags(Rng& rng, std::vector<PersonDraft>& members) const {
    const std::int64_t ref_days = DaysFromCivil(reference_);
    const std::int64_t three_years_ago = DaysFromCivil({reference_.year - 3, reference_.month, 1});
    for (auto& p : members) {
        TagSet tags = 0;
        if (members.size() == 1 && p.age >= 65 && rng.Chance(0.85)) tags |= Bit(Tag::kElderlyAlone);
        if (rng.Chance(p.age >= 80 ? 0.06 : p.age >= 65 ? 0.025 : 0.001)) tags |= Bit(Tag::kBedridden);
        if (rng.Chance(p.age >= 60 ? 0.12 : p.age >= 18 ? 0.04 : 0.01)) tags |= Bit(Tag::kDisabled);
        if (p.sex == Sex::kFemale && p.age >= 20 && p.age <= 40 && rng.Chance(0.01)) tags |= Bit(Tag::kPregnant);
        if (DaysFromCivil(p.birth) > three_years_ago && DaysFromCivil(p.birth) <= ref_days) tags |= Bit(Tag::kInfant);
        if (p.age >= 16 && rng.Chance(0.03)) tags |= Bit(Tag::kAway);
        p.tags = tags;
    }
}

}  // namespace wangge::seed
