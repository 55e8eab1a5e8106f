#include "api/masstest/followup_json.hpp"

#include <map>

#include "api/json_codec.hpp"
#include "api/masstest/masstest_json.hpp"

namespace wangge::api {
namespace {

using namespace masstest;

json Opt(const std::optional<std::int64_t>& v) { return v ? json(*v) : json(nullptr); }

tl::unexpected<Error> Bad(std::string field, std::string message) {
    return Fail(ErrorCode::kInvalidArgument, std::move(message), std::move(field));
}

// A JSON value as cell text: strings as they are, numbers in decimal (a lab may send epoch ms as a number).
Result<std::string> Cell(const json& item, std::string_view field, const std::string& prefix) {
    auto it = item.find(field);
    if (it == item.end() || it->is_null()) return std::string();
    if (it->is_string()) return it->get<std::string>();
    if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
    return Bad(prefix + std::string(field), "应为文本 (" + std::string(field) + " must be text)");
}

Result<std::vector<std::int64_t>> Ids(const json& body, std::string_view field) {
    std::vector<std::int64_t> out;
    auto it = body.find(field);
    if (it == body.end() || it->is_null()) return out;
    if (!it->is_array()) return Bad(std::string(field), "应为整数数组 (" + std::string(field) + ": a list of ids)");
    for (const auto& v : *it) {
        if (!v.is_number_integer())
            return Bad(std::string(field), "应为整数数组 (" + std::string(field) + ": a list of ids)");
        out.push_back(v.get<std::int64_t>());
    }
    return out;
}

Result<std::vector<CrewMember>> Crew(const json& body) {
    std::vector<CrewMember> crew;
    const auto& list = body.at("crew");
    if (!list.is_array()) return Bad("crew", "应为数组 (crew: a list of {name, duty})");
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string prefix = "crew[" + std::to_string(i) + "].";
        if (!list[i].is_object()) return Bad("crew[" + std::to_string(i) + "]", "应为对象 (an object {name, duty})");
        WANGGE_TRY(name, Cell(list[i], "name", prefix));
        WANGGE_TRY(duty, Cell(list[i], "duty", prefix));
        crew.push_back(CrewMember{std::move(name), std::move(duty)});
    }
    return crew;
}

json ResidentRef(std::int64_t id, const std::string& name, const std::string& id_number, const std::string& phone,
                 registry::TagSet tags) {
    return {{"id", id},
            {"name", name},
            {"id_number", id_number},
            {"phone", phone.empty() ? json(nullptr) : json(phone)},
            {"tags", registry::TagNames(tags)}};
}

json AreaRef(const registry::Area& a) {
    return {{"id", a.id}, {"name", a.name}, {"level", registry::AreaLevelName(a.level)}, {"path", a.path}};
}

}  // namespace

json SamplePointJson(const SamplePointView& view, bool with_buildings) {
    const SamplePoint& p = view.point;
    json crew = json::array();
    for (const auto& c : p.crew) crew.push_back({{"name", c.name}, {"duty", c.duty}});
    json out = {
        {"id", p.id},
        {"round_id", Opt(p.round_id)},
        {"area", {{"id", view.area.id}, {"name", view.area.name}, {"level", registry::AreaLevelName(view.area.level)}}},
        {"path", p.path},
        {"name", p.name},
        {"place", p.place},
        {"lanes", p.lanes},
        {"crew", std::move(crew)},
        {"building_count", p.building_count},
        {"created_by", p.created_by},
        {"created_at", p.created_at},
        {"updated_at", p.updated_at},
        {"version", p.version}};
    if (with_buildings) {
        json buildings = json::array();
        for (const auto& b : view.buildings)
            buildings.push_back(
                {{"building_id", b.building_id}, {"name", b.name}, {"path", b.path}, {"assigned_at", b.assigned_at}});
        out["buildings"] = std::move(buildings);
    }
    return out;
}

json TeamJson(const FieldTeam& team) {
    json members = json::array();
    for (const auto& m : team.members)
        members.push_back({{"user_id", m.user_id},
                           {"username", m.username},
                           {"display_name", m.display_name},
                           {"added_at", m.added_at}});
    return {{"id", team.id},     {"area_id", team.area_id},       {"path", team.path},
            {"name", team.name}, {"created_by", team.created_by}, {"created_at", team.created_at},
            {"members", members}};
}

