// Fuzzes duration strings (nudge::Duration::parse) and the other small policy values: send
// window clocks ("09:00") and weekday names. An accepted duration must print as text that
// parses back to the same duration.

#include <cstdint>

#include "fuzz_common.hpp"
#include "time/calendar.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace nudge;
  const std::string_view text = fuzz::as_text(data, size);
  if (auto d = Duration::parse(text); d) {
    if (d->amount < 0) fuzz::fail("negative duration accepted");
    const std::string printed = d->to_string();
    auto again = Duration::parse(printed);
    if (!again || !(*again == *d)) fuzz::fail("duration round trip: " + printed);
  } else {
    fuzz::check_error(d.error());
  }
  if (auto c = detail::parse_clock(text); c) {
    if (*c < 0 || *c > 24 * 3600) fuzz::fail("clock out of range");
  } else {
    fuzz::check_error(c.error());
  }
  if (auto w = detail::parse_weekday(text); w) {
    if (*w == 0 || *w > 0x7F) fuzz::fail("weekday mask out of range");
  } else {
    fuzz::check_error(w.error());
  }
  return 0;
}
