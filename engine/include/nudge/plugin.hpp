#pragma once
/// @file plugin.hpp
/// Header-only C++ helper over the C plugin ABI (plugin_abi.h): derive one class from
/// `nudge::plugin::Plugin`, override the hooks you need, and export it with one macro:
///
///     class Acme final : public nudge::plugin::Plugin {
///       void adjust(const nudge::plugin::App& app, std::span<nudge_action> actions) override;
///     };
///     NUDGE_EXPORT_PLUGIN(Acme, "acme", "1.0.0", "Acme's follow-up customs",
///                         NUDGE_LAYER_COMPANY, "", nullptr)
///
/// Exceptions thrown by a hook or by the constructor are caught here and reported to the host
/// as errors with their `what()`: they never cross the C boundary. Only the entry point is
/// exported; everything else in the plugin may stay hidden (-fvisibility=hidden).

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <span>
#include <string_view>
#include <type_traits>

#include "nudge/plugin_abi.h"

namespace nudge::plugin {

/// A view of a nudge_str.
inline std::string_view view(nudge_str s) {
  return s.size == 0 ? std::string_view{} : std::string_view(s.data, s.size);
}

/// Copies `text` into a fixed char buffer, NUL-terminated, truncated to fit.
template <std::size_t N>
void copy_text(char (&out)[N], std::string_view text) {
  const std::size_t n = text.size() < N - 1 ? text.size() : N - 1;
  if (n != 0) std::memcpy(out, text.data(), n);  // an empty view's data() may be null
  out[n] = '\0';
}

/// The application, with string views.
struct App {
  const nudge_app* raw = nullptr;
  std::string_view id() const { return view(raw->id); }
  std::string_view position() const { return view(raw->position); }
  std::string_view company() const { return view(raw->company); }
  std::string_view industry() const { return view(raw->industry); }
  std::string_view culture() const { return view(raw->culture); }
  std::string_view candidate_zone() const { return view(raw->candidate_zone); }
  std::string_view stage() const { return view(raw->stage); }
  std::int64_t interview_end() const { return raw->interview_end; }
  bool has_decision_date() const { return raw->decision_date != NUDGE_NO_DATE; }
  std::int32_t decision_date() const { return raw->decision_date; }
  bool busy() const { return (raw->flags & NUDGE_FLAG_BUSY) != 0; }
  bool urgent() const { return (raw->flags & NUDGE_FLAG_URGENT) != 0; }
  bool no_contact() const { return (raw->flags & NUDGE_FLAG_NO_CONTACT) != 0; }
  std::span<const nudge_person> interviewers() const {
    return {raw->interviewers, raw->interviewer_count};
  }
};

/// Accessors for an action (rule id, action name, recipient).
inline std::string_view rule_of(const nudge_action& a) { return view(a.rule); }
inline std::string_view action_of(const nudge_action& a) { return view(a.action); }
/// Writes the note shown in the plan for a change the plugin made.
inline void set_note(nudge_action& a, std::string_view text) { copy_text(a.note, text); }

/// A review's answer.
struct Verdict {
  std::int32_t kind = NUDGE_ALLOW;
  std::int64_t shift_to = 0;
  std::string_view reason;
  static Verdict allow() { return {}; }
  static Verdict shift(std::int64_t to, std::string_view why) { return {NUDGE_SHIFT, to, why}; }
  static Verdict refuse(std::string_view why) { return {NUDGE_REFUSE, 0, why}; }
};

/// The calendar of a policy variant.
struct Calendar {
  nudge_calendar* raw = nullptr;
  std::string_view industry() const { return view(raw->industry); }
  std::string_view culture() const { return view(raw->culture); }
  int first_year() const { return raw->first_year; }
  int last_year() const { return raw->last_year; }
  void set_window(unsigned start_minute, unsigned end_minute) const {
    raw->window_start = start_minute;
    raw->window_end = end_minute;
  }
  /// Bit 0 = Sunday ... bit 6 = Saturday.
  void set_workdays(std::uint32_t mask) const { raw->workdays = mask; }
  std::uint32_t workdays() const { return raw->workdays; }
  /// Adds a holiday; false when the date does not exist.
  bool add_holiday(int year, unsigned month, unsigned day, std::string_view name = {}) const {
    return raw->add_holiday(raw->host, year, month, day, nudge_str{name.data(), name.size()}) ==
           NUDGE_OK;
  }
};

/// Derive from this and override what you need. One instance serves every engine; keep it
/// read-only after construction (hooks may run on several threads).
class Plugin {
 public:
  virtual ~Plugin() = default;
  /// Once per policy variant at load: window, working days, holidays.
  virtual void calendar(Calendar& /*calendar*/) {}
  /// Each time an application is planned: change `at`/`deadline`, set `suppress`, add a note.
  virtual void adjust(const App& /*app*/, std::span<nudge_action> /*actions*/) {}
  /// When an action falls due, before release.
  virtual Verdict review(const App& /*app*/, const nudge_action& /*action*/, std::int64_t /*now*/) {
    return Verdict::allow();
  }
};

namespace detail {

inline int fail(nudge_error* err, const char* what) {
  if (err != nullptr) copy_text(err->message, what != nullptr ? what : "unknown exception");
  return NUDGE_ERROR;
}

template <class T>
struct Exporter {
  static void* init(const nudge_host_info* /*host*/, nudge_error* err) {
    try {
      return static_cast<Plugin*>(new T());
    } catch (const std::exception& e) {
      fail(err, e.what());
    } catch (...) {
      fail(err, "unknown exception in the plugin's constructor");
    }
    return nullptr;
  }
  static void shutdown(void* self) { delete static_cast<Plugin*>(self); }
  static int calendar(void* self, nudge_calendar* cal, nudge_error* err) {
    try {
      Calendar c{cal};
      static_cast<Plugin*>(self)->calendar(c);
      return NUDGE_OK;
    } catch (const std::exception& e) {
      return fail(err, e.what());
    } catch (...) {
      return fail(err, "unknown exception");
    }
  }
  static int adjust(void* self, const nudge_app* app, nudge_action* actions, std::size_t count,
                    nudge_error* err) {
    try {
      static_cast<Plugin*>(self)->adjust(App{app}, std::span<nudge_action>(actions, count));
      return NUDGE_OK;
    } catch (const std::exception& e) {
      return fail(err, e.what());
    } catch (...) {
      return fail(err, "unknown exception");
    }
  }
  static int review(void* self, const nudge_app* app, const nudge_action* action, std::int64_t now,
                    nudge_review* out, nudge_error* err) {
    try {
      const Verdict v = static_cast<Plugin*>(self)->review(App{app}, *action, now);
      out->verdict = v.kind;
      out->shift_to = v.shift_to;
      copy_text(out->reason, v.reason);
      return NUDGE_OK;
    } catch (const std::exception& e) {
      return fail(err, e.what());
    } catch (...) {
      return fail(err, "unknown exception");
    }
  }
  // Hooks `T` does not override stay NULL, so the host neither calls them nor lists them.
  template <class M>
  static constexpr bool overrides =
      !std::is_same_v<M, void (Plugin::*)(Calendar&)> &&
      !std::is_same_v<M, void (Plugin::*)(const App&, std::span<nudge_action>)> &&
      !std::is_same_v<M, Verdict (Plugin::*)(const App&, const nudge_action&, std::int64_t)>;
  static constexpr nudge_plugin_hooks hooks{sizeof(nudge_plugin_hooks),
                                            overrides<decltype(&T::calendar)> ? &calendar : nullptr,
                                            overrides<decltype(&T::adjust)> ? &adjust : nullptr,
                                            overrides<decltype(&T::review)> ? &review : nullptr};
};

}  // namespace detail
}  // namespace nudge::plugin

