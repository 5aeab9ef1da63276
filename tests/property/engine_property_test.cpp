// Randomized property tests of the engine: random applications (zones from the list below,
// including southern-hemisphere DST and half- and quarter-hour offsets; 1-4 interviewers;
// random working days, holidays, decision dates and flags) and random valid and invalid event
// sequences, under the default policy or, for every third seed, the default stack with a
// random industry and culture from the shipped packs. After every step:
//   - R19: a released action of an aligned rule is due inside its recipient's send window, on
//     one of their working days and not on a holiday (the recipient's local time computed
//     with date/tz, independently of the engine's zone tables);
//   - R5: never more inquiries accepted than the guard allows, and no inquiry released once
//     that many were sent;
//   - R13: negotiation_started is accepted only in the offer stage;
//   - R6: no contact action released after do_not_contact (or with no_contact set), and
//     after an offer or a rejection only answers to the employer's own request (R9) and, after
//     a rejection, the R14 reply and keep-in-touch notes;
//   - R1 before R4 (R4 anchors on R1): a status inquiry is released only when a thank-you to
//     its recipient was released, reported or planned in the same round, and not before it
//     (a planned thank-you may lapse unreleased when the thank-you window closes first);
//   - a refused (or duplicate) event leaves the snapshot byte-identical;
//   - snapshot + restore gives an engine with the same snapshot text, and that engine (a
//     shadow fed the same calls from then on) releases the same actions and answers the same;
// and at the end of each seed, replaying the journal of accepted calls into a fresh engine
// gives the same snapshot.
//
// Seeds: a fixed list by default (deterministic CI); NUDGE_PROPERTY_SEEDS=N runs seeds 1..N,
// NUDGE_PROPERTY_SEED=S runs seed S alone (NUDGE_PROPERTY_VERBOSE=1 prints its calls and
// releases). A failure names its seed (SCOPED_TRACE).

#include <date/tz.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "nudge/engine.hpp"
#include "policy/compiled_policy.hpp"
#include "time/calendar.hpp"

namespace nudge {
namespace {

using std::chrono::days;
using std::chrono::hours;
using std::chrono::minutes;
using std::chrono::seconds;

std::string source_path(const std::string& relative) {
  return std::string(NUDGE_SOURCE_DIR) + "/" + relative;
}

const char* const kZones[] = {"America/New_York",   "America/Chicago",     "America/Los_Angeles",
                              "America/Sao_Paulo",  "America/St_Johns",    "America/Santiago",
                              "Europe/London",      "Europe/Berlin",       "Europe/Paris",
                              "Asia/Kolkata",       "Asia/Kathmandu",      "Asia/Tokyo",
                              "Asia/Dubai",         "Asia/Jerusalem",      "Australia/Sydney",
                              "Australia/Adelaide", "Australia/Lord_Howe", "Pacific/Auckland",
                              "Pacific/Chatham",    "Africa/Johannesburg", "UTC"};
const char* const kDayNames[] = {"sun", "mon", "tue", "wed", "thu", "fri", "sat"};
const char* const kRoles[] = {"hr", "manager", "engineer"};

const Policy& default_policy() {
  static const Policy policy = [] {
    auto p = Policy::load_file(source_path("policies/default.toml"));
    if (!p) throw std::runtime_error(p.error().message);
    return *p;
  }();
  return policy;
}

const PolicyStack& default_stack() {
  static const PolicyStack stack = [] {
    StackOptions options;
    options.policy = source_path("policies/default.toml");
    options.use_plugin_path_environment = false;
    auto s = PolicyStack::load(options);
    if (!s) throw std::runtime_error(s.error().message);
    return *s;
  }();
  return stack;
}

bool verbose() {
  static const bool on = std::getenv("NUDGE_PROPERTY_VERBOSE") != nullptr;
  return on;
}

std::vector<std::uint64_t> seeds() {
  if (const char* one = std::getenv("NUDGE_PROPERTY_SEED")) return {std::stoull(one)};
  std::uint64_t n = 500;
  if (const char* count = std::getenv("NUDGE_PROPERTY_SEEDS")) n = std::stoull(count);
  std::vector<std::uint64_t> out;
  for (std::uint64_t s = 1; s <= n; ++s) out.push_back(s);
  return out;
}

/// A small deterministic generator (the standard distributions differ between libraries).
class Random {
 public:
  explicit Random(std::uint64_t seed) : gen_(seed) {}
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(gen_() % n); }
  std::int64_t between(std::int64_t lo, std::int64_t hi) {
    return lo + static_cast<std::int64_t>(gen_() % static_cast<std::uint64_t>(hi - lo + 1));
  }
  bool chance(int percent) { return below(100) < static_cast<std::size_t>(percent); }
  template <class T, std::size_t N>
  const T& pick(const T (&items)[N]) {
    return items[below(N)];
  }

