#include "policy/toml_reader.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>

#include "nudge/limits.hpp"

namespace nudge::detail {
namespace {

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) {
    if (!out.empty()) out += ", ";
    out += s;
  }
  return out;
}

std::string node_type_name(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string:
      return "a string";
    case toml::node_type::integer:
      return "an integer";
    case toml::node_type::floating_point:
      return "a number";
    case toml::node_type::boolean:
      return "a boolean";
    case toml::node_type::date:
      return "a date";
    case toml::node_type::time:
      return "a time";
    case toml::node_type::date_time:
      return "a date-time";
    case toml::node_type::array:
      return "an array";
    case toml::node_type::table:
      return "a table";
    default:
      return "nothing";
  }
}

}  // namespace

std::string where(std::string_view file, const toml::source_region& region) {
  // A merged policy holds nodes from several files: each node knows its own.
  std::string out = region.path && !region.path->empty() ? *region.path : std::string(file);
  if (region.begin.line > 0) {
    out += ':' + std::to_string(region.begin.line) + ':' + std::to_string(region.begin.column);
  }
  return out;
}

std::string where(std::string_view file, const toml::node& node) {
  return where(file, node.source());
}

Result<toml::table> parse_toml(std::string_view text, std::string_view file) {
  try {
    return toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    return make_error(ErrorCode::kParse,
                      where(file, e.source()) + ": " + std::string(e.description()));
  }
}

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return make_error(ErrorCode::kNotFound, path + ": cannot open file (does it exist?)");
  in.seekg(0, std::ios::end);
  const std::streamoff size = in.tellg();
  in.seekg(0, std::ios::beg);
  if (size > static_cast<std::streamoff>(limits::kMaxFileBytes)) {
    return make_error(ErrorCode::kInvalidArgument,
                      path + ": the file is " + std::to_string(size) +
                          " bytes; input files are limited to " +
                          std::to_string(limits::kMaxFileBytes) +
                          " bytes (4 MiB): split it or remove what is not needed");
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return make_error(ErrorCode::kIo, path + ": read failed");
  return buf.str();
}

Result<toml::table> parse_toml_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return std::move(text).error();
  return parse_toml(*text, path);
}

TableReader::TableReader(const toml::table& table, std::string_view file, std::string what)
    : table_(table), file_(file), what_(std::move(what)) {}

std::string TableReader::where_key(std::string_view key) const {
  if (const toml::node* n = table_.get(key)) return where(file_, *n);
  return where(file_, table_);
}

Error TableReader::error_at(std::string_view key, ErrorCode code, std::string_view message) const {
  return make_error(code, where_key(key) + ": " + std::string(message));
}

Error TableReader::type_error(std::string_view key, std::string_view expected) const {
  const toml::node* n = table_.get(key);
  return error_at(key, ErrorCode::kParse,
                  "'" + std::string(key) + "' in " + what_ + " must be " + std::string(expected) +
                      ", not " + (n ? node_type_name(*n) : std::string("nothing")));
}

void TableReader::accept(std::string_view key) { known_.emplace_back(key); }

Result<std::string> TableReader::required_string(std::string_view key) {
  accept(key);
  const toml::node* n = table_.get(key);
  if (!n) {
    return make_error(ErrorCode::kParse, where(file_, table_) + ": " + what_ + " needs the key '" +
                                             std::string(key) + "'");
  }
  if (auto s = n->value<std::string>()) return *s;
  return type_error(key, "a string");
}

Result<std::optional<std::string>> TableReader::optional_string(std::string_view key) {
  accept(key);
  const toml::node* n = table_.get(key);
  if (!n) return std::optional<std::string>{};
  if (auto s = n->value<std::string>()) return std::optional<std::string>{*s};
  return type_error(key, "a string");
}

Result<bool> TableReader::optional_bool(std::string_view key, bool fallback) {
  accept(key);
  const toml::node* n = table_.get(key);
  if (!n) return fallback;
  if (auto b = n->value<bool>(); b && n->is_boolean()) return *b;
  return type_error(key, "true or false");
}

Result<std::optional<std::int64_t>> TableReader::optional_int(std::string_view key) {
  accept(key);
  const toml::node* n = table_.get(key);
  if (!n) return std::optional<std::int64_t>{};
  if (n->is_integer()) return std::optional<std::int64_t>{*n->value<std::int64_t>()};
  return type_error(key, "a whole number");
}

Result<std::optional<double>> TableReader::optional_number(std::string_view key) {
  accept(key);
  const toml::node* n = table_.get(key);
  if (!n) return std::optional<double>{};
  if (n->is_number()) return std::optional<double>{*n->value<double>()};
  return type_error(key, "a number");
}

Result<std::vector<std::string>> TableReader::string_list(std::string_view key) {
  accept(key);
  std::vector<std::string> out;
  const toml::node* n = table_.get(key);
  if (!n) return out;
  if (auto s = n->value<std::string>()) {
    out.push_back(*s);
    return out;
  }
  const toml::array* arr = n->as_array();
  if (!arr) return type_error(key, "a string or an array of strings");
  for (const toml::node& item : *arr) {
    auto s = item.value<std::string>();
    if (!s || !item.is_string()) {
      return make_error(ErrorCode::kParse, where(file_, item) + ": '" + std::string(key) + "' in " +
                                               what_ + " must hold strings only");
    }
    out.push_back(*s);
  }
  return out;
}

