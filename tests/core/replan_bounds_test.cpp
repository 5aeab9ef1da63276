// replan_bounds: how long after an event its application's plan can change, per (stage,
// event), for the default policy: the bound apply defers planning by.

#include "core/replan_bounds.hpp"

#include <gtest/gtest.h>

#include <string>

#include "scenarios/scenario.hpp"

namespace nudge::detail {
namespace {

using test::default_policy;
using test::source_path;

constexpr std::int64_t kHour = 3600;
constexpr std::int64_t kDay = 86400;
// min_span's allowance for a change of UTC offset inside N local days.
constexpr std::int64_t kSlack = 27 * kHour;

std::int64_t bound(const Policy& policy, const char* stage, const char* event, bool hooks = false) {
  const CompiledPolicy& cp = policy.compiled();
  const auto table = replan_bounds(cp, hooks);
  const auto s = cp.graph.find_stage(stage);
  const auto e = cp.graph.find_event(event);
  if (!s || !e) {
    ADD_FAILURE() << "unknown stage or event: " << stage << ", " << event;
    return -1;
  }
  return table[*s * cp.graph.events().size() + *e];
}

TEST(ReplanBounds, MinSpanIsTheLeastAnOffsetCanAdd) {
  using U = Duration::Unit;
  EXPECT_EQ(min_span(Duration{U::kSeconds, 86400}, 1.0), 86400);  // elapsed: exact
  EXPECT_EQ(min_span(Duration{U::kSeconds, 1000}, 0.7), 699);     // llround may round down
  EXPECT_EQ(min_span(Duration{U::kDays, 7}, 1.0), 7 * kDay - kSlack);
  EXPECT_EQ(min_span(Duration{U::kDays, 7}, 0.7), 7055 * 60 - kSlack);  // 7056 min, less 1
  EXPECT_EQ(min_span(Duration{U::kDays, 1}, 1.0), 0);                   // a day may be 24 h less
  EXPECT_EQ(min_span(Duration{U::kBusinessDays, 5}, 1.0), 5 * kDay - kSlack);
  EXPECT_EQ(min_span(Duration{U::kBusinessDays, 5}, 0.7), 3 * kDay - kSlack);
  EXPECT_EQ(min_span(Duration{U::kSeconds, 0}, 1.0), 0);
}

TEST(ReplanBounds, DefaultPolicy) {
  const Policy& p = default_policy();
  // R1 completed: R11 (24 h after the thank-you) is the first time that can move; R4 (7 d,
  // x0.7 when urgent) and the 48 h thank-you window come later.
  EXPECT_EQ(bound(p, "interviewed", "thank_you_sent"), 24 * kHour);
  EXPECT_EQ(bound(p, "awaiting", "thank_you_sent"), 24 * kHour);
  // R5: 14 days after the inquiry; the no-reply timer runs 28 days.
  EXPECT_EQ(bound(p, "awaiting", "inquiry_sent"), 14 * kDay - kSlack);
  // A new round: R15 (1 h, not aligned) is the earliest of the restarted rules.
  EXPECT_EQ(bound(p, "further_assessment", "interview_ended"), kHour);
  // R9 is due at once; a rejection's reply a day later.
  EXPECT_EQ(bound(p, "awaiting", "info_requested"), 0);
  EXPECT_EQ(bound(p, "awaiting", "rejection_received"), 24 * kHour);
  // Back to awaiting, R4 and R15 are planned again with times from before: plan at once.
  EXPECT_EQ(bound(p, "inquired", "reply_received"), 0);
  // Only retiring actions, or leaving rules and timers behind: nothing to plan.
  EXPECT_EQ(bound(p, "thanked", "connection_sent"), kNoReplan);
  EXPECT_EQ(bound(p, "awaiting", "reflection_done"), kNoReplan);
  EXPECT_EQ(bound(p, "awaiting", "assessment_invited"), kNoReplan);
  EXPECT_EQ(bound(p, "awaiting", "offer_received"), kNoReplan);
  EXPECT_EQ(bound(p, "awaiting", "reply_received"), kNoReplan);
  // A flag (no contact) can move anything: plan at once.
  EXPECT_EQ(bound(p, "awaiting", "do_not_contact"), 0);
  // Plugins that adjust or review plans may read anything.
  EXPECT_EQ(bound(p, "interviewed", "thank_you_sent", /*hooks=*/true), 0);
  EXPECT_EQ(bound(p, "thanked", "connection_sent", /*hooks=*/true), 0);
}

TEST(ReplanBounds, ARestartedRuleAnchoredBeforeTheEventPlansAtOnce) {
  // With R10 on (3 days after the interview's end, restarted by a new round), the new round's
  // R10 can be due at once: its anchor is not the event.
  auto p = Policy::load_file(source_path("tests/scenarios/data/value_add_on.toml"));
  ASSERT_TRUE(p.ok()) << p.error().message;
  EXPECT_EQ(bound(*p, "further_assessment", "interview_ended"), 0);
  EXPECT_EQ(bound(*p, "interviewed", "thank_you_sent"), 24 * kHour);
}

}  // namespace
}  // namespace nudge::detail