 private:
  std::mt19937_64 gen_;
};

// ---- random applications ---------------------------------------------------------------

ApplicationContext random_application(Random& rnd, const std::string& id, Instant end,
                                      const PolicyStack* stack) {
  ApplicationContext app;
  app.id = id;
  app.position = "Engineer";
  app.company = "Initech";
  app.candidate_zone = rnd.pick(kZones);
  app.interview_end = end;
  const LocalDate end_day = std::chrono::floor<days>(end);
  if (rnd.chance(50)) app.decision_date = end_day + days{rnd.between(1, 30)};
  app.busy = rnd.chance(20);
  app.urgent = rnd.chance(20);
  app.no_contact = rnd.chance(10);
  if (stack != nullptr) {
    const auto industries = stack->industries();
    const auto cultures = stack->cultures();
    if (!industries.empty() && rnd.chance(80)) {
      app.industry = industries[rnd.below(industries.size())];
    }
    if (!cultures.empty() && rnd.chance(80)) app.culture = cultures[rnd.below(cultures.size())];
  }
  const std::size_t count = 1 + rnd.below(4);
  const std::size_t primary = rnd.chance(60) ? rnd.below(count) : count;
  for (std::size_t i = 0; i < count; ++i) {
    Interviewer iv;
    iv.name = "iv" + std::to_string(i);
    iv.role = rnd.pick(kRoles);
    if (rnd.chance(80)) iv.zone = rnd.pick(kZones);
    iv.primary = i == primary;
    iv.topics = {"topic " + std::to_string(i)};
    if (rnd.chance(40)) {
      for (int d = 0; d < 7; ++d) {
        if (rnd.chance(60)) iv.workdays.push_back(kDayNames[d]);
      }
      if (iv.workdays.empty()) iv.workdays.push_back(rnd.pick(kDayNames));
    }
    const std::size_t holidays = rnd.below(5);
    for (std::size_t h = 0; h < holidays; ++h) {
      iv.holidays.push_back(end_day + days{rnd.between(0, 40)});
    }
    std::sort(iv.holidays.begin(), iv.holidays.end());
    iv.holidays.erase(std::unique(iv.holidays.begin(), iv.holidays.end()), iv.holidays.end());
    app.interviewers.push_back(std::move(iv));
  }
  return app;
}

// ---- the model the checks keep per application ---------------------------------------------

struct AppModel {
  ApplicationContext context;
  const detail::CompiledPolicy* policy = nullptr;
  std::size_t primary = 0;
  bool no_contact = false;
  bool offered = false;
  bool rejected = false;
  int inquiries_sent = 0;
  std::optional<Instant> last_inquiry;
  /// Per interviewer: the thank-you of the current round (released `at` or reported time,
  /// else its last planned time).
  std::vector<std::optional<Instant>> thanked;
  std::vector<bool> thanks_final;  ///< released or reported (no longer a planned time)
};

/// One call of the journal: an advance, or an accepted event.
struct JournalEntry {
  bool advance = false;
  Instant at{};
  std::string application;
  std::string type;
  std::string recipient;
};

// The recipient's calendar, for the R19 check: zone, working days, holidays.
struct RecipientCalendar {
  std::string zone;
  detail::WeekdayMask workdays = detail::kMonToFri;
  std::set<LocalDate> holidays;
};

RecipientCalendar calendar_of(const AppModel& m, std::uint8_t recipient) {
  const detail::CalendarSpec& spec = m.policy->calendar;
  RecipientCalendar cal;
  cal.zone = m.context.candidate_zone;
  cal.workdays = spec.workdays;
  cal.holidays.insert(spec.holidays.begin(), spec.holidays.end());
  if (recipient < m.context.interviewers.size()) {
    const Interviewer& iv = m.context.interviewers[recipient];
    if (!iv.zone.empty()) cal.zone = iv.zone;
    if (!iv.workdays.empty()) {
      cal.workdays = 0;
      for (const auto& name : iv.workdays) cal.workdays |= *detail::parse_weekday(name);
    }
    cal.holidays.insert(iv.holidays.begin(), iv.holidays.end());
  }
  return cal;
}

// ---- the run of one seed ----------------------------------------------------------------

class SeedRun {
 public:
  explicit SeedRun(std::uint64_t seed) : rnd_(seed * 0x9E3779B97F4A7C15ULL + 1) {
    use_stack_ = seed % 3 == 0;
  }

