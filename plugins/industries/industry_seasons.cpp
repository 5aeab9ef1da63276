// industry-seasons: holds messages to an employer that would go out while the industry's
// workplaces are closed for the season, until the first working morning after the closure
// (09:00 in the recipient's zone). Only a `review` hook: the plan keeps the times the TOML
// rules give (the plan shows when an action is due; the hold decides when it goes out), and
// no `adjust` hook, because no figure in shared/data/hiring-figures.md gives a seasonal change
// of the waits themselves.
//
// The closures (docs/packs.md, section "Pack plugins", says the same):
//  - academia: the winter closure, 24 December to 1 January inclusive. ASSUMPTION:
//    hiring-figures.md has no row on university closures; many universities close between
//    Christmas and New Year, and this keeps only those days (not the whole winter break or
//    semester break), so it is conservative. Its cost is small against academic hiring:
//    professor 60.3 d from application to offer or rejection (Glassdoor 2017 by job title,
//    via global-connection.info; T2, H).
//  - retail-hospitality: 24 to 26 December inclusive. The peak trading weeks (Black Friday to
//    Christmas) are NOT held: no row in hiring-figures.md and no seed dates them, and a hold
//    of about four weeks would be longer than the whole typical hiring process in these
//    industries (supermarkets 12.3 d, restaurants & bars 10.2 d, application to offer or
//    rejection; Glassdoor US 2017; T1, H). What the seeds do support is A1's "if you are
//    aware that the company is experiencing a busy period, you might extend your follow-up
//    timeline slightly" (rule R7): a slight extension, so the hold is kept to three days.
//    The dates are an ASSUMPTION: Christmas Eve, the last day of the Christmas trade, and the
//    Christmas and Boxing Day closures.
//
// What is held: every action addressed to an interviewer (it contacts the employer: thank_you,
// status_inquiry, second_inquiry, connect, value_add, rejection_reply, keep_in_touch, a
// company's own actions...), except `send_requested_info` (R9: the employer asked for it and
// waits for it; "respond swiftly"). Actions for the candidate (recipient
// NUDGE_RECIPIENT_CANDIDATE: reflect, keep_searching) are never held.
//
// "Working morning": 09:00 local time of the recipient on a Monday to Friday that is not a
// public holiday of the application's culture (the same rules as culture-holidays). The plugin
// cannot see a company layer's own holidays or a non-Monday-Friday week; the engine releases
// the action at that instant as it is.
//
// When: judged at `now`, the moment the action would go out, in the recipient's local time.
// An action is held from 00:00 of the closure's first day until the first working morning
// after its last day, so the weekend, holidays and early hours right after the closure are
// held too (a clock that jumps to Saturday 2 January must not release it then).
// Deterministic: the verdict is a pure function of (application, action, now).
#include <date/date.h>
#include <date/tz.h>

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "holiday_rules.hpp"
#include "nudge/plugin.hpp"

