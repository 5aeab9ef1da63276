// Calls into a loaded plugin's hooks. Whatever a hook does (return NUDGE_ERROR, throw, write
// a field it must not, give an impossible answer), the host gets either a checked result or
// false with "plugin 'NAME': ..." and its data exactly as before the call.
#include "plugin/plugin_handle.hpp"

#include <cstddef>
#include <cstring>
#include <exception>
#include <string>
#include <string_view>
#include <vector>

namespace nudge::detail {
namespace {

// The NUL-terminated message a hook wrote into `err` (it may have filled all of it).
std::string message_of(nudge_error& err) {
  err.message[sizeof err.message - 1] = '\0';
  return std::string(err.message, strnlen(err.message, sizeof err.message));
}

// Runs `call` (a hook call returning NUDGE_OK or NUDGE_ERROR) and turns every failure into
// "plugin 'NAME': <hook>: <message>" or "plugin 'NAME': hook '<hook>' threw: <what>".
template <class Call>
bool guarded(const PluginInfo& info, const char* hook, Call&& call, std::string& error) {
  nudge_error err;  // only the first byte is set: 256 zeroed bytes per call would show
  err.message[0] = '\0';
  int rc = NUDGE_ERROR;
  try {
    rc = call(&err);
  } catch (const std::exception& e) {
    error = "plugin '" + info.name + "': hook '" + hook + "' threw: " + e.what();
    return false;
  } catch (...) {
    error = "plugin '" + info.name + "': hook '" + hook + "' threw: an exception";
    return false;
  }
  if (rc == NUDGE_OK) return true;
  std::string why = message_of(err);
  if (rc != NUDGE_ERROR) {
    why = "returned " + std::to_string(rc) + ", neither NUDGE_OK nor NUDGE_ERROR" +
          (why.empty() ? std::string{} : " (" + why + ")");
  } else if (why.empty()) {
    why = "failed without a message";
  }
  error = "plugin '" + info.name + "': " + hook + ": " + why;
  return false;
}

// Restores what `adjust` may not change (every field but at, deadline, suppress and note)
// and keeps the host's invariants: a NUL-terminated note, deadline >= at.
void keep_read_only(const nudge_action& before, nudge_action& after) {
  after.struct_size = before.struct_size;
  after.rule = before.rule;
  after.action = before.action;
  after.channel = before.channel;
  after.recipient = before.recipient;
  after.occurrence = before.occurrence;
  after.trigger = before.trigger;
  if (after.deadline < after.at) after.deadline = after.at;
  after.note[sizeof after.note - 1] = '\0';
}

// Holidays a `calendar` hook adds are collected here and handed to the host only when the
// hook succeeds, so a failing hook leaves the calendar as it was.
struct HolidayBuffer {
  struct Holiday {
    std::int32_t year;
    std::uint32_t month;
    std::uint32_t day;
    std::string name;
  };
  std::vector<Holiday> holidays;