  void run() {
    const std::int64_t base_day = rnd_.between(0, 6 * 365);  // 2025..2030
    const Instant base =
        Instant{std::chrono::sys_days{std::chrono::year{2025} / std::chrono::January / 1}} +
        days{base_day} + hours{rnd_.between(0, 23)} + minutes{15 * rnd_.between(0, 3)};
    journal_start_ = base - hours{1};
    engine_.emplace(make_engine(journal_start_));
    const std::size_t app_count = 1 + rnd_.below(3);
    for (std::size_t i = 0; i < app_count; ++i) {
      const Instant end = base + hours{rnd_.between(0, 72)};
      AppModel m;
      m.context = random_application(rnd_, "app-" + std::to_string(i), end,
                                     use_stack_ ? &default_stack() : nullptr);
      auto opened = engine_->open(m.context);
      if (verbose()) {
        std::printf("open %s: zone %s end %s decision %s industry '%s' culture '%s'\n",
                    m.context.id.c_str(), m.context.candidate_zone.c_str(),
                    format_rfc3339(end, m.context.candidate_zone).c_str(),
                    m.context.decision_date ? format_date(*m.context.decision_date).c_str() : "-",
                    m.context.industry.c_str(), m.context.culture.c_str());
        for (const auto& iv : m.context.interviewers) {
          std::printf("  %s zone '%s' primary %d workdays %zu holidays %zu\n", iv.name.c_str(),
                      iv.zone.c_str(), iv.primary ? 1 : 0, iv.workdays.size(), iv.holidays.size());
        }
      }
      ASSERT_TRUE(opened.ok()) << opened.error().message;
      m.policy = &policy_of(m.context);
      m.primary = 0;
      for (std::size_t k = 0; k < m.context.interviewers.size(); ++k) {
        if (m.context.interviewers[k].primary) m.primary = k;
      }
      m.no_contact = m.context.no_contact;
      m.thanked.assign(m.context.interviewers.size(), std::nullopt);
      m.thanks_final.assign(m.context.interviewers.size(), false);
      apps_.push_back(std::move(m));
      opened_.push_back(apps_.back().context);
    }
    start_shadow();
    const int steps = 70;
    for (int step = 0; step < steps && !::testing::Test::HasFailure(); ++step) {
      SCOPED_TRACE("step " + std::to_string(step));
      advance_to(engine_->now() + seconds{rnd_.between(0, 4 * 86400)});
      if (::testing::Test::HasFailure()) return;
      const std::size_t events = rnd_.below(3);
      for (std::size_t e = 0; e < events && !::testing::Test::HasFailure(); ++e) random_event();
      if (rnd_.chance(15)) start_shadow();
    }
    // Long after: everything still due comes out under the same checks.
    advance_to(engine_->now() + days{400});
    check_replay();
  }

 private:
  Engine make_engine(Instant start) const {
    return use_stack_ ? Engine(default_stack(), start) : Engine(default_policy(), start);
  }

  const detail::CompiledPolicy& policy_of(const ApplicationContext& app) const {
    if (!use_stack_) return default_policy().compiled();
    auto p = default_stack().policy_for(app.industry, app.culture);
    if (!p) throw std::runtime_error(p.error().message);
    return p->compiled();  // the stack's cache keeps the compiled policy alive
  }

  // A shadow engine restored from a snapshot of the main one, fed the same calls from now on.
  void start_shadow() {
    record_planned_thanks();
    const std::string snap = engine_->snapshot();
    shadow_.emplace(make_engine(Instant{}));
    auto s = shadow_->restore(snap);
    ASSERT_TRUE(s.ok()) << s.error().message;
    ASSERT_EQ(shadow_->snapshot(), snap) << "a restored engine snapshots differently";
  }

