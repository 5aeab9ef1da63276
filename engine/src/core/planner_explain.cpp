// The planner's explanations (planner_explain.hpp).
#include "core/planner_explain.hpp"

#include <cmath>
#include <cstdio>

namespace nudge::detail {
namespace {

std::string format_clock(std::int32_t seconds) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%02d:%02d", seconds / 3600, (seconds / 60) % 60);
  return buf;
}

std::string describe_step(const AlignStep& step, const CalendarView& cal) {
  std::string day = format_date(step.day);
  std::string window = format_clock(cal.window_start) + "-" + format_clock(cal.window_end);
  switch (step.kind) {
    case AlignStep::Kind::kBeforeWindow:
      return "before the send window (" + window + ") on " + day;
    case AlignStep::Kind::kAfterWindow:
      return "after the send window (" + window + ") on " + day;
    case AlignStep::Kind::kNonWorkingDay:
      return day + " is not a working day";
    case AlignStep::Kind::kHoliday:
      return day + " is a holiday";
    case AlignStep::Kind::kNoWindow:
      return "the send window (" + window + ") does not open on " + day + " in " +
             std::string(cal.zone->name()) + ": the clocks skip its start";
  }
  return {};
}

std::string scaled_text(Duration d, double f) {
  if (d.unit == Duration::Unit::kDays) {
    auto minutes = std::llround(static_cast<double>(d.amount) * 1440.0 * f);
    std::string out = std::to_string(minutes / 1440) + "d";
    if (minutes % 1440) out += " " + std::to_string((minutes % 1440) / 60) + "h";
    if (minutes % 60) out += " " + std::to_string(minutes % 60) + "m";
    return out;
  }
  if (d.unit == Duration::Unit::kBusinessDays) {
    return std::to_string(std::llround(static_cast<double>(d.amount) * f)) + "bd";
  }
  return Duration{Duration::Unit::kSeconds, std::llround(static_cast<double>(d.amount) * f)}
      .to_string();
}

}  // namespace

std::vector<std::string> explain_item(const AppView& app, const CompiledRule& rule,
                                      const std::string& anchor_label, bool date_anchor, double f,
                                      std::uint8_t occurrence, Instant raw_at, Instant raw_deadline,
                                      Instant at, Instant deadline, const AlignTrace& trace,
                                      const AlignTrace& deadline_trace, const CalendarView& cal) {
  const AppRecord& rec = *app.rec;
  std::string_view zone = cal.zone->name();
  std::vector<std::string> why;
  why.push_back(anchor_label);
  std::string offset =
      "offset: +" + rule.at.to_string() + " (deadline +" + rule.deadline.to_string() + ")";
  if (date_anchor) offset += ", days counted in the candidate's zone";
  why.push_back(offset);
  if (f != 1.0) {
    std::string flags = (rec.flags & kFlagBusy) ? "busy" : "";
    if (rec.flags & kFlagUrgent) flags += flags.empty() ? "urgent" : ", urgent";
    char factor[16];
    std::snprintf(factor, sizeof factor, "%g", f);
    why.push_back("scale: x" + std::string(factor) + " (" + flags + "): +" +
                  scaled_text(rule.at, f) + " (deadline +" + scaled_text(rule.deadline, f) + ")");
  }
  if (rule.max_occurrences > 1) {
    why.push_back("occurrence " + std::to_string(occurrence + 1) + " of " +
                  std::to_string(rule.max_occurrences) + ", every " +
                  rule.repeat_every.to_string());
  }
  why.push_back("unaligned: " + format_rfc3339(raw_at, zone) + " (deadline " +
                format_rfc3339(raw_deadline, zone) + ")");
  for (const AlignStep& step : trace) why.push_back("shifted: " + describe_step(step, cal));
  if (rule.align) {
    why.push_back(trace.empty() ? "inside " + std::string(zone) + "'s send window"
                                : "aligned to " + format_rfc3339(at, zone));
    if (!deadline_trace.empty()) {
      why.push_back("deadline aligned to " + format_rfc3339(deadline, zone) + " (" +
                    describe_step(deadline_trace.front(), cal) + ")");
    }
  }
  return why;
}

}  // namespace nudge::detail
