#pragma once
// Deterministic randomness for the seed generator. libstdc++'s std::*_distribution are not
// specified bit-for-bit, so the same seed could give other data on another standard library;
// everything here is our own: SplitMix64 to expand seeds, xoshiro256** to draw, and
// distributions built only from integer arithmetic and IEEE doubles.
#include <cstdint>
#include <string_view>
#include <vector>

namespace wangge::seed {

// SplitMix64 (Steele, Lea, Flood 2014): one step. Used to derive independent stream seeds.
inline std::uint64_t SplitMix64(std::uint64_t& state) {
    std::uint64_t z = (state += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

// FNV-1a of a string, to key a stream by a code ("210702004002").
inline std::uint64_t HashText(std::string_view text) {
    std::uint64_t h = 0xCBF29CE484222325ull;
    for (unsigned char c : text) h = (h ^ c) * 0x100000001B3ull;
    return h;
}

// xoshiro256** 1.0 (Blackman, Vigna). Not thread-safe; one per stream.
class Rng {
  public:
    explicit Rng(std::uint64_t seed) {
        for (auto& s : s_) s = SplitMix64(seed);
    }
    // A stream for `key` under `seed`: the same (seed, key) always gives the same draws,
    // whatever else was drawn before, so one community can be regenerated alone.
    static Rng For(std::uint64_t seed, std::string_view key) {
        return Rng(seed ^ (HashText(key) * 0xD6E8FEB86659FD93ull));
    }

    std::uint64_t Next() {
        const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
        const std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = Rotl(s_[3], 45);
        return result;
    }

    // Uniform in [0, n), n > 0. Lemire's multiply-shift; the bias (< n / 2^64) is immaterial here.
    std::uint64_t Below(std::uint64_t n) {
        return static_cast<std::uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
    }
    // Uniform in [lo, hi].
    std::int64_t Between(std::int64_t lo, std::int64_t hi) {
        return lo + static_cast<std::int64_t>(Below(static_cast<std::uint64_t>(hi - lo + 1)));
    }
    // Uniform in [0, 1) with 53 random bits: exact in IEEE double on every platform.
    double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }
    bool Chance(double p) { return Unit() < p; }

  private:
    static std::uint64_t Rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4];
};

// A discrete distribution over indices 0..n-1 with integer weights (exact, no floating point).
class WeightedChoice {
  public:
    WeightedChoice() = default;
    explicit WeightedChoice(const std::vector<std::uint64_t>& weights) {
        cumulative_.reserve(weights.size());
        std::uint64_t sum = 0;
        for (auto w : weights) cumulative_.push_back(sum += w);
    }
    // Precondition: at least one positive weight.
    std::size_t operator()(Rng& rng) const {
        std::uint64_t r = rng.Below(cumulative_.back());
        std::size_t lo = 0, hi = cumulative_.size() - 1;
        while (lo < hi) {  // first index whose cumulative weight exceeds r
            std::size_t mid = (lo + hi) / 2;
            if (cumulative_[mid] > r)
                hi = mid;
            else
                lo = mid + 1;
        }
        return lo;
    }
    std::size_t size() const { return cumulative_.size(); }

  private:
    std::vector<std::uint64_t> cumulative_;
};

}  // namespace wangge::seed
