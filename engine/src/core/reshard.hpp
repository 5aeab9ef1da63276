#pragma once
// Snapshots split or combined by application id: any number of engine snapshots taken together
// under one policy become one snapshot per shard of a new count (ShardedEngine::reshard).

#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nudge/result.hpp"

namespace nudge::detail {

/// `snapshots` (checked: format, checksum, one policy line, one clock line, no application in
/// two of them) rewritten as `shards` snapshots, application records going to
/// `shard_of(id, shards)` in the order they come; the counters of `stats` go to shard 0.
Result<std::vector<std::string>> reshard_snapshots(std::span<const std::string_view> snapshots,
                                                   std::size_t shards,
                                                   std::size_t (*shard_of)(std::string_view,
                                                                           std::size_t));

}  // namespace nudge::detail
