#pragma once
// Reading policy files: `extends` chains merged into one TOML table, relative paths resolved
// against the file that names them.

#include <toml++/toml.h>

#include <memory>
#include <string>
#include <vector>

#include "nudge/result.hpp"

namespace nudge::detail {

/// The merged content of a policy file and everything it extends.
struct MergedPolicy {
  toml::table table;
  std::vector<std::string> files;  ///< every file read, the named one first
};

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