namespace {

using date::days;
using date::sys_days;
using date::year_month_day;

// A closure from first_month/first_day to last_month/last_day inclusive, in local dates; it
// crosses the new year when the last day comes before the first.
struct Closure {
  std::string_view industry;
  unsigned first_month;
  unsigned first_day;
  unsigned last_month;
  unsigned last_day;
  std::string_view what;  // for the review's reason
};

constexpr std::array kClosures{
    // ASSUMPTION (no figure): universities' winter closure; see the header comment.
    Closure{"academia", 12, 24, 1, 1, "academia winter closure Dec 24-Jan 1"},
    // ASSUMPTION (no figure): Christmas Eve to Boxing Day; peak weeks not held (see above).
    Closure{"retail-hospitality", 12, 24, 12, 26, "retail-hospitality Christmas closure Dec 24-26"},
};

// R9's answer to the employer's own request is never held.
constexpr std::string_view kNeverHeld = "send_requested_info";

constexpr auto kMorning = std::chrono::hours{9};

const Closure* closure_of(std::string_view industry) {
  for (const Closure& c : kClosures) {
    if (c.industry == industry) return &c;
  }
  return nullptr;
}

// The closure that began in `year`: its first and last local day.
struct Dates {
  sys_days first;
  sys_days last;
};
Dates closure_dates(const Closure& c, int year) {
  const year_month_day first{date::year{year}, date::month{c.first_month}, date::day{c.first_day}};
  // It crosses the new year when its last day comes before its first in the calendar.
  const bool wraps = c.last_month * 100 + c.last_day < c.first_month * 100 + c.first_day;
  const year_month_day last{date::year{wraps ? year + 1 : year}, date::month{c.last_month},
                            date::day{c.last_day}};
  return {sys_days{first}, sys_days{last}};
}

bool working_day(std::string_view culture, sys_days d) {
  const date::weekday w{d};
  if (w == date::Saturday || w == date::Sunday) return false;
  return !nudge::packs::is_public_holiday(culture, year_month_day{d});
}

std::string_view recipient_zone(const nudge::plugin::App& app, const nudge_action& action) {
  const auto people = app.interviewers();
  if (action.recipient < people.size()) return nudge::plugin::view(people[action.recipient].zone);
  return app.candidate_zone();
}

class IndustrySeasons final : public nudge::plugin::Plugin {
 public:
  nudge::plugin::Verdict review(const nudge::plugin::App& app, const nudge_action& action,
                                std::int64_t now) override {
    if (action.recipient == NUDGE_RECIPIENT_CANDIDATE) return nudge::plugin::Verdict::allow();
    if (nudge::plugin::action_of(action) == kNeverHeld) return nudge::plugin::Verdict::allow();
    const Closure* closure = closure_of(app.industry());
    if (closure == nullptr) return nudge::plugin::Verdict::allow();

    // locate_zone throws for an unknown zone: plugin.hpp reports it as this hook's error.
    const date::time_zone* zone = date::locate_zone(std::string(recipient_zone(app, action)));
    const date::local_seconds local = zone->to_local(date::sys_seconds{std::chrono::seconds{now}});
    const date::local_days today = date::floor<days>(local);
    const int year = static_cast<int>(year_month_day{sys_days{today.time_since_epoch()}}.year());
    // Held from the first day of the closure (00:00 local) until the first working morning
    // after its last day: the closure that began this year, or last year (Jan 1 is in the
    // academia closure that began on Dec 24), and the weekend or holidays after it.
    for (const int began : {year - 1, year}) {
      const Dates closure_days = closure_dates(*closure, began);
      if (today < date::local_days{closure_days.first.time_since_epoch()}) continue;
      sys_days release_day = closure_days.last + days{1};
      while (!working_day(app.culture(), release_day)) release_day += days{1};
      const date::local_seconds morning =
          date::local_days{release_day.time_since_epoch()} + kMorning;
      const std::int64_t release =
          zone->to_sys(morning, date::choose::latest).time_since_epoch().count();
      if (now >= release) continue;
      return hold(*closure, release_day, release);
    }
    return nudge::plugin::Verdict::allow();
  }

 private:
  static nudge::plugin::Verdict hold(const Closure& closure, sys_days release_day,
                                     std::int64_t release) {
    // The Verdict holds a view: the text must outlive this call until plugin.hpp copies it,
    // on this thread, right after the return.
    thread_local std::string reason;
    reason = "industry-seasons: ";
    reason.append(closure.what).append("; held to the first working morning, ");
    reason.append(date::format("%F", release_day)).append(" 09:00 local");
    return nudge::plugin::Verdict::shift(release, reason);
  }
};

}  // namespace

NUDGE_EXPORT_PLUGIN(IndustrySeasons, "industry-seasons", "1.0.0",
                    "Holds messages to employers during seasonal closures (academia Dec 24-Jan 1, "
                    "retail-hospitality Dec 24-26) until the first working morning",
                    NUDGE_LAYER_INDUSTRY, "academia,retail-hospitality", nullptr)
