#pragma once
// Application id -> slot: an open-addressing table of slot numbers (4 bytes per entry), the
// ids themselves living once in the engine's id arena.

#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

namespace nudge::detail {

class IdIndex {
 public:
  static constexpr std::uint32_t kMissing = 0xFFFFFFFF;

  /// Slot of `id`, or kMissing. `id_of(slot)` returns the id stored for a slot.
  template <class IdOf>
  std::uint32_t find(std::string_view id, IdOf id_of) const {
    if (table_.empty()) return kMissing;
    std::size_t mask = table_.size() - 1;
    for (std::size_t i = std::hash<std::string_view>{}(id)&mask;; i = (i + 1) & mask) {
      std::uint32_t v = table_[i];
      if (v == 0) return kMissing;
      if (id_of(v - 1) == id) return v - 1;
    }
  }
  /// Inserts a slot whose id is not present yet.
  template <class IdOf>
  void insert(std::uint32_t slot, IdOf id_of) {
    if ((count_ + 1) * 10 > table_.size() * 7) grow(id_of);  // load factor 0.7
    place(slot, id_of);
    ++count_;
  }
  void clear() {
    table_.clear();
    count_ = 0;
  }

 private:
  template <class IdOf>
  void place(std::uint32_t slot, IdOf id_of) {
    std::size_t mask = table_.size() - 1;
    std::size_t i = std::hash<std::string_view>{}(id_of(slot)) & mask;
    while (table_[i] != 0) i = (i + 1) & mask;
    table_[i] = slot + 1;
  }
  template <class IdOf>
  void grow(IdOf id_of) {
    std::vector<std::uint32_t> old = std::move(table_);
    table_.assign(old.empty() ? 64 : old.size() * 2, 0);
    for (std::uint32_t v : old) {
      if (v != 0) place(v - 1, id_of);
    }
  }
  std::vector<std::uint32_t> table_;
  std::size_t count_ = 0;
};

}  // namespace nudge::detail
