// The simulation runner: the employer model reacting to what the candidate sends, and the real
// Engine releasing what the strategy says is due, on a virtual clock that jumps from one event
// to the next (docs/simulation.md, "How a run works"). The synthetic applications and their
// employers are drawn in draws.cpp.
#include "sim/runner.hpp"

#include <algorithm>
#include <cmath>
#include <queue>
#include <string>

#include "nudge/engine.hpp"
#include "policy/compiled_policy.hpp"
#include "sim/chunk.hpp"

namespace nudge::detail {
namespace {

constexpr std::int64_t kDay = 86400;

std::int64_t seconds(double days) { return static_cast<std::int64_t>(std::llround(days * kDay)); }
std::int64_t secs(Instant t) { return t.time_since_epoch().count(); }
Instant instant(std::int64_t s) { return Instant{std::chrono::seconds{s}}; }

/// Hours from a to b on weekdays of `zone`: Saturdays and Sundays between the two local dates
/// (after a's date, up to b's) do not count.
double weekday_hours(const Zone& zone, std::int64_t a, std::int64_t b) {
  const std::int64_t la = zone.to_local(instant(a)).count();
  const std::int64_t lb = zone.to_local(instant(b)).count();
  const std::int64_t da = la >= 0 ? la / kDay : (la - kDay + 1) / kDay;
  const std::int64_t db = lb >= 0 ? lb / kDay : (lb - kDay + 1) / kDay;
  std::int64_t weekend = 0;
  for (std::int64_t d = da + 1; d <= db; ++d) {
    const std::int64_t wd = ((d % 7) + 7 + 4) % 7;  // 1970-01-01 was a Thursday (4); 0 = Sun
    if (wd == 0 || wd == 6) ++weekend;
  }
  return static_cast<double>(lb - la) / 3600.0 - 24.0 * static_cast<double>(weekend);
}

}  // namespace

// ---- one batch of applications under one strategy ------------------------------------------

namespace {

enum class StepKind : std::uint8_t {
  kInvite,        // the employer invites to a further round (assessment_invited)
  kRoundEnd,      // that round's interview ends (interview_ended)
  kDecision,      // the final decision
  kReply,         // an answer to an inquiry without a decision (reply_received)
  kSilentAnswer,  // a silent employer answers an inquiry with its rejection
  kDoNotContact,  // the employer asks not to be contacted
  kHorizon,       // the simulator stops following the application
};

bool versioned(StepKind k) {
  return k == StepKind::kInvite || k == StepKind::kRoundEnd || k == StepKind::kDecision;
}

struct Step {
  std::int64_t at;
  std::uint64_t seq;
  std::uint32_t app;
  std::uint32_t version;
  StepKind kind;
  bool operator>(const Step& o) const { return at != o.at ? at > o.at : seq > o.seq; }
};

struct AppRun {
  AppRun(std::uint64_t i, const SyntheticApp& sa, const EmployerDraws& ed, std::uint64_t seed)
      : index(i), a(sa), e(ed), reactions(seed, i, kReactionStream) {}
  std::uint64_t index;
  SyntheticApp a;
  EmployerDraws e;
  Rng reactions;
  std::string id;
  std::int64_t start = 0;
  std::int64_t round_end = 0;
  std::int64_t decision_date_at = 0;
  bool has_decision_date = false;
  std::int64_t first_wait = 0;  // an earlier inquiry is too early
  std::uint32_t round = 0;      // further rounds held so far
  std::uint32_t thanked_mask = 0;
  bool all_thanked = true;
  std::uint32_t inquiries = 0;
  std::int64_t last_inquiry = 0;
  bool no_contact = false;
  bool decided_silently = false;
  bool done = false;
  StepKind pending = StepKind::kDecision;
  bool has_pending = false;
  std::int64_t pending_at = 0;
  std::uint32_t version = 0;
  AppOutcome out;
};

class BatchRun {
 public:
  BatchRun(const SimSetup& s, std::size_t strategy, std::vector<AppRun>& apps,
           const std::atomic<bool>* stop)
      : s_(s), apps_(apps), stop_(stop), engine_(s.stacks[strategy], instant(min_start() - 1)) {}

