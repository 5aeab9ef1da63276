#pragma once
// Helpers for the store, C API and serve tests: the default stack, the panel application as
// TOML, temporary files.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "nudge/stack.hpp"
#include "nudge/store.hpp"
#include "nudge/time.hpp"

namespace nudge::test {

inline const PolicyStack& default_stack() {
  static const PolicyStack stack = [] {
    StackOptions o;
    o.policy = std::string(NUDGE_SOURCE_DIR) + "/policies/default.toml";
    o.use_plugin_path_environment = false;
    auto s = PolicyStack::load(o);
    if (!s) throw std::runtime_error(s.error().message);
    return *s;
  }();
  return stack;
}

/// The stack the `nudge` command builds by default: the default policy and the pack plugins
/// (plugins/packs), whose names and versions are part of the stack's hash.
inline const PolicyStack& cli_default_stack() {
  static const PolicyStack stack = [] {
    StackOptions o;
    o.policy = std::string(NUDGE_SOURCE_DIR) + "/policies/default.toml";
    o.plugin_dirs = {NUDGE_PACK_PLUGIN_DIR};
    o.use_plugin_path_environment = false;
    auto s = PolicyStack::load(o);
    if (!s) throw std::runtime_error(s.error().message);
    return *s;
  }();
  return stack;
}

/// The store at `db` under the default stack (throws what Store::open refuses).
inline Store open_store(const std::filesystem::path& db, const StoreOptions& options = {}) {
  auto s = Store::open(db.string(), default_stack(), options);
  if (!s) throw std::runtime_error(s.error().message);
  return std::move(*s);
}

/// The panel interview of policies/examples/panel.toml with another id.
inline std::string panel_toml(const std::string& id) {
  return "id = \"" + id + R"("
position = "Data Engineer"
company = "Acme"
candidate_zone = "America/New_York"
interview_end = 2026-11-23T11:30:00-05:00

[[interviewers]]
name = "Ana Ruiz"
role = "hr"
zone = "America/Chicago"
primary = true
topics = ["the data platform migration"]

[[interviewers]]
name = "Ben Keller"
role = "manager"
zone = "Europe/Berlin"
topics = ["streaming pipelines"]
)";
}

inline Instant utc(const char* rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  if (!t) throw std::runtime_error(t.error().message);
  return *t;
}

/// A fresh directory under the build tree, removed first.
inline std::filesystem::path fresh_dir(const std::string& name) {
  auto dir = std::filesystem::path(NUDGE_BINARY_DIR) / "test-tmp" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

inline std::string read_file(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

}  // namespace nudge::test
