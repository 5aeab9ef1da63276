// Finding, loading, checking and initialising plugins (Boost.DLL). Every refusal names the file
// and says what to change; nothing a plugin does (a bad descriptor, an exception) reaches the
// host. The hook calls live in plugin_handle.cpp.
#include <dlfcn.h>

#include <algorithm>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "nudge/plugin_abi.h"
#include "nudge/plugins.hpp"
#include "plugin/plugin_handle.hpp"

#ifndef NUDGE_VERSION_STRING
#define NUDGE_VERSION_STRING "0.0.0"
#endif

namespace nudge {
namespace {

// The descriptor and hook table of ABI 1.0 end with these fields: a plugin of ABI 1.x has at
// least this much (later minors only append).
constexpr std::size_t kDescriptorSizeV1_0 =
    offsetof(nudge_plugin_descriptor, hooks) +
    sizeof(nudge_plugin_descriptor::hooks);  // NOLINT(bugprone-sizeof-expression): the field
constexpr std::size_t kHooksSizeV1_0 =
    offsetof(nudge_plugin_hooks, review) + sizeof(nudge_plugin_hooks::review);
// Enough of the descriptor to read its ABI version.
constexpr std::size_t kDescriptorVersionSize =
    offsetof(nudge_plugin_descriptor, abi_minor) + sizeof(nudge_plugin_descriptor::abi_minor);
constexpr std::size_t kMaxNameLength = 64;

Error refuse(ErrorCode code, const std::string& path, const std::string& what) {
  return make_error(code, path + ": " + what);
}

std::string text_or_empty(const char* s) { return s == nullptr ? std::string{} : std::string(s); }

// The NUL-terminated message a plugin wrote into `err` (it may have filled all of it).
std::string message_of(nudge_error& err) {
  err.message[sizeof err.message - 1] = '\0';
  return std::string(err.message, strnlen(err.message, sizeof err.message));
}

bool valid_name(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameLength) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '_';
  });
}

const char* layer_name(std::uint32_t layer) {
  switch (layer) {
    case NUDGE_LAYER_INDUSTRY:
      return "industry";
    case NUDGE_LAYER_CULTURE:
      return "culture";
    case NUDGE_LAYER_COMPANY:
      return "company";
    default:
      return nullptr;
  }
}

// dlerror()'s text without the leading "PATH: " it usually repeats.
std::string load_failure(const std::string& path) {
  const char* raw = dlerror();
  std::string text = raw != nullptr ? raw : "the dynamic loader gave no reason";
  if (text.rfind(path + ": ", 0) == 0) text.erase(0, path.size() + 2);
  return text;
}

// Calls the entry point; nullptr (with `error` set) when it threw.
const nudge_plugin_descriptor* call_entry(nudge_plugin_entry_fn entry, std::string& error) {
  try {
    return entry();
  } catch (const std::exception& e) {
    error = std::string("nudge_plugin_entry threw: ") + e.what();
  } catch (...) {
    error = "nudge_plugin_entry threw an exception";
  }
  return nullptr;
}