  static bool exists(std::int32_t year, std::uint32_t month, std::uint32_t day) {
    if (month < 1 || month > 12 || day < 1) return false;
    static constexpr std::uint32_t kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return day <= (month == 2 && leap ? 29u : kDays[month - 1]);
  }
  static int add(void* host, std::int32_t year, std::uint32_t month, std::uint32_t day,
                 nudge_str name) {
    if (!exists(year, month, day)) return NUDGE_ERROR;
    try {
      static_cast<HolidayBuffer*>(host)->holidays.push_back(
          {year, month, day,
           name.size == 0 || name.data == nullptr ? std::string{}
                                                  : std::string(name.data, name.size)});
    } catch (...) {  // out of memory: no exception may cross into the plugin
      return NUDGE_ERROR;
    }
    return NUDGE_OK;
  }
};

std::string two_digits(std::uint32_t n) { return (n < 10 ? "0" : "") + std::to_string(n); }

}  // namespace

PluginHandle::~PluginHandle() {
  if (self != nullptr && descriptor != nullptr && descriptor->shutdown != nullptr) {
    try {
      descriptor->shutdown(self);
    } catch (...) {  // NOLINT(bugprone-empty-catch): nowhere to report it; unload anyway
    }
  }
  // `library` is the first member, so it is destroyed (unloaded) last.
}

std::string_view PluginHandle::model_toml() const {
  constexpr std::size_t kEnd =
      offsetof(nudge_plugin_descriptor, model_toml) + sizeof(nudge_plugin_descriptor::model_toml);
  if (descriptor == nullptr || descriptor->struct_size < kEnd ||
      descriptor->model_toml == nullptr) {
    return {};
  }
  return descriptor->model_toml;
}

bool PluginHandle::applies(std::string_view industry, std::string_view culture) const {
  if (descriptor == nullptr || descriptor->layer == NUDGE_LAYER_COMPANY) return true;
  const std::string_view wanted = descriptor->layer == NUDGE_LAYER_INDUSTRY ? industry : culture;
  std::string_view list = info.applies_to;
  if (list.find_first_not_of(" ,") == std::string_view::npos) return true;  // every application
  while (!list.empty()) {
    const std::size_t comma = list.find(',');
    std::string_view item = list.substr(0, comma);
    const std::size_t first = item.find_first_not_of(' ');
    item = first == std::string_view::npos
               ? std::string_view{}
               : item.substr(first, item.find_last_not_of(' ') - first + 1);
    if (!item.empty() && item == wanted) return true;
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
  return false;
}

bool PluginHandle::call_calendar(nudge_calendar& cal, std::string& error) const {
  if (hooks == nullptr || hooks->calendar == nullptr) return true;
  HolidayBuffer buffer;
  nudge_calendar probe = cal;
  probe.struct_size = sizeof(nudge_calendar);
  probe.host = &buffer;
  probe.add_holiday = &HolidayBuffer::add;
  if (!guarded(
          info, "calendar", [&](nudge_error* err) { return hooks->calendar(self, &probe, err); },
          error)) {
    return false;
  }
  const std::string who = "plugin '" + info.name + "': calendar: ";
  if (probe.window_end > 1440 || probe.window_start >= probe.window_end) {
    error = who + "send window " + std::to_string(probe.window_start) + ".." +
            std::to_string(probe.window_end) +
            " minutes is invalid; use 0 <= window_start < window_end <= 1440";
    return false;
  }
  if ((probe.workdays & 0x7Fu) == 0 || (probe.workdays & ~0x7Fu) != 0) {
    error = who + "workdays mask " + std::to_string(probe.workdays) +
            " is invalid; set bits 0 (Sunday) to 6 (Saturday), at least one";
    return false;
  }
  for (const auto& h : buffer.holidays) {
    if (cal.add_holiday == nullptr ||
        cal.add_holiday(cal.host, h.year, h.month, h.day,
                        nudge_str{h.name.data(), h.name.size()}) != NUDGE_OK) {
      error = who + "the host refused the holiday " + std::to_string(h.year) + "-" +
              two_digits(h.month) + "-" + two_digits(h.day);
      return false;
    }
  }
  cal.window_start = probe.window_start;
  cal.window_end = probe.window_end;
  cal.workdays = probe.workdays;
  return true;
}

bool PluginHandle::call_adjust(const nudge_app& app, nudge_action* actions, std::size_t count,
                               std::string& error) const {
  if (hooks == nullptr || hooks->adjust == nullptr || count == 0) return true;
  // A copy per thread, reused: planning allocates nothing per call in the steady state.
  thread_local std::vector<nudge_action> before;
  before.assign(actions, actions + count);
  if (!guarded(
          info, "adjust",
          [&](nudge_error* err) { return hooks->adjust(self, &app, actions, count, err); },
          error)) {
    std::memcpy(actions, before.data(), count * sizeof(nudge_action));
    return false;
  }
  for (std::size_t i = 0; i < count; ++i) keep_read_only(before[i], actions[i]);
  return true;
}

bool PluginHandle::call_review(const nudge_app& app, const nudge_action& action, std::int64_t now,
                               nudge_review& out, std::string& error) const {
  out = nudge_review{};
  out.struct_size = sizeof(nudge_review);
  out.verdict = NUDGE_ALLOW;
  if (hooks == nullptr || hooks->review == nullptr) return true;
  nudge_review answer = out;
  const bool ok = guarded(
      info, "review",
      [&](nudge_error* err) { return hooks->review(self, &app, &action, now, &answer, err); },
      error);
  if (!ok) return false;
  answer.struct_size = sizeof(nudge_review);
  answer.reason[sizeof answer.reason - 1] = '\0';
  const std::string who = "plugin '" + info.name + "': review: ";
  switch (answer.verdict) {
    case NUDGE_ALLOW:
    case NUDGE_REFUSE:
      answer.shift_to = 0;
      break;
    case NUDGE_SHIFT:
      if (answer.shift_to <= now) {
        error = who + "shift_to " + std::to_string(answer.shift_to) + " is not later than now (" +
                std::to_string(now) + ")";
        return false;
      }
      break;
    default:
      error = who + "unknown verdict " + std::to_string(answer.verdict) +
              "; return NUDGE_ALLOW, NUDGE_SHIFT or NUDGE_REFUSE";
      return false;
  }
  out = answer;
  return true;
}

}  // namespace nudge::detail
