// `nudge policy explain`: the effective parameters of a group's policy, each with the layer that
// set it. The merged TOML keeps every value's source file and position (policy_files.cpp), so
// the layer is read off the value itself, not guessed.
#include <algorithm>
#include <iomanip>
#include <map>
#include <sstream>

#include "nudge/stack.hpp"
#include "plugin/plugin_handle.hpp"
#include "policy/compiled_policy.hpp"
#include "policy/stack_data.hpp"
#include "policy/toml_reader.hpp"

namespace nudge {
namespace {

using detail::LayerText;
using detail::StackData;

constexpr std::size_t kValueColumn = 44;

class Explainer {
 public:
  Explainer(const StackData& d, const std::string& industry, const std::string& culture)
      : industry_(industry), culture_(culture) {
    auto add = [this](const std::map<std::string, LayerText>& layers, const std::string& name) {
      if (auto it = layers.find(name); it != layers.end()) {
        labels_[it->second.file] = it->second.kind + " " + it->second.name;
      }
    };
    add(d.industries, industry);
    add(d.cultures, culture);
    for (const LayerText& c : d.company) labels_[c.file] = "company";
    for (const Plugin& p : d.plugins) {
      labels_["plugin:" + p.info().name] =
          std::string(detail::layer_kind(p.handle()->descriptor->layer)) + " plugin " +
          p.info().name;
    }
  }

  // "culture de (policies/cultures/de.toml:31:6)" for a value.
  std::string origin(const toml::node& node) const {
    const auto& region = node.source();
    const std::string file = region.path ? *region.path : std::string();
    auto it = labels_.find(file);
    const std::string label = it == labels_.end() ? "base" : it->second;
    return label + " (" + detail::where(file, region) + ")";
  }

  static std::string value_text(const toml::node& node) {
    if (const auto* f = node.as_floating_point()) {
      std::ostringstream num;
      num << f->get();  // 0.7, not 0.69999999999999996
      return num.str();
    }
    std::ostringstream os;
    node.visit([&os](const auto& n) { os << n; });
    std::string text = os.str();
    std::replace(text.begin(), text.end(), '\n', ' ');
    if (text.size() > 60) text = text.substr(0, 57) + "...";
    return text;
  }

  void line(std::ostringstream& os, const std::string& left, const std::string& right) const {
    os << "  " << std::left << std::setw(static_cast<int>(kValueColumn)) << left << " <- " << right
       << "\n";
  }

  void keys(std::ostringstream& os, const toml::table& t,
            std::initializer_list<std::string_view> skip = {}) const {
    for (const auto& [key, node] : t) {
      if (std::find(skip.begin(), skip.end(), key.str()) != skip.end()) continue;
      line(os, std::string(key.str()) + " = " + value_text(node), origin(node));
    }
  }

 private:
  std::string industry_;
  std::string culture_;
  std::map<std::string, std::string> labels_;  ///< file -> "industry government"
};

std::string yes_no(bool b) { return b ? "yes" : "no"; }

}  // namespace

Result<std::string> PolicyStack::explain(std::string_view industry,
                                         std::string_view culture) const {
  const StackData& d = *data_;
  if (d.options.policy.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      "this stack was built from one compiled policy; explain needs the policy "
                      "files (PolicyStack::load)");
  }
  const std::string i = effective_industry(industry);
  const std::string c = effective_culture(culture);
  auto policy = policy_for(i, c);
  if (!policy) return std::move(policy).error();
  auto merged = detail::merge_group(d, i, c, {}, {});
  if (!merged) return std::move(merged).error();
  auto layer_list = layers(i, c);
  if (!layer_list) return std::move(layer_list).error();
  const detail::CompiledPolicy& cp = policy->compiled();
  const toml::table& t = merged->table;
  Explainer ex(d, i, c);
  std::ostringstream os;