  void advance_to(Instant t) {
    journal_.push_back(JournalEntry{true, t, {}, {}, {}});
    std::vector<DueAction> due;
    auto s = engine_->advance(t, due);
    ASSERT_TRUE(s.ok()) << s.error().message;
    std::vector<DueAction> shadow_due;
    ASSERT_TRUE(shadow_->advance(t, shadow_due).ok());
    ASSERT_EQ(due.size(), shadow_due.size()) << "the restored shadow releases other actions";
    for (std::size_t i = 0; i < due.size(); ++i) {
      const Action a = engine_->describe(due[i]);
      const Action b = shadow_->describe(shadow_due[i]);
      ASSERT_EQ(a.key, b.key);
      ASSERT_EQ(a.at, b.at);
      ASSERT_EQ(a.deadline, b.deadline);
      check_release(due[i], a);
    }
    ASSERT_EQ(engine_->snapshot(), shadow_->snapshot());
    record_planned_thanks();
  }

  AppModel& model(const std::string& id) {
    for (auto& m : apps_) {
      if (m.context.id == id) return m;
    }
    throw std::runtime_error("unknown application " + id);
  }

  void check_release(const DueAction& due, const Action& a) {
    AppModel& m = model(a.application);
    const detail::CompiledRule& rule = m.policy->rules.at(due.rule);
    if (verbose())
      std::printf("  released %s at %s\n", a.key.c_str(), format_rfc3339(a.at, a.zone).c_str());
    SCOPED_TRACE(a.key + " due " + format_rfc3339(a.at, a.zone));
    EXPECT_LE(a.at, engine_->now());

    // R19: inside the recipient's send window, on a working day, not on a holiday.
    if (rule.align) {
      const RecipientCalendar cal = calendar_of(m, due.recipient);
      const auto local =
          date::make_zoned(cal.zone, date::sys_seconds{a.at.time_since_epoch()}).get_local_time();
      const auto day = date::floor<date::days>(local);
      const auto second_of_day = (local - day).count();
      const LocalDate civil{std::chrono::days{day.time_since_epoch().count()}};
      const unsigned weekday = date::weekday{day}.c_encoding();
      EXPECT_GE(second_of_day, m.policy->calendar.window_start) << "before the send window";
      EXPECT_LT(second_of_day, m.policy->calendar.window_end) << "after the send window";
      EXPECT_TRUE((cal.workdays >> weekday) & 1U) << "not a working day in " << cal.zone;
      EXPECT_EQ(cal.holidays.count(civil), 0U) << "on a holiday of the recipient";
    }

    // R6: nothing to the employer after do_not_contact; after an offer or a rejection only
    // the answer to their own request (R9) and, after a rejection, R14.
    if (rule.contact) {
      EXPECT_FALSE(m.no_contact) << "contact after do_not_contact";
      const bool answers_request = rule.action == "send_requested_info";
      const bool after_rejection = rule.id == "R14-reply" || rule.id == "R14-keep-in-touch";
      if (m.offered && !m.rejected) {
        EXPECT_TRUE(answers_request) << "contact after an offer";
      }
      if (m.rejected) {  // also after an offer that was withdrawn
        EXPECT_TRUE(answers_request || after_rejection) << "contact after a rejection";
      }
    }

    // R5: no inquiry once the guard's limit of inquiries was sent.
    if (rule.action == "status_inquiry" || rule.action == "second_inquiry") {
      EXPECT_LT(m.inquiries_sent, inquiry_limit(m)) << "an inquiry beyond the limit";
    }

    // R1 before R4: the inquiry's recipient was thanked in this round, before the inquiry.
    if (rule.action == "status_inquiry" && due.recipient < m.thanked.size()) {
      const auto& thanked = m.thanked[due.recipient];
      EXPECT_TRUE(thanked.has_value()) << "a status inquiry before any thank-you";
      if (thanked) {
        EXPECT_LE(*thanked, a.at) << "a status inquiry before the thank-you";
      }
    }
    if (rule.action == "thank_you" && due.recipient < m.thanked.size()) {
      thank(m, due.recipient, a.at);
    }
  }

  static void thank(AppModel& m, std::size_t k, Instant at) {
    if (m.thanks_final[k]) return;
    m.thanked[k] = at;
    m.thanks_final[k] = true;
  }

