#pragma once
// Reading policy files: `extends` chains merged into one TOML table, relative paths resolved
// against the file that names them.

#include <toml++/toml.h>

#include <memory>
#include <string>
#include <vector>

#include "nudge/result.hpp"

namespace nudge::detail {

struct PluginHandle;

/// The merged content of a policy file and everything it extends.
struct MergedPolicy {
  toml::table table;
  std::vector<std::string> files;  ///< every file read, the named one first
  /// The application group this merge is for (a stack's variant); rules with `industries` or
  /// `cultures` filters are enabled only when these match. Empty = none.
  std::string industry;
  std::string culture;
  /// Plugins whose hooks the compiled policy calls (in stack order).
  std::vector<std::shared_ptr<const PluginHandle>> plugins;
};

/// Rewrites the path-valued keys of one file's table (graph, industries, cultures, plugins,
/// holidays_ics) to be relative to the current directory instead of the file's folder.
void resolve_paths(toml::table& table, const std::string& file);

/// Merges `overlay` over `base` as `extends` does (docs/policy-format.md), moving its nodes so
/// that each keeps its file:line:column. `public_holidays` arrays add up instead of replacing.
void merge_into(toml::table& base, toml::table&& overlay);

/// Loads `path`, follows `[policy] extends` (at most 8 deep, no cycles) and merges each
/// overlay over its base: tables merge key by key, `[[rule]]` entries merge by `id`,
/// `[[timer]]` by `event`, `[[guard]]` entries replace the base's guards of the same `rule`,
/// other values replace. Paths in `policy.graph` and `calendar.holidays_ics` are resolved
/// against the folder of the file that names them. Every node keeps its own file:line:column.
Result<MergedPolicy> load_merged_policy(const std::string& path);

/// Compiles a merged policy into flat tables.
struct CompiledPolicy;
Result<std::shared_ptr<const CompiledPolicy>> compile_policy(const MergedPolicy& merged);

}  // namespace nudge::detail
