#include "app/seed/names.hpp"

#include <array>
#include <vector>

namespace wangge::seed {
namespace {

struct Surname {
    std::string_view name;
    std::uint64_t per_100k;  // share of the population, per 100,000 (rankings of 2020 hukou data)
};

// The top surnames cover about 85% of the population; the tail share is spread over the rest.
constexpr Surname kSurnames[] = {
    {"王", 7120}, {"李", 7000}, {"张", 6740}, {"刘", 5100}, {"陈", 4610}, {"杨", 3220}, {"黄", 2450}, {"赵", 2190},
    {"吴", 2000}, {"周", 1950}, {"徐", 1450}, {"孙", 1380}, {"马", 1290}, {"朱", 1280}, {"胡", 1160}, {"郭", 1150},
    {"何", 1060}, {"林", 1010}, {"高", 1000}, {"罗", 860},  {"郑", 800},  {"梁", 780},  {"谢", 660},  {"宋", 620},
    {"唐", 600},  {"许", 580},  {"韩", 560},  {"邓", 550},  {"冯", 540},  {"曹", 530},  {"彭", 520},  {"曾", 500},
    {"肖", 490},  {"田", 480},  {"董", 470},  {"潘", 460},  {"袁", 450},  {"蔡", 440},  {"蒋", 430},  {"余", 420},
    {"于", 410},  {"杜", 400},  {"叶", 390},  {"程", 380},  {"魏", 370},  {"苏", 360},  {"吕", 350},  {"丁", 340},
    {"任", 330},  {"卢", 320},  {"姚", 310},  {"沈", 300},  {"钟", 290},  {"姜", 280},  {"崔", 270},  {"谭", 260},
    {"陆", 250},  {"范", 240},  {"汪", 230},  {"廖", 220},  {"石", 210},  {"金", 200},  {"韦", 190},  {"贾", 180},
    {"夏", 170},  {"付", 160},  {"方", 150},  {"邹", 140},  {"熊", 140},  {"白", 130},  {"孟", 130},  {"秦", 120},
    {"邱", 120},  {"侯", 110},  {"江", 110},  {"尹", 100},  {"薛", 100},  {"闫", 100},  {"段", 90},   {"雷", 90},
    {"龙", 80},   {"黎", 80},   {"史", 80},   {"陶", 80},   {"贺", 70},   {"毛", 70},   {"郝", 70},   {"顾", 70},
    {"龚", 70},   {"邵", 60},   {"万", 60},   {"覃", 60},   {"武", 60},   {"钱", 60},   {"戴", 60},   {"严", 50},
    {"莫", 50},   {"孔", 50},   {"向", 50},   {"常", 50},   {"关", 45},   {"佟", 30},   {"那", 20},   {"欧阳", 10},
    {"司马", 3},  {"上官", 3},  {"诸葛", 2},
};

// Given-name characters, by sex and by generation (born before 1980 or after).
constexpr std::string_view kMaleOld[] = {"建", "国", "军", "华", "明", "伟", "强", "志", "文", "德", "春", "林", "永",
                                         "海", "平", "勇", "刚", "成", "宝", "福", "庆", "忠", "富", "贵", "民", "兴"};
constexpr std::string_view kMaleNew[] = {"浩", "宇", "轩", "子", "博", "俊", "杰", "涛", "鹏", "晨", "阳", "睿", "泽",
                                         "磊", "鑫", "然", "一", "天", "昊", "辰", "嘉", "思", "铭", "凯", "瑞", "航"};
constexpr std::string_view kFemaleOld[] = {"秀", "英", "兰", "芳", "玉", "珍", "凤", "淑", "丽",
                                           "华", "桂", "霞", "红", "梅", "琴", "云", "春", "敏",
                                           "燕", "艳", "萍", "荣", "素", "静", "玲", "香"};
constexpr std::string_view kFemaleNew[] = {"欣", "怡", "梓", "涵", "萱", "雨", "晨", "思", "佳",
                                           "琪", "诗", "悦", "可", "馨", "雪", "婷", "颖", "璐",
                                           "一", "若", "语", "彤", "妍", "瑶", "紫", "琳"};

const WeightedChoice& SurnameChoice() {
    static const WeightedChoice choice = [] {
        std::vector<std::uint64_t> weights;
        for (const auto& s : kSurnames) weights.push_back(s.per_100k);
        return WeightedChoice(weights);
    }();
    return choice;
}

template <std::size_t N>
std::string_view Pick(Rng& rng, const std::string_view (&pool)[N]) {
    return pool[rng.Below(N)];
}

}  // namespace

std::string_view DrawSurname(Rng& rng) { return kSurnames[SurnameChoice()(rng)].name; }

std::string DrawGivenName(Rng& rng, Sex sex, int birth_year) {
    const bool young = birth_year >= 1980 ? !rng.Chance(0.15) : rng.Chance(0.15);
    const bool male = sex == Sex::kMale;
    auto draw = [&]() {
        if (male) return young ? Pick(rng, kMaleNew) : Pick(rng, kMaleOld);
        return young ? Pick(rng, kFemaleNew) : Pick(rng, kFemaleOld);
    };
    // Single-character given names were common in the 1980s and 90s, rarer before and since.
    const double single = birth_year >= 1975 && birth_year < 2000 ? 0.30 : 0.12;
    std::string name(draw());
    if (!rng.Chance(single)) {
        std::string_view second = draw();
        if (second == name) second = draw();  // 伟伟-style repeats are rare outside nicknames
        name += second;
    }
    return name;
}

}  // namespace wangge::seed
