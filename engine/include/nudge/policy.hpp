#pragma once
/// @file policy.hpp
/// A policy: the stage graph plus the timing rules, compiled at load into flat tables.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "nudge/export.hpp"
#include "nudge/result.hpp"

namespace nudge {

namespace detail {
struct CompiledPolicy;
}

/// An immutable compiled policy, shared by engines. Cheap to copy (shared ownership).
class NUDGE_API Policy {
 public:
  /// Loads a policy TOML file, following `extends` and the `graph` file it names.
  /// Every error carries file:line:column and says what to change.
  static Result<Policy> load_file(const std::string& path);

  /// The policy's name ([policy] name).
  const std::string& name() const;
  /// A 64-bit hash of the policy's content (rules, calendar, templates, graph), recorded in
  /// snapshots so that a snapshot is never restored under a different policy.
  std::uint64_t content_hash() const;
  /// The rule ids in file order ("R1", "R4", ...).
  std::vector<std::string> rule_ids() const;
  /// The stage graph in Graphviz DOT.
  std::string graph_dot() const;
  /// The files this policy was read from (itself, what it extends, the graph, .ics files).
  const std::vector<std::string>& files() const;

  const detail::CompiledPolicy& compiled() const { return *impl_; }

 private:
  friend class PolicyStack;
  explicit Policy(std::shared_ptr<const detail::CompiledPolicy> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<const detail::CompiledPolicy> impl_;
};

/// Checks that a file is well-formed TOML; a syntax error carries file:line:column.
NUDGE_API Status check_toml_file(const std::string& path);

/// Checks a stage graph file (validation only). Returns the graph's summary on success.
NUDGE_API Result<std::string> validate_graph_file(const std::string& path);
/// Renders a stage graph file as Graphviz DOT.
NUDGE_API Result<std::string> graph_file_to_dot(const std::string& path);

}  // namespace nudge
