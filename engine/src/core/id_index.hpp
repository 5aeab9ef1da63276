#pragma once
// Application id -> slot: an open-addressing table of 4-byte entries, the ids themselves living
// once in the engine's id arena. An entry holds slot + 1 in its low bits and, in the bits the
// slot does not need (a table of 2^k entries holds fewer than 2^k slots), a tag taken from the
// id's hash: a probe compares an id (a read of the application's record and of the arena,
// likely cache misses at scale) only when the tag matches, not at every occupied entry it
// passes.

#include <bit>
#include <cstdint>
#include <functional>
#include <string_view>
#include <vector>

#include "common/huge_pages.hpp"

namespace nudge::detail {

class IdIndex {
 public:
  static constexpr std::uint32_t kMissing = 0xFFFFFFFF;

  /// Slot of `id`, or kMissing. `id_of(slot)` returns the id stored for a slot.
  template <class IdOf>
  std::uint32_t find(std::string_view id, IdOf id_of) const {
    if (table_.empty()) return kMissing;
    const std::size_t h = std::hash<std::string_view>{}(id);
    const std::size_t mask = table_.size() - 1;
    const std::uint32_t tag = tag_of(h);
    for (std::size_t i = h & mask;; i = (i + 1) & mask) {
      const std::uint32_t v = table_[i];
      if (v == 0) return kMissing;
      if ((v & ~slot_mask_) != tag) continue;
      const std::uint32_t slot = (v & slot_mask_) - 1;
      if (id_of(slot) == id) return slot;
    }
  }
  /// Sizes the table for `count` ids at once (Engine::reserve), so it neither rehashes nor
  /// grows while they are inserted.
  template <class IdOf>
  void reserve(std::size_t count, IdOf id_of) {
    std::size_t size = table_.empty() ? 64 : table_.size();
    while (count * 10 > size * 7) size *= 2;
    if (size > table_.size()) grow_to(size, id_of);
  }
  /// Inserts a slot whose id is not present yet.
  template <class IdOf>
  void insert(std::uint32_t slot, IdOf id_of) {
    // Load factor 0.7; slot + 1 must fit the entry's slot bits.
    while ((count_ + 1) * 10 > table_.size() * 7 || slot >= slot_mask_) grow(id_of);
    place(slot, id_of);
    ++count_;
  }
  /// Removes `id`'s entry; false when it is not there. The entries after it in its probe run
  /// move back (backward-shift deletion), so the table keeps no tombstones.
  template <class IdOf>
  bool erase(std::string_view id, IdOf id_of) {
    if (table_.empty()) return false;
    const std::size_t mask = table_.size() - 1;
    const std::size_t h = std::hash<std::string_view>{}(id);
    const std::uint32_t tag = tag_of(h);
    std::size_t hole = h & mask;
    for (;; hole = (hole + 1) & mask) {
      const std::uint32_t v = table_[hole];
      if (v == 0) return false;
      if ((v & ~slot_mask_) == tag && id_of((v & slot_mask_) - 1) == id) break;
    }
    for (std::size_t i = (hole + 1) & mask; table_[i] != 0; i = (i + 1) & mask) {
      const std::size_t home =
          std::hash<std::string_view>{}(id_of((table_[i] & slot_mask_) - 1)) & mask;
      // The entry at i may fill the hole unless its home lies cyclically in (hole, i].
      const bool stays = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
      if (stays) continue;
      table_[hole] = table_[i];
      hole = i;
    }
    table_[hole] = 0;
    --count_;
    return true;
  }
  /// The table, for memory advice (advise_huge_pages).
  const void* data() const { return table_.data(); }
  std::size_t bytes() const { return table_.size() * sizeof(std::uint32_t); }
  void clear() {
    table_.clear();
    count_ = 0;
    slot_mask_ = 0;
  }

 private:
  // The tag bits of a hash: its top bits, moved above the slot bits.
  std::uint32_t tag_of(std::size_t h) const {
    return static_cast<std::uint32_t>(h >> 32) & ~slot_mask_;
  }
  template <class IdOf>
  void place(std::uint32_t slot, IdOf id_of) {
    const std::size_t h = std::hash<std::string_view>{}(id_of(slot));
    const std::size_t mask = table_.size() - 1;
    std::size_t i = h & mask;
    while (table_[i] != 0) i = (i + 1) & mask;
    table_[i] = tag_of(h) | (slot + 1);
  }
  template <class IdOf>
  void grow(IdOf id_of) {
    grow_to(table_.empty() ? 64 : table_.size() * 2, id_of);
  }
  template <class IdOf>
  void grow_to(std::size_t size, IdOf id_of) {
    std::vector<std::uint32_t> old = std::move(table_);
    const std::uint32_t old_mask = slot_mask_;
    // Advised before it is first written, so that its pages can be huge from the start.
    table_.reserve(size);
    advise_huge_pages(table_.data(), size * sizeof(std::uint32_t));
    table_.assign(size, 0);
    // slot + 1 <= count < table size = 2^k: k bits hold it (all 32 at 2^32 entries).
    const std::size_t bits = static_cast<std::size_t>(std::countr_zero(table_.size()));
    slot_mask_ = bits >= 32 ? 0xFFFFFFFFu : (std::uint32_t{1} << bits) - 1;
    for (std::uint32_t v : old) {
      if (v != 0) place((v & old_mask) - 1, id_of);
    }
  }
  std::vector<std::uint32_t> table_;
  std::size_t count_ = 0;
  std::uint32_t slot_mask_ = 0;  ///< the low bits of an entry that hold slot + 1
};

}  // namespace nudge::detail
