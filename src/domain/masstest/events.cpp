#include "domain/masstest/events.hpp"

#include <charconv>

namespace wangge::masstest {

void CoverageChangeBuilder::Add(std::string_view path, std::int64_t exempt, std::int64_t sampled) {
    // "/1/7/42/": each prefix ending in '/' after the root is an area's path, its last segment the id.
    std::size_t start = 1;
    while (start < path.size()) {
        const std::size_t end = path.find('/', start);
        if (end == std::string_view::npos) break;
        std::int64_t id = 0;
        const char* first = path.data() + start;
        const char* last = path.data() + end;
        auto [ptr, ec] = std::from_chars(first, last, id);
        if (ec == std::errc() && ptr == last && id > 0) {
            std::string prefix(path.substr(0, end + 1));
            auto& delta = areas_[prefix];
            if (delta.area_id == 0) {
                delta.area_id = id;
                delta.path = std::move(prefix);
            }
            delta.exempt += exempt;
            delta.sampled += sampled;
        }
        start = end + 1;
    }
}

CoverageChange CoverageChangeBuilder::Build() const {
    CoverageChange change;
    change.round_id = round_id_;
    change.areas.reserve(areas_.size());
    for (const auto& [path, delta] : areas_) change.areas.push_back(delta);
    return change;
}

}  // namespace wangge::masstest
