#pragma once
// FNV-1a, 64 bits: the one hash behind policy content hashes, stage graph hashes and snapshot
// checksums. Stable across builds and platforms (these values are stored in snapshots).

#include <cstdint>
#include <string_view>

namespace nudge::detail {

inline constexpr std::uint64_t kFnvOffsetBasis = 0xcbf29ce484222325ULL;
inline constexpr std::uint64_t kFnvPrime = 0x100000001b3ULL;

/// Continues hash `h` over `text`.
inline std::uint64_t fnv1a(std::string_view text, std::uint64_t h = kFnvOffsetBasis) {
  for (const char ch : text) {
    h ^= static_cast<unsigned char>(ch);
    h *= kFnvPrime;
  }
  return h;
}

}  // namespace nudge::detail
