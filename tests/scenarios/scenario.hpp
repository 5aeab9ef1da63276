#pragma once
// Shared fixture for end-to-end scenarios: the default policy, an engine, and helpers to read
// a plan's times in the recipient's zone.

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "nudge/engine.hpp"

namespace nudge::test {

inline std::string source_path(const std::string& relative) {
  return std::string(NUDGE_SOURCE_DIR) + "/" + relative;
}

inline const Policy& default_policy() {
  static const Policy policy = [] {
    auto p = Policy::load_file(source_path("policies/default.toml"));
    if (!p) throw std::runtime_error(p.error().message);
    return *p;
  }();
  return policy;
}

inline Instant at(const char* rfc3339) {
  auto t = parse_rfc3339(rfc3339);
  if (!t) throw std::runtime_error(t.error().message);
  return *t;
}

inline LocalDate date(const char* ymd) {
  auto d = parse_date(ymd);
  if (!d) throw std::runtime_error(d.error().message);
  return *d;
}

/// The panel interview of the worked examples: ends Mon 2026-11-23 11:30 New York; Ana (HR,
/// Chicago, primary), Ben (manager, Berlin).
inline ApplicationContext panel_app() {
  ApplicationContext app;
  app.id = "app-1";
  app.position = "Data Engineer";
  app.company = "Acme";
  app.candidate_zone = "America/New_York";
  app.interview_end = at("2026-11-23T11:30:00-05:00");
  Interviewer ana;
  ana.name = "Ana Ruiz";
  ana.role = "hr";
  ana.zone = "America/Chicago";
  ana.primary = true;
  ana.topics = {"the data platform migration"};
  Interviewer ben;
  ben.name = "Ben Keller";
  ben.role = "manager";
  ben.zone = "Europe/Berlin";
  ben.topics = {"streaming pipelines"};
  app.interviewers = {ana, ben};
  return app;
}

/// An application with one interviewer in `zone` (also the candidate's zone).
inline ApplicationContext single_app(const char* id, const char* end, const char* zone,
                                     const char* name) {
  ApplicationContext app;
  app.id = id;
  app.position = "Analyst";
  app.company = "Globex";
  app.candidate_zone = zone;
  app.interview_end = at(end);
  Interviewer iv;
  iv.name = name;
  iv.role = "manager";
  iv.zone = zone;
  iv.topics = {"quarterly forecasting"};
  app.interviewers = {iv};
  return app;
}

class Scenario : public ::testing::Test {
 protected:
  Engine engine{default_policy()};

  void open(const ApplicationContext& app) {
    auto s = engine.open(app);
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  void apply(const char* type, const char* when, const char* recipient = "",
             const char* id = "app-1") {
    auto r = engine.apply(id, Event{type, at(when), recipient});
    ASSERT_TRUE(r.ok()) << type << ": " << r.error().message;
    ASSERT_EQ(*r, ApplyOutcome::kApplied) << type;
  }
  std::vector<Action> plan(const char* id = "app-1") {
    auto p = engine.plan(id);
    EXPECT_TRUE(p.ok()) << (p.ok() ? "" : p.error().message);
    return p.ok() ? *p : std::vector<Action>{};
  }
  /// The planned action of `rule` to `recipient`, if any.
  std::optional<Action> find(const char* rule, const char* recipient, const char* id = "app-1") {
    for (const auto& a : plan(id)) {
      if (a.rule == rule && a.recipient == recipient) return a;
    }
    return std::nullopt;
  }
  /// "at / deadline" of an action in its recipient's zone, or "none".
  std::string times(const char* rule, const char* recipient, const char* id = "app-1") {
    auto a = find(rule, recipient, id);
    if (!a) return "none";
    return format_rfc3339(a->at, a->zone) + " / " + format_rfc3339(a->deadline, a->zone);
  }
  std::vector<Action> advance(const char* when) {
    auto r = engine.advance(at(when));
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : std::vector<Action>{};
  }
  std::string stage(const char* id = "app-1") {
    auto s = engine.status(id);
    return s.ok() ? s->stage : s.error().message;
  }
};

}  // namespace nudge::test