// Reads the descriptor into `h` (info, hooks); an error says what is wrong with it.
Result<void> read_descriptor(const std::string& path, detail::PluginHandle& h) {
  const nudge_plugin_descriptor* d = h.descriptor;
  if (d->struct_size < kDescriptorVersionSize) {
    return refuse(ErrorCode::kInvalidArgument, path,
                  "its descriptor's struct_size is " + std::to_string(d->struct_size) +
                      " bytes, too small to hold an ABI version; set struct_size = "
                      "sizeof(nudge_plugin_descriptor)");
  }
  if (d->abi_major != NUDGE_PLUGIN_ABI_MAJOR) {
    return refuse(ErrorCode::kMismatch, path,
                  "built for plugin ABI " + std::to_string(d->abi_major) + "." +
                      std::to_string(d->abi_minor) + "; this nudge supports ABI " +
                      std::to_string(NUDGE_PLUGIN_ABI_MAJOR) +
                      ".x: rebuild it against nudge's plugin_abi.h");
  }
  if (d->struct_size < kDescriptorSizeV1_0) {
    return refuse(ErrorCode::kInvalidArgument, path,
                  "its descriptor's struct_size is " + std::to_string(d->struct_size) +
                      " bytes, smaller than the " + std::to_string(kDescriptorSizeV1_0) +
                      " bytes of ABI 1.0; set struct_size = sizeof(nudge_plugin_descriptor)");
  }
  if (d->name == nullptr || d->name[0] == '\0') {
    return refuse(ErrorCode::kInvalidArgument, path,
                  "its descriptor has no name; give it a unique name of letters, digits, "
                  "'-' and '_'");
  }
  const std::string name(d->name, strnlen(d->name, kMaxNameLength + 1));
  if (!valid_name(name)) {
    return refuse(
        ErrorCode::kInvalidArgument, path,
        "plugin name '" + name + "' is invalid; use 1 to 64 letters, digits, '-' and '_'");
  }
  const char* layer = layer_name(d->layer);
  if (layer == nullptr) {
    return refuse(ErrorCode::kInvalidArgument, path,
                  "plugin '" + name + "' has unknown layer " + std::to_string(d->layer) +
                      "; use NUDGE_LAYER_INDUSTRY (1), NUDGE_LAYER_CULTURE (2) or "
                      "NUDGE_LAYER_COMPANY (3)");
  }
  if (d->hooks != nullptr && d->hooks->struct_size < kHooksSizeV1_0) {
    return refuse(ErrorCode::kInvalidArgument, path,
                  "plugin '" + name + "': its hook table's struct_size is " +
                      std::to_string(d->hooks->struct_size) + " bytes, smaller than the " +
                      std::to_string(kHooksSizeV1_0) +
                      " bytes of ABI 1.0; set struct_size = sizeof(nudge_plugin_hooks)");
  }
  h.hooks = d->hooks;
  PluginInfo& info = h.info;
  info.name = name;
  info.version = text_or_empty(d->version);
  info.description = text_or_empty(d->description);
  info.path = path;
  info.layer = layer;
  info.applies_to = text_or_empty(d->applies_to);
  info.abi_major = d->abi_major;
  info.abi_minor = d->abi_minor;
  info.has_policy = d->policy_toml != nullptr && d->policy_toml[0] != '\0';
  info.has_model = !h.model_toml().empty();
  info.has_calendar = h.hooks != nullptr && h.hooks->calendar != nullptr;
  info.has_adjust = h.hooks != nullptr && h.hooks->adjust != nullptr;
  info.has_review = h.hooks != nullptr && h.hooks->review != nullptr;
  return {};
}

// Calls the plugin's init (when it has one) and stores its state in `h.self`.
Result<void> start(const std::string& path, std::string_view config, detail::PluginHandle& h) {
  const nudge_plugin_descriptor* d = h.descriptor;
  if (d->init == nullptr) return {};  // a plugin without state
  static constexpr std::string_view kHostVersion = NUDGE_VERSION_STRING;
  const nudge_host_info host{
      sizeof(nudge_host_info), NUDGE_PLUGIN_ABI_MAJOR, NUDGE_PLUGIN_ABI_MINOR,
      nudge_str{kHostVersion.data(), kHostVersion.size()}, nudge_str{config.data(), config.size()}};
  nudge_error err{};
  const std::string who = "plugin '" + h.info.name + "': ";
  try {
    h.self = d->init(&host, &err);
  } catch (const std::exception& e) {
    return refuse(ErrorCode::kInvalidArgument, path, who + "init threw: " + e.what());
  } catch (...) {
    return refuse(ErrorCode::kInvalidArgument, path, who + "init threw an exception");
  }
  if (h.self == nullptr) {
    std::string why = message_of(err);
    if (why.empty()) why = "init returned NULL without a message";
    return refuse(ErrorCode::kInvalidArgument, path, who + "init failed: " + why);
  }
  return {};
}

}  // namespace

