#pragma once
/// @file plugins.hpp
/// Loading policy plugins (shared libraries built against plugin_abi.h / plugin.hpp).
/// A loaded plugin keeps its library mapped for as long as any copy of its `Plugin` handle,
/// or any policy or engine using it, is alive; the library is unloaded only after the
/// plugin's `shutdown` ran, when the last of them goes.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nudge/export.hpp"
#include "nudge/result.hpp"

namespace nudge {

/// What a plugin says about itself.
struct PluginInfo {
  std::string name;
  std::string version;
  std::string description;
  std::string path;        ///< the library file it was loaded from
  std::string layer;       ///< "industry", "culture" or "company"
  std::string applies_to;  ///< comma-separated industries or cultures; "" = every application
  std::uint32_t abi_major = 0;
  std::uint32_t abi_minor = 0;
  bool has_policy = false;  ///< it brings a TOML policy layer
  bool has_model = false;   ///< it brings an employer model for `nudge simulate` (ABI 1.1)
  bool has_calendar = false;
  bool has_adjust = false;
  bool has_review = false;
};

/// A library that could not be used, and why (file missing, not a shared library, no entry
/// point, ABI major mismatch, init failure, ...).
struct PluginRefusal {
  std::string path;
  std::string reason;
};

namespace detail {
struct PluginHandle;
}

/// A loaded, initialised plugin. Cheap to copy (shared ownership of the library).
class NUDGE_API Plugin {
 public:
  /// Loads the shared library at `path` (RTLD_NOW), finds `nudge_plugin_entry`, checks the
  /// ABI and calls the plugin's `init` with `config`. Refusals are kNotFound (no such file),
  /// kInvalidArgument (not a shared library, no entry point, bad descriptor, init failure)
  /// or kMismatch (ABI major differs: the message names both versions); the host is never
  /// affected by a refused plugin.
  static Result<Plugin> load(const std::string& path, std::string_view config = {});

  const PluginInfo& info() const;
  const std::shared_ptr<const detail::PluginHandle>& handle() const { return handle_; }

 private:
  explicit Plugin(std::shared_ptr<const detail::PluginHandle> h) : handle_(std::move(h)) {}
  std::shared_ptr<const detail::PluginHandle> handle_;
};

/// What a directory scan found.
struct PluginScan {
  std::vector<Plugin> plugins;         ///< loaded, in file-name order per directory
  std::vector<PluginRefusal> refused;  ///< every library that could not be loaded, and why
};

/// Loads every `*.so` file in each directory (not recursive), in order. A directory that
/// does not exist is reported as a refusal. Two plugins with the same name: the first wins,
/// the second is refused naming both files.
NUDGE_API PluginScan scan_plugins(const std::vector<std::string>& directories);

/// The directories named in the NUDGE_PLUGIN_PATH environment variable (colon-separated,
/// empty entries skipped); empty when it is not set.
NUDGE_API std::vector<std::string> plugin_path_from_environment();

}  // namespace nudge
