// The policy-stack options shared by `nudge plan` and `nudge policy explain`.
#include "stack_options.hpp"

#include <ostream>

namespace nudge::cli {

StackOptions default_stack_options() {
  StackOptions options;
  options.policy = default_policy();
  // The pack plugins (culture holidays beyond the TOML years, industry seasons) come with the
  // default policy's packs.
  if (std::string packs = pack_plugin_dir(); !packs.empty()) options.plugin_dirs.push_back(packs);
  return options;
}

OptionMatch take_stack_option(const Args& args, std::size_t& i, StackOptions& options) {
  const std::string& a = args[i];
  std::string* target = nullptr;
  if (a == "--policy") target = &options.policy;
  if (a == "--industry") target = &options.industry;
  if (a == "--culture") target = &options.culture;
  if (a == "--company") target = &options.company;
  const bool plugin = a == "--plugin";
  if (target == nullptr && !plugin) return OptionMatch::kNo;
  if (i + 1 >= args.size()) return OptionMatch::kMissingValue;
  if (plugin) {
    options.plugin_files.push_back(args[++i]);
  } else {
    *target = args[++i];
  }
  return OptionMatch::kYes;
}

const char* stack_options_help() {
  return R"(  --policy FILE    the base policy (default: default.toml in the policy directory)
  --industry NAME  use this industry's layer for the application (instead of its own
                   'industry'); NAME.toml in the base policy's industries folder or a plugin
  --culture NAME   the same for the culture layer
  --company FILE   a company layer on top (a TOML policy layer, see docs/policy-format.md)
  --plugin FILE    load a plugin library (repeatable); NUDGE_PLUGIN_PATH folders are
                   scanned too
)";
}

void print_refused_plugins(const PolicyStack& stack, std::ostream& err) {
  for (const PluginRefusal& r : stack.refused_plugins()) {
    err << "note: plugin not loaded: " << r.path << ": " << r.reason << "\n";
  }
}

}  // namespace nudge::cli
