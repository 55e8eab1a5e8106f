#include "app/seed/id_allocator.hpp"

#include <cstdio>

namespace wangge::seed {
namespace {

constexpr std::uint64_t kCountBits = 9;
constexpr std::uint64_t kCountMask = (1u << kCountBits) - 1;
constexpr std::uint64_t kMaleSequences = 500;    // 001, 003 … 999
constexpr std::uint64_t kFemaleSequences = 499;  // 002, 004 … 998
// Sequences are handed out in a scrambled order (a step coprime to both counts), as a police
// station's numbering looks from outside, rather than 001, 003, 005 ….
constexpr std::uint64_t kStep = 263;
constexpr std::int64_t kDay1900 = -25567;  // DaysFromCivil(1900-01-01)

std::uint64_t Mix(std::uint64_t x) {
    x ^= x >> 33;
    x *= 0xFF51AFD7ED558CCDull;
    x ^= x >> 33;
    return x;
}

}  // namespace

// Howard Hinnant's days_from_civil / civil_from_days.
std::int64_t DaysFromCivil(const CivilDate& d) {
    const std::int64_t y = d.year - (d.month <= 2);
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const std::int64_t yoe = y - era * 400;
    const std::int64_t doy = (153 * (d.month + (d.month > 2 ? -3 : 9)) + 2) / 5 + d.day - 1;
    const std::int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(std::int64_t z) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const std::int64_t doe = z - era * 146097;
    const std::int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const std::int64_t mp = (5 * doy + 2) / 153;
    const int day = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
    const int month = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
    return CivilDate{static_cast<int>(yoe + era * 400 + (month <= 2)), month, day};
}

IdAllocator::IdAllocator() : slots_(1 << 16, 0) {}

std::uint64_t& IdAllocator::Slot(std::uint64_t key) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = Mix(key) & mask;; i = (i + 1) & mask) {
        std::uint64_t& slot = slots_[i];
        if (slot == 0 || (slot >> (2 * kCountBits)) == key) return slot;
    }
}

void IdAllocator::Grow() {
    std::vector<std::uint64_t> old(slots_.size() * 2, 0);
    old.swap(slots_);
    for (std::uint64_t entry : old)
        if (entry != 0) Slot(entry >> (2 * kCountBits)) = entry;
}

std::string IdAllocator::Allocate(std::string_view division_code, Sex sex, CivilDate& birth) {
    const std::uint64_t code = static_cast<std::uint64_t>(std::stoul(std::string(division_code)));
    for (;;) {
        const std::uint64_t day = static_cast<std::uint64_t>(DaysFromCivil(birth) - kDay1900);
        const std::uint64_t key = (code << 16 | day) + 1;  // codes < 2^20, days < 2^16: 36 bits, never 0
        if ((size_ + 1) * 10 > slots_.size() * 7) Grow();
        std::uint64_t& slot = Slot(key);
        if (slot == 0) {
            slot = key << (2 * kCountBits);
            ++size_;
        }
        const bool male = sex == Sex::kMale;
        const std::uint64_t shift = male ? kCountBits : 0;
        const std::uint64_t taken = (slot >> shift) & kCountMask;
        const std::uint64_t limit = male ? kMaleSequences : kFemaleSequences;
        if (taken == limit) {
            birth = CivilFromDays(DaysFromCivil(birth) + 1);
            continue;
        }
        slot += std::uint64_t{1} << shift;
        const std::uint64_t index = (taken * kStep + Mix(key) % limit) % limit;
        const std::uint64_t sequence = male ? 2 * index + 1 : 2 * index + 2;
        char first17[40];  // 17 digits; room for what the compiler cannot rule out
        std::snprintf(first17, sizeof first17, "%06llu%04d%02d%02d%03llu", static_cast<unsigned long long>(code),
                      birth.year, birth.month, birth.day, static_cast<unsigned long long>(sequence));
        std::string id(first17, 17);
        id.push_back(IdNumberCheckChar(id));
        return id;
    }
}

}  // namespace wangge::seed
