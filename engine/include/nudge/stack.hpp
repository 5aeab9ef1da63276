#pragma once
/// @file stack.hpp
/// Policy stacking: base -> industry -> culture -> company -> per-application overrides.
/// Each layer is a TOML policy layer, a plugin, or both. A stack compiles one policy per
/// application group (industry, culture, overrides) the first time an application of that
/// group opens, and keeps it; the hot path only reads compiled tables.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nudge/export.hpp"
#include "nudge/plugins.hpp"
#include "nudge/policy.hpp"
#include "nudge/result.hpp"

namespace nudge {

/// How to build a stack.
struct StackOptions {
  /// The base policy file (e.g. policies/default.toml; it may `extends` another). Its
  /// `[policy] industries` and `cultures` name the folders of the industry and culture layers
  /// (`NAME.toml` each), and `plugins` lists plugin files or folders.
  std::string policy;
  /// When set, every application uses this industry / culture instead of its own.
  std::string industry;
  std::string culture;
  /// A company layer file (TOML layer: no `extends`, no `graph`); empty = none.
  std::string company;
  /// Plugin library files to load (`--plugin FILE`); a failure to load one is an error.
  std::vector<std::string> plugin_files;
  /// Plugins the host loaded itself (Plugin::load, e.g. with a configuration string).
  std::vector<Plugin> plugins;
  /// Folders to scan for plugins, besides the policy's `plugins` and NUDGE_PLUGIN_PATH; a
  /// library there that cannot be loaded is skipped and listed in `refused_plugins()`.
  std::vector<std::string> plugin_dirs;
  /// Also scan the folders in the NUDGE_PLUGIN_PATH environment variable.
  bool use_plugin_path_environment = true;
};

/// One layer of a stack, for listings.
struct LayerInfo {
  std::string kind;    ///< "base", "industry", "culture", "company", "overrides"
  std::string name;    ///< "default", "government", "de", ...
  std::string source;  ///< the file, or "plugin NAME"
};

namespace detail {
struct StackData;
}

/// An immutable set of layers and plugins; cheap to copy (shared), safe to share between
/// engines on several threads.
class NUDGE_API PolicyStack {
 public:
  /// Loads the base policy, every industry and culture layer, the company layer and the
  /// plugins, and compiles the base and each layer over it, so that a broken layer fails here
  /// with file:line:column.
  static Result<PolicyStack> load(const StackOptions& options);
  /// A stack of one compiled policy: no layers, no plugins.
  static PolicyStack single(Policy policy);

  /// The base policy (no layers).
  const Policy& base() const;
  /// The policy for an application group. `industry` and `culture` may be empty (no layer);
  /// an unknown one is kUnknownName naming the known ones. `overrides` is a TOML layer
  /// (the per-application layer, topmost), `overrides_source` names it in messages.
  Result<Policy> policy_for(std::string_view industry, std::string_view culture,
                            std::string_view overrides = {},
                            std::string_view overrides_source = {}) const;
  /// The industry and culture an application of the given groups gets (the forced ones of
  /// StackOptions win).
  std::string effective_industry(std::string_view industry) const;
  std::string effective_culture(std::string_view culture) const;

  /// Known industries and cultures (from layer files and plugins), sorted.
  std::vector<std::string> industries() const;
  std::vector<std::string> cultures() const;
  const std::vector<Plugin>& plugins() const;
  const std::vector<PluginRefusal>& refused_plugins() const;
  /// The layers an application of this group gets, bottom first.
  Result<std::vector<LayerInfo>> layers(std::string_view industry, std::string_view culture) const;

  /// The effective parameters of every rule, calendar, scale, guard and timer for a group,
  /// each with the layer (and file:line:column) that set it; plugins and their hooks.
  Result<std::string> explain(std::string_view industry, std::string_view culture) const;

  /// A hash of everything the stack says (base, layers, plugins), recorded in snapshots.
  std::uint64_t content_hash() const;

  const std::shared_ptr<const detail::StackData>& data() const { return data_; }

 private:
  explicit PolicyStack(std::shared_ptr<const detail::StackData> d) : data_(std::move(d)) {}
  std::shared_ptr<const detail::StackData> data_;
};

}  // namespace nudge
