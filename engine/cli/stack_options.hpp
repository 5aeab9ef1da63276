#pragma once
// Options every command that builds a policy stack understands: --policy, --industry,
// --culture, --company, --plugin.

#include <cstddef>
#include <iosfwd>
#include <string>

#include "cli.hpp"
#include "nudge/stack.hpp"

namespace nudge::cli {

/// What a stack option did with args[i].
enum class OptionMatch { kNo, kYes, kMissingValue };

/// Consumes a stack option at args[i] (and its value, advancing i).
OptionMatch take_stack_option(const Args& args, std::size_t& i, StackOptions& options);

/// Stack options with the default policy and NUDGE_PLUGIN_PATH.
StackOptions default_stack_options();

/// The help lines of the stack options.
const char* stack_options_help();

/// Prints the plugins the stack could not load ("note: ..."), one per line, to `err`.
void print_refused_plugins(const PolicyStack& stack, std::ostream& err);

int run_policy(const Args& args);
void print_policy_help();

}  // namespace nudge::cli
