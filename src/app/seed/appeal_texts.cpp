#include "app/seed/appeal_texts.hpp"

#include <array>
#include <span>

namespace wangge::seed {
namespace {

using appeals::Action;
using appeals::MemberKind;

template <std::size_t N>
std::string_view Pick(Rng& rng, const std::array<std::string_view, N>& pool) {
    return pool[rng.Below(N)];
}

// "{}" in a template is the place.
std::string Fill(std::string_view text, std::string_view place) {
    std::string out;
    const std::size_t at = text.find("{}");
    if (at == std::string_view::npos) return std::string(text);
    out.append(text.substr(0, at)).append(place).append(text.substr(at + 2));
    return out;
}

constexpr std::array<std::string_view, 12> kFacilities = {
    "{}楼道声控灯坏了，晚上上下楼看不见", "{}下水井返水，污水流到单元门口",   "{}单元门禁坏了，门一直关不上",
    "{}的电梯经常停运，老人上下楼很困难", "{}楼顶漏雨，顶层住户家里墙面发霉", "{}附近路灯不亮已经一周",
    "{}老旧线路一到饭点就跳闸断电",       "{}门前小区道路坑洼不平，雨天积水", "{}的暖气片不热，屋里只有十几度",
    "{}外墙皮脱落，担心砸到行人",         "{}自来水水压太低，高层用不上水",   "{}健身器材损坏，孩子玩耍有危险",
};
constexpr std::array<std::string_view, 10> kSanitation = {
    "{}垃圾桶满了没人清运，气味很大",
    "{}楼道里堆放杂物，影响通行",
    "{}绿化带里有人乱倒建筑垃圾",
    "{}周边流浪猫狗多，粪便没人清理",
    "{}化粪池外溢，臭味严重",
    "{}厨房烟道串味，楼上楼下都是油烟味",
    "{}垃圾分类投放点设置不合理，离得太远",
    "{}有人在楼下焚烧垃圾，烟很大",
    "{}公共厕所长期无人打扫",
    "{}小广告贴满单元门和楼道",
};
constexpr std::array<std::string_view, 9> kProperty = {
    "{}物业费收了但保洁一周才来一次", "{}停车位被外来车辆长期占用，物业不管",   "{}小区大门道闸坏了，物业迟迟不修",
    "{}物业公司更换后维修电话打不通", "{}地下车库照明不足，物业答复要业主出钱", "{}公共收益账目不公开，居民有意见",
    "{}消防通道被占，物业没有劝离",   "{}绿化长期没人修剪，树枝伸进窗户",       "{}物业维修报修后一直没人上门",
};
constexpr std::array<std::string_view, 8> kNeighbour = {
    "{}楼上装修噪音大，晚上十点后还在施工", "{}邻居在楼道里养鸡，气味和噪音扰民", "{}邻居空调外机对着窗户，滴水不断",
    "{}楼上住户漏水到楼下，双方协商不成",   "{}邻居在公共区域私搭乱建",           "{}有住户深夜聚会喧哗，多次劝说无效",
    "{}邻里因停车位发生争执，需要调解",     "{}楼上住户高空抛物，威胁行人安全",
};
constexpr std::array<std::string_view, 9> kSafety = {
    "{}电动车在楼道里充电，存在火灾隐患", "{}燃气管道有异味，怀疑泄漏",           "{}窨井盖缺失，晚上容易掉进去",
    "{}消防栓没有水，灭火器过期",         "{}楼道里私拉电线给电动车充电",         "{}围墙有裂缝，随时可能倒塌",
    "{}路口没有减速带，车速太快",         "{}空置房屋门窗破损，常有闲杂人员出入", "{}树木倾斜压在电线上",
};
constexpr std::array<std::string_view, 9> kPublic = {
    "{}老年人办理养老认证不方便，希望上门服务",
    "{}希望增设社区食堂，解决独居老人吃饭问题",
    "{}附近没有公交站点，出行不便",
    "{}孩子放学后无人看管，希望开设四点半课堂",
    "{}希望社区组织义诊，测量血压血糖",
    "{}残疾人补贴申请进度查询不到",
    "{}希望增加快递柜，快递总是放门口丢失",
    "{}低保复核材料不知道去哪里交",
    "{}希望增设无障碍坡道，轮椅进出困难",
};
constexpr std::array<std::string_view, 7> kOther = {
    "{}居民建议在党日活动中通报小区改造进度", "{}希望社区公布网格员联系方式",
    "{}有居民反映社区活动室开放时间太短",     "{}建议组织一次消防演练",
    "{}居民询问老旧小区改造什么时候开始",     "{}建议增加宣传栏，及时公布通知",
    "{}希望社区帮忙联系开锁换锁服务",
};

constexpr std::array<std::string_view, 4> kNotResponsible = {
    "属于供热公司职责，已告知居民拨打供热热线",
    "属于燃气公司管辖范围，已转告居民联系方式",
    "系民事纠纷，已引导居民向人民法院起诉",
    "属于城管执法范围，已告知居民向城管部门反映",
};
constexpr std::array<std::string_view, 3> kReject = {
    "经核实情况不属实",
    "重复反映，已在其他诉求中办理",
    "诉求内容无法核实，联系不上反映人",
};
constexpr std::array<std::string_view, 3> kEscalate = {
    "涉及多个社区，需街道统筹协调",
    "需要街道协调区直部门解决",
    "资金需求超出社区能力，报街道研究",
};
constexpr std::array<std::string_view, 4> kClaim = {
    "我来处理",
    "已认领，尽快上门查看",
    "本单位负责落实",
    "认领，本周内答复居民",
};
constexpr std::array<std::string_view, 10> kResolve = {
    "已联系维修人员更换，居民确认恢复正常",
    "已组织清理完毕，并安排定期巡查",
    "已上门协调，双方达成一致",
    "已疏通管道，恢复正常排水",
    "物业已整改到位，拍照留存",
    "已更换线路，用电恢复正常",
    "已联系相关部门现场处置",
    "已张贴告示并逐户提醒，问题不再出现",
    "已设置警示标志并完成修复",
    "已办理完毕，电话告知居民结果",
};
constexpr std::array<std::string_view, 3> kReturn = {
    "超出本单位能力范围，请社区另行安排",
    "需要其他部门配合，退回重新分派",
    "认领人外出学习，退回重新认领",
};
constexpr std::array<std::string_view, 3> kSuspend = {
    "等待供暖季结束后施工",
    "等待维修资金审批",
    "反映人外出，待其回来后核实",
};
constexpr std::array<std::string_view, 2> kReopen = {
    "居民对处理结果不满意，重新认领办理",
    "回访中居民反映问题反复，重新办理",
};

template <std::size_t N>
std::span<const std::string_view> Span(const std::array<std::string_view, N>& a) {
    return {a.data(), a.size()};
}

std::span<const std::string_view> NotesOf(Action action) {
    switch (action) {
        case Action::kMarkNotResponsible:
            return Span(kNotResponsible);
        case Action::kReject:
            return Span(kReject);
        case Action::kEscalate:
            return Span(kEscalate);
        case Action::kClaim:
            return Span(kClaim);
        case Action::kResolve:
            return Span(kResolve);
        case Action::kReturn:
            return Span(kReturn);
        case Action::kSuspend:
            return Span(kSuspend);
        case Action::kReopen:
            return Span(kReopen);
        default:
            return {};
    }
}

constexpr std::array<std::string_view, 12> kPropertyFirms = {"华光", "万家", "安居", "恒泰", "鑫源", "嘉和",
                                                             "锦城", "福瑞", "金盾", "康宁", "世纪", "宏达"};
constexpr std::array<std::string_view, 10> kUnits = {"第二中学",     "中心小学",  "人民医院",   "供电公司营业所",
                                                     "邮政支局",     "派出所",    "消防救援站", "农商银行支行",
                                                     "卫生服务中心", "市政养护处"};
constexpr std::array<std::string_view, 6> kSocialOrgs = {"阳光志愿服务队", "夕阳红老年协会",     "邻里守望互助会",
                                                         "巾帼志愿者协会", "青少年成长服务中心", "红色物业联盟"};

}  // namespace

std::string DrawAppealDescription(Rng& rng, std::string_view category_code, std::string_view place) {
    std::string_view text;
    if (category_code == "facilities_repair")
        text = Pick(rng, kFacilities);
    else if (category_code == "sanitation")
        text = Pick(rng, kSanitation);
    else if (category_code == "property_management")
        text = Pick(rng, kProperty);
    else if (category_code == "neighbour_dispute")
        text = Pick(rng, kNeighbour);
    else if (category_code == "safety_hazard")
        text = Pick(rng, kSafety);
    else if (category_code == "public_services")
        text = Pick(rng, kPublic);
    else
        text = Pick(rng, kOther);
    return Fill(text, place);
}

int NoteCount(Action action) { return static_cast<int>(NotesOf(action).size()); }

std::string_view NoteFor(Action action, int index) {
    auto notes = NotesOf(action);
    if (notes.empty()) return "";
    return notes[static_cast<std::size_t>(index) % notes.size()];
}

std::string DrawUnitName(Rng& rng, MemberKind kind, std::string_view community_name) {
    switch (kind) {
        case MemberKind::kPropertyManagement:
            return std::string(Pick(rng, kPropertyFirms)) + "物业服务有限公司";
        case MemberKind::kUnitInArea:
            return std::string(Pick(rng, kUnits));
        case MemberKind::kOwnersCommittee:
            return std::string(community_name) + "业主委员会";
        case MemberKind::kSocialOrganisation:
            return std::string(Pick(rng, kSocialOrgs));
        case MemberKind::kPartTimeMember:
            return std::string(Pick(rng, kUnits));
        case MemberKind::kPartyCommittee:
        case MemberKind::kResidentRepresentative:
            return "";
    }
    return "";
}

}  // namespace wangge::seed