Result<std::optional<Duration>> TableReader::optional_duration(std::string_view key) {
  accept(key);
  const toml::node* n = table_.get(key);
  if (!n) return std::optional<Duration>{};
  auto s = n->value<std::string>();
  if (!s || !n->is_string()) return type_error(key, "a duration string such as \"24h\" or \"7d\"");
  auto d = Duration::parse(*s);
  if (!d) return make_error(d.error().code, where(file_, *n) + ": " + d.error().message);
  return std::optional<Duration>{*d};
}

namespace {

Result<LocalDate> date_from_node(const toml::node& n, std::string_view file, std::string_view key,
                                 std::string_view what) {
  if (const auto* d = n.as_date()) {
    const toml::date& v = d->get();
    std::string text = std::to_string(v.year) + '-' + (v.month < 10 ? "0" : "") +
                       std::to_string(v.month) + '-' + (v.day < 10 ? "0" : "") +
                       std::to_string(v.day);
    auto parsed = parse_date(text);
    if (!parsed)
      return make_error(parsed.error().code, where(file, n) + ": " + parsed.error().message);
    return *parsed;
  }
  if (auto s = n.value<std::string>(); s && n.is_string()) {
    auto parsed = parse_date(*s);
    if (!parsed)
      return make_error(parsed.error().code, where(file, n) + ": " + parsed.error().message);
    return *parsed;
  }
  return make_error(ErrorCode::kParse, where(file, n) + ": '" + std::string(key) + "' in " +
                                           std::string(what) + " must be a date like 2026-12-01");
}

}  // namespace

Result<std::optional<LocalDate>> TableReader::optional_date(std::string_view key) {
  accept(key);
  const toml::node* n = table_.get(key);
  if (!n) return std::optional<LocalDate>{};
  auto d = date_from_node(*n, file_, key, what_);
  if (!d) return std::move(d).error();
  return std::optional<LocalDate>{*d};
}

Result<std::vector<LocalDate>> TableReader::date_list(std::string_view key) {
  accept(key);
  std::vector<LocalDate> out;
  const toml::node* n = table_.get(key);
  if (!n) return out;
  const toml::array* arr = n->as_array();
  if (!arr) return type_error(key, "an array of dates like [2026-12-25]");
  for (const toml::node& item : *arr) {
    auto d = date_from_node(item, file_, key, what_);
    if (!d) return std::move(d).error();
    out.push_back(*d);
  }
  return out;
}

Result<std::optional<Instant>> TableReader::optional_instant(std::string_view key) {
  accept(key);
  const toml::node* n = table_.get(key);
  if (!n) return std::optional<Instant>{};
  std::string text;
  if (const auto* dt = n->as_date_time()) {
    const toml::date_time& v = dt->get();
    if (!v.offset) {
      return error_at(key, ErrorCode::kParse,
                      "'" + std::string(key) + "' in " + what_ +
                          " needs a UTC offset, e.g. 2026-11-23T11:30:00-05:00");
    }
    std::ostringstream os;
    os << v;  // toml++ prints RFC 3339
    text = os.str();
  } else if (auto s = n->value<std::string>(); s && n->is_string()) {
    text = *s;
  } else {
    return type_error(key, "a date-time with offset like 2026-11-23T11:30:00-05:00");
  }
  auto t = parse_rfc3339(text);
  if (!t) return make_error(t.error().code, where(file_, *n) + ": " + t.error().message);
  return std::optional<Instant>{*t};
}

Result<const toml::table*> TableReader::optional_table(std::string_view key) {
  accept(key);
  const toml::node* n = table_.get(key);
  if (!n) return static_cast<const toml::table*>(nullptr);
  if (const toml::table* t = n->as_table()) return t;
  return type_error(key, "a table");
}

Result<std::vector<const toml::table*>> TableReader::table_array(std::string_view key) {
  accept(key);
  std::vector<const toml::table*> out;
  const toml::node* n = table_.get(key);
  if (!n) return out;
  const toml::array* arr = n->as_array();
  if (!arr) return type_error(key, "an array of tables ([[" + std::string(key) + "]])");
  for (const toml::node& item : *arr) {
    const toml::table* t = item.as_table();
    if (!t) {
      return make_error(ErrorCode::kParse, where(file_, item) + ": each '" + std::string(key) +
                                               "' entry must be a table");
    }
    out.push_back(t);
  }
  return out;
}

Status TableReader::finish() const {
  for (const auto& [key, node] : table_) {
    bool known = false;
    for (const auto& k : known_) known = known || k == key.str();
    if (!known) {
      std::vector<std::string> sorted = known_;
      std::sort(sorted.begin(), sorted.end());
      sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
      return make_error(ErrorCode::kUnknownName, where(file_, node) + ": unknown key '" +
                                                     std::string(key.str()) + "' in " + what_ +
                                                     "; known keys: " + join(sorted));
    }
  }
  return {};
}

}  // namespace nudge::detail