  // The planned thank-yous of every application (what R4 anchors on until one is sent).
  void record_planned_thanks() {
    for (AppModel& m : apps_) {
      auto plan = engine_->plan(m.context.id);
      ASSERT_TRUE(plan.ok());
      for (const Action& a : *plan) {
        if (a.action != "thank_you") continue;
        for (std::size_t k = 0; k < m.context.interviewers.size(); ++k) {
          if (m.context.interviewers[k].name == a.recipient && !m.thanks_final[k]) {
            m.thanked[k] = a.at;
          }
        }
      }
    }
  }

  static int inquiry_limit(const AppModel& m) {
    const auto& g = m.policy->graph;
    const auto inquiry = g.find_event("inquiry_sent");
    int limit = 1000;
    for (const auto& guard : m.policy->guards) {
      if (inquiry && guard.count_event == *inquiry && guard.max_count > 0) {
        limit = std::min(limit, int{guard.max_count});
      }
    }
    return limit;
  }

  // The least spacing of inquiries the guards demand (days less an hour for a DST change;
  // business days are not checked).
  static seconds inquiry_spacing(const AppModel& m) {
    const auto inquiry = m.policy->graph.find_event("inquiry_sent");
    seconds spacing{0};
    for (const auto& guard : m.policy->guards) {
      if (!inquiry || guard.count_event != *inquiry) continue;
      const Duration& d = guard.min_spacing;
      if (d.unit == Duration::Unit::kSeconds) spacing = std::max(spacing, seconds{d.amount});
      if (d.unit == Duration::Unit::kDays && d.amount > 0) {
        spacing = std::max(spacing, seconds{d.amount * 86400 - 3600});
      }
    }
    return spacing;
  }

  // An event: most often one the application's stage allows, at the current time; else an
  // unknown one, a timed one, a wrong recipient, an earlier time or a repeat.
  void random_event() {
    AppModel& m = apps_[rnd_.below(apps_.size())];
    const auto& graph = m.policy->graph;
    auto status = engine_->status(m.context.id);
    ASSERT_TRUE(status.ok());
    const detail::StageId stage = *graph.find_stage(status->stage);

    std::string type;
    // Allowed events, weighted so that applications live long enough to reach the later
    // stages: events that end the application or set a flag are drawn less often.
    std::vector<std::string> allowed;
    for (detail::EventId e = 0; e < graph.events().size(); ++e) {
      const detail::StageId to = m.policy->machine.next(stage, e);
      if (graph.events()[e].timed || to == detail::kNoStage) continue;
      const bool rare = graph.is_terminal(to) || !graph.events()[e].sets_flag.empty();
      for (int w = rare ? 1 : 6; w > 0; --w) allowed.push_back(graph.events()[e].name);
    }
    if (!allowed.empty() && rnd_.chance(75)) {
      type = allowed[rnd_.below(allowed.size())];
    } else if (rnd_.chance(90)) {
      type = graph.events()[rnd_.below(graph.events().size())].name;
    } else {
      type = "salary_talk";
    }
    std::string recipient;
    const auto id = graph.find_event(type);
    if (id && graph.events()[*id].per_recipient) {
      recipient = m.context.interviewers[rnd_.below(m.context.interviewers.size())].name;
    }
    if (rnd_.chance(5)) recipient = rnd_.chance(50) ? "nobody" : "";
    Instant at = engine_->now();
    if (rnd_.chance(10)) at -= seconds{rnd_.between(1, 5 * 86400)};
    if (rnd_.chance(8) && last_event_) {  // the same event again
      type = last_event_->type;
      recipient = last_event_->recipient;
      at = last_event_->at;
      if (model(last_event_->application).context.id != m.context.id) return;
    }
    apply(m, type, recipient, at);
  }

