// TZif files and the tables built from them: real and hand-made files, malformed ones, $TZDIR.

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include "time/tzif.hpp"

namespace nudge::detail {
namespace {

constexpr std::int64_t kMin = std::numeric_limits<std::int64_t>::min();
constexpr std::int64_t kMax = std::numeric_limits<std::int64_t>::max();

struct Type {
  std::int32_t utoff;
  bool dst;
};

std::string big_endian(std::int64_t v, int bytes) {
  std::string out;
  for (int i = bytes - 1; i >= 0; --i) {
    out += static_cast<char>((static_cast<std::uint64_t>(v) >> (8 * i)) & 0xFF);
  }
  return out;
}

// One header and data block: transitions (time, type index), types, `leaps` leap records.
std::string block(char version, const std::vector<std::pair<std::int64_t, int>>& transitions,
                  const std::vector<Type>& types, int time_size, int leaps = 0) {
  std::string out = "TZif";
  out += version;
  out += std::string(15, '\0');
  for (const std::size_t count : {std::size_t{0}, std::size_t{0}, static_cast<std::size_t>(leaps),
                                  transitions.size(), types.size(), std::size_t{4}}) {
    out += big_endian(static_cast<std::int64_t>(count), 4);
  }
  for (const auto& [t, type] : transitions) out += big_endian(t, time_size);
  for (const auto& [t, type] : transitions) out += static_cast<char>(type);
  for (const Type& type : types) {
    out += big_endian(type.utoff, 4);
    out += static_cast<char>(type.dst ? 1 : 0);
    out += '\0';
  }
  out += std::string("AAA\0", 4);  // "AAA" and its terminator
  out += std::string(static_cast<std::size_t>(leaps * (time_size + 4)), '\0');
  return out;
}

// A version 2 file: the same data twice (32- and 64-bit), then the footer.
std::string file(const std::vector<std::pair<std::int64_t, int>>& transitions,
                 const std::vector<Type>& types, std::string_view footer) {
  return block('2', transitions, types, 4) + block('2', transitions, types, 8) + "\n" +
         std::string(footer) + "\n";
}

const std::vector<Type> kNewYorkTypes = {{-17762, false}, {-14400, true}, {-18000, false}};
const std::vector<std::pair<std::int64_t, int>> kNewYorkTail = {
    {-2717650800, 2}, {2120108400, 1}, {2140668000, 2}};  // 1883, then 2037's two changes

TEST(Tzif, ParsesTheSystemFiles) {
  const auto ny = read_tzif("America/New_York");
  ASSERT_TRUE(ny.has_value());
  EXPECT_EQ(ny->initial_offset, -17762);  // local mean time until 1883
  EXPECT_EQ(ny->footer, "EST5EDT,M3.2.0,M11.1.0");
  ASSERT_FALSE(ny->transitions.empty());
  EXPECT_EQ(ny->transitions.front(), (Transition{-2717650800, -18000}));
  EXPECT_EQ(ny->transitions.back(), (Transition{2140668000, -18000}));  // 2037-11-01T06:00Z
  const auto utc = read_tzif("UTC");
  ASSERT_TRUE(utc.has_value());
  EXPECT_TRUE(utc->transitions.empty());
  EXPECT_EQ(utc->footer, "UTC0");
  EXPECT_FALSE(read_tzif("Mars/Base").has_value());
  EXPECT_FALSE(read_tzif("../zoneinfo/UTC").has_value());
  EXPECT_FALSE(read_tzif("/usr/share/zoneinfo/UTC").has_value());
  EXPECT_FALSE(read_tzif("").has_value());
  EXPECT_FALSE(read_tzif("right/UTC").has_value());  // leap-second records: not POSIX time
}

TEST(Tzif, ParsesHandMadeFiles) {
  const auto v2 = parse_tzif(file(kNewYorkTail, kNewYorkTypes, "EST5EDT,M3.2.0,M11.1.0"));
  ASSERT_TRUE(v2.has_value());
  EXPECT_EQ(v2->initial_offset, -17762);
  EXPECT_EQ(v2->transitions.size(), 3u);
  EXPECT_EQ(v2->transitions[1], (Transition{2120108400, -14400}));
  EXPECT_EQ(v2->footer, "EST5EDT,M3.2.0,M11.1.0");
  // Version 1: 32-bit data, no footer.
  const auto v1 = parse_tzif(block('\0', kNewYorkTail, kNewYorkTypes, 4));
  ASSERT_TRUE(v1.has_value());
  EXPECT_EQ(v1->transitions.size(), 3u);
  EXPECT_TRUE(v1->footer.empty());
  // Before the first transition: the first standard-time type, not a leading DST type.
  const auto dst_first = parse_tzif(file({{0, 1}}, {{-14400, true}, {-18000, false}}, ""));
  ASSERT_TRUE(dst_first.has_value());
  EXPECT_EQ(dst_first->initial_offset, -18000);
  const auto only_dst = parse_tzif(file({}, {{-14400, true}}, ""));
  ASSERT_TRUE(only_dst.has_value());
  EXPECT_EQ(only_dst->initial_offset, -14400);
}

TEST(Tzif, RefusesMalformedFiles) {
  const std::string good = file(kNewYorkTail, kNewYorkTypes, "EST5EDT,M3.2.0,M11.1.0");
  for (std::size_t n = 0; n + 1 < good.size(); ++n) {
    EXPECT_FALSE(parse_tzif(good.substr(0, n)).has_value()) << n;  // every truncation
  }
  std::string bad_magic = good;
  bad_magic[0] = 'X';
  EXPECT_FALSE(parse_tzif(bad_magic).has_value());
  EXPECT_FALSE(parse_tzif(file({{0, 3}}, kNewYorkTypes, "")).has_value());          // no type 3
  EXPECT_FALSE(parse_tzif(file({{5, 1}, {5, 2}}, kNewYorkTypes, "")).has_value());  // not ascending
  EXPECT_FALSE(parse_tzif(file({}, {}, "")).has_value());                           // no types
  EXPECT_FALSE(
      parse_tzif(file({}, {{std::numeric_limits<std::int32_t>::min(), false}}, "")).has_value());
  EXPECT_FALSE(
      parse_tzif(block('2', {}, kNewYorkTypes, 4) + block('2', {}, kNewYorkTypes, 8, 1) + "\n\n")
          .has_value());                                                        // leap seconds
  EXPECT_FALSE(parse_tzif(good.substr(0, good.size() - 1) + "x").has_value());  // footer's end
}

TEST(Tzif, HonoursTzdir) {
  const std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / "nudge_tzdir";
  std::filesystem::create_directories(dir / "Test");
  {
    std::ofstream out(dir / "Test" / "Zone", std::ios::binary);
    out << file({{0, 0}}, {{3600, false}}, "<+01>-1");
  }
  const char* before = std::getenv("TZDIR");
  const std::string saved = before != nullptr ? before : "";
  ASSERT_EQ(setenv("TZDIR", dir.c_str(), 1), 0);
  EXPECT_EQ(zoneinfo_dir(), dir.string());
  const auto found = read_tzif("Test/Zone");
  EXPECT_FALSE(read_tzif("America/New_York").has_value());
  if (before != nullptr) {
    setenv("TZDIR", saved.c_str(), 1);
  } else {
    unsetenv("TZDIR");
  }
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->footer, "<+01>-1");
  std::filesystem::remove_all(dir);
}

TEST(Tzif, TableAppendsMergeAndReplace) {
  ZoneTable t = start_zone_table("X", 100);
  append(t, 10, 100);  // no change: dropped
  append(t, 20, 200);
  append(t, 20, 300);  // the same instant: replaces
  append(t, 30, 300);  // dropped
  append(t, 40, 100);
  append(t, 40, 300);  // replaces, then equals the offset before it: both go
  append(t, 5, 900);   // out of order: ignored
  finish(t);
  EXPECT_EQ(t.begins, (std::vector<std::int64_t>{kMin, 20}));
  EXPECT_EQ(t.offsets, (std::vector<std::int32_t>{100, 300}));
  EXPECT_EQ(t.min_offset, 100);
  EXPECT_EQ(t.max_offset, 300);
}

TEST(Tzif, TablesFromFooters) {
  // Explicit transitions, then the rules from 2037-11-01 on, for 400 years.
  TzifData ny{-17762,
              {{-2717650800, -18000}, {2120108400, -14400}, {2140668000, -18000}},
              "EST5EDT,M3.2.0,M11.1.0"};
  const ZoneTable t = make_zone_table("NY", ny);
  EXPECT_EQ(t.cycle_start, 2140668000);
  EXPECT_EQ(t.cycle_end, 2140668000 + ZoneTable::kCycle);
  EXPECT_EQ(t.begins[4], 2152162800);  // 2038-03-14T07:00:00Z
  EXPECT_GE(t.begins.size(), 4 + 2 * 400u);
  EXPECT_EQ(t.offset_at(2152162799), -18000);
  EXPECT_EQ(t.offset_at(2152162800), -14400);
  EXPECT_EQ(t.min_offset, -18000);
  EXPECT_EQ(t.max_offset, -14400);

  // Without daylight time the footer's offset holds from the last transition on.
  const ZoneTable fixed = make_zone_table("F", {0, {{-100, 3600}, {100, 7200}}, "<+04>-4"});
  EXPECT_EQ(fixed.begins, (std::vector<std::int64_t>{kMin, -100, 100}));
  EXPECT_EQ(fixed.offsets, (std::vector<std::int32_t>{0, 3600, 14400}));
  EXPECT_EQ(fixed.cycle_end, kMax);

  // A footer that does not parse is ignored; so is an empty one.
  for (const char* footer : {"", "garbage"}) {
    const ZoneTable last = make_zone_table("L", {0, {{100, 7200}}, footer});
    EXPECT_EQ(last.offsets, (std::vector<std::int32_t>{0, 7200})) << footer;
    EXPECT_EQ(last.offset_at(kMax), 7200);
  }

  // Daylight time all year: the rules' changes cancel out.
  const ZoneTable all_dst = make_zone_table("D", {-18000, {{0, -14400}}, "EST5EDT4,0/0,J365/25"});
  EXPECT_EQ(all_dst.offsets, (std::vector<std::int32_t>{-18000, -14400}));
  EXPECT_EQ(all_dst.cycle_end, kMax);

  // No explicit transitions: the rules govern from 1800 on, and their offset before.
  const ZoneTable rules_only = make_zone_table("R", {0, {}, "EST5EDT,M3.2.0,M11.1.0"});
  EXPECT_EQ(rules_only.offsets.front(), -18000);
  EXPECT_EQ(rules_only.offset_at(2152162800), -14400);
  EXPECT_EQ(rules_only.cycle_start, -5364662400);  // 1800-01-01T00:00:00Z

  // Malformed files with transitions at the ends of time: no overflow, rules where sensible.
  const ZoneTable late = make_zone_table("E", {0, {{kMax - 5, 3600}}, "EST5EDT,M3.2.0,M11.1.0"});
  EXPECT_EQ(late.offsets, (std::vector<std::int32_t>{0, 3600}));
  EXPECT_EQ(late.cycle_end, kMax);
  const ZoneTable early = make_zone_table("B", {0, {{kMin, 3600}}, "EST5EDT,M3.2.0,M11.1.0"});
  EXPECT_EQ(early.offset_at(kMin), 3600);  // the transition's offset until 1800, then the rules
  EXPECT_EQ(early.offset_at(2152162800), -14400);
  EXPECT_EQ(early.offset_at(kMax), -18000);  // folded: December 4, 292277026596, standard time
}

}  // namespace
}  // namespace nudge::detail