json DoorTaskJson(const DoorTask& t) {
    return {{"id", t.id},
            {"round_id", t.round_id},
            {"reason", DoorReasonName(t.reason)},
            {"status", DoorStatusName(t.status)},
            {"resident_id", Opt(t.resident_id)},
            {"household_id", t.household_id},
            {"building_id", t.building_id},
            {"path", t.path},
            {"team_id", Opt(t.team_id)},
            {"assignee_id", Opt(t.assignee_id)},
            {"note", t.note},
            {"scan_id", Opt(t.scan_id)},
            {"done_by", Opt(t.done_by)},
            {"done_at", Opt(t.done_at)},
            {"created_at", t.created_at}};
}

json DoorTaskRowJson(const DoorTaskRow& row) {
    json out = DoorTaskJson(row.task);
    out["resident"] = row.task.resident_id
                          ? ResidentRef(*row.task.resident_id, row.resident_name, row.id_number, row.phone, row.tags)
                          : json(nullptr);
    out["household"] = {{"id", row.task.household_id},
                        {"unit", row.unit},
                        {"room", row.room},
                        {"head_name", row.task.resident_id ? json(nullptr) : json(row.resident_name)},
                        {"member_count", row.member_count},
                        {"remaining", row.household_remaining}};
    out["building"] = {{"id", row.task.building_id}, {"name", row.building_name}};
    out["team"] = row.task.team_id ? json{{"id", *row.task.team_id}, {"name", row.team_name}} : json(nullptr);
    out["sampled"] = row.task.resident_id ? row.person_sampled : row.household_remaining <= 0;
    return out;
}

json LabUploadJson(const LabUpload& u) {
    return {{"id", u.id},
            {"round_id", u.round_id},
            {"format", u.format == LabFormat::kCsv ? "csv" : "json"},
            {"encoding", u.encoding.empty() ? json(nullptr) : json(u.encoding)},
            {"rows", u.row_count},
            {"applied", u.applied},
            {"unchanged", u.unchanged},
            {"positives", u.positives},
            {"invalids", u.invalids},
            {"uploaded_by", u.uploaded_by},
            {"uploaded_at", u.uploaded_at}};
}

json LabOutcomeJson(const LabOutcome& o) {
    json positives = json::array();
    for (const auto& t : o.positive_tubes)
        positives.push_back({{"id", t.id}, {"code", t.code}, {"kind", TubeKindName(t.kind)}});
    json alerts = json::array();
    for (const auto& a : o.alerts) alerts.push_back(AlertJson(a));
    return {{"upload", LabUploadJson(o.upload)},
            {"positives", std::move(positives)},
            {"alerts", std::move(alerts)},
            {"retest_tasks", o.retest_tasks},
            {"resample_tasks", o.resample_tasks}};
}

json LabErrorsJson(const LabReport& report) {
    json errors = json::array();
    for (const auto& e : report.errors) errors.push_back({{"line", e.line}, {"field", e.field}, {"reason", e.reason}});
    const std::string n = std::to_string(report.error_count);
    return {{"error",
             {{"code", "invalid_argument"},
              {"message", n + "行有误，未导入任何结果 (" + n + " problems; nothing was applied)"},
              {"field", "rows"}}},
            {"errors", std::move(errors)},
            {"error_count", report.error_count},
            {"rows", report.total}};
}

json AlertJson(const Alert& a) {
    return {{"id", a.id},
            {"round_id", a.round_id},
            {"kind", AlertKindName(a.kind)},
            {"tube", {{"id", a.tube_id}, {"code", a.tube_code}}},
            {"area", {{"id", a.area_id}, {"name", a.area_name}}},
            {"community", a.community_id ? json{{"id", *a.community_id}, {"name", a.community_name}} : json(nullptr)},
            {"grid_id", Opt(a.grid_id)},
            {"path", a.path},
            {"people", a.people},
            {"created_at", a.created_at}};
}

json RetestTaskJson(const RetestTask& t) {
    return {{"id", t.id},
            {"round_id", t.round_id},
            {"kind", RetestKindName(t.kind)},
            {"status", RetestStatusName(t.status)},
            {"source_tube_id", t.source_tube_id},
            {"resident_id", t.resident_id},
            {"household_id", t.household_id},
            {"building_id", t.building_id},
            {"path", t.path},
            {"tube_id", Opt(t.tube_id)},
            {"scan_id", Opt(t.scan_id)},
            {"sampled_by", Opt(t.sampled_by)},
            {"sampled_at", Opt(t.sampled_at)},
            {"result_at", Opt(t.result_at)},
            {"created_at", t.created_at}};
}

