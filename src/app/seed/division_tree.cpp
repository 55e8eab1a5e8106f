#include "app/seed/division_tree.hpp"

#include <algorithm>
#include <filesystem>
#include <unordered_map>

#include "domain/registry/import/csv_reader.hpp"

namespace wangge::seed {
namespace {

using registry::AreaLevel;
using registry::import::CsvReader;

bool AllDigits(std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool StripSuffix(std::string& s, std::string_view suffix) {
    if (s.size() <= suffix.size() || !std::string_view(s).ends_with(suffix)) return false;
    s.resize(s.size() - suffix.size());
    return true;
}

// Calls `fn(fields)` for each data row of `dist_dir/file` (header skipped).
template <typename Fn>
Status ForEachRow(const std::string& dist_dir, std::string_view file, Fn&& fn) {
    std::string path = (std::filesystem::path(dist_dir) / file).string();
    auto source = registry::import::OpenFileSource(path);
    if (!source)
        return Fail(ErrorCode::kNotFound,
                    "找不到行政区划数据 " + path +
                        "，请在 data/divisions 中运行 npm ci (division data missing; run npm ci in data/divisions)");
    CsvReader reader(**source);
    std::vector<std::string> fields;
    bool header = true;
    for (;;) {
        WANGGE_TRY(more, reader.Next(fields));
        if (!more) return {};
        if (header) {
            header = false;
            continue;
        }
        if (fields.size() < 2) continue;
        fn(fields);
    }
}

DivisionNode MakeNode(std::string code, std::string name, AreaLevel level) {
    DivisionNode node;
    node.code = std::move(code);
    node.name = std::move(name);
    node.level = level;
    return node;
}

// Whether a node with `code` belongs in the tree for `prefix`: on the path down to it, or under it.
bool Wanted(std::string_view code, std::string_view prefix) {
    return code.starts_with(prefix) || prefix.starts_with(code);
}

void SortTree(DivisionNode& node) {
    std::sort(node.children.begin(), node.children.end(),
              [](const DivisionNode& a, const DivisionNode& b) { return a.code < b.code; });
    for (auto& child : node.children) SortTree(child);
}

void Count(const DivisionNode& node, DivisionCounts& counts) {
    switch (node.level) {
        case AreaLevel::kDistrict:
            ++counts.districts;
            break;
        case AreaLevel::kStreet:
            ++counts.streets;
            break;
        case AreaLevel::kCommunity:
            ++counts.communities;
            break;
        case AreaLevel::kVillage:
            ++counts.villages;
            break;
        default:
            break;
    }
    for (const auto& child : node.children) Count(child, counts);
}

}  // namespace

GrassrootsName ClassifyGrassroots(std::string_view registered_name) {
    std::string name(registered_name);
    if (StripSuffix(name, "村民委员会") || StripSuffix(name, "村委会")) {
        if (!std::string_view(name).ends_with("村")) name += "村";
        return {name, AreaLevel::kVillage};
    }
    if (StripSuffix(name, "居民委员会") || StripSuffix(name, "居委会")) {
        if (!std::string_view(name).ends_with("社区")) name += "社区";
        return {name, AreaLevel::kCommunity};
    }
    return {name, AreaLevel::kCommunity};
}

Result<DivisionNode> LoadDivisionTree(std::string_view prefix, const std::string& dist_dir) {
    if (!AllDigits(prefix) || (prefix.size() != 2 && prefix.size() != 4 && prefix.size() != 6 && prefix.size() != 9))
        return Fail(
            ErrorCode::kInvalidArgument,
            "行政区划代码应为2、4、6或9位数字 (division code must have 2, 4, 6 or 9 digits): " + std::string(prefix),
            "division");
    const std::string province_code(prefix.substr(0, 2));
    DivisionNode root;
    WANGGE_CHECK(ForEachRow(dist_dir, "provinces.csv", [&](const std::vector<std::string>& f) {
        if (f[0] == province_code) root = MakeNode(f[0], f[1], AreaLevel::kProvince);
    }));
    if (root.code.empty())
        return Fail(ErrorCode::kNotFound, "没有代码为 " + province_code + " 的省份 (no such province)", "division");

    // Levels above the grassroots are small; index them by code once each is complete.
    std::unordered_map<std::string, DivisionNode*> by_code;
    WANGGE_CHECK(ForEachRow(dist_dir, "cities.csv", [&](const std::vector<std::string>& f) {
        if (f.size() >= 3 && f[2] == province_code && Wanted(f[0], prefix))
            root.children.push_back(MakeNode(f[0], f[1], AreaLevel::kCity));
    }));
    for (auto& city : root.children) by_code[city.code] = &city;
    WANGGE_CHECK(ForEachRow(dist_dir, "areas.csv", [&](const std::vector<std::string>& f) {
        if (f.size() < 3 || !Wanted(f[0], prefix)) return;
        if (auto it = by_code.find(f[2]); it != by_code.end())
            it->second->children.push_back(MakeNode(f[0], f[1], AreaLevel::kDistrict));
    }));
    for (auto& city : root.children)
        for (auto& district : city.children) by_code[district.code] = &district;
    WANGGE_CHECK(ForEachRow(dist_dir, "streets.csv", [&](const std::vector<std::string>& f) {
        if (f.size() < 3 || !Wanted(f[0], prefix)) return;
        if (auto it = by_code.find(f[2]); it != by_code.end())
            it->second->children.push_back(MakeNode(f[0], f[1], AreaLevel::kStreet));
    }));
    for (auto& city : root.children)
        for (auto& district : city.children)
            for (auto& street : district.children) by_code[street.code] = &street;
    WANGGE_CHECK(ForEachRow(dist_dir, "villages.csv", [&](const std::vector<std::string>& f) {
        if (f.size() < 3 || !f[0].starts_with(prefix)) return;
        auto it = by_code.find(f[2]);
        if (it == by_code.end()) return;
        auto grassroots = ClassifyGrassroots(f[1]);
        it->second->children.push_back(MakeNode(f[0], std::move(grassroots.name), grassroots.level));
    }));
    SortTree(root);
    if (!FindDivision(root, prefix))
        return Fail(ErrorCode::kNotFound, "没有代码为 " + std::string(prefix) + " 的行政区划 (no such division)",
                    "division");
    return root;
}

Result<std::vector<std::string>> LoadDistrictCodes(const std::string& dist_dir) {
    std::vector<std::string> codes;
    WANGGE_CHECK(ForEachRow(dist_dir, "areas.csv", [&](const std::vector<std::string>& f) {
        if (f[0].size() == 6 && AllDigits(f[0])) codes.push_back(f[0]);
    }));
    std::sort(codes.begin(), codes.end());
    return codes;
}

DivisionCounts CountDivisions(const DivisionNode& root) {
    DivisionCounts counts;
    Count(root, counts);
    return counts;
}

const DivisionNode* FindDivision(const DivisionNode& root, std::string_view code) {
    if (root.code == code) return &root;
    for (const auto& child : root.children)
        if (code.starts_with(child.code))
            if (auto* found = FindDivision(child, code)) return found;
    return nullptr;
}

}  // namespace wangge::seed
