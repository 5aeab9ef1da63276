#pragma once
/// @file engine.hpp
/// The engine: one shard of applications, keyed by id, driven by events and a clock the host
/// owns. Deterministic: the same policy, applications, events and clock give the same actions.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "nudge/application.hpp"
#include "nudge/export.hpp"
#include "nudge/policy.hpp"
#include "nudge/result.hpp"
#include "nudge/stack.hpp"
#include "nudge/time.hpp"

namespace nudge {

/// Something that happened to an application, reported by the host.
struct Event {
  std::string_view type;       ///< an event of the stage graph ("thank_you_sent", ...)
  Instant at{};                ///< when it happened
  std::string_view recipient;  ///< the interviewer, for per-recipient events (else empty)
};

/// An event for an application (for `ShardedEngine::apply_batch` and `Store::apply_batch`).
struct ApplicationEvent {
  std::string_view application;
  Event event;
};

/// What `apply` did with an event.
enum class ApplyOutcome : std::uint8_t {
  kApplied = 0,    ///< the event was recorded (and may have changed the stage)
  kDuplicate = 1,  ///< the same event (type, recipient, time) was already applied: no-op
};

/// A compact handle to an action that became due; `Engine::describe` expands it.
struct DueAction {
  std::uint32_t app = 0;        ///< internal application slot
  std::uint16_t rule = 0;       ///< rule index in the policy
  std::uint8_t recipient = 0;   ///< interviewer index (or 0xFF for the candidate)
  std::uint8_t occurrence = 0;  ///< 0-based occurrence of a repeating rule
  Instant trigger{};            ///< when the rule was triggered (part of the idempotency key)
  Instant at{};                 ///< when it is due
  Instant deadline{};           ///< when it is late
};

/// One step of the explanation of an action's time.
struct Reason {
  std::string text;  ///< e.g. "anchor: interview end 2026-11-23T11:30:00-05:00"
};

/// A planned or due action with everything a host shows or sends.
struct Action {
  std::string key;  ///< stable idempotency key: app/rule/action/recipient/trigger/n
  std::string application;
  std::string rule;       ///< rule id, e.g. "R1"
  std::string action;     ///< e.g. "thank_you"
  std::string recipient;  ///< interviewer name, or "candidate"
  std::string zone;       ///< the recipient's zone: times are shown there
  std::string channel;    ///< e.g. "email"
  Instant at{};
  Instant deadline{};
  std::string draft;        ///< the filled template, if the rule has one and it could be filled
  std::string draft_error;  ///< why the draft was refused (an unfilled placeholder), else empty
  bool optional = false;    ///< a courtesy the policy leaves to the candidate (`optional = true`)
  std::vector<Reason> why;  ///< anchor, offset, scale, window/weekend/holiday shifts, plugins
};

/// A problem a plugin caused (a hook that failed or threw, an invalid answer) or a refusal it
/// made. The engine carried on: the affected action kept its TOML result (or, for a refusal,
/// was not released).
struct Diagnostic {
  std::string plugin;       ///< the plugin's name
  std::string application;  ///< the application id ("" for load-time problems)
  std::string action;       ///< the action's idempotency key, when one is concerned
  std::string message;      ///< "plugin 'NAME': adjust: ..." or the refusal's reason
};

/// The state of one application as seen from outside.
struct ApplicationStatus {
  std::string id;
  std::string stage;
  bool closed = false;  ///< in a terminal stage
  std::uint32_t events = 0;
};

/// Engine counters (for hosts' metrics).
struct EngineStats {
  std::size_t applications = 0;  ///< open in this engine (erased ones not counted)
  std::size_t agenda_entries = 0;
  std::uint64_t events_applied = 0;
  std::uint64_t actions_released = 0;
  std::uint64_t actions_refused = 0;  ///< not released because a plugin's review refused them
  std::uint64_t actions_held = 0;     ///< review answers that held an action back (shift)
  std::uint64_t plugin_errors = 0;    ///< hook failures (the TOML result was used instead)
};

class NUDGE_API Engine {
 public:
  /// An engine running `policy` for every application, its clock at `start` (advance never
  /// goes before it).
  explicit Engine(Policy policy, Instant start = Instant{});
  /// An engine running a policy stack: each application gets the policy of its industry,
  /// culture and overrides (compiled once per group, when its first application opens).
  explicit Engine(PolicyStack stack, Instant start = Instant{});
  ~Engine();
  Engine(Engine&&) noexcept;
  Engine& operator=(Engine&&) noexcept;
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  /// The base group's policy (the stack's policy for no industry and no culture).
  const Policy& policy() const;
  const PolicyStack& stack() const;

