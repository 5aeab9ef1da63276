#include "policy/policy_files.hpp"

#include <filesystem>

#include "policy/toml_reader.hpp"

namespace nudge::detail {
namespace {

namespace fs = std::filesystem;
constexpr int kMaxExtendsDepth = 8;

std::string resolve(const std::string& base_file, const std::string& relative) {
  fs::path p(relative);
  if (p.is_absolute()) return p.lexically_normal().string();
  return (fs::path(base_file).parent_path() / p).lexically_normal().string();
}

// Rewrites the path-valued keys of one file's table so they no longer depend on its folder.
}  // namespace

void resolve_paths(toml::table& table, const std::string& file) {
  if (auto* policy = table["policy"].as_table()) {
    if (auto* graph = (*policy)["graph"].as_string()) graph->get() = resolve(file, graph->get());
    for (const char* key : {"industries", "cultures"}) {
      if (auto* dir = (*policy)[key].as_string()) dir->get() = resolve(file, dir->get());
    }
    if (auto* plugins = (*policy)["plugins"].as_array()) {
      for (toml::node& entry : *plugins) {
        if (auto* path = entry.as_string()) path->get() = resolve(file, path->get());
      }
    }
  }
  if (auto* cal = table["calendar"].as_table()) {
    if (auto* ics = (*cal)["holidays_ics"].as_string()) ics->get() = resolve(file, ics->get());
  }
}

namespace {

std::string key_of(const toml::node& entry, std::string_view key) {
  if (const auto* t = entry.as_table()) {
    if (auto v = (*t)[key].value<std::string>()) return *v;
  }
  return {};
}

// The merge moves the overlay's nodes into the base: toml++ keeps a node's source position
// when it is moved (not when it is copied), so errors in an overlay still name its
// file:line:column.
// Merges an array of tables entry by entry, matching entries on `key`.
void merge_keyed_array(toml::array& base, toml::array&& overlay, std::string_view key) {
  for (toml::node& entry : overlay) {
    std::string k = key_of(entry, key);
    toml::table* incoming = entry.as_table();
    bool merged = false;
    if (!k.empty() && incoming) {
      for (toml::node& existing : base) {
        if (key_of(existing, key) == k && existing.is_table()) {
          merge_into(*existing.as_table(), std::move(*incoming));
          merged = true;
          break;
        }
      }
    }
    if (merged) continue;
    if (incoming) {
      base.push_back(std::move(*incoming));
    } else {
      base.push_back(entry);  // not a table: the compiler reports it
    }
  }
}

// Guards: an overlay's guards replace every base guard enforcing the same rule.
void merge_guards(toml::array& base, toml::array&& overlay) {
  for (const toml::node& entry : overlay) {
    std::string rule = key_of(entry, "rule");
    for (std::size_t i = base.size(); i-- > 0;) {
      if (!rule.empty() && key_of(base[i], "rule") == rule) {
        base.erase(base.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
  }
  for (toml::node& entry : overlay) {
    if (toml::table* t = entry.as_table()) {
      base.push_back(std::move(*t));
    } else {
      base.push_back(entry);
    }
  }
}

}  // namespace

void merge_into(toml::table& base, toml::table&& overlay) {
  for (auto&& [key, value] : overlay) {
    toml::node* existing = base.get(key);
    const std::string_view name = key.str();
    if (existing && existing->is_table() && value.is_table()) {
      merge_into(*existing->as_table(), std::move(*value.as_table()));
    } else if (existing && existing->is_array() && value.is_array() && name == "rule") {
      merge_keyed_array(*existing->as_array(), std::move(*value.as_array()), "id");
    } else if (existing && existing->is_array() && value.is_array() && name == "timer") {
      merge_keyed_array(*existing->as_array(), std::move(*value.as_array()), "event");
    } else if (existing && existing->is_array() && value.is_array() && name == "guard") {
      merge_guards(*existing->as_array(), std::move(*value.as_array()));
    } else if (existing && existing->is_array() && value.is_array() && name == "public_holidays") {
      // Public holidays add up across layers (a company's days do not erase a country's).
      for (toml::node& day : *value.as_array()) {
        if (auto* d = day.as_date()) {
          existing->as_array()->push_back(std::move(*d));
        } else {
          existing->as_array()->push_back(day);
        }
      }
    } else {
      base.insert_or_assign(key, std::move(value));
    }
  }
}

namespace {

Result<MergedPolicy> load_chain(const std::string& path, int depth,
                                std::vector<std::string>& chain) {
  std::string canonical = fs::weakly_canonical(fs::path(path)).string();
  for (const auto& seen : chain) {
    if (seen == canonical) {
      return make_error(ErrorCode::kInvalidArgument,
                        path + ": 'extends' forms a cycle (" + path + " is already being loaded)");
    }
  }
  if (depth > kMaxExtendsDepth) {
    return make_error(ErrorCode::kInvalidArgument, path + ": 'extends' chain is deeper than " +
                                                       std::to_string(kMaxExtendsDepth) + " files");
  }
  chain.push_back(canonical);
  auto parsed = parse_toml_file(path);
  if (!parsed) return std::move(parsed).error();
  toml::table own = std::move(*parsed);
  resolve_paths(own, path);

  std::string extends;
  if (const auto* policy = own["policy"].as_table()) {
    if (const toml::node* ext = policy->get("extends")) {
      auto s = ext->value<std::string>();
      if (!s || !ext->is_string()) {
        return make_error(ErrorCode::kParse,
                          where(path, *ext) + ": 'extends' must be the path of a policy file");
      }
      extends = resolve(path, *s);
      if (!fs::exists(extends)) {
        return make_error(ErrorCode::kNotFound, where(path, *ext) + ": 'extends' names '" + *s +
                                                    "', which does not exist (looked for " +
                                                    extends + ")");
      }
    }
  }
  MergedPolicy result;
  if (!extends.empty()) {
    auto base = load_chain(extends, depth + 1, chain);
    if (!base) return std::move(base).error();
    result = std::move(*base);
    // The overlay's own name/description win; `extends` itself is consumed here.
    if (auto* p = own["policy"].as_table()) p->erase("extends");
    merge_into(result.table, std::move(own));
    result.files.insert(result.files.begin(), path);
  } else {
    result.table = std::move(own);
    result.files.push_back(path);
  }
  return result;
}

}  // namespace

Result<MergedPolicy> load_merged_policy(const std::string& path) {
  std::vector<std::string> chain;
  return load_chain(path, 0, chain);
}

}  // namespace nudge::detail
