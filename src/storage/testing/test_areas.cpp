#include "storage/testing/test_areas.hpp"

#include <gtest/gtest.h>

namespace wangge::storage::testing {

registry::Area CreateTestArea(registry::RegistryRepository& repo, std::optional<std::int64_t> parent, std::string code,
                              std::string name, registry::AreaLevel level) {
    registry::Area a;
    a.parent_id = parent;
    a.code = std::move(code);
    a.name = std::move(name);
    a.level = level;
    auto made = repo.CreateArea(a);
    EXPECT_TRUE(made) << made.error().message;
    return made.value_or(a);
}

}  // namespace wangge::storage::testing