json RetestRowJson(const RetestTaskRow& row) {
    json out = RetestTaskJson(row.task);
    out["source_tube"] = row.source_tube_code;
    out["tube"] = row.tube_code.empty() ? json(nullptr) : json(row.tube_code);
    out["resident"] = ResidentRef(row.task.resident_id, row.resident_name, row.id_number, row.phone, 0);
    out["resident"].erase("tags");
    out["household"] = {{"id", row.task.household_id}, {"unit", row.unit}, {"room", row.room}};
    out["building"] = {{"id", row.task.building_id}, {"name", row.building_name}};
    return out;
}

json TraceJson(const TraceView& trace) {
    std::map<std::int64_t, const registry::Area*> areas;
    for (const auto& a : trace.areas) areas[a.id] = &a;
    json people = json::array();
    json households = json::array();
    std::map<std::int64_t, std::size_t> household_index;
    std::map<std::string, std::int64_t> statuses;
    for (const auto& p : trace.people) {
        const auto& r = p.resident;
        json person = {{"tube_seq", p.tube_seq},
                       {"resident",
                        {{"id", r.id},
                         {"name", r.name},
                         {"id_number", r.id_number},
                         {"phone", r.phone.empty() ? json(nullptr) : json(r.phone)},
                         {"sex", registry::SexName(r.sex)},
                         {"tags", registry::TagNames(r.tags)}}},
                       {"household_id", p.household_id},
                       {"building_id", p.building_id},
                       {"path", p.path},
                       {"scanned_at", p.scanned_at},
                       {"retest", p.retest ? RetestTaskJson(*p.retest) : json(nullptr)}};
        people.push_back(std::move(person));
        if (p.retest) ++statuses[std::string(RetestStatusName(p.retest->status))];
        auto [it, inserted] = household_index.emplace(p.household_id, households.size());
        if (inserted)
            households.push_back({{"id", p.household_id},
                                  {"unit", p.unit},
                                  {"room", p.room},
                                  {"building_id", p.building_id},
                                  {"resident_ids", json::array()}});
        households[it->second]["resident_ids"].push_back(r.id);
    }
    json buildings = json::array(), grids = json::array(), communities = json::array(), all = json::array();
    for (const auto& a : trace.areas) {
        all.push_back(AreaRef(a));
        switch (a.level) {
            case registry::AreaLevel::kBuilding:
                buildings.push_back(AreaRef(a));
                break;
            case registry::AreaLevel::kGrid:
                grids.push_back(AreaRef(a));
                break;
            case registry::AreaLevel::kCommunity:
            case registry::AreaLevel::kVillage:
                communities.push_back(AreaRef(a));
                break;
            default:
                break;
        }
    }
    return {{"tube", TubeJson(trace.tube)},
            {"revealed", trace.revealed},
            {"people", std::move(people)},
            {"people_elsewhere", trace.people_elsewhere},
            {"households", std::move(households)},
            {"buildings", std::move(buildings)},
            {"grids", std::move(grids)},
            {"communities", std::move(communities)},
            {"areas", std::move(all)},
            {"retests", statuses}};
}

json CoverageChangeJson(std::int64_t round_id, const std::vector<AreaDelta>& areas) {
    json list = json::array();
    for (const auto& a : areas)
        list.push_back({{"id", a.area_id}, {"path", a.path}, {"exempt", a.exempt}, {"sampled", a.sampled}});
    return {{"round_id", round_id}, {"areas", std::move(list)}};
}

Result<SamplePointDraft> SamplePointDraftFromJson(const json& body) {
    SamplePointDraft d;
    WANGGE_TRY(round_id, OptionalInt(body, "round_id"));
    d.round_id = round_id;
    WANGGE_TRY(area_id, RequiredInt(body, "area_id"));
    d.area_id = area_id;
    WANGGE_TRY(name, OptionalString(body, "name"));
    d.name = name.value_or("");
    WANGGE_TRY(place, OptionalString(body, "place"));
    d.place = place.value_or("");
    WANGGE_TRY(lanes, OptionalInt(body, "lanes"));
    d.lanes = static_cast<int>(std::clamp<std::int64_t>(lanes.value_or(1), -1, 1000));
    if (body.contains("crew") && !body.at("crew").is_null()) {
        WANGGE_TRY(crew, Crew(body));
        d.crew = std::move(crew);
    }
    return d;
}

