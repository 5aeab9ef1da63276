#pragma once
// A loaded plugin as the engine uses it: the library (kept mapped), the descriptor, the state
// `init` returned, and calls into its hooks that never let a failure reach the host.

#include <boost/dll/shared_library.hpp>

#include <cstdint>
#include <string>

#include "nudge/plugin_abi.h"
#include "nudge/plugins.hpp"

namespace nudge::detail {

struct PluginHandle {
  PluginHandle() = default;
  PluginHandle(const PluginHandle&) = delete;
  PluginHandle& operator=(const PluginHandle&) = delete;
  /// Calls the plugin's shutdown, then unloads the library (member order: `library` last).
  ~PluginHandle();

  boost::dll::shared_library library;
  const nudge_plugin_descriptor* descriptor = nullptr;
  const nudge_plugin_hooks* hooks = nullptr;  ///< nullptr when the plugin has none
  void* self = nullptr;                       ///< what init returned
  PluginInfo info;

  /// The employer model the plugin brings (ABI 1.1 `model_toml`), or "" when it has none or
  /// its descriptor predates the field.
  std::string_view model_toml() const;

  /// True when `industry`/`culture` is served (by applies_to and layer).
  bool applies(std::string_view industry, std::string_view culture) const;

  // Hook calls. Each returns true on success; on failure (NUDGE_ERROR, or an exception that
  // escaped the hook) it returns false and sets `error` to "plugin 'NAME': <message>".
  // A hook the plugin does not supply succeeds and changes nothing.
  bool call_calendar(nudge_calendar& cal, std::string& error) const;
  bool call_adjust(const nudge_app& app, nudge_action* actions, std::size_t count,
                   std::string& error) const;
  bool call_review(const nudge_app& app, const nudge_action& action, std::int64_t now,
                   nudge_review& out, std::string& error) const;
};

}  // namespace nudge::detail
