#pragma once
// Texts of generated appeals: what residents raise, by category, the notes staff write at each
// step, and the units of the big Party committee. Drawn from small fixed pools with the seed's Rng,
// so the same seed gives the same words.
#include <string>
#include <string_view>

#include "app/seed/random.hpp"
#include "domain/appeals/appeal.hpp"
#include "domain/appeals/workflow.hpp"

namespace wangge::seed {

// A resident's appeal of category `category_code` ("sanitation" …; unknown codes get general
// texts), at `place` ("3号楼", "第2网格" or the community's name).
std::string DrawAppealDescription(Rng& rng, std::string_view category_code, std::string_view place);

// How many notes NoteFor has for an action (0: the action carries no note).
int NoteCount(appeals::Action action);
// The `index`-th note for a step: the reason of a refusal, what was done at a resolution, …
std::string_view NoteFor(appeals::Action action, int index);

// A unit in a community for a big-committee member of `kind` ("华光物业服务有限公司"); "" for the
// kinds that are persons (committee members, resident representatives).
std::string DrawUnitName(Rng& rng, appeals::MemberKind kind, std::string_view community_name);

}  // namespace wangge::seed