  /// Runs every application to its answer or horizon; false when stopped.
  bool run() {
    engine_.reserve(apps_.size(), 3);
    std::vector<std::uint32_t> order(apps_.size());
    for (std::uint32_t k = 0; k < order.size(); ++k) order[k] = k;
    std::stable_sort(order.begin(), order.end(), [&](std::uint32_t x, std::uint32_t y) {
      return apps_[x].a.interview_end < apps_[y].a.interview_end;
    });
    std::size_t next_open = 0;
    std::vector<DueAction> due;
    due.reserve(64);
    std::uint64_t iterations = 0;
    for (;;) {
      if ((++iterations & 1023) == 0 && stop_ && stop_->load(std::memory_order_relaxed)) {
        return false;
      }
      std::int64_t t = INT64_MAX;
      if (next_open < order.size()) t = secs(apps_[order[next_open]].a.interview_end);
      if (!steps_.empty()) t = std::min(t, steps_.top().at);
      if (auto nd = engine_.next_due()) t = std::min(t, secs(*nd));
      if (t == INT64_MAX) break;
      t = std::max(t, secs(engine_.now()));
      due.clear();
      if (auto st = engine_.advance(instant(t), due); !st) return fail(st.error().message);
      for (const DueAction& d : due) candidate_acts(d, t);
      while (!steps_.empty() && steps_.top().at <= t) {
        const Step step = steps_.top();
        steps_.pop();
        employer_acts(step, t);
      }
      while (next_open < order.size() && secs(apps_[order[next_open]].a.interview_end) <= t) {
        if (!open(order[next_open], t)) return false;
        ++next_open;
      }
      if (!error_.empty()) return false;
    }
    return true;
  }

  const std::string& error() const { return error_; }

 private:
  std::int64_t min_start() const {
    std::int64_t m = INT64_MAX;
    for (const AppRun& r : apps_) m = std::min(m, secs(r.a.interview_end));
    return m == INT64_MAX ? 0 : m;
  }

  bool fail(std::string message) {
    error_ = std::move(message);
    return false;
  }

  bool open(std::uint32_t local, std::int64_t t) {
    AppRun& r = apps_[local];
    const PopulationCulture& pc = s_.population.cultures[r.a.culture];
    const PopulationIndustry& pi = s_.population.industries[r.a.industry];
    ApplicationContext ctx;
    r.id = "a" + std::to_string(r.index);
    ctx.id = r.id;
    ctx.position = "Analyst";
    ctx.company = "Employer";
    ctx.candidate_zone = pc.zone;
    ctx.interview_end = r.a.interview_end;
    ctx.decision_date = r.a.decision_date;
    ctx.industry = pi.policy;
    ctx.culture = pc.policy_layer ? pc.name : std::string();
    ctx.interviewers.resize(r.a.panel);
    for (std::uint32_t k = 0; k < r.a.panel; ++k) {
      Interviewer& iv = ctx.interviewers[k];
      iv.name = s_.interviewer_names[k];
      iv.role = k == 0 ? "hr" : "manager";
      iv.primary = k == 0;
      iv.topics = {"the team's work"};
    }
    if (auto st = engine_.open(ctx); !st) {
      return fail("application " + r.id + ": " + st.error().message);
    }
    slot_to_local_.push_back(local);
    r.start = t;
    // Where decisions come faster than in the reference culture's average industry, an
    // earlier inquiry is not pushy (retail-hospitality's 4 days where decisions take 10).
    const EmployerModel& m = s_.model;
    const double ratio = decision_median_days(m, s_.population, r.a) /
                         m.median_days(m.culture(m.reference_culture), nullptr);
    r.first_wait = seconds(m.etiquette_first_wait_days * std::min(1.0, ratio));
    r.round_end = t;
    if (r.a.decision_date) {
      r.has_decision_date = true;
      r.decision_date_at = secs(s_.zones[r.a.culture].to_instant(
          LocalSeconds{r.a.decision_date->time_since_epoch().count() * kDay}));
    }
    if (r.e.further_rounds > 0) {
      schedule(local, StepKind::kInvite, invite_time(r, 0));
    } else {
      schedule(local, StepKind::kDecision, r.start + seconds(r.e.decision_days));
    }
    push(local, StepKind::kHorizon, r.start + seconds(s_.model.horizon_days));
    return true;
  }

