#include "core/app_store.hpp"

namespace nudge::detail {

std::string_view StringPool::get(std::uint32_t id) const {
  // The length is a little-endian base-128 varint in front of the text.
  std::size_t length = 0;
  std::size_t pos = id;
  for (int shift = 0;; shift += 7) {
    const auto byte = static_cast<unsigned char>(text_[pos++]);
    length |= static_cast<std::size_t>(byte & 0x7F) << shift;
    if ((byte & 0x80) == 0) break;
  }
  return std::string_view(text_).substr(pos, length);
}

std::uint32_t StringPool::intern(std::string_view text) {
  if ((count_ + 1) * 10 > table_.size() * 7) grow();  // load factor 0.7
  const std::size_t mask = table_.size() - 1;
  std::size_t i = std::hash<std::string_view>{}(text)&mask;
  for (; table_[i] != 0; i = (i + 1) & mask) {
    if (get(table_[i] - 1) == text) return table_[i] - 1;
  }
  const auto id = static_cast<std::uint32_t>(text_.size());
  for (std::size_t n = text.size();; n >>= 7) {
    const auto byte = static_cast<char>((n & 0x7F) | (n > 0x7F ? 0x80 : 0));
    text_.push_back(byte);
    if (n <= 0x7F) break;
  }
  text_.append(text);
  table_[i] = id + 1;
  ++count_;
  return id;
}

void StringPool::grow() {
  std::vector<std::uint32_t> old = std::move(table_);
  table_.assign(old.empty() ? 64 : old.size() * 2, 0);
  const std::size_t mask = table_.size() - 1;
  for (std::uint32_t v : old) {
    if (v == 0) continue;
    std::size_t i = std::hash<std::string_view>{}(get(v - 1)) & mask;
    while (table_[i] != 0) i = (i + 1) & mask;
    table_[i] = v;
  }
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
  l.words = l.released + static_cast<std::uint32_t>((release_slots(policy, interviewers) + 7) / 8);
  return l;
}

}  // namespace nudge::detail
