#include "api/masstest/masstest_json.hpp"

#include "api/json_codec.hpp"
#include "api/request_context.hpp"

namespace wangge::api {
namespace {

using namespace masstest;

json OptionalJson(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

tl::unexpected<Error> Bad(std::string field, std::string message) {
    return Fail(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

template <typename T>
Result<T> Prefixed(Result<T> r, const std::string& prefix) {
    if (!r && !prefix.empty()) r.error().field = prefix + r.error().field;
    return r;
}

Result<std::vector<std::int64_t>> IdList(const json& body, std::string_view field, bool required) {
    std::vector<std::int64_t> out;
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) {
        if (required)
            return Bad(std::string(field), std::string(field) + " 必填 (" + std::string(field) + " is required)");
        return out;
    }
    if (!it->is_array()) return Bad(std::string(field), "应为编号列表 (" + std::string(field) + ": a list of ids)");
    for (const auto& v : *it) {
        if (!v.is_number_integer() || v.get<std::int64_t>() <= 0)
            return Bad(std::string(field), "应为编号列表 (" + std::string(field) + ": a list of ids)");
        out.push_back(v.get<std::int64_t>());
    }
    return out;
}

// Which input a refusal is about, for clients that highlight a field.
std::string_view RefusalField(RefusalReason reason) {
    switch (reason) {
        case RefusalReason::kRoundNotActive:
            return "round";
        case RefusalReason::kOutsideTimeWindow:
            return "scanned_at";
        case RefusalReason::kUnknownTube:
        case RefusalReason::kTubeOtherRound:
        case RefusalReason::kTubeClosed:
        case RefusalReason::kTubeFull:
        case RefusalReason::kHouseholdTube:
            return "tube";
        default:
            return "resident";
    }
}

}  // namespace

json CountsJson(const Counts& c, json into) {
    into["expected"] = c.expected;
    into["exempt"] = c.exempt;
    into["sampled"] = c.sampled;
    into["remaining"] = c.remaining();
    return into;
}

json RoundJson(const RoundView& view) {
    const Round& r = view.round;
    json areas = json::array();
    for (const auto& a : view.areas) areas.push_back(AreaRefJson(a));
    json tags = json::array();
    for (const auto& t : registry::TagNames(r.tag_mask)) tags.push_back(t);
    return {{"id", r.id},
            {"name", r.name},
            {"kind", RoundKindName(r.kind)},
            {"tags", std::move(tags)},
            {"pool_size", r.pool_size},
            {"status", RoundStatusName(r.status)},
            {"starts_at", r.starts_at},
            {"ends_at", r.ends_at},
            {"areas", std::move(areas)},
            {"owner_area_id", r.owner_area_id},
            {"created_by", r.created_by},
            {"created_at", r.created_at},
            {"activated_at", OptionalJson(r.activated_at)},
            {"closed_at", OptionalJson(r.closed_at)},
            {"version", r.version},
            {"sealed_building_count", view.sealed_building_count},
            {"coverage", view.coverage ? CountsJson(*view.coverage) : json(nullptr)}};
}

json TubeJson(const Tube& t) {
    const auto result = TubeResultName(t.result);
    return {{"id", t.id},
            {"code", t.code},
            {"kind", TubeKindName(t.kind)},
            {"status", TubeStatusName(t.status)},
            {"capacity", t.capacity},
            {"scan_count", t.scan_count},
            {"household_id", OptionalJson(t.household_id)},
            {"point_id", OptionalJson(t.point_id)},
            {"opened_at", t.opened_at},
            {"closed_at", OptionalJson(t.closed_at)},
            {"result", result.empty() ? json(nullptr) : json(std::string(result))},
            {"result_at", OptionalJson(t.result_at)}};
}

json ScanJson(const Scan& s) {
    return {{"client_id", s.client_id},       {"tube", s.tube_code},
            {"tube_seq", s.tube_seq},         {"resident_id", s.resident_id},
            {"household_id", s.household_id}, {"building_id", s.building_id},
            {"kind", ScanKindName(s.kind)},   {"scanned_at", s.scanned_at},
            {"received_at", s.received_at},   {"sampler_id", s.sampler_id}};
}

// What a sampler's device needs of the tube after each op (the fill "7/10", closed or not).
json TubeBriefJson(const Tube& t) {
    return {{"code", t.code},
            {"kind", TubeKindName(t.kind)},
            {"status", TubeStatusName(t.status)},
            {"capacity", t.capacity},
            {"scan_count", t.scan_count},
            {"household_id", OptionalJson(t.household_id)},
            {"point_id", OptionalJson(t.point_id)}};
}

json OpResultJson(const OpResult& r) {
    static constexpr std::string_view kOps[] = {"open", "scan", "close"};
    json out = {{"op", kOps[static_cast<int>(r.op)]},
                {"outcome", r.outcome == Outcome::kAccepted ? "accepted" : "refused"},
                {"replayed", r.replayed},
                {"tube", r.tube ? TubeBriefJson(*r.tube) : json(nullptr)}};
    if (r.op == OpKind::kScan) {
        out["client_id"] = r.client_id;
        out["tube_seq"] = r.outcome == Outcome::kAccepted ? json(r.tube_seq) : json(nullptr);
        out["resident"] =
            r.resident_id ? json{{"id", *r.resident_id}, {"name", r.resident_name}, {"id_number", r.resident_id_number}}
                          : json(nullptr);
    }
    if (r.reason) {
        out["reason"] = RefusalReasonName(*r.reason);
        out["message"] = r.message;
    }
    return out;
}

json AreaCoverageJson(const AreaCoverage& row) {
    return CountsJson(row.counts, {{"id", row.area_id}, {"name", row.name}, {"level", row.level}, {"path", row.path}});
}

json HouseholdCoverageJson(const HouseholdCoverage& row) {
    return CountsJson(row.counts, {{"household_id", row.household_id}, {"unit", row.unit}, {"room", row.room}});
}

json UntestedJson(const UntestedResident& item) {
    const auto& r = item.resident;
    json tags = json::array();
    for (const auto& t : registry::TagNames(r.tags)) tags.push_back(t);
    return {{"id", r.id},
            {"name", r.name},
            {"id_number", r.id_number},
            {"phone", r.phone.empty() ? json(nullptr) : json(r.phone)},
            {"household_id", r.household_id},
            {"unit", item.unit},
            {"room", item.room},
            {"relation", r.relation},
            {"tags", std::move(tags)}};
}

json ExemptionJson(const ExemptionView& v) {
    const auto& e = v.exemption;
    return {{"resident_id", e.resident_id},
            {"name", v.name},
            {"id_number", v.id_number},
            {"household_id", e.household_id},
            {"unit", v.unit},
            {"room", v.room},
            {"reason", ExemptionReasonName(e.reason)},
            {"note", e.note},
            {"created_by", e.created_by},
            {"created_at", e.created_at}};
}

json SealedBuildingJson(const SealedBuildingView& v) {
    return {{"building_id", v.building.building_id},
            {"name", v.name},
            {"path", v.building.path},
            {"sealed_at", v.building.sealed_at}};
}

Result<RoundDraft> RoundDraftFromJson(const json& body) {
    RoundDraft d;
    WANGGE_TRY(name, OptionalString(body, "name"));
    d.name = name.value_or("");
    WANGGE_TRY(kind, OptionalString(body, "kind"));
    if (kind) {
        auto k = ParseRoundKind(*kind);
        if (!k) return Bad("kind", "轮次类型应为 everyone 或 tags (kind: everyone or tags)");
        d.kind = *k;
    }
    auto tags = body.find("tags");
    if (tags != body.end() && !tags->is_null()) {
        if (!tags->is_array()) return Bad("tags", "标签应为列表 (tags: a list of tag names)");
        for (const auto& t : *tags) {
            auto tag = t.is_string() ? registry::ParseTag(t.get<std::string>()) : std::nullopt;
            if (!tag) return Bad("tags", "未知标签 (unknown tag)");
            d.tags |= static_cast<registry::TagSet>(*tag);
        }
    }
    WANGGE_TRY(areas, IdList(body, "area_ids", true));
    d.area_ids = std::move(areas);
    WANGGE_TRY(sealed, IdList(body, "sealed_building_ids", false));
    d.sealed_building_ids = std::move(sealed);
    WANGGE_TRY(starts_at, RequiredInt(body, "starts_at"));
    WANGGE_TRY(ends_at, RequiredInt(body, "ends_at"));
    d.starts_at = starts_at;
    d.ends_at = ends_at;
    WANGGE_TRY(pool, OptionalInt(body, "pool_size"));
    d.pool_size = static_cast<int>(pool.value_or(10));
    auto activate = body.find("activate");
    if (activate != body.end() && !activate->is_null()) {
        if (!activate->is_boolean()) return Bad("activate", "应为 true 或 false (activate: a boolean)");
        d.activate = activate->get<bool>();
    }
    return d;
}

Result<ScanOp> ScanOpFromJson(const json& body, const std::string& prefix, OpKind default_op) {
    if (!body.is_object())
        return Bad(prefix.empty() ? "body" : prefix.substr(0, prefix.size() - 1), "应为对象 (an object)");
    ScanOp op;
    op.op = default_op;
    WANGGE_TRY(kind, Prefixed(OptionalString(body, "op"), prefix));
    if (kind) {
        if (*kind == "open")
            op.op = OpKind::kOpenTube;
        else if (*kind == "scan")
            op.op = OpKind::kScan;
        else if (*kind == "close")
            op.op = OpKind::kCloseTube;
        else
            return Bad(prefix + "op", "op 应为 open、scan 或 close (op: open, scan or close)");
    }
    WANGGE_TRY(tube, Prefixed(OptionalString(body, "tube"), prefix));
    op.tube_code = tube.value_or("");
    if (op.op != OpKind::kScan) return op;
    WANGGE_TRY(client_id, Prefixed(OptionalString(body, "client_id"), prefix));
    op.client_id = client_id.value_or("");
    WANGGE_TRY(resident_id, Prefixed(OptionalInt(body, "resident_id"), prefix));
    op.subject.resident_id = resident_id;
    WANGGE_TRY(code, Prefixed(OptionalString(body, "resident_code"), prefix));
    op.subject.resident_code = code.value_or("");
    WANGGE_TRY(id_number, Prefixed(OptionalString(body, "id_number"), prefix));
    op.subject.id_number = id_number.value_or("");
    WANGGE_TRY(at, Prefixed(OptionalInt(body, "scanned_at"), prefix));
    op.scanned_at = at;
    return op;
}

Result<std::vector<ScanOp>> BatchFromJson(const json& body) {
    auto items = body.find("items");
    if (items == body.end() || !items->is_array()) return Bad("items", "items 应为列表 (items: a list of ops)");
    std::vector<ScanOp> ops;
    ops.reserve(items->size());
    for (std::size_t i = 0; i < items->size(); ++i) {
        WANGGE_TRY(op, ScanOpFromJson((*items)[i], "items[" + std::to_string(i) + "].", OpKind::kScan));
        ops.push_back(std::move(op));
    }
    return ops;
}

http::Response OpResponse(const OpResult& r) {
    json body = OpResultJson(r);
    if (r.outcome == Outcome::kRefused) {
        body["error"] = {{"code", "failed_precondition"}, {"message", r.message}, {"field", RefusalField(*r.reason)}};
        return Ok(body, 409);
    }
    const bool created = !r.replayed && r.op != OpKind::kCloseTube;
    return Ok(body, created ? 201 : 200);
}

}  // namespace wangge::api
