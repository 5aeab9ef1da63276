#pragma once
// Helpers shared by the benchmarks built on the public API (shard_bench.cpp, store_bench.cpp).

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "nudge/stack.hpp"
#include "nudge/time.hpp"

namespace nudge::bench {

/// A size from the environment, or `fallback` when unset or empty.
inline std::size_t env(const char* name, std::size_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<std::size_t>(std::strtoull(v, nullptr, 10)) : fallback;
}

/// The shipped default policy as a stack (no plugins from the environment), loaded once.
inline const PolicyStack& default_stack() {
  static const PolicyStack s = [] {
    StackOptions o;
    o.policy = std::string(NUDGE_SOURCE_DIR) + "/policies/default.toml";
    o.use_plugin_path_environment = false;
    return PolicyStack::load(o).value();
  }();
  return s;
}

/// Seconds since the epoch as an Instant.
inline Instant utc(std::int64_t s) { return Instant{std::chrono::seconds{s}}; }

/// 2026-11-23T00:00:00Z: where both benchmarks' streams start.
inline constexpr std::int64_t kStart = 1795420800;

}  // namespace nudge::bench