  os << "Effective policy '" << cp.name << "' for industry '" << (i.empty() ? "(none)" : i)
     << "', culture '" << (c.empty() ? "(none)" : c) << "'\n\nLayers, bottom first:\n";
  for (const LayerInfo& l : *layer_list) {
    os << "  " << std::left << std::setw(16) << l.kind << std::setw(20) << l.name << l.source
       << "\n";
  }
  os << "\nEach value shows the layer that set it (file:line:column).\n";

  if (const toml::table* cal = t["calendar"].as_table()) {
    os << "\n[calendar]\n";
    ex.keys(os, *cal, {"public_holidays"});
    if (const toml::array* pub = (*cal)["public_holidays"].as_array()) {
      std::map<std::string, std::size_t> by_origin;
      for (const toml::node& day : *pub) {
        std::string o = ex.origin(day);
        ++by_origin[o.substr(0, o.find(" ("))];
      }
      for (const auto& [origin, count] : by_origin) {
        ex.line(os, "public_holidays: " + std::to_string(count) + " dates", origin);
      }
    }
    const auto& h = cp.calendar.holidays;
    os << "  in effect: " << h.size() << " holiday dates";
    if (!h.empty()) os << ", " << format_date(h.front()) << " to " << format_date(h.back());
    os << " (plugins included)\n";
  }
  if (const toml::table* scale = t["scale"].as_table()) {
    os << "\n[scale]\n";
    ex.keys(os, *scale);
  }
  if (const toml::array* rules = t["rule"].as_array()) {
    for (const toml::node& entry : *rules) {
      const toml::table* r = entry.as_table();
      if (r == nullptr) continue;
      const std::string id = (*r)["id"].value_or(std::string());
      auto it = std::find_if(cp.rules.begin(), cp.rules.end(),
                             [&](const detail::CompiledRule& x) { return x.id == id; });
      if (it == cp.rules.end()) continue;
      os << "\nrule " << id << " (" << it->action
         << "): " << (it->enabled ? "enabled" : "disabled");
      if (it->filtered_out) {
        os << " (only for " << (!it->industries.empty() ? "industries" : "cultures") << " ";
        const auto& names = !it->industries.empty() ? it->industries : it->cultures;
        for (std::size_t k = 0; k < names.size(); ++k) os << (k ? ", " : "") << names[k];
        os << ")";
      }
      if (it->optional) os << ", optional";
      os << "\n";
      ex.keys(os, *r, {"id", "description", "implements"});
    }
  }
  if (const toml::array* guards = t["guard"].as_array()) {
    for (const toml::node& entry : *guards) {
      const toml::table* g = entry.as_table();
      if (g == nullptr) continue;
      os << "\nguard " << (*g)["rule"].value_or(std::string()) << " <- " << ex.origin(entry)
         << "\n";
      ex.keys(os, *g, {"rule", "message"});
    }
  }
  if (const toml::array* timers = t["timer"].as_array()) {
    for (const toml::node& entry : *timers) {
      const toml::table* tm = entry.as_table();
      if (tm == nullptr) continue;
      os << "\ntimer " << (*tm)["event"].value_or(std::string()) << "\n";
      ex.keys(os, *tm, {"event"});
    }
  }
  os << "\nPlugins for this group:";
  if (cp.plugins.empty()) os << " none";
  os << "\n";
  for (const auto& p : cp.plugins) {
    const PluginInfo& info = p->info;
    os << "  " << info.name << " " << info.version << " (" << info.layer << " layer, ABI "
       << info.abi_major << "." << info.abi_minor << ") hooks: calendar "
       << yes_no(info.has_calendar) << ", adjust " << yes_no(info.has_adjust) << ", review "
       << yes_no(info.has_review) << "; TOML layer " << yes_no(info.has_policy) << "\n    "
       << info.path << "\n";
  }
  for (const std::string& w : cp.warnings) os << "  warning: " << w << "\n";
  return os.str();
}

}  // namespace nudge