  /// Reserves room for `applications` more applications with about `interviewers` each, so
  /// that opening them does not grow (and over-allocate) the engine's arrays.
  void reserve(std::size_t applications, std::size_t interviewers = 2);

  /// Opens an application at its initial stage. Refuses (and changes nothing) on a duplicate
  /// id, an unknown zone, a decision date before the interview, no interviewers, duplicate
  /// interviewer names, more than one primary, unknown weekday names, an industry or culture
  /// the stack does not know, overrides that do not compile.
  Result<void> open(const ApplicationContext& context);

  /// Sets the decision date the employer stated after the application was opened ("we will
  /// decide by the 15th", in a reply to an inquiry) or moved; std::nullopt withdraws it. The
  /// plan uses it at once (R4 waits for it, as if it had been in the application file); an
  /// action it makes due before the clock is released by the next `advance`, and actions
  /// released before are not released again. Refuses, changing nothing: an unknown
  /// application (kNotFound), a date before the day the interview ended in the candidate's
  /// zone or from 9000-01-01 on (kInvalidArgument). The same date again changes nothing.
  Result<void> set_decision_date(std::string_view application, std::optional<LocalDate> date);

  /// Erases an application: a candidate's request to be forgotten, a retention period that
  /// ended, an application opened by mistake. Its plan and every action not yet released go,
  /// `plan`, `status` and `apply` no longer know it (kNotFound), snapshots leave it out, and
  /// its id is free for a new `open` (a new application, with a history of its own). Unknown
  /// ids are refused with kNotFound. A DueAction released before still `describe`s: the
  /// record stays in memory, inert, until the engine is restored from a snapshot.
  Result<void> erase(std::string_view application);

  /// Applies an event. Refuses, changing nothing: unknown application, unknown event, a
  /// recipient that is not an interviewer (or one given for an event that takes none), an
  /// event earlier than the application's last one (kOutOfOrder), an event the current stage
  /// does not allow (kNotAllowed), an event a policy guard forbids (kRefused, naming the rule).
  /// The same event (type, recipient, time) as one of the application's last 2 events is a
  /// no-op reported as kDuplicate; an older repeat is refused as out of order.
  /// Timed transitions fire only as the clock advances (`advance`), never inside `apply`: an
  /// event applies to the stage the application is in. Advance the clock to an event's time
  /// before applying it so that everything due before the event is released first.
  Result<ApplyOutcome> apply(std::string_view application, const Event& event);

  /// Moves the clock to `now` and appends to `out` every action that became due (at <= now),
  /// in time order, each exactly once; fires timed transitions on the way. `now` earlier
  /// than the clock is refused (kOutOfOrder), and so is a `now` from 9000-01-01 on
  /// (kInvalidArgument: the supported range, as for interview ends; a clock in milliseconds
  /// passed as seconds lands there). Allocates nothing once `out` has capacity.
  Result<void> advance(Instant now, std::vector<DueAction>& out);
  /// The same, returning the actions expanded.
  Result<std::vector<Action>> advance(Instant now);

  /// The current clock.
  Instant now() const;

  /// A lower bound of the next time `advance` may release an action or fire a timer (none
  /// when nothing is pending). Advancing to it may release nothing (the bound can be an
  /// outdated entry), but everything due is released by advancing to successive bounds, so a
  /// host driving a virtual clock (the simulator) steps event by event with it.
  std::optional<Instant> next_due() const;

  /// The upcoming actions of an application (not yet released), sorted by `at`, each with
  /// the chain of reasons for its time.
  Result<std::vector<Action>> plan(std::string_view application) const;
  /// Expands a due action (names, draft, key).
  Action describe(const DueAction& due) const;
  /// Stage and counters of an application.
  Result<ApplicationStatus> status(std::string_view application) const;

  /// Checks a message text against the policy's R18 lint rules; one line per finding.
  std::vector<std::string> check_message(std::string_view text) const;

  /// A versioned, checksummed text snapshot of every application (absolute times kept,
  /// the policy's content hash recorded).
  std::string snapshot() const;
  /// Replaces this engine's state with a snapshot's. Refuses (changing nothing) a snapshot
  /// of another policy (kMismatch), of another format version, or a corrupted one (kCorrupt).
  Result<void> restore(std::string_view snapshot);

  EngineStats stats() const;
  /// The ids of the open applications (erased ones left out), in the order they were opened.
  std::vector<std::string> applications() const;

  /// Takes the plugin problems and refusals recorded since the last call (oldest first).
  std::vector<Diagnostic> take_diagnostics();

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace nudge
