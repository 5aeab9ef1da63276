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

std::size_t release_slots(const CompiledPolicy& policy, std::size_t interviewers) {
  std::size_t slots = 0;
  for (const auto& rule : policy.rules)
    slots += rule.to == Fanout::kEachInterviewer ? interviewers : 1;
  return slots;
}

BlobLayout BlobLayout::of(const CompiledPolicy& policy, std::size_t interviewers) {
  BlobLayout l;
  l.times = 0;
  l.recipients = policy.slots.time_slots;
  l.counters =
      l.recipients + static_cast<std::uint32_t>(policy.slots.recipient_slots * interviewers);
  l.released = l.counters + (policy.slots.counters + 3u) / 4u;
  l.words = l.released + static_cast<std::uint32_t>((release_slots(policy, interviewers) + 3) / 4);
  return l;
}

}  // namespace nudge::detail
