// Loading the employer model and the population (docs/simulation.md lists every key).
#include "sim/model.hpp"

#include <cmath>
#include <fstream>

#include "nudge/plugins.hpp"
#include "plugin/plugin_handle.hpp"
#include "policy/toml_reader.hpp"
#include "time/zone.hpp"

namespace nudge::detail {
namespace {

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

/// Reads an optional number into `out`, refusing values outside [lo, hi].
Status read_number(TableReader& r, std::string_view key, double& out, double lo, double hi,
                   std::string_view expected) {
  auto v = r.optional_number(key);
  if (!v) return std::move(v).error();
  if (!*v) return {};
  const double x = **v;
  if (!std::isfinite(x) || x < lo || x > hi) {
    return r.error_at(
        key, ErrorCode::kInvalidArgument,
        "'" + std::string(key) + "' is " + format_number(x) + "; write " + std::string(expected));
  }
  out = x;
  return {};
}

Status read_probability(TableReader& r, std::string_view key, double& out) {
  return read_number(r, key, out, 0.0, 1.0, "a probability between 0 and 1 (e.g. 0.4 for 40 %)");
}

Status read_days(TableReader& r, std::string_view key, double& out) {
  return read_number(r, key, out, 0.0, 3650.0, "a number of days between 0 and 3650");
}

Status read_int(TableReader& r, std::string_view key, std::int64_t& out, std::int64_t lo,
                std::int64_t hi) {
  auto v = r.optional_int(key);
  if (!v) return std::move(v).error();
  if (!*v) return {};
  if (**v < lo || **v > hi) {
    return r.error_at(key, ErrorCode::kInvalidArgument,
                      "'" + std::string(key) + "' is " + std::to_string(**v) +
                          "; write an integer from " + std::to_string(lo) + " to " +
                          std::to_string(hi));
  }
  out = **v;
  return {};
}

// Returns the error of a Status-returning expression (unique names: the macro nests).
#define NUDGE_SIM_CAT2(a, b) a##b
#define NUDGE_SIM_CAT(a, b) NUDGE_SIM_CAT2(a, b)
// `name` is declared, it cannot be parenthesised.
// NOLINTBEGIN(bugprone-macro-parentheses)
#define NUDGE_SIM_TRY_AS(expr, name)                               \
  do {                                                             \
    if (auto name = (expr); !name) return std::move(name).error(); \
  } while (false)
// NOLINTEND(bugprone-macro-parentheses)
#define NUDGE_TRY(expr) NUDGE_SIM_TRY_AS(expr, NUDGE_SIM_CAT(status_, __COUNTER__))

/// Runs `body(reader)` on sub-table `key` of `parent` if present, then refuses unknown keys.
template <class Body>
Status with_table(TableReader& parent, std::string_view key, const std::string& what, Body body) {
  auto t = parent.optional_table(key);
  if (!t) return std::move(t).error();
  if (!*t) return {};
  TableReader r(**t, parent.file(), what);
  NUDGE_TRY(body(r));
  return r.finish();
}

/// Calls `body(name, reader)` for every sub-table of `parent[key]` ([culture.us], ...).
template <class Body>
Status each_named_table(TableReader& parent, std::string_view key, Body body) {
  auto t = parent.optional_table(key);
  if (!t) return std::move(t).error();
  if (!*t) return {};
  for (const auto& [name, node] : **t) {
    const toml::table* sub = node.as_table();
    const std::string what = "[" + std::string(key) + "." + std::string(name.str()) + "]";
    if (!sub) {
      return make_error(ErrorCode::kParse, where(parent.file(), node) + ": " + what +
                                               " must be a table, e.g. " + what +
                                               " median_days = 23.8");
    }
    TableReader r(*sub, parent.file(), what);
    NUDGE_TRY(body(std::string(name.str()), r));
    NUDGE_TRY(r.finish());
  }
  return {};
}

}  // namespace

const ModelCulture* EmployerModel::culture(std::string_view n) const {
  for (const ModelCulture& c : cultures)
    if (c.name == n) return &c;
  return nullptr;
}

const ModelIndustry* EmployerModel::industry(std::string_view n) const {
  for (const ModelIndustry& i : industries)
    if (i.name == n) return &i;
  return nullptr;
}

double EmployerModel::median_days(const ModelCulture* c, const ModelIndustry* i) const {
  const ModelCulture* ref = culture(reference_culture);
  const double country = c ? c->median_days : (ref ? ref->median_days : 23.8);
  if (!i) return country;
  const double ref_days = ref ? ref->median_days : country;
  return i->median_days * country / ref_days;
}

bool is_plugin_library(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  char magic[4] = {};
  in.read(magic, sizeof magic);
  return in.gcount() == 4 && magic[0] == 0x7F && magic[1] == 'E' && magic[2] == 'L' &&
         magic[3] == 'F';
}

namespace {

Result<EmployerModel> read_employer_model(const toml::table& root, std::string file);

// The model a plugin library brings (ABI 1.1 `model_toml`), read like a model file named
// "plugin:NAME". The plugin is unloaded again: the model is plain values.
Result<EmployerModel> load_model_plugin(const std::string& path) {
  auto plugin = Plugin::load(path);
  if (!plugin) return std::move(plugin).error();
  const std::string_view text = plugin->handle()->model_toml();
  const std::string source = "plugin:" + plugin->info().name;
  if (text.empty()) {
    return make_error(ErrorCode::kInvalidArgument,
                      path + ": plugin '" + plugin->info().name +
                          "' brings no employer model (its descriptor's model_toml, ABI 1.1, is "
                          "NULL or empty); give a model file, or a plugin that brings one");
  }
  auto parsed = parse_toml(text, source);
  if (!parsed) return std::move(parsed).error();
  return read_employer_model(*parsed, source);
}

}  // namespace

Result<EmployerModel> load_employer_model(const std::string& path) {
  if (is_plugin_library(path)) return load_model_plugin(path);
  auto parsed = parse_toml_file(path);
  if (!parsed) return std::move(parsed).error();
  return read_employer_model(*parsed, path);
}

namespace {

Result<EmployerModel> read_employer_model(const toml::table& root, std::string file) {
  EmployerModel m;
  m.file = std::move(file);
  TableReader top(root, m.file, "the model file");

  NUDGE_TRY(with_table(top, "model", "[model]", [&](TableReader& r) -> Status {
    auto name = r.optional_string("name");
    if (!name) return std::move(name).error();
    if (*name) m.name = **name;
    auto d = r.optional_string("description");
    if (!d) return std::move(d).error();
    return read_days(r, "horizon_days", m.horizon_days);
  }));
  NUDGE_TRY(with_table(top, "decision", "[decision]", [&](TableReader& r) -> Status {
    NUDGE_TRY(read_number(r, "sigma", m.decision_sigma, 0.0, 5.0,
                          "a log-scale spread between 0 and 5 (e.g. 0.7)"));
    auto ref = r.optional_string("reference_culture");
    if (!ref) return std::move(ref).error();
    if (*ref) m.reference_culture = **ref;
    return {};
  }));
  NUDGE_TRY(each_named_table(top, "culture", [&](std::string name, TableReader& r) -> Status {
    ModelCulture c;
    c.name = std::move(name);
    NUDGE_TRY(read_number(r, "median_days", c.median_days, 0.01, 3650.0,
                          "a median time to decision in days, above 0"));
    NUDGE_TRY(read_probability(r, "thank_you_weight", c.thank_you_weight));
    m.cultures.push_back(std::move(c));
    return {};
  }));
  NUDGE_TRY(each_named_table(top, "industry", [&](std::string name, TableReader& r) -> Status {
    ModelIndustry i;
    i.name = std::move(name);
    NUDGE_TRY(read_number(r, "median_days", i.median_days, 0.01, 3650.0,
                          "a median time to decision in days, above 0"));
    m.industries.push_back(std::move(i));
    return {};
  }));
  NUDGE_TRY(with_table(top, "silence", "[silence]", [&](TableReader& r) -> Status {
    return read_probability(r, "share", m.silence_share);
  }));
  NUDGE_TRY(with_table(top, "feedback", "[feedback]", [&](TableReader& r) -> Status {
    return read_probability(r, "never_share", m.feedback_never_share);
  }));
  NUDGE_TRY(with_table(top, "thank_you", "[thank_you]", [&](TableReader& r) -> Status {
    NUDGE_TRY(read_probability(r, "considered_share", m.thank_you_considered_share));
    NUDGE_TRY(read_probability(r, "less_likely_share", m.thank_you_less_likely_share));
    NUDGE_TRY(read_probability(r, "dismiss_share", m.thank_you_dismiss_share));
    NUDGE_TRY(read_probability(r, "less_likely_factor", m.thank_you_less_likely_factor));
    NUDGE_TRY(read_number(r, "late_after_hours", m.thank_you_late_after_hours, 0.0, 8760.0,
                          "a number of weekday hours between 0 and 8760"));
    if (m.thank_you_dismiss_share > m.thank_you_less_likely_share) {
      return r.error_at("dismiss_share", ErrorCode::kInvalidArgument,
                        "'dismiss_share' (" + format_number(m.thank_you_dismiss_share) +
                            ") exceeds 'less_likely_share' (" +
                            format_number(m.thank_you_less_likely_share) +
                            "): employers who dismiss are among those less likely to hire; "
                            "write a share no larger than less_likely_share");
    }
    if (m.thank_you_less_likely_share > m.thank_you_considered_share) {
      return r.error_at("less_likely_share", ErrorCode::kInvalidArgument,
                        "'less_likely_share' exceeds 'considered_share': only employers who "
                        "take notes into account can hold their absence against a candidate");
    }
    return {};
  }));
  NUDGE_TRY(with_table(top, "inquiry", "[inquiry]", [&](TableReader& r) -> Status {
    NUDGE_TRY(read_probability(r, "reply_share", m.inquiry_reply_share));
    NUDGE_TRY(read_probability(r, "sooner_share", m.inquiry_sooner_share));
    NUDGE_TRY(read_days(r, "reply_days", m.inquiry_reply_days));
    return read_probability(r, "silent_answer_share", m.inquiry_silent_answer_share);
  }));
  NUDGE_TRY(with_table(top, "etiquette", "[etiquette]", [&](TableReader& r) -> Status {
    NUDGE_TRY(read_days(r, "first_wait_days", m.etiquette_first_wait_days));
    NUDGE_TRY(read_days(r, "after_decision_date_days", m.etiquette_after_decision_date_days));
    NUDGE_TRY(read_int(r, "max_inquiries", m.etiquette_max_inquiries, 0, 100));
    NUDGE_TRY(read_days(r, "min_spacing_days", m.etiquette_min_spacing_days));
    NUDGE_TRY(read_probability(r, "penalty", m.etiquette_penalty));
    return read_probability(r, "do_not_contact_share", m.etiquette_do_not_contact_share);
  }));
  NUDGE_TRY(with_table(top, "assessment", "[assessment]", [&](TableReader& r) -> Status {
    NUDGE_TRY(read_probability(r, "share", m.assessment_share));
    NUDGE_TRY(read_int(r, "max_rounds", m.assessment_max_rounds, 0, 5));
    return read_days(r, "median_days", m.assessment_median_days);
  }));
  NUDGE_TRY(with_table(top, "offer", "[offer]", [&](TableReader& r) -> Status {
    return read_probability(r, "rate", m.offer_rate);
  }));
  NUDGE_TRY(with_table(top, "candidate", "[candidate]", [&](TableReader& r) -> Status {
    auto events = r.optional_table("events");
    if (!events) return std::move(events).error();
    if (!*events) return {};
    for (const auto& [action, node] : **events) {
      auto ev = node.value<std::string>();
      if (!ev || !node.is_string()) {
        return make_error(ErrorCode::kParse, where(m.file, node) +
                                                 ": [candidate.events] maps an action to the "
                                                 "event the candidate reports, e.g. thank_you "
                                                 "= \"thank_you_sent\"");
      }
      m.action_events.push_back({std::string(action.str()), *ev});
    }
    return {};
  }));
  NUDGE_TRY(top.finish());
  if (!m.culture(m.reference_culture)) {
    return make_error(ErrorCode::kUnknownName, top.where_key("decision") + ": reference_culture '" +
                                                   m.reference_culture + "' has no [culture." +
                                                   m.reference_culture +
                                                   "] table; add one with its median_days");
  }
  return m;
}

}  // namespace

Result<Population> load_population(const std::string& path, const EmployerModel& model) {
  auto parsed = parse_toml_file(path);
  if (!parsed) return std::move(parsed).error();
  Population p;
  p.file = path;
  const toml::table& root = *parsed;
  TableReader top(root, p.file, "the population file");
  bool have_days = false;
  NUDGE_TRY(with_table(top, "population", "[population]", [&](TableReader& r) -> Status {
    auto name = r.optional_string("name");
    if (!name) return std::move(name).error();
    if (*name) p.name = **name;
    auto d = r.optional_string("description");
    if (!d) return std::move(d).error();
    auto first = r.optional_date("first_day");
    if (!first) return std::move(first).error();
    auto last = r.optional_date("last_day");
    if (!last) return std::move(last).error();
    if (!*first || !*last) {
      return r.error_at(*first ? "last_day" : "first_day", ErrorCode::kInvalidArgument,
                        "[population] needs first_day and last_day (the interview days, "
                        "e.g. first_day = 2026-01-05)");
    }
    if (**last < **first) {
      return r.error_at("last_day", ErrorCode::kInvalidArgument,
                        "'last_day' is before 'first_day'; write a later date");
    }
    p.first_day = **first;
    p.last_day = **last;
    have_days = true;
    NUDGE_TRY(read_int(r, "end_hour_min", p.end_hour_min, 0, 23));
    NUDGE_TRY(read_int(r, "end_hour_max", p.end_hour_max, 0, 23));
    if (p.end_hour_max < p.end_hour_min) {
      return r.error_at("end_hour_max", ErrorCode::kInvalidArgument,
                        "'end_hour_max' is before 'end_hour_min'; write a later hour");
    }
    return read_probability(r, "stated_date_share", p.stated_date_share);
  }));
  if (!have_days) {
    return make_error(ErrorCode::kInvalidArgument,
                      path + ": no [population] table; add one with first_day and last_day");
  }
  auto cultures = top.table_array("culture");
  if (!cultures) return std::move(cultures).error();
  for (const toml::table* t : *cultures) {
    TableReader r(*t, p.file, "[[culture]]");
    PopulationCulture c;
    auto name = r.required_string("name");
    if (!name) return std::move(name).error();
    c.name = *name;
    if (!model.culture(c.name)) {
      std::string known;
      for (const ModelCulture& mc : model.cultures) known += (known.empty() ? "" : ", ") + mc.name;
      return r.error_at("name", ErrorCode::kUnknownName,
                        "culture '" + c.name + "' is not in the model (" + model.file +
                            "); known cultures: " + known);
    }
    NUDGE_TRY(read_number(r, "weight", c.weight, 0.0, 1e9, "a non-negative weight"));
    auto zone = r.required_string("zone");
    if (!zone) return std::move(zone).error();
    if (!Zone::find(*zone)) {
      return r.error_at("zone", ErrorCode::kUnknownName,
                        "unknown time zone '" + *zone +
                            "'; write an IANA name such as "
                            "\"America/New_York\"");
    }
    c.zone = *zone;
    auto layer = r.optional_bool("policy_layer", true);
    if (!layer) return std::move(layer).error();
    c.policy_layer = *layer;
    NUDGE_TRY(r.finish());
    p.cultures.push_back(std::move(c));
  }
  auto industries = top.table_array("industry");
  if (!industries) return std::move(industries).error();
  for (const toml::table* t : *industries) {
    TableReader r(*t, p.file, "[[industry]]");
    PopulationIndustry i;
    auto name = r.optional_string("name");
    if (!name) return std::move(name).error();
    if (*name) i.name = **name;
    if (!i.name.empty() && !model.industry(i.name)) {
      std::string known;
      for (const ModelIndustry& mi : model.industries)
        known += (known.empty() ? "" : ", ") + mi.name;
      return r.error_at("name", ErrorCode::kUnknownName,
                        "industry '" + i.name + "' is not in the model (" + model.file +
                            "); known industries: " + known + " (or leave name out)");
    }
    NUDGE_TRY(read_number(r, "weight", i.weight, 0.0, 1e9, "a non-negative weight"));
    auto pol = r.optional_string("policy");
    if (!pol) return std::move(pol).error();
    if (*pol) i.policy = **pol;
    NUDGE_TRY(r.finish());
    p.industries.push_back(std::move(i));
  }
  auto panels = top.table_array("panel");
  if (!panels) return std::move(panels).error();
  for (const toml::table* t : *panels) {
    TableReader r(*t, p.file, "[[panel]]");
    PopulationPanel pa;
    NUDGE_TRY(read_int(r, "size", pa.size, 1, 8));
    NUDGE_TRY(read_number(r, "weight", pa.weight, 0.0, 1e9, "a non-negative weight"));
    NUDGE_TRY(r.finish());
    p.panels.push_back(pa);
  }
  NUDGE_TRY(top.finish());
  auto check_weights = [&](const auto& list, const char* what) -> Status {
    double total = 0;
    for (const auto& x : list) total += x.weight;
    if (list.empty() || total <= 0) {
      return make_error(
          ErrorCode::kInvalidArgument,
          path + ": the population needs at least one [[" + what + "]] with a weight above 0");
    }
    return {};
  };
  NUDGE_TRY(check_weights(p.cultures, "culture"));
  if (p.industries.empty()) p.industries.push_back(PopulationIndustry{});
  NUDGE_TRY(check_weights(p.industries, "industry"));
  if (p.panels.empty()) p.panels.push_back(PopulationPanel{});
  NUDGE_TRY(check_weights(p.panels, "panel"));
  return p;
}

}  // namespace nudge::detail
