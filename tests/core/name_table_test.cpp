// NameTable: event names -> ids for apply, including names that share length and ends.

#include "core/name_table.hpp"

#include <gtest/gtest.h>

#include <string>

namespace nudge::detail {
namespace {

TEST(NameTable, FindsEveryNameAndNothingElse) {
  NameTable table;
  EXPECT_EQ(table.find("thank_you_sent"), NameTable::kMissing);
  // Same length, first, middle and last characters: they share a hash and probe.
  const std::string names[] = {"thank_you_sent", "tXank_you_sent", "thank_yoX_sent", "a", "b",
                               "inquiry_sent",   "info_sent",      "reply_received"};
  for (std::uint16_t i = 0; i < std::size(names); ++i) {
    table.add(names[i], static_cast<std::uint16_t>(i * 3));
  }
  for (int k = 0; k < 40; ++k) {  // rebuilds the table twice
    table.add("event_" + std::to_string(k), static_cast<std::uint16_t>(100 + k));
  }
  for (std::uint16_t i = 0; i < std::size(names); ++i) EXPECT_EQ(table.find(names[i]), i * 3);
  for (int k = 0; k < 40; ++k) EXPECT_EQ(table.find("event_" + std::to_string(k)), 100 + k);
  EXPECT_EQ(table.find(""), NameTable::kMissing);
  EXPECT_EQ(table.find("thank_you_sen"), NameTable::kMissing);
  EXPECT_EQ(table.find("tXank_yoX_sent"), NameTable::kMissing);
  EXPECT_EQ(table.find("c"), NameTable::kMissing);
}

}  // namespace
}  // namespace nudge::detail