  /// Further round k is invited part-way to the decision: at (k+1)/(rounds+1) of it.
  static std::int64_t invite_time(const AppRun& r, std::uint32_t k) {
    const double share = static_cast<double>(k + 1) / static_cast<double>(r.e.further_rounds + 1);
    return r.start + seconds(r.e.decision_days * share);
  }

  void push(std::uint32_t local, StepKind kind, std::int64_t at) {
    steps_.push(Step{at, seq_++, local, apps_[local].version, kind});
  }
  /// Replaces the application's pending employer step (invite, round end or decision).
  void schedule(std::uint32_t local, StepKind kind, std::int64_t at) {
    AppRun& r = apps_[local];
    ++r.version;
    r.pending = kind;
    r.pending_at = at;
    r.has_pending = true;
    push(local, kind, at);
  }

  Result<ApplyOutcome> apply(AppRun& r, std::string_view type, std::int64_t t,
                             std::string_view recipient = {}) {
    return engine_.apply(r.id, Event{type, instant(t), recipient});
  }

  void answer(AppRun& r, std::uint8_t kind, std::int64_t t) {
    r.out.kind = kind;
    r.out.answer_days = static_cast<double>(t - r.start) / kDay;
    if (kind == AppOutcome::kRejection) {
      r.out.feedback = r.e.feedback_u >= s_.model.feedback_never_share;
    }
    r.done = true;
    (void)apply(r, "withdraw", t);  // the simulator stops following it
  }

  void close_round(AppRun& r) {
    const std::uint32_t full = (1U << r.a.panel) - 1;
    r.all_thanked = r.all_thanked && (r.thanked_mask & full) == full;
    r.thanked_mask = 0;
  }

  void employer_acts(const Step& step, std::int64_t t) {
    AppRun& r = apps_[step.app];
    if (r.done) return;
    if (versioned(step.kind)) {
      if (step.version != r.version) return;  // moved (an inquiry brought it forward)
      r.has_pending = false;
    }
    const EmployerModel& m = s_.model;
    switch (step.kind) {
      case StepKind::kInvite:
        (void)apply(r, "assessment_invited", t);
        schedule(step.app, StepKind::kRoundEnd, t + seconds(r.e.round_days[r.round]));
        break;
      case StepKind::kRoundEnd: {
        close_round(r);
        (void)apply(r, "interview_ended", t);
        ++r.round;
        r.round_end = t;
        if (r.round < r.e.further_rounds) {
          schedule(step.app, StepKind::kInvite, std::max(invite_time(r, r.round), t + kDay));
        } else {
          schedule(step.app, StepKind::kDecision,
                   std::max(r.start + seconds(r.e.decision_days), t + kDay));
        }
        break;
      }
      case StepKind::kDecision: {
        close_round(r);
        const ModelCulture* c = m.culture(s_.population.cultures[r.a.culture].name);
        const double w = c ? c->thank_you_weight : 1.0;
        double p = m.offer_rate;
        if (!r.all_thanked) {
          if (r.e.thank_you_u < m.thank_you_dismiss_share * w) {
            p = 0;
          } else if (r.e.thank_you_u < m.thank_you_less_likely_share * w) {
            p *= m.thank_you_less_likely_factor;
          }
        }
        p *= std::pow(1.0 - m.etiquette_penalty, static_cast<double>(r.out.violations));
        if (r.e.offer_u < p) {
          (void)apply(r, "offer_received", t);
          answer(r, AppOutcome::kOffer, t);
        } else if (r.e.silent) {
          r.decided_silently = true;
        } else {
          (void)apply(r, "rejection_received", t);
          answer(r, AppOutcome::kRejection, t);
        }
        break;
      }
      case StepKind::kReply:
        (void)apply(r, "reply_received", t);
        break;
      case StepKind::kSilentAnswer:
        (void)apply(r, "rejection_received", t);
        answer(r, AppOutcome::kRejection, t);
        break;
      case StepKind::kDoNotContact:
        (void)apply(r, "do_not_contact", t);
        r.no_contact = true;
        break;
      case StepKind::kHorizon:
        r.done = true;
        (void)apply(r, "withdraw", t);
        break;
    }
  }

