// Engine::next_due: the agenda's earliest entry, for hosts that drive a virtual clock.
#include "core/engine_impl.hpp"

namespace nudge {

std::optional<Instant> Engine::next_due() const {
  const Impl& m = *impl_;
  if (m.agenda.empty()) return std::nullopt;
  // The top may be stale (its application moved on): it is then earlier than, or equal to,
  // every live entry, so it is still a lower bound; advance() drops it.
  const std::int64_t at = m.agenda.top().at;
  const std::int64_t clock = m.clock.time_since_epoch().count();
  return Instant{std::chrono::seconds{at < clock ? clock : at}};
}

}  // namespace nudge
