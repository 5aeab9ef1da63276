// Compiles a merged policy table into CompiledPolicy: names resolved to ids, durations parsed,
// rule dependencies ordered, per-application slots laid out. Every error names file:line:column.
#include <algorithm>
#include <sstream>

#include "policy/compiled_policy.hpp"
#include "policy/policy_compiler.hpp"
#include "policy/templates.hpp"
#include "policy/toml_reader.hpp"

namespace nudge::detail {
namespace {

std::vector<std::string> stage_names(const StageGraph& g) {
  std::vector<std::string> out;
  for (const auto& s : g.stages()) out.push_back(s.name);
  return out;
}

std::vector<std::string> event_names(const StageGraph& g) {
  std::vector<std::string> out;
  for (const auto& e : g.events()) out.push_back(e.name);
  return out;
}

}  // namespace

std::string join_names(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out;
}

Status PolicyCompiler::run(const toml::table& root) {
  TableReader top(root, merged_.files.front(), "the policy");
  top.accept("policy");
  if (auto s = read_calendar(top); !s) return s;
  if (auto s = read_scale(top); !s) return s;
  if (auto s = read_templates(top); !s) return s;
  if (auto s = read_lint(top); !s) return s;
  if (auto s = read_rules(top); !s) return s;
  if (auto s = read_guards(top); !s) return s;
  if (auto s = read_timers(top); !s) return s;
  if (auto s = top.finish(); !s) return s;
  if (auto s = check_templates(out_); !s) return s;
  if (auto s = order_rules(); !s) return s;
  plan_stages();
  return layout_slots();
}

Result<StageId> PolicyCompiler::stage(const TableReader& r, std::string_view key,
                                      const std::string& name) {
  if (auto id = graph().find_stage(name)) return *id;
  return r.error_at(
      key, ErrorCode::kUnknownName,
      "unknown stage '" + name + "'; known stages: " + join_names(stage_names(graph())));
}

Result<EventId> PolicyCompiler::event(const TableReader& r, std::string_view key,
                                      const std::string& name) {
  if (auto id = graph().find_event(name)) return *id;
  return r.error_at(
      key, ErrorCode::kUnknownName,
      "unknown event '" + name + "'; known events: " + join_names(event_names(graph())));
}

Result<StageMask> PolicyCompiler::stage_mask(TableReader& r, std::string_view key,
                                             StageMask fallback) {
  auto names = r.string_list(key);
  if (!names) return std::move(names).error();
  if (!r.has(key)) return fallback;
  StageMask mask = 0;
  for (const auto& n : *names) {
    if (n == "*") {
      for (StageId s = 0; s < graph().stages().size(); ++s) {
        if (!graph().is_terminal(s)) mask |= StageMask{1} << s;
      }
      continue;
    }
    auto id = stage(r, key, n);
    if (!id) return std::move(id).error();
    mask |= StageMask{1} << *id;
  }
  return mask;
}

Result<std::vector<EventId>> PolicyCompiler::event_list(TableReader& r, std::string_view key) {
  auto names = r.string_list(key);
  if (!names) return std::move(names).error();
  std::vector<EventId> out;
  for (const auto& n : *names) {
    auto id = event(r, key, n);
    if (!id) return std::move(id).error();
    out.push_back(*id);
  }
  return out;
}

Status PolicyCompiler::read_calendar(TableReader& top) {
  auto t = top.optional_table("calendar");
  if (!t) return std::move(t).error();
  if (!*t) return {};
  TableReader r(**t, top.file(), "[calendar]");
  auto window = r.optional_string("window");
  if (!window) return std::move(window).error();
  if (*window) {
    const std::string& w = **window;
    auto dash = w.find('-');
    auto start =
        dash == std::string::npos ? Result<std::int32_t>(Error{}) : parse_clock(w.substr(0, dash));
    auto end =
        dash == std::string::npos ? Result<std::int32_t>(Error{}) : parse_clock(w.substr(dash + 1));
    if (!start || !end || *start >= *end) {
      return r.error_at("window", ErrorCode::kInvalidArgument,
                        "invalid send window '" + w +
                            "': write \"HH:MM-HH:MM\" with the start before the end, "
                            "e.g. \"09:00-17:00\"");
    }
    out_.calendar.window_start = *start;
    out_.calendar.window_end = *end;
  }
  auto days = r.string_list("workdays");
  if (!days) return std::move(days).error();
  if (r.has("workdays")) {
    WeekdayMask mask = 0;
    for (const auto& d : *days) {
      auto bit = parse_weekday(d);
      if (!bit) return r.error_at("workdays", bit.error().code, bit.error().message);
      mask = static_cast<WeekdayMask>(mask | *bit);
    }
    if (mask == 0) {
      return r.error_at("workdays", ErrorCode::kInvalidArgument,
                        "a calendar needs at least one working weekday");
    }
    out_.calendar.workdays = mask;
  }
  auto hol = r.date_list("holidays");
  if (!hol) return std::move(hol).error();
  out_.calendar.holidays = *hol;
  auto pub = r.date_list("public_holidays");
  if (!pub) return std::move(pub).error();
  out_.calendar.holidays.insert(out_.calendar.holidays.end(), pub->begin(), pub->end());
  auto ics = r.optional_string("holidays_ics");
  if (!ics) return std::move(ics).error();
  if (*ics) {
    auto text = read_text_file(**ics);
    if (!text) return r.error_at("holidays_ics", text.error().code, text.error().message);
    auto dates = parse_ics_holidays(*text, **ics);
    if (!dates) return std::move(dates).error();
    out_.calendar.holidays.insert(out_.calendar.holidays.end(), dates->begin(), dates->end());
    out_.files.push_back(**ics);
  }
  std::sort(out_.calendar.holidays.begin(), out_.calendar.holidays.end());
  out_.calendar.holidays.erase(
      std::unique(out_.calendar.holidays.begin(), out_.calendar.holidays.end()),
      out_.calendar.holidays.end());
  return r.finish();
}

Status PolicyCompiler::read_scale(TableReader& top) {
  auto t = top.optional_table("scale");
  if (!t) return std::move(t).error();
  if (!*t) return {};
  TableReader r(**t, top.file(), "[scale]");
  for (auto [key, target] :
       {std::pair{"busy", &out_.busy_factor}, std::pair{"urgent", &out_.urgent_factor}}) {
    auto v = r.optional_number(key);
    if (!v) return std::move(v).error();
    if (*v) {
      if (!(**v >= 0.1 && **v <= 10.0)) {
        return r.error_at(key, ErrorCode::kInvalidArgument,
                          std::string("scale factor '") + key +
                              "' must be between 0.1 and 10 (e.g. 1.5 for 50% longer waits)");
      }
      *target = **v;
    }
  }
  return r.finish();
}

Status PolicyCompiler::read_templates(TableReader& top) {
  auto t = top.optional_table("templates");
  if (!t) return std::move(t).error();
  if (!*t) return {};
  for (const auto& [key, node] : **t) {
    TemplateSet set;
    set.name = std::string(key.str());
    set.source = where(top.file(), node);
    if (auto text = node.value<std::string>(); text && node.is_string()) {
      set.fallback = *text;
    } else if (const auto* variants = node.as_table()) {
      for (const auto& [role, v] : *variants) {
        auto text2 = v.value<std::string>();
        if (!text2 || !v.is_string()) {
          return make_error(ErrorCode::kParse, where(top.file(), v) + ": template '" + set.name +
                                                   "." + std::string(role.str()) +
                                                   "' must be a string");
        }
        if (role.str() == "default") {
          set.fallback = *text2;
          set.source = where(top.file(), v);
        } else {
          set.by_role.emplace_back(std::string(role.str()), *text2);
          set.role_sources.push_back(where(top.file(), v));
        }
      }
    } else {
      return make_error(ErrorCode::kParse, where(top.file(), node) + ": template '" + set.name +
                                               "' must be a string or a table of role = string");
    }
    if (auto s = check_placeholders(set, set.source); !s) return s;
    out_.templates.push_back(std::move(set));
  }
  return {};
}

Status PolicyCompiler::read_lint(TableReader& top) {
  auto t = top.optional_table("lint");
  if (!t) return std::move(t).error();
  if (!*t) return {};
  TableReader r(**t, top.file(), "[lint]");
  auto words = r.optional_int("max_words");
  if (!words) return std::move(words).error();
  if (*words) {
    if (**words < 1 || **words > 100000) {
      return r.error_at("max_words", ErrorCode::kInvalidArgument,
                        "max_words must be between 1 and 100000");
    }
    out_.lint_max_words = static_cast<std::uint32_t>(**words);
  }
  auto avoid = r.table_array("avoid");
  if (!avoid) return std::move(avoid).error();
  for (const toml::table* a : *avoid) {
    TableReader ar(*a, top.file(), "[[lint.avoid]]");
    auto phrase = ar.required_string("phrase");
    if (!phrase) return std::move(phrase).error();
    auto reason = ar.optional_string("reason");
    if (!reason) return std::move(reason).error();
    if (auto s = ar.finish(); !s) return s;
    std::string lower = *phrase;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    out_.lint.push_back({lower, reason->value_or("")});
  }
  return r.finish();
}

Result<Anchor> PolicyCompiler::anchor(const TableReader& r, std::string_view key,
                                      const std::string& text) {
  if (text == "trigger") return Anchor{AnchorKind::kTrigger, 0};
  if (text == "interview_end") return Anchor{AnchorKind::kInterviewEnd, 0};
  if (text == "decision_date") return Anchor{AnchorKind::kDecisionDate, 0};
  if (text.rfind("event:", 0) == 0) {
    auto id = event(r, key, text.substr(6));
    if (!id) return std::move(id).error();
    return Anchor{AnchorKind::kEvent, *id};
  }
  if (text.rfind("rule:", 0) == 0) {
    // Resolved to an index once every rule is read.
    pending_rule_refs_.push_back({text.substr(5), r.where_key(key)});
    return Anchor{AnchorKind::kRule, static_cast<std::uint16_t>(pending_rule_refs_.size() - 1)};
  }
  return r.error_at(key, ErrorCode::kUnknownName,
                    "unknown anchor '" + text +
                        "'; use trigger, interview_end, decision_date, event:NAME or rule:ID");
}

}  // namespace nudge::detail
