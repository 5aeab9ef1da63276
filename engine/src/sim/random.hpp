#pragma once
// Reproducible random numbers for the simulator. Every draw is defined here, bit for bit:
// splitmix64 seeds a xoshiro256** generator per (seed, application, stream), uniform doubles
// take the top 53 bits, normals come from the Box-Muller transform, lognormals from normals.
// No std:: distribution is used: their output is implementation-defined.

#include <cmath>
#include <cstdint>

namespace nudge::detail {

/// One step of splitmix64 (Steele, Lea, Flood 2014): advances `state`, returns a mixed value.
inline std::uint64_t splitmix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// xoshiro256** 1.0 (Blackman, Vigna 2018), seeded from splitmix64.
class Rng {
 public:
  /// The stream of application `index` for a run seeded `seed`; `stream` separates the
  /// independent streams of one application (the employer's latent draws, its reactions).
  Rng(std::uint64_t seed, std::uint64_t index, std::uint64_t stream) {
    std::uint64_t sm = seed;
    std::uint64_t mixed = splitmix64(sm) ^ (index * 0xD1B54A32D192ED03ULL);
    sm = mixed;
    mixed = splitmix64(sm) ^ (stream * 0xABC98388FB8FAC03ULL);
    sm = mixed;
    for (std::uint64_t& word : s_) word = splitmix64(sm);
  }

  std::uint64_t next() {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }

  /// Uniform on [0, 1): the top 53 bits.
  double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
  /// Uniform on (0, 1]: never 0, safe under log.
  double uniform_open0() { return static_cast<double>((next() >> 11) + 1) * 0x1.0p-53; }
  /// True with probability p.
  bool bernoulli(double p) { return uniform() < p; }

  /// A standard normal (Box-Muller, one of the pair; the other is dropped so that every call
  /// consumes exactly two uniforms and the stream stays aligned whatever came before).
  double normal() {
    constexpr double kTwoPi = 6.283185307179586476925286766559;
    const double u1 = uniform_open0();
    const double u2 = uniform();
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(kTwoPi * u2);
  }
  /// A lognormal with the given median and log-scale sigma: median * exp(sigma * N(0,1)).
  double lognormal(double median, double sigma) { return median * std::exp(sigma * normal()); }

  /// An index drawn from `weights[0..n)` (non-negative, summing to `total` > 0).
  template <class Weights>
  std::size_t pick(const Weights& weights, double total) {
    double u = uniform() * total;
    for (std::size_t k = 0; k < weights.size(); ++k) {
      if (u < weights[k]) return k;
      u -= weights[k];
    }
    return weights.size() - 1;
  }

 private:
  static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4]{};
};

}  // namespace nudge::detail
