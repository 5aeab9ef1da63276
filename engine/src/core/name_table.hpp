#pragma once
// A small, fixed set of names (a policy's event names) -> 16-bit ids: an open-addressing
// table probed by a cheap hash of the name's length and ends, each candidate compared in
// full. Looked up with a string_view per applied event; no allocation after it is built.

#include <algorithm>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace nudge::detail {

class NameTable {
 public:
  static constexpr std::uint16_t kMissing = 0xFFFF;

  /// Adds `name` with `id` (names are distinct; ids below kMissing).
  void add(std::string name, std::uint16_t id) {
    names_.push_back(std::move(name));
    ids_.push_back(id);
    if (names_.size() * 4 > table_.size()) {  // keep the load under 1/4: rebuild, doubled
      table_.assign(std::max<std::size_t>(8, table_.size() * 2), kEmpty);
      for (std::size_t i = 0; i < names_.size(); ++i) place(static_cast<std::uint16_t>(i));
    } else {
      place(static_cast<std::uint16_t>(names_.size() - 1));
    }
  }
  /// The id of `name`, or kMissing.
  std::uint16_t find(std::string_view name) const {
    if (table_.empty()) return kMissing;
    const std::size_t mask = table_.size() - 1;
    for (std::size_t s = hash(name) & mask;; s = (s + 1) & mask) {
      const std::uint16_t i = table_[s];
      if (i == kEmpty) return kMissing;
      if (names_[i] == name) return ids_[i];
    }
  }

 private:
  static constexpr std::uint16_t kEmpty = 0xFFFF;
  void place(std::uint16_t i) {
    const std::size_t mask = table_.size() - 1;
    std::size_t s = hash(names_[i]) & mask;
    while (table_[s] != kEmpty) s = (s + 1) & mask;
    table_[s] = i;
  }
  static std::size_t hash(std::string_view s) {
    if (s.empty()) return 0;
    const auto first = static_cast<unsigned char>(s.front());
    const auto last = static_cast<unsigned char>(s.back());
    const auto mid = static_cast<unsigned char>(s[s.size() / 2]);
    return (s.size() * 0x9E3779B1u) ^ (first * 0x85EBCA77u) ^ (last * 0xC2B2AE3Du) ^
           (mid * 0x27D4EB2Fu);
  }
  std::vector<std::string> names_;
  std::vector<std::uint16_t> ids_;
  std::vector<std::uint16_t> table_;  ///< index into names_, kEmpty = free
};

}  // namespace nudge::detail
