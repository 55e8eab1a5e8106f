#pragma once
// Chinese personal names for generated residents: surnames drawn by their frequency in the
// published rankings of registered population (王, 李, 张, 刘, 陈 … each several percent), given
// names of one or two common characters chosen by sex and generation.
#include <string>
#include <string_view>

#include "app/seed/random.hpp"
#include "common/id_number.hpp"

namespace wangge::seed {

// A surname by frequency ("王", occasionally a compound one such as "欧阳").
std::string_view DrawSurname(Rng& rng);

// A given name of one or two characters (two for most), for someone of `sex` born in `birth_year`:
// older generations draw from a different pool than younger ones.
std::string DrawGivenName(Rng& rng, Sex sex, int birth_year);

}  // namespace wangge::seed