  /// The index into s_.actions of what the candidate reports for a released action, or -1.
  int action_of(const DueAction& d, std::uint32_t group) {
    if (cache_.size() <= group) cache_.resize(group + 1);
    std::vector<std::int16_t>& c = cache_[group];
    if (c.size() <= d.rule) c.resize(d.rule + 1U, -2);
    if (c[d.rule] == -2) {
      const std::string action = engine_.describe(d).action;
      c[d.rule] = -1;
      for (std::size_t k = 0; k < s_.actions.size(); ++k) {
        if (s_.actions[k].action == action) c[d.rule] = static_cast<std::int16_t>(k);
      }
    }
    return c[d.rule];
  }

  void candidate_acts(const DueAction& d, std::int64_t t) {
    if (d.app >= slot_to_local_.size()) return;
    const std::uint32_t local = slot_to_local_[d.app];
    AppRun& r = apps_[local];
    if (r.done) return;
    const PopulationIndustry& pi = s_.population.industries[r.a.industry];
    (void)pi;
    const std::uint32_t group =
        r.a.industry * static_cast<std::uint32_t>(s_.population.cultures.size()) + r.a.culture;
    const int k = action_of(d, group);
    if (k < 0) return;  // the candidate's own task (reflect, keep searching): nothing to send
    const SimAction& act = s_.actions[static_cast<std::size_t>(k)];
    std::string_view recipient;
    if (act.per_recipient) {
      if (d.recipient >= r.a.panel) return;
      recipient = s_.interviewer_names[d.recipient];
    }
    auto res = apply(r, act.event, t, recipient);
    if (!res) {
      if (res.error().code == ErrorCode::kRefused) ++r.out.refused;
      return;
    }
    if (*res == ApplyOutcome::kDuplicate) return;
    ++r.out.touches;
    contact(local, r, act, d.recipient, t);
  }

  /// The employer's reaction to a message the candidate sent.
  void contact(std::uint32_t local, AppRun& r, const SimAction& act, std::uint8_t recipient,
               std::int64_t t) {
    const EmployerModel& m = s_.model;
    bool violation = r.no_contact;
    if (act.thank_you && recipient < 32 &&
        weekday_hours(s_.zones[r.a.culture], r.round_end, t) <= m.thank_you_late_after_hours) {
      r.thanked_mask |= 1U << recipient;
    }
    if (act.inquiry) {
      if (t - r.round_end < r.first_wait) violation = true;
      if (r.has_decision_date &&
          t < r.decision_date_at + seconds(m.etiquette_after_decision_date_days)) {
        violation = true;
      }
      ++r.inquiries;
      if (static_cast<std::int64_t>(r.inquiries) > m.etiquette_max_inquiries) violation = true;
      if (r.inquiries > 1 && t - r.last_inquiry < seconds(m.etiquette_min_spacing_days)) {
        violation = true;
      }
      r.last_inquiry = t;
      const bool reply = r.reactions.bernoulli(m.inquiry_reply_share);
      const bool sooner = r.reactions.bernoulli(m.inquiry_sooner_share);
      const bool silent_answer = r.reactions.bernoulli(m.inquiry_silent_answer_share);
      const std::int64_t answer_at = t + seconds(m.inquiry_reply_days);
      if (r.e.silent) {
        if (r.decided_silently && silent_answer) push(local, StepKind::kSilentAnswer, answer_at);
      } else if (r.has_pending) {
        if (sooner && r.pending != StepKind::kRoundEnd && r.pending_at > answer_at) {
          schedule(local, r.pending, answer_at);
        } else if (reply) {
          push(local, StepKind::kReply, answer_at);
        }
      }
    }
    if (violation) {
      ++r.out.violations;
      if (!r.no_contact && r.reactions.bernoulli(m.etiquette_do_not_contact_share)) {
        push(local, StepKind::kDoNotContact, t + seconds(m.inquiry_reply_days));
      }
    }
  }

