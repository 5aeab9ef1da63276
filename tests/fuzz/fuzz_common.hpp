#pragma once
// Helpers shared by the fuzz targets: the source tree's files, the default policy and stack,
// a sample application, the checks every error must pass, and a guard against inputs that
// name files (those would make a target read the file system instead of its input).

#include <toml++/toml.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nudge/engine.hpp"
#include "nudge/stack.hpp"

namespace nudge::fuzz {

inline std::string source_path(std::string_view relative) {
  return std::string(NUDGE_SOURCE_DIR) + "/" + std::string(relative);
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

/// Stops the run with a message: a property the target checks does not hold.
[[noreturn]] inline void fail(const std::string& what) {
  std::fprintf(stderr, "fuzz property violated: %s\n", what.c_str());
  std::abort();
}

/// Every refusal must say what is wrong: a non-ok code and a message.
inline void check_error(const Error& e) {
  if (e.code == ErrorCode::kOk || e.message.empty()) fail("an error without code or message");
}

inline const Policy& default_policy() {
  static const Policy policy = [] {
    auto p = Policy::load_file(source_path("policies/default.toml"));
    if (!p) fail("cannot load the default policy: " + p.error().message);
    return *p;
  }();
  return policy;
}

/// The default stack (industry and culture layers from the shipped packs, no plugins).
inline PolicyStack load_default_stack() {
  StackOptions options;
  options.policy = source_path("policies/default.toml");
  options.use_plugin_path_environment = false;
  auto stack = PolicyStack::load(options);
  if (!stack) fail("cannot load the default stack: " + stack.error().message);
  return *stack;
}

/// True when `table` (or a table or array of tables inside it) has one of `keys`.
inline bool has_key(const toml::node& node, std::initializer_list<std::string_view> keys) {
  if (const auto* t = node.as_table()) {
    for (const auto& [k, v] : *t) {
      for (std::string_view key : keys) {
        if (k.str() == key) return true;
      }
      if (has_key(v, keys)) return true;
    }
  } else if (const auto* a = node.as_array()) {
    for (const auto& v : *a) {
      if (has_key(v, keys)) return true;
    }
  }
  return false;
}

/// Parses TOML text without the engine (for the file-name guard); nullopt on a syntax error.
inline std::optional<toml::table> parse_plain(std::string_view text) {
  try {
    return toml::parse(text);
  } catch (const toml::parse_error&) {
    return std::nullopt;
  }
}

/// The panel interview of the worked examples (Ana in Chicago, primary; Ben in Berlin).
inline ApplicationContext sample_app(std::string id = "app-1") {
  ApplicationContext app;
  app.id = std::move(id);
  app.position = "Data Engineer";
  app.company = "Acme";
  app.candidate_zone = "America/New_York";
  app.interview_end = *parse_rfc3339("2026-11-23T11:30:00-05:00");
  Interviewer ana;
  ana.name = "Ana";
  ana.role = "hr";
  ana.zone = "America/Chicago";
  ana.primary = true;
  ana.topics = {"the data platform"};
  Interviewer ben;
  ben.name = "Ben";
  ben.role = "manager";
  ben.zone = "Europe/Berlin";
  app.interviewers = {ana, ben};
  return app;
}

/// Runs an open application through time: plans, advances in steps over `days`, restores a
/// snapshot taken on the way into a second engine built by `make()`, and checks that the
/// restored engine snapshots to the same text and then releases the same actions.
template <class MakeEngine>
void exercise(Engine& engine, std::string_view id, MakeEngine make, int days = 200) {
  auto plan = engine.plan(id);
  if (!plan) check_error(plan.error());
  std::vector<DueAction> out, copied;
  std::optional<Engine> copy;
  const Instant start = engine.now();
  for (int step = 1; step <= 8; ++step) {
    const Instant t = start + std::chrono::hours(24 * days * step / 8);
    out.clear();
    copied.clear();
    if (auto s = engine.advance(t, out); !s) fail("advance refused: " + s.error().message);
    for (const DueAction& d : out) (void)engine.describe(d);
    if (copy) {
      if (auto s = copy->advance(t, copied); !s) fail("advance refused after restore");
      if (copied.size() != out.size()) fail("a restored engine releases other actions");
      for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i].at != copied[i].at || out[i].rule != copied[i].rule ||
            out[i].recipient != copied[i].recipient) {
          fail("a restored engine releases other actions");
        }
      }
    }
    if (step == 3) {
      const std::string snap = engine.snapshot();
      copy.emplace(make());
      if (auto s = copy->restore(snap); !s) fail("own snapshot refused: " + s.error().message);
      if (copy->snapshot() != snap) fail("a restored engine snapshots differently");
    }
  }
}

}  // namespace nudge::fuzz
