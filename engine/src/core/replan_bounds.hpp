#pragma once
// How soon after an event an application's plan can change: a bound computed once per policy
// (per stage the event happens in, and per event), so that `apply` plans nothing.
//
// An event changes some of an application's inputs (its time, counter and recipient time, a
// stage entry, released counts of the rules it restarts). Every rule and timed transition whose
// inputs did not change keeps its time; the others get times measured from the event (an
// anchor that is the event or the new stage entry, plus offsets that only move later). When
// every changed time is at least `bound` after the event, the application's next due time only
// needs to come down to `event + bound`: the plan made then (or at the next due time already
// queued, if earlier) releases and finds exactly what planning at the event would have.

#include <cstdint>
#include <limits>
#include <vector>

#include "policy/compiled_policy.hpp"

namespace nudge::detail {

/// No time can change: the event only retires pending actions; nothing to plan.
inline constexpr std::int64_t kNoReplan = std::numeric_limits<std::int64_t>::max();

/// Per (stage the event happens in, event), indexed `stage * events + event`: seconds after
/// the event before which no action or timed transition of the new plan can fall unless it
/// was in the old plan at the same time (0 = plan at the event; kNoReplan = never). With
/// `hooks` (plugins that adjust or review plans) every entry is 0.
std::vector<std::int64_t> replan_bounds(const CompiledPolicy& policy, bool hooks);

/// A lower bound, in seconds, of how far `t + d` lies after `t` in any calendar, with `d`
/// scaled by any factor of at least `min_factor` (add_scaled): never more than the real span.
std::int64_t min_span(Duration d, double min_factor);

}  // namespace nudge::detail