Result<Plugin> Plugin::load(const std::string& path, std::string_view config) {
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (path.empty() || !fs::exists(status)) {
    return refuse(ErrorCode::kNotFound, path,
                  "no such file; check the path (or NUDGE_PLUGIN_PATH)");
  }
  if (fs::is_directory(status)) {
    return refuse(ErrorCode::kInvalidArgument, path,
                  "is a directory; name the plugin's .so file (or use it as a plugin directory)");
  }
  auto handle = std::make_shared<detail::PluginHandle>();
  boost::dll::fs::error_code load_ec;
  // rtld_now: a missing symbol refuses the plugin here, not in the middle of a hook.
  // rtld_local: two plugins never see each other's symbols.
  handle->library.load(path, boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local,
                       load_ec);
  if (load_ec || !handle->library.is_loaded()) {
    return refuse(ErrorCode::kInvalidArgument, path,
                  "cannot be loaded as a shared library: " + load_failure(path) +
                      "; build the plugin as a shared library (CMake: add_library(NAME MODULE "
                      "...))");
  }
  if (!handle->library.has(NUDGE_PLUGIN_ENTRY_SYMBOL)) {
    return refuse(ErrorCode::kInvalidArgument, path,
                  "exports no 'nudge_plugin_entry'; export it with NUDGE_EXPORT_PLUGIN or "
                  "extern \"C\"");
  }
  const auto entry =
      handle->library.get<const nudge_plugin_descriptor*()>(NUDGE_PLUGIN_ENTRY_SYMBOL);
  std::string entry_error;
  handle->descriptor = call_entry(entry, entry_error);
  if (!entry_error.empty()) return refuse(ErrorCode::kInvalidArgument, path, entry_error);
  if (handle->descriptor == nullptr) {
    return refuse(ErrorCode::kInvalidArgument, path,
                  "nudge_plugin_entry returned NULL; return a pointer to a static "
                  "nudge_plugin_descriptor");
  }
  if (auto read = read_descriptor(path, *handle); !read) return std::move(read).error();
  if (auto started = start(path, config, *handle); !started) return std::move(started).error();
  return Plugin(std::move(handle));
}

const PluginInfo& Plugin::info() const { return handle_->info; }

PluginScan scan_plugins(const std::vector<std::string>& directories) {
  namespace fs = std::filesystem;
  PluginScan scan;
  std::map<std::string, std::string, std::less<>> loaded_from;  // name -> file
  for (const std::string& dir : directories) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) {
      scan.refused.push_back(
          {dir, dir + (fs::exists(dir, ec) ? ": not a directory; name a directory of plugins"
                                           : ": no such directory; check the plugin path")});
      continue;
    }
    std::vector<std::string> files;
    fs::directory_iterator it(dir, ec);
    for (; !ec && it != fs::directory_iterator(); it.increment(ec)) {
      const fs::path& p = it->path();
      std::error_code file_ec;
      if (p.extension() == ".so" && !fs::is_directory(p, file_ec)) files.push_back(p.string());
    }
    if (ec) {
      scan.refused.push_back({dir, dir + ": cannot be read: " + ec.message()});
      continue;
    }
    std::sort(files.begin(), files.end());
    for (const std::string& file : files) {
      auto plugin = Plugin::load(file);
      if (!plugin) {
        scan.refused.push_back({file, plugin.error().message});
        continue;
      }
      const std::string& name = plugin->info().name;
      if (auto first = loaded_from.find(name); first != loaded_from.end()) {
        scan.refused.push_back({file, file + ": plugin '" + name + "' is already loaded from " +
                                          first->second +
                                          "; remove one of the two or give it another name"});
        continue;
      }
      loaded_from.emplace(name, file);
      scan.plugins.push_back(std::move(plugin).value());
    }
  }
  return scan;
}

std::vector<std::string> plugin_path_from_environment() {
  std::vector<std::string> dirs;
  const char* env = std::getenv("NUDGE_PLUGIN_PATH");
  if (env == nullptr) return dirs;
  std::string_view rest(env);
  while (!rest.empty()) {
    const std::size_t colon = rest.find(':');
    const std::string_view entry = rest.substr(0, colon);
    if (!entry.empty()) dirs.emplace_back(entry);
    if (colon == std::string_view::npos) break;
    rest.remove_prefix(colon + 1);
  }
  return dirs;
}

}  // namespace nudge
