// Engine::next_due: the agenda's earliest entry, for hosts that drive a virtual clock.
#include "core/engine_impl.hpp"

namespace nudge {

std::optional<Instant> Engine::next_due() const {
  const Impl& m = *impl_;
  // A lower bound: a stale entry (its application moved on) or the far list's remembered
  // minimum may be earlier than every live entry; advance() at that time simply finds less.
  const std::int64_t at = m.agenda.earliest();
  if (at == detail::Agenda::kEmpty) return std::nullopt;
  const std::int64_t clock = m.clock.time_since_epoch().count();
  return Instant{std::chrono::seconds{at < clock ? clock : at}};
}

}  // namespace nudge