  const SimSetup& s_;
  std::vector<AppRun>& apps_;
  const std::atomic<bool>* stop_;
  Engine engine_;
  std::priority_queue<Step, std::vector<Step>, std::greater<>> steps_;
  std::uint64_t seq_ = 0;
  std::vector<std::uint32_t> slot_to_local_;
  std::vector<std::vector<std::int16_t>> cache_;
  std::string error_;
};

}  // namespace

BatchResult run_batch(const SimSetup& s, std::uint64_t begin, std::uint64_t end,
                      const std::atomic<bool>* stop) {
  BatchResult result;
  std::vector<SyntheticApp> drawn;
  std::vector<EmployerDraws> employers;
  drawn.reserve(end - begin);
  for (std::uint64_t i = begin; i < end; ++i) {
    drawn.push_back(draw_application(s.population, s.model, s.zones, s.seed, i));
    employers.push_back(draw_employer(s.model, s.population, drawn.back(), s.seed, i));
  }
  std::vector<std::uint8_t> first_kind(drawn.size());
  const std::size_t bins =
      static_cast<std::size_t>(seconds(s.model.horizon_days) / kSecondsPerBin) + 1;
  for (std::size_t st = 0; st < s.stacks.size(); ++st) {
    std::vector<AppRun> apps;
    apps.reserve(drawn.size());
    for (std::size_t k = 0; k < drawn.size(); ++k) {
      apps.emplace_back(begin + k, drawn[k], employers[k], s.seed);
    }
    BatchRun run(s, st, apps, stop);
    if (!run.run()) {
      result.error = run.error();
      return result;  // stopped or failed: the batch counts for nothing
    }
    StrategyTally tally;
    tally.answer_hours.assign(bins, 0);
    for (std::size_t k = 0; k < apps.size(); ++k) {
      const AppOutcome& o = apps[k].out;
      ++tally.applications;
      tally.touches += o.touches;
      tally.violations += o.violations;
      tally.refused += o.refused;
      if (o.kind == AppOutcome::kOffer) ++tally.offers;
      if (o.kind == AppOutcome::kRejection) ++tally.rejections;
      if (o.kind == AppOutcome::kNone) ++tally.never_answered;
      if (o.kind == AppOutcome::kRejection && o.feedback) ++tally.feedback;
      if (o.kind != AppOutcome::kNone) {
        const auto bin = std::min<std::size_t>(
            bins - 1, static_cast<std::size_t>(std::llround(o.answer_days * kDay)) /
                          static_cast<std::size_t>(kSecondsPerBin));
        ++tally.answer_hours[bin];
      }
      if (st == 0) first_kind[k] = o.kind;
      const int offer_d = (o.kind == AppOutcome::kOffer) - (first_kind[k] == AppOutcome::kOffer);
      const int never_d = (o.kind == AppOutcome::kNone) - (first_kind[k] == AppOutcome::kNone);
      tally.offer_diff_sum += offer_d;
      tally.offer_diff_sq += static_cast<std::uint64_t>(offer_d * offer_d);
      tally.never_diff_sum += never_d;
      tally.never_diff_sq += static_cast<std::uint64_t>(never_d * never_d);
    }
    result.tallies.push_back(std::move(tally));
  }
  result.completed = true;
  return result;
}

}  // namespace nudge::detail
