#pragma once
// Unique GB 11643 ID numbers for generated residents. The 3-digit sequence is odd for men and
// even for women and must not repeat for one (division code, birth date); the allocator keeps
// the next sequence of every pair seen, in a compact open-addressing table (8 bytes a pair,
// ~30 MB for a city of 9 million), so the numbers stay unique whatever the order of drawing.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/id_number.hpp"

namespace wangge::seed {

// Days since 1970-01-01 of a civil date (proleptic Gregorian), and back.
std::int64_t DaysFromCivil(const CivilDate& date);
CivilDate CivilFromDays(std::int64_t days);

class IdAllocator {
  public:
    IdAllocator();

    // An unused ID number for someone of `sex` born on `birth` (on or after 1900-01-01)
    // registered under `division_code` (6 digits). When all 500 sequences of that sex are taken
    // for that date, the birth date moves one day later and `birth` is updated. Not thread-safe.
    std::string Allocate(std::string_view division_code, Sex sex, CivilDate& birth);

    std::size_t pairs() const { return size_; }

  private:
    std::uint64_t& Slot(std::uint64_t key);  // the slot holding `key`, or an empty one for it
    void Grow();

    std::vector<std::uint64_t> slots_;  // key << 18 | male count << 9 | female count; 0 = empty
    std::size_t size_ = 0;
};

}  // namespace wangge::seed
