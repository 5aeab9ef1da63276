// The application file (docs/application-format.md): what a host generates per application.
#include <algorithm>
#include <filesystem>

#include "nudge/application.hpp"
#include "policy/toml_reader.hpp"
#include "time/calendar.hpp"

namespace nudge {
namespace {

using detail::TableReader;

Result<Interviewer> read_interviewer(const toml::table& t, std::string_view file) {
  TableReader r(t, file, "[[interviewers]]");
  Interviewer iv;
  auto name = r.required_string("name");
  if (!name) return std::move(name).error();
  iv.name = *name;
  if (iv.name.empty()) {
    return r.error_at("name", ErrorCode::kInvalidArgument, "an interviewer needs a non-empty name");
  }
  auto role = r.optional_string("role");
  if (!role) return std::move(role).error();
  iv.role = role->value_or("");
  auto zone = r.optional_string("zone");
  if (!zone) return std::move(zone).error();
  iv.zone = zone->value_or("");
  if (!iv.zone.empty() && !is_known_zone(iv.zone)) {
    return r.error_at(
        "zone", ErrorCode::kUnknownName,
        "unknown time zone '" + iv.zone + "'; use an IANA name such as 'America/Chicago'");
  }
  auto primary = r.optional_bool("primary", false);
  if (!primary) return std::move(primary).error();
  iv.primary = *primary;
  auto topics = r.string_list("topics");
  if (!topics) return std::move(topics).error();
  iv.topics = *topics;
  auto holidays = r.date_list("holidays");
  if (!holidays) return std::move(holidays).error();
  iv.holidays = *holidays;
  auto workdays = r.string_list("workdays");
  if (!workdays) return std::move(workdays).error();
  iv.workdays = *workdays;
  if (r.has("workdays") && iv.workdays.empty()) {
    return r.error_at("workdays", ErrorCode::kInvalidArgument,
                      "workdays must name at least one day, e.g. [\"mon\", \"tue\"]");
  }
  for (const auto& day : iv.workdays) {
    if (auto bit = detail::parse_weekday(day); !bit) {
      return r.error_at("workdays", bit.error().code, bit.error().message);
    }
  }
  if (auto s = r.finish(); !s) return std::move(s).error();
  return iv;
}

Result<ReportedEvent> read_event(const toml::table& t, std::string_view file) {
  TableReader r(t, file, "[[events]]");
  ReportedEvent e;
  auto type = r.required_string("type");
  if (!type) return std::move(type).error();
  e.type = *type;
  auto at = r.optional_instant("at");
  if (!at) return std::move(at).error();
  if (!*at) {
    return r.error_at("at", ErrorCode::kParse,
                      "an event needs 'at', e.g. at = 2026-11-23T15:10:00-06:00");
  }
  e.at = **at;
  auto recipient = r.optional_string("recipient");
  if (!recipient) return std::move(recipient).error();
  e.recipient = recipient->value_or("");
  if (auto s = r.finish(); !s) return std::move(s).error();
  return e;
}

}  // namespace

Result<ApplicationContext> parse_application(std::string_view text, std::string_view source) {
  auto parsed = detail::parse_toml(text, source);
  if (!parsed) return std::move(parsed).error();
  const toml::table& root = *parsed;
  TableReader r(root, source, "the application");
  ApplicationContext app;
  auto id = r.required_string("id");
  if (!id) return std::move(id).error();
  app.id = *id;
  if (app.id.empty()) {
    return r.error_at("id", ErrorCode::kInvalidArgument, "the application id must not be empty");
  }
  for (auto [key, target] :
       {std::pair{"position", &app.position}, std::pair{"company", &app.company},
        std::pair{"industry", &app.industry}, std::pair{"culture", &app.culture}}) {
    auto v = r.optional_string(key);
    if (!v) return std::move(v).error();
    *target = v->value_or("");
  }
  auto zone = r.required_string("candidate_zone");
  if (!zone) return std::move(zone).error();
  app.candidate_zone = *zone;
  if (!is_known_zone(app.candidate_zone)) {
    return r.error_at("candidate_zone", ErrorCode::kUnknownName,
                      "unknown time zone '" + app.candidate_zone +
                          "'; use an IANA name such as 'America/New_York'");
  }
  auto end = r.optional_instant("interview_end");
  if (!end) return std::move(end).error();
  if (!*end) {
    return r.error_at("interview_end", ErrorCode::kParse,
                      "the application needs 'interview_end', e.g. "
                      "interview_end = 2026-11-23T11:30:00-05:00");
  }
  app.interview_end = **end;
  auto decision = r.optional_date("decision_date");
  if (!decision) return std::move(decision).error();
  app.decision_date = *decision;
  for (auto [key, target] : {std::pair{"busy", &app.busy}, std::pair{"urgent", &app.urgent},
                             std::pair{"no_contact", &app.no_contact}}) {
    auto v = r.optional_bool(key, false);
    if (!v) return std::move(v).error();
    *target = *v;
  }
  auto overrides = r.optional_string("overrides");
  if (!overrides) return std::move(overrides).error();
  if (*overrides) {
    // A TOML policy layer for this application only, relative to the application file.
    std::filesystem::path p(**overrides);
    if (p.is_relative()) p = std::filesystem::path(source).parent_path() / p;
    const std::string file = p.lexically_normal().string();
    auto layer = detail::read_text_file(file);
    if (!layer) {
      return r.error_at("overrides", layer.error().code,
                        "'overrides' names '" + **overrides +
                            "', which cannot be read (looked for " + file + ")");
    }
    app.overrides = std::move(*layer);
    app.overrides_source = file;
  }
  auto interviewers = r.table_array("interviewers");
  if (!interviewers) return std::move(interviewers).error();
  if (interviewers->empty()) {
    return make_error(
        ErrorCode::kInvalidArgument,
        std::string(source) + ": the application needs at least one [[interviewers]] entry");
  }
  const toml::table* first_primary = nullptr;
  for (const toml::table* t : *interviewers) {
    auto iv = read_interviewer(*t, source);
    if (!iv) return std::move(iv).error();
    for (const auto& other : app.interviewers) {
      if (other.name == iv->name) {
        return make_error(ErrorCode::kDuplicate,
                          detail::where(source, *t->get("name")) + ": interviewer '" + iv->name +
                              "' is listed twice; names identify recipients, so make them unique");
      }
    }
    if (iv->primary && first_primary) {
      return make_error(ErrorCode::kInvalidArgument,
                        detail::where(source, *t->get("primary")) +
                            ": a second interviewer is marked primary (the first is at " +
                            detail::where(source, *first_primary->get("primary")) +
                            "); mark at most one");
    }
    if (iv->primary) first_primary = t;
    app.interviewers.push_back(std::move(*iv));
  }
  auto events = r.table_array("events");
  if (!events) return std::move(events).error();
  for (const toml::table* t : *events) {
    auto e = read_event(*t, source);
    if (!e) return std::move(e).error();
    app.events.push_back(std::move(*e));
  }
  if (auto s = r.finish(); !s) return std::move(s).error();
  return app;
}

Result<ApplicationContext> load_application_file(const std::string& path) {
  auto text = detail::read_text_file(path);
  if (!text) return std::move(text).error();
  return parse_application(*text, path);
}

}  // namespace nudge
