#pragma once
// Building area trees in tests: one call per node, failing the test when the repository refuses.
#include <optional>
#include <string>

#include "domain/registry/registry_repository.hpp"

namespace wangge::storage::testing {

// Creates an area (a root when `parent` is absent) and returns it with id and path filled in.
registry::Area CreateTestArea(registry::RegistryRepository& repo, std::optional<std::int64_t> parent, std::string code,
                              std::string name, registry::AreaLevel level);

}  // namespace wangge::storage::testing
