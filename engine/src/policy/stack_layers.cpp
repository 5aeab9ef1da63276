// Policy layers: reading a layer folder, checking a layer's own [policy] table, and merging a
// group's layers (industry, culture, company, plugin layers, overrides) over the base, the way
// `extends` overlays merge (policy_files.cpp), so every value keeps its file:line:column.
#include <algorithm>
#include <filesystem>
#include <map>

#include "plugin/plugin_handle.hpp"
#include "policy/stack_data.hpp"
#include "policy/toml_reader.hpp"

namespace nudge::detail {

namespace fs = std::filesystem;

const char* layer_kind(std::uint32_t layer) {
  switch (layer) {
    case NUDGE_LAYER_INDUSTRY:
      return "industry";
    case NUDGE_LAYER_CULTURE:
      return "culture";
    default:
      return "company";
  }
}

std::vector<std::string> split_names(std::string_view list) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= list.size()) {
    std::size_t comma = list.find(',', start);
    if (comma == std::string_view::npos) comma = list.size();
    std::string_view item = list.substr(start, comma - start);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
    if (!item.empty()) out.emplace_back(item);
    start = comma + 1;
  }
  return out;
}

namespace {

bool valid_group_name(std::string_view name) {
  if (name.empty() || name.size() > 64) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// Checks a layer file's own [policy] table and removes it: a layer's name is its group's, and
// the stack's policy keeps the base's name, graph and plugins.
Status take_layer_header(toml::table& table, const LayerText& layer) {
  toml::table* meta = table["policy"].as_table();
  if (meta == nullptr) return {};
  TableReader r(*meta, layer.file, "[policy]");
  for (const char* key : {"extends", "graph", "industries", "cultures"}) {
    if (r.has(key)) {
      return r.error_at(key, ErrorCode::kInvalidArgument,
                        std::string("a ") + layer.kind + " layer cannot set '" + key +
                            "': the stack puts it over the base policy, which names the graph "
                            "and the layer folders; remove '" +
                            key + "'");
    }
  }
  auto name = r.optional_string("name");
  if (!name) return std::move(name).error();
  if (*name && (layer.kind == "industry" || layer.kind == "culture") && **name != layer.name) {
    return r.error_at("name", ErrorCode::kInvalidArgument,
                      "this " + layer.kind + " layer is named '" + **name +
                          "' but its file says '" + layer.name + "'; the file name (" + layer.name +
                          ".toml) is the " + layer.kind + "'s name, so make them equal");
  }
  auto description = r.optional_string("description");
  if (!description) return std::move(description).error();
  if (layer.kind == "company") r.accept("plugins");  // read at load
  if (auto s = r.finish(); !s) return s;
  table.erase("policy");
  return {};
}

Status merge_layer(MergedPolicy& merged, const LayerText& layer) {
  auto parsed = parse_toml(layer.text, layer.file);
  if (!parsed) return std::move(parsed).error();
  if (auto s = take_layer_header(*parsed, layer); !s) return s;
  if (layer.file.rfind("plugin:", 0) != 0) resolve_paths(*parsed, layer.file);
  merge_into(merged.table, std::move(*parsed));
  merged.files.push_back(layer.file);
  return {};
}

// The plugins of one level serving a group, in load order.
std::vector<const Plugin*> plugins_at(const StackData& d, std::uint32_t level,
                                      std::string_view industry, std::string_view culture) {
  std::vector<const Plugin*> out;
  for (const Plugin& p : d.plugins) {
    const PluginHandle& h = *p.handle();
    if (h.descriptor->layer == level && h.applies(industry, culture)) out.push_back(&p);
  }
  return out;
}

}  // namespace

std::vector<LayerText> layer_texts(const StackData& d, const std::string& industry,
                                   const std::string& culture, std::string_view overrides,
                                   std::string_view overrides_source,
                                   std::vector<std::shared_ptr<const PluginHandle>>* hooks) {
  std::vector<LayerText> out;
  auto add_level = [&](std::uint32_t level, const std::map<std::string, LayerText>* files,
                       const std::string& group) {
    if (files != nullptr && !group.empty()) {
      if (auto it = files->find(group); it != files->end()) out.push_back(it->second);
    }
    if (level == NUDGE_LAYER_COMPANY) {
      for (const LayerText& c : d.company) out.push_back(c);
    }
    for (const Plugin* p : plugins_at(d, level, industry, culture)) {
      const PluginHandle& h = *p->handle();
      if (h.info.has_policy) {
        out.push_back(LayerText{layer_kind(level), h.info.name, "plugin:" + h.info.name,
                                h.descriptor->policy_toml});
      }
      if (hooks != nullptr) hooks->push_back(p->handle());
    }
  };
  add_level(NUDGE_LAYER_INDUSTRY, &d.industries, industry);
  add_level(NUDGE_LAYER_CULTURE, &d.cultures, culture);
  add_level(NUDGE_LAYER_COMPANY, nullptr, {});
  if (!overrides.empty()) {
    out.push_back(LayerText{
        "overrides", "overrides",
        overrides_source.empty() ? std::string("overrides") : std::string(overrides_source),
        std::string(overrides)});
  }
  return out;
}

Result<MergedPolicy> merge_group(const StackData& d, const std::string& industry,
                                 const std::string& culture, std::string_view overrides,
                                 std::string_view overrides_source) {
  auto merged = load_merged_policy(d.options.policy);
  if (!merged) return std::move(merged).error();
  std::vector<std::shared_ptr<const PluginHandle>> hooks;
  for (const LayerText& layer :
       layer_texts(d, industry, culture, overrides, overrides_source, &hooks)) {
    if (auto s = merge_layer(*merged, layer); !s) return std::move(s).error();
  }
  merged->industry = industry;
  merged->culture = culture;
  merged->plugins = std::move(hooks);
  return merged;
}

Result<std::map<std::string, LayerText>> read_layer_folder(const std::string& folder,
                                                           const std::string& kind,
                                                           const std::string& named_in) {
  std::map<std::string, LayerText> out;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    return make_error(ErrorCode::kNotFound, named_in + ": the " + kind + " folder '" + folder +
                                                "' does not exist; create it or fix the path");
  }
  for (const auto& entry : fs::directory_iterator(folder, ec)) {
    if (!entry.is_regular_file() || entry.path().extension() != ".toml") continue;
    const std::string name = entry.path().stem().string();
    const std::string file = (fs::path(folder) / entry.path().filename()).string();
    if (!valid_group_name(name)) {
      return make_error(ErrorCode::kInvalidArgument,
                        file + ": a " + kind +
                            " layer's file name is its name: use lowercase letters, digits, "
                            "'-' or '_' (e.g. retail-hospitality.toml)");
    }
    auto text = read_text_file(file);
    if (!text) return std::move(text).error();
    out.emplace(name, LayerText{kind, name, file, std::move(*text)});
  }
  return out;
}

}  // namespace nudge::detail
