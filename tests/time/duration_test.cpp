// Durations, RFC 3339 date-times, ISO dates and error code names.

#include <gtest/gtest.h>

#include <string>

#include "nudge/result.hpp"
#include "nudge/time.hpp"

namespace nudge {
namespace {

using Unit = Duration::Unit;

Duration parsed(std::string_view text) {
  auto r = Duration::parse(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Duration{};
}

Instant instant(std::string_view text) {
  auto r = parse_rfc3339(text);
  EXPECT_TRUE(r.ok()) << text << ": " << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : Instant{};
}

TEST(Duration, ParsesEveryUnit) {
  EXPECT_EQ(parsed("30s"), (Duration{Unit::kSeconds, 30}));
  EXPECT_EQ(parsed("90m"), (Duration{Unit::kSeconds, 5400}));
  EXPECT_EQ(parsed("24h"), (Duration{Unit::kSeconds, 86400}));
  EXPECT_EQ(parsed("7d"), (Duration{Unit::kDays, 7}));
  EXPECT_EQ(parsed("2w"), (Duration{Unit::kDays, 14}));
  EXPECT_EQ(parsed("5bd"), (Duration{Unit::kBusinessDays, 5}));
  EXPECT_EQ(parsed("0d"), (Duration{Unit::kDays, 0}));
  EXPECT_EQ(parsed("007h"), (Duration{Unit::kSeconds, 7 * 3600}));
}

TEST(Duration, RefusesMalformedText) {
  const std::string hint =
      ": write a whole number followed by s, m, h, d, w or bd (e.g. \"24h\", \"7d\", \"5bd\")";
  for (const char* text : {"", "7x", "d", "bd", "1.5h", "3 d", " 3d", "3d ", "+3d", "3D", "3dd",
                           "--3d", "-d", "3b", "h3"}) {
    auto r = Duration::parse(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kParse) << text;
    EXPECT_EQ(r.error().message, "invalid duration '" + std::string(text) + "'" + hint);
  }
}

TEST(Duration, RefusesNegative) {
  auto r = Duration::parse("-3d");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message, "invalid duration '-3d': durations cannot be negative");
}

TEST(Duration, RefusesOverflow) {
  for (const char* text : {"99999999999999999999999s", "9223372036854775807s", "36501d", "5215w",
                           "876001h", "36501bd"}) {
    auto r = Duration::parse(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
    EXPECT_EQ(r.error().message,
              "invalid duration '" + std::string(text) + "': too large (at most 36500 days)");
  }
  EXPECT_EQ(parsed("36500d").amount, 36500);
  EXPECT_EQ(parsed("5214w").amount, 36498);
  EXPECT_EQ(parsed("876000h").amount, 3'153'600'000);
}

TEST(Duration, ToStringIsCanonical) {
  EXPECT_EQ(parsed("3h").to_string(), "3h");
  EXPECT_EQ(parsed("180m").to_string(), "3h");
  EXPECT_EQ(parsed("10800s").to_string(), "3h");
  EXPECT_EQ(parsed("90m").to_string(), "90m");
  EXPECT_EQ(parsed("61s").to_string(), "61s");
  EXPECT_EQ(parsed("7d").to_string(), "7d");
  EXPECT_EQ(parsed("2w").to_string(), "14d");
  EXPECT_EQ(parsed("5bd").to_string(), "5bd");
  for (const char* text : {"3h", "90m", "61s", "7d", "5bd"}) {
    EXPECT_EQ(parsed(parsed(text).to_string()), parsed(text)) << text;
  }
}

TEST(Rfc3339, ParsesOffsetsAndZulu) {
  EXPECT_EQ(instant("2026-11-23T11:30:00-05:00").time_since_epoch().count(), 1'795'451'400);
  EXPECT_EQ(instant("2026-11-23T16:30:00Z"), instant("2026-11-23T11:30:00-05:00"));
  EXPECT_EQ(instant("2026-11-23t16:30:00z"), instant("2026-11-23T16:30:00Z"));
  EXPECT_EQ(instant("2026-11-23 16:30:00Z"), instant("2026-11-23T16:30:00Z"));
  EXPECT_EQ(instant("2026-11-23T16:30:00.999Z"), instant("2026-11-23T16:30:00Z"));
  EXPECT_EQ(instant("2026-11-24T02:00:00+09:30"), instant("2026-11-23T16:30:00Z"));
  EXPECT_EQ(instant("2026-11-23T16:30:00-00:00"), instant("2026-11-23T16:30:00Z"));
  EXPECT_EQ(instant("1970-01-01T00:00:00Z").time_since_epoch().count(), 0);
  EXPECT_EQ(instant("2028-02-29T12:00:00+12:00"), instant("2028-02-29T00:00:00Z"));
}

TEST(Rfc3339, RefusesMalformedText) {
  for (const char* text : {"", "2026-11-23", "2026-11-23T11:30-05:00", "2026-11-23T11:30:00",
                           "2026-11-23T11:30:00+0500", "2026-11-23T11:30:00.Z",
                           "2026-11-23X11:30:00Z", "2026/11/23T11:30:00Z", "2026-11-23T11:30:00Z ",
                           "2026-11-23T11:30:00+05", "26-11-23T11:30:00Z"}) {
    auto r = parse_rfc3339(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
    EXPECT_EQ(r.error().message,
              "invalid date-time '" + std::string(text) +
                  "': write RFC 3339 with an offset, e.g. \"2026-11-23T11:30:00-05:00\" or "
                  "\"2026-11-23T16:30:00Z\"");
  }
}

TEST(Rfc3339, RefusesImpossibleValues) {
  auto expect = [](const char* text, const std::string& why) {
    auto r = parse_rfc3339(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
    EXPECT_EQ(r.error().message, "impossible date-time '" + std::string(text) + "': " + why);
  };
  expect("2026-02-30T10:00:00Z", "February 2026 has 28 days");
  expect("2028-02-30T10:00:00Z", "February 2028 has 29 days");
  expect("2026-04-31T10:00:00Z", "April 2026 has 30 days");
  expect("2026-13-01T10:00:00Z", "month 13 does not exist");
  expect("2026-00-01T10:00:00Z", "month 0 does not exist");
  expect("2026-01-00T10:00:00Z", "January 2026 has 31 days");
  expect("2026-01-01T25:00:00Z", "hour 25 does not exist");
  expect("2026-01-01T24:00:00Z", "hour 24 does not exist");
  expect("2026-01-01T10:60:00Z", "minute 60 does not exist");
  expect("2026-01-01T10:00:60Z", "second 60 does not exist");
  expect("2026-01-01T10:00:00+24:00", "the UTC offset is out of range");
}

TEST(Rfc3339, FormatsInZone) {
  const Instant t = instant("2026-11-23T16:30:00Z");
  EXPECT_EQ(format_rfc3339(t, "America/New_York"), "2026-11-23T11:30:00-05:00");
  EXPECT_EQ(format_rfc3339(t, "America/Chicago"), "2026-11-23T10:30:00-06:00");
  EXPECT_EQ(format_rfc3339(t, "Europe/Berlin"), "2026-11-23T17:30:00+01:00");
  EXPECT_EQ(format_rfc3339(t, "Europe/London"), "2026-11-23T16:30:00+00:00");
  EXPECT_EQ(format_rfc3339(t, "Asia/Kolkata"), "2026-11-23T22:00:00+05:30");
  EXPECT_EQ(format_rfc3339(t, "UTC"), "2026-11-23T16:30:00Z");
  EXPECT_EQ(format_rfc3339(t, "Etc/UTC"), "2026-11-23T16:30:00Z");
  EXPECT_EQ(format_rfc3339(t, "Mars/Base"), "2026-11-23T16:30:00Z");
  EXPECT_EQ(format_rfc3339(t, ""), "2026-11-23T16:30:00Z");
  EXPECT_EQ(format_rfc3339(instant("2026-07-01T12:00:00Z"), "Europe/London"),
            "2026-07-01T13:00:00+01:00");
  EXPECT_EQ(format_rfc3339(instant("1969-12-31T23:59:59Z"), "UTC"), "1969-12-31T23:59:59Z");
  for (const char* text :
       {"2026-03-08T03:00:00-04:00", "2026-11-01T01:30:00-05:00", "2026-11-01T01:30:00-04:00"}) {
    EXPECT_EQ(format_rfc3339(instant(text), "America/New_York"), text);
  }
}

TEST(Date, ParsesAndFormats) {
  auto d = parse_date("2026-12-25");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d, LocalDate(std::chrono::year{2026} / 12 / 25));
  EXPECT_EQ(format_date(*d), "2026-12-25");
  EXPECT_EQ(format_date(LocalDate{}), "1970-01-01");
  auto leap = parse_date("2028-02-29");
  ASSERT_TRUE(leap.ok());
  EXPECT_EQ(format_date(*leap), "2028-02-29");
}

TEST(Date, RefusesBadDates) {
  auto r = parse_date("2026-02-30");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kParse);
  EXPECT_EQ(r.error().message, "impossible date '2026-02-30': February 2026 has 28 days");
  r = parse_date("2026-13-01");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "impossible date '2026-13-01': month 13 does not exist");
  for (const char* text : {"", "2026-2-3", "2026/02/03", "20260203", "2026-02-03T00:00:00Z",
                           " 2026-02-03", "2026-02-0x"}) {
    r = parse_date(text);
    ASSERT_FALSE(r.ok()) << text;
    EXPECT_EQ(r.error().code, ErrorCode::kParse);
    EXPECT_EQ(r.error().message,
              "invalid date '" + std::string(text) + "': write YYYY-MM-DD (e.g. \"2026-12-25\")");
  }
}

TEST(Zones, KnowsIanaNames) {
  EXPECT_TRUE(is_known_zone("Europe/Berlin"));
  EXPECT_TRUE(is_known_zone("UTC"));
  EXPECT_TRUE(is_known_zone("Asia/Jerusalem"));
  EXPECT_FALSE(is_known_zone("Mars/Base"));
  EXPECT_FALSE(is_known_zone(""));
  EXPECT_FALSE(is_known_zone("europe/berlin"));
}

TEST(ErrorCodeName, NamesEveryCode) {
  EXPECT_STREQ(error_code_name(ErrorCode::kOk), "ok");
  EXPECT_STREQ(error_code_name(ErrorCode::kParse), "parse");
  EXPECT_STREQ(error_code_name(ErrorCode::kInvalidArgument), "invalid_argument");
  EXPECT_STREQ(error_code_name(ErrorCode::kUnknownName), "unknown_name");
  EXPECT_STREQ(error_code_name(ErrorCode::kNotFound), "not_found");
  EXPECT_STREQ(error_code_name(ErrorCode::kNotAllowed), "not_allowed");
  EXPECT_STREQ(error_code_name(ErrorCode::kRefused), "refused");
  EXPECT_STREQ(error_code_name(ErrorCode::kDuplicate), "duplicate");
  EXPECT_STREQ(error_code_name(ErrorCode::kOutOfOrder), "out_of_order");
  EXPECT_STREQ(error_code_name(ErrorCode::kCorrupt), "corrupt");
  EXPECT_STREQ(error_code_name(ErrorCode::kMismatch), "mismatch");
  EXPECT_STREQ(error_code_name(ErrorCode::kInvalidGraph), "invalid_graph");
  EXPECT_STREQ(error_code_name(ErrorCode::kIo), "io");
  EXPECT_STREQ(error_code_name(static_cast<ErrorCode>(99)), "unknown");
}

}  // namespace
}  // namespace nudge
