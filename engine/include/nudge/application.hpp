#pragma once
/// @file application.hpp
/// What a host tells nudge about one application when the interview ends.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nudge/export.hpp"
#include "nudge/result.hpp"
#include "nudge/time.hpp"

namespace nudge {

/// One interviewer (a recipient of follow-ups).
struct Interviewer {
  std::string name;                   ///< how they are addressed; unique within the application
  std::string role;                   ///< "hr", "manager", ... (selects a template variant)
  std::string zone;                   ///< IANA zone; empty = the candidate's zone
  bool primary = false;               ///< the contact for status inquiries (else the first one)
  std::vector<std::string> topics;    ///< what was discussed; `{topic}` is the first one
  std::vector<LocalDate> holidays;    ///< added to this person's calendar
  std::vector<std::string> workdays;  ///< replaces the working weekdays ("sun".."sat") if set
};

/// An event that already happened, listed in the application file (`[[events]]`).
struct ReportedEvent {
  std::string type;       ///< an event of the stage graph ("thank_you_sent")
  Instant at{};           ///< when it happened
  std::string recipient;  ///< the interviewer, for per-recipient events
};

/// The context of one application, as in the application file (docs/application-format.md).
struct ApplicationContext {
  std::string id;  ///< unique per engine (shard)
  std::string position;
  std::string company;
  std::string candidate_zone;              ///< IANA zone of the candidate
  Instant interview_end{};                 ///< when the (first) interview ended
  std::optional<LocalDate> decision_date;  ///< the decision date the employer stated, if any
  std::string industry;                    ///< optional, e.g. "tech"
  std::string culture;                     ///< optional, e.g. "de"
  bool busy = false;                       ///< R7: the employer is in a known busy period
  bool urgent = false;                     ///< R7: the employer fills the role urgently
  bool no_contact = false;                 ///< R6: the employer asked not to be followed up
  std::vector<Interviewer> interviewers;
  /// Per-application overrides: a TOML policy layer (docs/policy-format.md), the topmost of
  /// the stack; empty = none. `overrides_source` names it in messages (a file path).
  std::string overrides;
  std::string overrides_source;
  /// What already happened, in order. `Engine::open` applies them after opening the
  /// application, all or nothing: if one is refused, the application is not opened.
  std::vector<ReportedEvent> events;
};

/// Reads an application file (TOML). Errors carry `file:line:column`.
NUDGE_API Result<ApplicationContext> load_application_file(const std::string& path);
/// Parses application TOML text; `source` names it in messages.
NUDGE_API Result<ApplicationContext> parse_application(std::string_view text,
                                                       std::string_view source);

}  // namespace nudge
