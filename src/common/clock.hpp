#pragma once
// Time seam: the domain never reads the wall clock directly, so deadlines are testable.
#include <atomic>
#include <cstdint>

namespace wangge {

// Milliseconds since the Unix epoch, UTC. Stored as such in every table.
using EpochMillis = std::int64_t;

class Clock {
public:
    virtual ~Clock() = default;
    virtual EpochMillis Now() const = 0;
};

class SystemClock final : public Clock {
public:
    EpochMillis Now() const override;
};

// A clock tests move by hand. Thread-safe.
class FakeClock final : public Clock {
public:
    explicit FakeClock(EpochMillis start = 1'650'000'000'000) : now_(start) {}
    EpochMillis Now() const override { return now_.load(); }
    void Advance(EpochMillis ms) { now_ += ms; }
    void Set(EpochMillis ms) { now_ = ms; }

private:
    std::atomic<EpochMillis> now_;
};

}  // namespace wangge
