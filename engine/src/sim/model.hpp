#pragma once
// The simulator's inputs as plain values: the employer-behaviour model
// (policies/models/employer.toml) and the population of synthetic applications
// (policies/models/population.toml). Both are read with TableReader: every error carries
// file:line:column, unknown keys are refused, probabilities must lie in [0, 1].
// The keys, their defaults and the figures behind them: docs/simulation.md.

#include <cstdint>
#include <string>
#include <vector>

#include "nudge/result.hpp"
#include "nudge/time.hpp"

namespace nudge::detail {

/// A culture (country) of the model: its time to decision and how much a thank-you counts.
struct ModelCulture {
  std::string name;
  double median_days = 23.8;      ///< median time to decision (Glassdoor 2017, by country)
  double thank_you_weight = 1.0;  ///< scales the thank-you effect; 0 switches it off
};

/// An industry of the model: its time to decision (US figures, scaled by country).
struct ModelIndustry {
  std::string name;
  double median_days = 23.8;
};

/// The employer-behaviour model. Defaults are the shipped model's values.
struct EmployerModel {
  std::string name = "default";
  std::string file;
  double horizon_days = 180;  ///< the simulator follows an application this long

  // Time to decision: lognormal, median by culture and industry.
  double decision_sigma = 0.7;
  std::string reference_culture = "us";  ///< the culture the industry figures were measured in
  std::vector<ModelCulture> cultures;
  std::vector<ModelIndustry> industries;

  double silence_share = 0.40;         ///< employers who never announce a rejection
  double feedback_never_share = 0.71;  ///< rejections announced without any feedback

  double thank_you_considered_share = 0.80;
  double thank_you_less_likely_share = 0.22;
  double thank_you_dismiss_share = 0.16;
  double thank_you_less_likely_factor = 0.5;
  double thank_you_late_after_hours = 48;  ///< weekday hours after the round's end

  double inquiry_reply_share = 0.5;            ///< an undecided employer answers "no news yet"
  double inquiry_sooner_share = 0.25;          ///< ... and brings its decision forward
  double inquiry_reply_days = 2;               ///< how long an answer takes
  double inquiry_silent_answer_share = 0.115;  ///< a silent employer answers with its rejection

  double etiquette_first_wait_days = 7;
  double etiquette_after_decision_date_days = 1;
  std::int64_t etiquette_max_inquiries = 2;
  double etiquette_min_spacing_days = 7;
  double etiquette_penalty = 0.10;               ///< offer chance x (1 - penalty) per violation
  double etiquette_do_not_contact_share = 0.05;  ///< a violation makes them ask for no contact

  double assessment_share = 0.55;  ///< another round instead of a decision
  std::int64_t assessment_max_rounds = 2;
  double assessment_median_days = 5;

  double offer_rate = 0.28;

  /// What the simulated candidate reports when the engine releases an action, by action
  /// name: the event (every one contacts the employer, so each counts as a touch).
  struct ActionEvent {
    std::string action;
    std::string event;
  };
  std::vector<ActionEvent> action_events;

  const ModelCulture* culture(std::string_view name) const;
  const ModelIndustry* industry(std::string_view name) const;
  /// The median time to decision, in days, for a culture and an industry (either may be
  /// null): the industry's figure x culture / reference culture, else the culture's.
  double median_days(const ModelCulture* c, const ModelIndustry* i) const;
};

/// One weighted choice of the population.
struct PopulationCulture {
  std::string name;  ///< a culture of the model, and of the policy stack
  double weight = 1;
  std::string zone;          ///< the candidate's and interviewers' IANA zone
  bool policy_layer = true;  ///< apply the stack's culture layer of that name
};
struct PopulationIndustry {
  std::string name;  ///< an industry of the model ("" = none: the culture's median)
  double weight = 1;
  std::string policy;  ///< the stack's industry layer ("" = none)
};
struct PopulationPanel {
  std::int64_t size = 1;
  double weight = 1;
};

/// Who the synthetic applications are.
struct Population {
  std::string name = "default";
  std::string file;
  LocalDate first_day{};  ///< interview days are drawn uniformly from [first_day, last_day]
  LocalDate last_day{};
  std::int64_t end_hour_min = 10;  ///< interviews end between these local hours
  std::int64_t end_hour_max = 17;
  double stated_date_share = 0.26;
  std::vector<PopulationCulture> cultures;
  std::vector<PopulationIndustry> industries;
  std::vector<PopulationPanel> panels;
};

/// A model file, or a plugin library (ELF) bringing one (plugin ABI 1.1 `model_toml`, read
/// as a model file named "plugin:NAME").
Result<EmployerModel> load_employer_model(const std::string& path);
/// True when `path` starts like an ELF shared library (a plugin), not like a TOML file.
bool is_plugin_library(const std::string& path);
Result<Population> load_population(const std::string& path, const EmployerModel& model);

}  // namespace nudge::detail