Result<std::pair<SamplePointPatch, std::int64_t>> SamplePointPatchFromJson(const json& body) {
    SamplePointPatch p;
    WANGGE_TRY(version, RequiredInt(body, "version"));
    WANGGE_TRY(name, OptionalString(body, "name"));
    p.name = name;
    WANGGE_TRY(place, OptionalString(body, "place"));
    p.place = place;
    WANGGE_TRY(lanes, OptionalInt(body, "lanes"));
    if (lanes) p.lanes = static_cast<int>(std::clamp<std::int64_t>(*lanes, -1, 1000));
    if (body.contains("crew") && !body.at("crew").is_null()) {
        WANGGE_TRY(crew, Crew(body));
        p.crew = std::move(crew);
    }
    return std::make_pair(std::move(p), version);
}

Result<DoorAssignInput> DoorAssignFromJson(const json& body) {
    DoorAssignInput in;
    WANGGE_TRY(ids, Ids(body, "task_ids"));
    in.task_ids = std::move(ids);
    WANGGE_TRY(area_id, OptionalInt(body, "area_id"));
    in.area_id = area_id;
    WANGGE_TRY(team_id, OptionalInt(body, "team_id"));
    in.to.team_id = team_id;
    WANGGE_TRY(user_id, OptionalInt(body, "user_id"));
    in.to.assignee_id = user_id;
    return in;
}

Result<DoorOutcome> DoorOutcomeFromJson(const json& body) {
    DoorOutcome out;
    WANGGE_TRY(outcome, OptionalString(body, "outcome"));
    const std::string text = outcome.value_or("sampled");
    auto status = ParseDoorStatus(text);
    if (!status || *status == DoorStatus::kOpen)
        return Bad("outcome", "outcome 应为 sampled、not_home 或 refused (outcome: sampled, not_home or refused)");
    out.status = *status;
    WANGGE_TRY(client_id, OptionalString(body, "client_id"));
    out.client_id = client_id.value_or("");
    WANGGE_TRY(note, OptionalString(body, "note"));
    out.note = note.value_or("");
    return out;
}

Result<std::vector<LabRowInput>> LabRowsFromJson(const json& body) {
    auto it = body.find("items");
    if (it == body.end() || !it->is_array())
        return Bad("items", "应为结果数组 (items: a list of {tube, result, time, lab})");
    std::vector<LabRowInput> rows;
    rows.reserve(it->size());
    for (std::size_t i = 0; i < it->size(); ++i) {
        const json& item = (*it)[i];
        const std::string prefix = "items[" + std::to_string(i) + "].";
        if (!item.is_object()) return Bad("items[" + std::to_string(i) + "]", "应为对象 (an object)");
        LabRowInput row;
        row.line = static_cast<std::int64_t>(i + 1);
        WANGGE_TRY(tube, Cell(item, "tube", prefix));
        row.tube = std::move(tube);
        WANGGE_TRY(result, Cell(item, "result", prefix));
        row.result = std::move(result);
        WANGGE_TRY(time, Cell(item, item.contains("resulted_at") ? "resulted_at" : "time", prefix));
        row.time = std::move(time);
        WANGGE_TRY(lab, Cell(item, "lab", prefix));
        row.lab = std::move(lab);
        rows.push_back(std::move(row));
    }
    return rows;
}

Result<RetestInput> RetestInputFromJson(const json& body) {
    RetestInput in;
    WANGGE_TRY(client_id, OptionalString(body, "client_id"));
    in.client_id = client_id.value_or("");
    WANGGE_TRY(tube, OptionalString(body, "tube"));
    in.tube_code = tube.value_or("");
    WANGGE_TRY(resident_id, OptionalInt(body, "resident_id"));
    in.subject.resident_id = resident_id;
    WANGGE_TRY(code, OptionalString(body, "resident_code"));
    in.subject.resident_code = code.value_or("");
    WANGGE_TRY(id_number, OptionalString(body, "id_number"));
    in.subject.id_number = id_number.value_or("");
    WANGGE_TRY(at, OptionalInt(body, "scanned_at"));
    in.scanned_at = at;
    return in;
}

}  // namespace wangge::api
