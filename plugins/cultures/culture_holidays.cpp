// culture-holidays: the nationwide public holidays of nudge's eight culture packs, computed by
// rule for every year the engine asks for (2020-2035), so that an application planned after
// 2027 keeps its culture's holidays. policies/cultures/<c>.toml lists 2026 and 2027 by hand;
// for those years this plugin gives exactly the same dates (tests/plugins/pack_plugins_test.cpp
// checks all eight), and beyond them it continues the same rules. The rules, one small table
// per culture with the law each TOML file cites, are in holiday_rules.cpp; docs/packs.md,
// section "Pack plugins", lists them.
//
// The hook only adds holidays: the send window and the working days stay as the policy files
// set them. Deterministic and stateless: the dates depend only on the culture and the year.
#include <stdexcept>
#include <string>

#include "holiday_rules.hpp"
#include "nudge/plugin.hpp"

namespace {

class CultureHolidays final : public nudge::plugin::Plugin {
 public:
  // Once per (industry, culture) group at load. A culture without rules adds nothing; a year
  // outside 2020-2099 throws, which the host reports as this hook's error.
  void calendar(nudge::plugin::Calendar& calendar) override {
    const std::string_view culture = calendar.culture();
    for (int y = calendar.first_year(); y <= calendar.last_year(); ++y) {
      for (const nudge::packs::PublicHoliday& h : nudge::packs::public_holidays(culture, y)) {
        if (!calendar.add_holiday(static_cast<int>(h.date.year()),
                                  static_cast<unsigned>(h.date.month()),
                                  static_cast<unsigned>(h.date.day()), h.name)) {
          throw std::runtime_error("culture-holidays: the host refused " + h.name + " of " +
                                   std::to_string(y));
        }
      }
    }
  }
};

}  // namespace

NUDGE_EXPORT_PLUGIN(CultureHolidays, "culture-holidays", "1.0.0",
                    "Nationwide public holidays of the culture packs, by rule, 2020-2035",
                    NUDGE_LAYER_CULTURE, "br,de,fr,in,jp,nl,uk,us", nullptr)
