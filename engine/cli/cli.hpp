#pragma once
// Shared pieces of the nudge command: argument lists, the default policy, output helpers.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace nudge::cli {

using Args = std::vector<std::string>;

/// Exit codes: 0 success, 1 bad input (a file, an event), 2 bad usage (unknown option).
inline constexpr int kOk = 0;
inline constexpr int kInputError = 1;
inline constexpr int kUsageError = 2;

/// The directory holding stages.toml and default.toml: $NUDGE_POLICY_DIR, else
/// ../share/nudge/policies or ../policies next to the executable, else the source tree's.
std::string policy_dir();
/// The default policy file.
std::string default_policy();
/// The built-in plugin folder: ../lib/nudge/plugins next to an installed nudge, else the
/// build tree's plugins/ (NUDGE_DEFAULT_PLUGIN_DIR). Empty when neither exists.
std::string default_plugin_dir();
/// Its packs/ subfolder (the industry and culture pack plugins), loaded by default; empty
/// when it does not exist.
std::string pack_plugin_dir();

/// JSON string literal for `s` (quotes included).
std::string json_string(std::string_view s);

/// A numeric option's value: all of `text` as a decimal number from `min` to `max` (no sign,
/// space or suffix: "-1" and "5x" are refused, not read as 4294967295 and 5), else nullopt.
std::optional<std::uint64_t> parse_option_number(std::string_view text, std::uint64_t min,
                                                 std::uint64_t max);

int run_plan(const Args& args);
int run_validate(const Args& args);
int run_graph(const Args& args);
int run_plugins(const Args& args);
void print_plan_help();
void print_validate_help();
void print_graph_help();
void print_plugins_help();
int run_simulate(const Args& args);
void print_simulate_help();
int run_serve(const Args& args);
void print_serve_help();

}  // namespace nudge::cli
