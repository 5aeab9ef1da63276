// nudge plugins list: the plugins nudge finds, and every library it refuses, with the reason.
#include <unistd.h>

#include <filesystem>
#include <iostream>
#include <string>
#include <system_error>
#include <vector>

#include "cli.hpp"
#include "nudge/plugins.hpp"

namespace nudge::cli {

std::string default_plugin_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
#ifdef NUDGE_INSTALL_PLUGIN_DIR
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path() / ".." / NUDGE_INSTALL_PLUGIN_DIR;
    if (fs::is_directory(installed, ec)) return installed.lexically_normal().string();
  }
#endif
#ifdef NUDGE_DEFAULT_PLUGIN_DIR
  if (fs::is_directory(NUDGE_DEFAULT_PLUGIN_DIR, ec)) return NUDGE_DEFAULT_PLUGIN_DIR;
#endif
  return {};
}

std::string pack_plugin_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  const std::string base = default_plugin_dir();
  if (base.empty()) return {};
  const fs::path packs = fs::path(base) / "packs";
  return fs::is_directory(packs, ec) ? packs.string() : std::string();
}

namespace {

std::string hooks_of(const PluginInfo& info) {
  std::string out;
  auto add = [&](bool has, const char* name) {
    if (!has) return;
    if (!out.empty()) out += ",";
    out += name;
  };
  add(info.has_calendar, "calendar");
  add(info.has_adjust, "adjust");
  add(info.has_review, "review");
  add(info.has_policy, "policy");
  add(info.has_model, "model");
  return out.empty() ? "none" : out;
}

void print_text(const std::vector<std::string>& dirs, const PluginScan& scan) {
  std::cout << "searched:";
  for (const std::string& dir : dirs) std::cout << " " << dir;
  std::cout << (dirs.empty() ? " nothing (set NUDGE_PLUGIN_PATH or use --path)\n" : "\n");
  if (scan.plugins.empty()) std::cout << "no plugins found\n";
  for (const Plugin& plugin : scan.plugins) {
    const PluginInfo& info = plugin.info();
    std::cout << info.name << " " << info.version << " (ABI " << info.abi_major << "."
              << info.abi_minor << ", " << info.layer << " layer, applies to "
              << (info.applies_to.empty() ? "all" : info.applies_to) << ")\n"
              << "  hooks: " << hooks_of(info) << "\n"
              << "  file:  " << info.path << "\n";
  }
  for (const PluginRefusal& refusal : scan.refused) {
    std::cout << "refused: " << refusal.reason << "\n";  // the reason starts with the file
  }
}

void print_json(const std::vector<std::string>& dirs, const PluginScan& scan) {
  std::cout << "{\"directories\": [";
  for (std::size_t i = 0; i < dirs.size(); ++i) {
    std::cout << (i ? ", " : "") << json_string(dirs[i]);
  }
  std::cout << "],\n \"plugins\": [";
  for (std::size_t i = 0; i < scan.plugins.size(); ++i) {
    const PluginInfo& info = scan.plugins[i].info();
    std::cout << (i ? ",\n  " : "\n  ") << "{\"name\": " << json_string(info.name)
              << ", \"version\": " << json_string(info.version) << ", \"abi\": "
              << json_string(std::to_string(info.abi_major) + "." + std::to_string(info.abi_minor))
              << ", \"layer\": " << json_string(info.layer)
              << ", \"applies_to\": " << json_string(info.applies_to) << ", \"hooks\": [";
    const char* sep = "";
    for (auto [has, name] :
         {std::pair{info.has_calendar, "calendar"}, std::pair{info.has_adjust, "adjust"},
          std::pair{info.has_review, "review"}}) {
      if (!has) continue;
      std::cout << sep << json_string(name);
      sep = ", ";
    }
    std::cout << "], \"policy\": " << (info.has_policy ? "true" : "false")
              << ", \"model\": " << (info.has_model ? "true" : "false")
              << ", \"description\": " << json_string(info.description)
              << ", \"file\": " << json_string(info.path) << "}";
  }
  std::cout << (scan.plugins.empty() ? "" : "\n ") << "],\n \"refused\": [";
  for (std::size_t i = 0; i < scan.refused.size(); ++i) {
    std::cout << (i ? ",\n  " : "\n  ") << "{\"file\": " << json_string(scan.refused[i].path)
              << ", \"reason\": " << json_string(scan.refused[i].reason) << "}";
  }
  std::cout << (scan.refused.empty() ? "" : "\n ") << "]}\n";
}

}  // namespace

void print_plugins_help() {
  std::cout << R"(Usage: nudge plugins list [--json] [--path DIR]...

Lists the policy plugins nudge finds and every library it refuses, with the reason.
It looks, in this order, in each directory of NUDGE_PLUGIN_PATH (colon-separated), in the
built-in plugin directory (lib/nudge/plugins of the installation, or the build tree's
plugins/), and in each --path DIR. Each *.so file there is loaded, its ABI checked and its
init called. When two plugins have the same name, the first one found wins.
Exits 1 when a library was refused.

Options:
  --path DIR    look in DIR too (repeatable)
  --json        print JSON instead of text
)";
}

int run_plugins(const Args& args) {
  if (args.empty()) {
    print_plugins_help();
    return kUsageError;
  }
  if (args[0] == "-h" || args[0] == "--help") {
    print_plugins_help();
    return kOk;
  }
  if (args[0] != "list") {
    std::cerr << "nudge plugins: unknown subcommand '" << args[0]
              << "'; use 'nudge plugins list'\n";
    return kUsageError;
  }
  std::vector<std::string> dirs = plugin_path_from_environment();
  if (std::string builtin = default_plugin_dir(); !builtin.empty()) dirs.push_back(builtin);
  if (std::string packs = pack_plugin_dir(); !packs.empty()) dirs.push_back(packs);
  bool json = false;
  for (std::size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "-h" || args[i] == "--help") {
      print_plugins_help();
      return kOk;
    }
    if (args[i] == "--json") {
      json = true;
    } else if (args[i] == "--path") {
      if (i + 1 >= args.size()) {
        std::cerr << "nudge plugins list: --path needs a directory\n";
        return kUsageError;
      }
      dirs.push_back(args[++i]);
    } else {
      std::cerr << "nudge plugins list: unknown argument '" << args[i] << "'\n";
      return kUsageError;
    }
  }
  const PluginScan scan = scan_plugins(dirs);
  if (json) {
    print_json(dirs, scan);
  } else {
    print_text(dirs, scan);
  }
  return scan.refused.empty() ? kOk : kInputError;
}

}  // namespace nudge::cli
