// Fuzzes RFC 3339 and date parsing and zone names; each input goes through all three:
//   - parse_rfc3339: an accepted instant formats (in UTC, and between 1970 and 2100 in zones
//     with DST and half-hour offsets) to text that parses back to the same instant;
//   - parse_date: an accepted date formats to text that parses back to the same date;
//   - a zone name: is_known_zone, and formatting in it (unknown zones format in UTC).

#include <chrono>
#include <cstdint>

#include "fuzz_common.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nudge;
  const std::string_view text = fuzz::as_text(data, size);
  for (int mode = 0; mode < 3; ++mode) {
    switch (mode) {
      case 0: {
        auto t = parse_rfc3339(text);
        if (!t) {
          fuzz::check_error(t.error());
          break;
        }
        const std::string utc = format_rfc3339(*t, "UTC");
        auto back = parse_rfc3339(utc);
        if (!back || *back != *t) fuzz::fail("rfc3339 round trip (UTC): " + utc);
        using std::chrono::January;
        using std::chrono::sys_days;
        using std::chrono::year;
        if (*t >= sys_days{year{1970} / January / 1} && *t < sys_days{year{2100} / January / 1}) {
          for (const char* zone : {"America/New_York", "Asia/Kolkata", "Australia/Lord_Howe"}) {
            const std::string local = format_rfc3339(*t, zone);
            auto again = parse_rfc3339(local);
            if (!again || *again != *t) fuzz::fail("rfc3339 round trip: " + local);
          }
        }
        break;
      }
      case 1: {
        auto d = parse_date(text);
        if (!d) {
          fuzz::check_error(d.error());
          break;
        }
        const std::string printed = format_date(*d);
        auto back = parse_date(printed);
        if (!back || *back != *d) fuzz::fail("date round trip: " + printed);
        break;
      }
      default: {
        if (is_known_zone(text)) {
          (void)format_rfc3339(Instant{std::chrono::seconds{1795000000}}, text);
        } else {
          (void)format_rfc3339(Instant{}, text);  // unknown zones format in UTC
        }
        break;
      }
    }
  }
  return 0;
}
