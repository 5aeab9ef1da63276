#pragma once
// The policy stack's private state, shared by stack.cpp (loading, groups) and
// stack_explain.cpp (`nudge policy explain`).

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "nudge/stack.hpp"
#include "policy/policy_files.hpp"

namespace nudge::detail {

/// A TOML layer's text, read once at load.
struct LayerText {
  std::string kind;  ///< industry, culture, company, overrides
  std::string name;
  std::string file;  ///< path, or "plugin:NAME" for a plugin's own layer
  std::string text;
};

struct StackData {
  StackOptions options;
  Policy base;
  std::map<std::string, LayerText> industries;  ///< by name
  std::map<std::string, LayerText> cultures;
  std::vector<LayerText> company;  ///< zero or one
  bool industries_configured = false;
  bool cultures_configured = false;
  std::vector<Plugin> plugins;
  std::vector<PluginRefusal> refused;
  std::uint64_t hash = 0;

  mutable std::mutex mutex;
  mutable std::unordered_map<std::string, Policy> cache;  ///< by group key

  explicit StackData(Policy p) : base(std::move(p)) {}
};

/// "industry", "culture" or "company" for a NUDGE_LAYER_* value.
const char* layer_kind(std::uint32_t layer);

/// The names in a comma-separated list ("br, de" -> {"br", "de"}).
std::vector<std::string> split_names(std::string_view list);

/// Every layer of a group, bottom first (the base excluded); `hooks` (if given) receives the
/// plugins whose hooks serve the group, in stack order.
std::vector<LayerText> layer_texts(const StackData& d, const std::string& industry,
                                   const std::string& culture, std::string_view overrides,
                                   std::string_view overrides_source,
                                   std::vector<std::shared_ptr<const PluginHandle>>* hooks);

/// The layers in a folder (`NAME.toml` each), read once; `named_in` locates the key naming it.
Result<std::map<std::string, LayerText>> read_layer_folder(const std::string& folder,
                                                           const std::string& kind,
                                                           const std::string& named_in);

/// The merged TOML of a group: the base, then every layer of the group, bottom first.
Result<MergedPolicy> merge_group(const StackData& d, const std::string& industry,
                                 const std::string& culture, std::string_view overrides,
                                 std::string_view overrides_source);

}  // namespace nudge::detail