  void apply(AppModel& m, const std::string& type, const std::string& recipient, Instant at) {
    SCOPED_TRACE("apply " + type + " '" + recipient + "' at " + format_rfc3339(at, "UTC") + " to " +
                 m.context.id);
    const std::string before = engine_->snapshot();
    const std::string stage_before = engine_->status(m.context.id)->stage;
    auto r = engine_->apply(m.context.id, Event{type, at, recipient});
    if (verbose()) {
      std::printf("%s %s '%s' at %s: %s\n", m.context.id.c_str(), type.c_str(), recipient.c_str(),
                  format_rfc3339(at, "UTC").c_str(),
                  r.ok() ? "applied" : r.error().message.c_str());
    }
    auto shadow = shadow_->apply(m.context.id, Event{type, at, recipient});
    ASSERT_EQ(r.ok(), shadow.ok()) << "the restored shadow answers differently";
    if (!r.ok()) {
      EXPECT_EQ(r.error().code, shadow.error().code);
      EXPECT_NE(r.error().code, ErrorCode::kOk);
      EXPECT_FALSE(r.error().message.empty());
      ASSERT_EQ(engine_->snapshot(), before) << "a refused event changed the engine";
      return;
    }
    ASSERT_EQ(*r, *shadow);
    if (*r == ApplyOutcome::kDuplicate) {
      ASSERT_EQ(engine_->snapshot(), before) << "a duplicate changed the engine";
      return;
    }
    journal_.push_back(JournalEntry{false, at, m.context.id, type, recipient});
    last_event_ = journal_.back();

    // R13: negotiation only once an offer is on the table.
    if (type == "negotiation_started") {
      EXPECT_EQ(stage_before, "offer") << "negotiation accepted before an offer";
    }
    if (type == "inquiry_sent") {
      ++m.inquiries_sent;
      EXPECT_LE(m.inquiries_sent, inquiry_limit(m)) << "more inquiries accepted than allowed";
      if (m.last_inquiry) {
        EXPECT_GE(at - *m.last_inquiry, inquiry_spacing(m)) << "two inquiries too close";
      }
      m.last_inquiry = at;
    }
    if (type == "do_not_contact") m.no_contact = true;
    const std::string stage_after = engine_->status(m.context.id)->stage;
    if (stage_after == "offer") m.offered = true;
    if (stage_after == "rejection") m.rejected = true;
    if (stage_after == "interviewed" && stage_before != "interviewed") {  // a new round
      // The engine orders by time only: a thank-you reported in the very second the new
      // round starts counts for the new round (a documented limit, docs/testing.md).
      for (std::size_t k = 0; k < m.thanked.size(); ++k) {
        if (!(m.thanks_final[k] && m.thanked[k] == at)) {
          m.thanked[k].reset();
          m.thanks_final[k] = false;
        }
      }
    }
    if (type == "thank_you_sent") {
      for (std::size_t k = 0; k < m.context.interviewers.size(); ++k) {
        if (m.context.interviewers[k].name == recipient) {
          m.thanked[k] = at;  // the last report is what the engine keeps
          m.thanks_final[k] = true;
        }
      }
    }
    record_planned_thanks();
    ASSERT_EQ(engine_->snapshot(), shadow_->snapshot());
  }

  // The accepted calls, replayed into a fresh engine, give the same snapshot.
  void check_replay() {
    Engine fresh = make_engine(journal_start_);
    for (const auto& app : opened_) {
      ASSERT_TRUE(fresh.open(app).ok());
    }
    for (const auto& j : journal_) {
      if (j.advance) {
        std::vector<DueAction> due;
        ASSERT_TRUE(fresh.advance(j.at, due).ok());
      } else {
        auto r = fresh.apply(j.application, Event{j.type, j.at, j.recipient});
        ASSERT_TRUE(r.ok()) << "replay refused " << j.type << ": " << r.error().message;
      }
    }
    EXPECT_EQ(fresh.snapshot(), engine_->snapshot()) << "the replayed journal differs";
  }

  Random rnd_;
  bool use_stack_ = false;
  std::optional<Engine> engine_;
  std::optional<Engine> shadow_;
  std::vector<AppModel> apps_;
  std::vector<ApplicationContext> opened_;
  std::vector<JournalEntry> journal_;
  std::optional<JournalEntry> last_event_;
  Instant journal_start_{};
};

TEST(EngineProperty, RandomApplicationsAndEventsKeepTheRules) {
  for (std::uint64_t seed : seeds()) {
    SCOPED_TRACE("seed " + std::to_string(seed) +
                 " (rerun alone with NUDGE_PROPERTY_SEED=" + std::to_string(seed) + ")");
    SeedRun run(seed);
    run.run();
    if (::testing::Test::HasFailure()) return;
  }
}

}  // namespace
}  // namespace nudge
