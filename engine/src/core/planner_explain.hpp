#pragma once
// The reasons the planner gives for an action's time (Engine::plan, `nudge plan`): text only,
// built when explaining, never on the scheduling path.

#include <cstdint>
#include <string>
#include <vector>

#include "core/planner.hpp"

namespace nudge::detail {

/// The chain of reasons for one planned item: anchor, offset, scale, occurrence, unaligned
/// time, each shift alignment made, and the aligned deadline when alignment moved it.
std::vector<std::string> explain_item(const AppView& app, const CompiledRule& rule,
                                      const std::string& anchor_label, bool date_anchor, double f,
                                      std::uint8_t occurrence, Instant raw_at, Instant raw_deadline,
                                      Instant at, Instant deadline, const AlignTrace& trace,
                                      const AlignTrace& deadline_trace, const CalendarView& cal);

}  // namespace nudge::detail
