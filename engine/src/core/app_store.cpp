#include "core/app_store.hpp"

namespace nudge::detail {

std::uint32_t StringPool::intern(std::string_view text) {
  auto it = index_.find(text);
  if (it != index_.end()) return it->second;
  strings_.emplace_back(text);
  auto id = static_cast<std::uint32_t>(strings_.size() - 1);
  index_.emplace(strings_.back(), id);
  bytes_ += text.size() + 1;
  return id;
}

std::size_t released_bits(const CompiledPolicy& policy, std::size_t interviewers) {
  std::size_t bits = 0;
  for (const auto& rule : policy.rules)
    bits += rule.to == Fanout::kEachInterviewer ? interviewers : 1;
  return bits;
}

BlobLayout BlobLayout::of(const CompiledPolicy& policy, std::size_t interviewers) {
  BlobLayout l;
  l.times = 0;
  l.recipients = policy.slots.time_slots;
  l.counters =
      l.recipients + static_cast<std::uint32_t>(policy.slots.recipient_slots * interviewers);
  l.released = l.counters + (policy.slots.counters + 7u) / 8u;
  l.words =
      l.released + static_cast<std::uint32_t>((released_bits(policy, interviewers) + 63) / 64);
  return l;
}

}  // namespace nudge::detail
