// Policy stacking: the base policy, then an industry layer, a culture layer, a company layer and
// per-application overrides, each a TOML layer, a plugin, or both. This file loads a stack (its
// layer folders, company layer and plugins), checks group names and keeps the per-group cache;
// reading and merging the layers themselves is in stack_layers.cpp.
#include "nudge/stack.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <unordered_map>

#include "common/fnv1a.hpp"
#include "plugin/plugin_handle.hpp"
#include "policy/compiled_policy.hpp"
#include "policy/policy_files.hpp"
#include "policy/stack_data.hpp"
#include "policy/toml_reader.hpp"

namespace nudge {
namespace detail {

namespace fs = std::filesystem;

namespace {

std::string group_key(std::string_view industry, std::string_view culture,
                      std::string_view overrides) {
  std::string key;
  key.reserve(industry.size() + culture.size() + overrides.size() + 2);
  key.append(industry).append(1, '\x1f').append(culture).append(1, '\x1f').append(overrides);
  return key;
}

// Adds a plugin unless one of the same name is loaded already.
void add_plugin(StackData& d, Plugin plugin) {
  for (const Plugin& p : d.plugins) {
    if (p.info().name == plugin.info().name) {
      d.refused.push_back({plugin.info().path, "a plugin named '" + plugin.info().name +
                                                   "' is already loaded from " + p.info().path +
                                                   "; the first one found is used"});
      return;
    }
  }
  d.plugins.push_back(std::move(plugin));
}

void add_scan(StackData& d, const std::vector<std::string>& dirs) {
  PluginScan scan = scan_plugins(dirs);
  for (Plugin& p : scan.plugins) add_plugin(d, std::move(p));
  for (PluginRefusal& r : scan.refused) d.refused.push_back(std::move(r));
}

Result<void> load_plugins(StackData& d, const toml::table& merged) {
  for (const Plugin& p : d.options.plugins) add_plugin(d, p);
  for (const std::string& file : d.options.plugin_files) {
    auto p = Plugin::load(file);
    if (!p) return std::move(p).error();
    add_plugin(d, std::move(*p));
  }
  if (const toml::node* list = merged.at_path("policy.plugins").node()) {
    const std::string at = where(d.options.policy, *list);
    const toml::array* arr = list->as_array();
    if (arr == nullptr) {
      return make_error(ErrorCode::kParse,
                        at + ": 'plugins' must be a list of plugin files or folders");
    }
    for (const toml::node& entry : *arr) {
      auto path = entry.value<std::string>();
      if (!path || !entry.is_string()) {
        return make_error(ErrorCode::kParse, where(d.options.policy, entry) +
                                                 ": 'plugins' entries are paths (strings)");
      }
      std::error_code ec;
      if (fs::is_directory(*path, ec)) {
        add_scan(d, {*path});
      } else {
        auto p = Plugin::load(*path);
        if (!p) {
          return make_error(p.error().code,
                            where(d.options.policy, entry) + ": " + p.error().message);
        }
        add_plugin(d, std::move(*p));
      }
    }
  }
  std::vector<std::string> dirs = d.options.plugin_dirs;
  if (d.options.use_plugin_path_environment) {
    for (std::string& dir : plugin_path_from_environment()) dirs.push_back(std::move(dir));
  }
  if (!dirs.empty()) add_scan(d, dirs);
  return {};
}

std::vector<std::string> known_names(const StackData& d, std::uint32_t level) {
  std::set<std::string> names;
  for (const auto& [name, layer] : level == NUDGE_LAYER_INDUSTRY ? d.industries : d.cultures) {
    names.insert(name);
  }
  for (const Plugin& p : d.plugins) {
    if (p.handle()->descriptor->layer != level) continue;
    for (std::string& n : split_names(p.info().applies_to)) names.insert(std::move(n));
  }
  return {names.begin(), names.end()};
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

Status check_group(const StackData& d, std::uint32_t level, const std::string& name) {
  if (name.empty()) return {};
  const bool configured =
      level == NUDGE_LAYER_INDUSTRY ? d.industries_configured : d.cultures_configured;
  std::vector<std::string> known = known_names(d, level);
  if (!configured && known.empty()) return {};  // no layers of this kind: the base applies
  if (std::find(known.begin(), known.end(), name) != known.end()) return {};
  const char* kind = layer_kind(level);
  return make_error(ErrorCode::kUnknownName,
                    std::string("unknown ") + kind + " '" + name + "'; known " +
                        (level == NUDGE_LAYER_INDUSTRY ? "industries" : "cultures") + ": " +
                        (known.empty() ? std::string("none") : join(known)) +
                        " (or leave it empty for the base policy)");
}

Result<std::shared_ptr<const CompiledPolicy>> compile_group(const StackData& d,
                                                            const std::string& industry,
                                                            const std::string& culture,
                                                            std::string_view overrides,
                                                            std::string_view overrides_source) {
  auto merged = merge_group(d, industry, culture, overrides, overrides_source);
  if (!merged) return std::move(merged).error();
  return compile_policy(*merged);
}

}  // namespace
}  // namespace detail

using detail::StackData;

Result<PolicyStack> PolicyStack::load(const StackOptions& options) {
  auto base = Policy::load_file(options.policy);
  if (!base) return std::move(base).error();
  auto data = std::make_shared<StackData>(std::move(*base));
  StackData& d = *data;
  d.options = options;
  auto merged = detail::load_merged_policy(options.policy);
  if (!merged) return std::move(merged).error();
  const toml::table& t = merged->table;
  for (const char* key : {"industries", "cultures"}) {
    const toml::node* node = t.at_path(std::string("policy.") + key).node();
    if (node == nullptr) continue;
    const std::string at = detail::where(options.policy, *node);
    auto folder = node->value<std::string>();
    if (!folder || !node->is_string()) {
      return make_error(ErrorCode::kParse, at + ": '" + key + "' must be the path of a folder");
    }
    const std::string kind = std::string(key) == "industries" ? "industry" : "culture";
    auto layers = detail::read_layer_folder(*folder, kind, at);
    if (!layers) return std::move(layers).error();
    (kind == "industry" ? d.industries : d.cultures) = std::move(*layers);
    (kind == "industry" ? d.industries_configured : d.cultures_configured) = true;
  }
  if (!options.company.empty()) {
    auto text = detail::read_text_file(options.company);
    if (!text) return std::move(text).error();
    d.company.push_back(detail::LayerText{"company", "company", options.company, *text});
    // A company layer may name its own plugins.
    auto parsed = detail::parse_toml(*text, options.company);
    if (!parsed) return std::move(parsed).error();
    detail::resolve_paths(*parsed, options.company);
    if (const toml::array* list = parsed->at_path("policy.plugins").as_array()) {
      for (const toml::node& entry : *list) {
        if (auto path = entry.value<std::string>()) d.options.plugin_files.push_back(*path);
      }
    }
  }
  if (auto s = detail::load_plugins(d, t); !s) return std::move(s).error();
  for (const Plugin& p : d.plugins) {
    if (!p.info().has_policy) continue;
    // A plugin's own layer must parse; its content is checked below with the groups it serves.
    auto parsed =
        detail::parse_toml(p.handle()->descriptor->policy_toml, "plugin:" + p.info().name);
    if (!parsed) return std::move(parsed).error();
  }
  if (auto s = detail::check_group(d, NUDGE_LAYER_INDUSTRY, options.industry); !s) {
    return std::move(s).error();
  }
  if (auto s = detail::check_group(d, NUDGE_LAYER_CULTURE, options.culture); !s) {
    return std::move(s).error();
  }

  std::uint64_t h = d.base.content_hash();
  for (const auto* layers : {&d.industries, &d.cultures}) {
    for (const auto& [name, layer] : *layers) h = detail::fnv1a(name + "\n" + layer.text, h);
  }
  for (const auto& layer : d.company) h = detail::fnv1a("company\n" + layer.text, h);
  for (const Plugin& p : d.plugins) h = detail::fnv1a(p.info().name + "@" + p.info().version, h);
  h = detail::fnv1a(options.industry + "/" + options.culture, h);
  d.hash = h;

  PolicyStack stack(std::move(data));
  // Every layer must compile over the base on its own: a broken layer fails at load, with
  // its file:line:column, not when the first application of its group opens.
  if (auto p = stack.policy_for({}, {}); !p) return std::move(p).error();
  for (const auto& [name, layer] : stack.data_->industries) {
    if (auto p = stack.policy_for(name, {}); !p) return std::move(p).error();
  }
  for (const auto& [name, layer] : stack.data_->cultures) {
    if (auto p = stack.policy_for({}, name); !p) return std::move(p).error();
  }
  return stack;
}

PolicyStack PolicyStack::single(Policy policy) {
  auto data = std::make_shared<StackData>(policy);
  data->hash = policy.content_hash();
  data->cache.emplace(detail::group_key({}, {}, {}), std::move(policy));
  return PolicyStack(std::move(data));
}

const Policy& PolicyStack::base() const { return data_->base; }

std::string PolicyStack::effective_industry(std::string_view industry) const {
  return data_->options.industry.empty() ? std::string(industry) : data_->options.industry;
}
std::string PolicyStack::effective_culture(std::string_view culture) const {
  return data_->options.culture.empty() ? std::string(culture) : data_->options.culture;
}

Result<Policy> PolicyStack::policy_for(std::string_view industry, std::string_view culture,
                                       std::string_view overrides,
                                       std::string_view overrides_source) const {
  const StackData& d = *data_;
  const std::string i = effective_industry(industry);
  const std::string c = effective_culture(culture);
  const bool layered = !d.options.policy.empty();
  // A single-policy stack has no layers: every group gets the one policy.
  const std::string key =
      layered ? detail::group_key(i, c, overrides) : detail::group_key({}, {}, {});
  {
    std::lock_guard<std::mutex> lock(d.mutex);
    if (auto it = d.cache.find(key); it != d.cache.end()) return it->second;
  }
  if (!layered) {
    if (!overrides.empty()) {
      return make_error(ErrorCode::kInvalidArgument,
                        "per-application overrides need an engine built from a policy stack "
                        "(PolicyStack::load), not from one compiled policy");
    }
    return d.base;
  }
  if (auto s = detail::check_group(d, NUDGE_LAYER_INDUSTRY, i); !s) return std::move(s).error();
  if (auto s = detail::check_group(d, NUDGE_LAYER_CULTURE, c); !s) return std::move(s).error();
  auto compiled = detail::compile_group(d, i, c, overrides, overrides_source);
  if (!compiled) return std::move(compiled).error();
  std::lock_guard<std::mutex> lock(d.mutex);
  return d.cache.emplace(key, Policy(std::move(*compiled))).first->second;
}

std::vector<std::string> PolicyStack::industries() const {
  return detail::known_names(*data_, NUDGE_LAYER_INDUSTRY);
}
std::vector<std::string> PolicyStack::cultures() const {
  return detail::known_names(*data_, NUDGE_LAYER_CULTURE);
}
const std::vector<Plugin>& PolicyStack::plugins() const { return data_->plugins; }
const std::vector<PluginRefusal>& PolicyStack::refused_plugins() const { return data_->refused; }
std::uint64_t PolicyStack::content_hash() const { return data_->hash; }

Result<std::vector<LayerInfo>> PolicyStack::layers(std::string_view industry,
                                                   std::string_view culture) const {
  const StackData& d = *data_;
  const std::string i = effective_industry(industry);
  const std::string c = effective_culture(culture);
  if (auto s = detail::check_group(d, NUDGE_LAYER_INDUSTRY, i); !s) return std::move(s).error();
  if (auto s = detail::check_group(d, NUDGE_LAYER_CULTURE, c); !s) return std::move(s).error();
  std::vector<LayerInfo> out;
  out.push_back(
      {"base", d.base.name(), d.options.policy.empty() ? "(compiled)" : d.options.policy});
  std::vector<std::shared_ptr<const detail::PluginHandle>> hooks;
  for (const auto& layer : detail::layer_texts(d, i, c, {}, {}, &hooks)) {
    std::string source = layer.file;
    if (source.rfind("plugin:", 0) == 0) source = "plugin " + layer.name + " (its TOML layer)";
    out.push_back({layer.kind, layer.name, source});
  }
  for (const auto& h : hooks) {
    std::string list;
    if (h->info.has_calendar) list += "calendar ";
    if (h->info.has_adjust) list += "adjust ";
    if (h->info.has_review) list += "review ";
    if (list.empty()) continue;
    list.pop_back();
    out.push_back({std::string(detail::layer_kind(h->descriptor->layer)) + " plugin", h->info.name,
                   "hooks: " + list + " (" + h->info.path + ")"});
  }
  return out;
}

}  // namespace nudge