/// Exports plugin class `Class` (default-constructible, derived from nudge::plugin::Plugin).
/// `layer` is NUDGE_LAYER_INDUSTRY, NUDGE_LAYER_CULTURE or NUDGE_LAYER_COMPANY; `applies_to`
/// a comma-separated list of industries or cultures ("" = all); `policy_toml` a TOML layer
/// string or nullptr.
#define NUDGE_EXPORT_PLUGIN(Class, name, version, description, layer, applies_to, policy_toml) \
  NUDGE_EXPORT_PLUGIN_WITH_MODEL(Class, name, version, description, layer, applies_to,         \
                                 policy_toml, nullptr)

/// The same, with an employer model for `nudge simulate --model PLUGIN.so` (ABI 1.1): the text
/// of a model file (docs/simulation.md), or nullptr.
#define NUDGE_EXPORT_PLUGIN_WITH_MODEL(Class, name, version, description, layer, applies_to, \
                                       policy_toml, model_toml)                              \
  extern "C" __attribute__((visibility("default"))) const nudge_plugin_descriptor*           \
  nudge_plugin_entry(void) {                                                                 \
    static const nudge_plugin_descriptor descriptor{                                         \
        sizeof(nudge_plugin_descriptor),                                                     \
        NUDGE_PLUGIN_ABI_MAJOR,                                                              \
        NUDGE_PLUGIN_ABI_MINOR,                                                              \
        name,                                                                                \
        version,                                                                             \
        description,                                                                         \
        layer,                                                                               \
        applies_to,                                                                          \
        policy_toml,                                                                         \
        &::nudge::plugin::detail::Exporter<Class>::init,                                     \
        &::nudge::plugin::detail::Exporter<Class>::shutdown,                                 \
        &::nudge::plugin::detail::Exporter<Class>::hooks,                                    \
        model_toml};                                                                         \
    return &descriptor;                                                                      \
  }
