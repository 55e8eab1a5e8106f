#pragma once
// Who lives in a generated household: its size (China's 2020 census shares: 1 person 25%,
// 2: 30%, 3: 21%, 4: 13%, 5+: 11%), its members' ages from the census age pyramid, sexes,
// relations to the head that fit the ages (a child is 20-40 years younger than its mother),
// names, and the service tags (elderly living alone, bedridden, disabled, pregnant, infant, away).
#include <string>
#include <string_view>
#include <vector>

#include "app/seed/random.hpp"
#include "common/id_number.hpp"
#include "domain/registry/resident.hpp"

namespace wangge::seed {

struct PersonDraft {
    std::string name;
    std::string surname;  // the leading part of `name`; children take a parent's
    Sex sex = Sex::kMale;
    int age = 0;
    CivilDate birth;            // a date `age` years before the reference date
    std::string_view relation;  // "head", "spouse", "child", "parent", "other"
    registry::TagSet tags = 0;
    std::string phone;  // mobile, or empty for small children and some of the very old
};

class PopulationModel {
  public:
    // Ages and tags are as of `reference` (the data's "today").
    explicit PopulationModel(CivilDate reference);

    int DrawHouseholdSize(Rng& rng) const;

    // The members of a household of `size` (head first), complete but for ID numbers.
    std::vector<PersonDraft> DrawHousehold(Rng& rng, int size) const;

    // An age in whole years within [lo, hi], by the census pyramid.
    int DrawAge(Rng& rng, int lo, int hi) const;

    CivilDate reference() const { return reference_; }

  private:
    PersonDraft Person(Rng& rng, Sex sex, int age, std::string_view relation, std::string_view surname) const;
    void AssignTags(Rng& rng, std::vector<PersonDraft>& members) const;

    CivilDate reference_;
    WeightedChoice ages_;   // single years 0..100
    WeightedChoice sizes_;  // 1..7 persons
};

// A mobile number: a real carrier prefix (1[3-9]x) and 8 random digits.
std::string DrawMobile(Rng& rng);

}  // namespace wangge::seed
