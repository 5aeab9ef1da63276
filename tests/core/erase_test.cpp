// Engine::erase: an erased application is gone from everything the engine answers and
// releases, its id can be opened again, and the other applications do not notice.
#include <algorithm>
#include <string>
#include <vector>

#include "nudge/sharded_engine.hpp"
#include "scenarios/scenario.hpp"

namespace nudge::test {
namespace {

std::vector<std::string> keys(const std::vector<Action>& actions) {
  std::vector<std::string> out;
  for (const Action& a : actions) out.push_back(a.key);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<Action> released(Engine& engine, const char* when) {
  auto r = engine.advance(at(when));
  EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
  return r.ok() ? *r : std::vector<Action>{};
}

const char* const kGone = "no application 'app-1' is open in this engine";

TEST(Erase, TheApplicationIsGoneAndTheOthersDoNotNotice) {
  Engine engine(default_policy());
  Engine witness(default_policy());  // the same history without app-1
  const ApplicationContext other =
      single_app("app-2", "2026-11-23T16:00:00+01:00", "Europe/Berlin", "Jonas Weber");
  ASSERT_TRUE(engine.open(panel_app()).ok());
  ASSERT_TRUE(engine.open(other).ok());
  ASSERT_TRUE(witness.open(other).ok());
  const auto first = released(engine, "2026-11-24T12:00:00Z");
  EXPECT_TRUE(std::any_of(first.begin(), first.end(),
                          [](const Action& a) { return a.application == "app-1"; }));
  (void)released(witness, "2026-11-24T12:00:00Z");
  ASSERT_FALSE(engine.plan("app-1")->empty());
  EXPECT_EQ(engine.applications(), (std::vector<std::string>{"app-1", "app-2"}));

  ASSERT_TRUE(engine.erase("app-1").ok());
  EXPECT_EQ(engine.applications(), (std::vector<std::string>{"app-2"}));
  EXPECT_EQ(engine.plan("app-1").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(engine.plan("app-1").error().message, kGone);
  EXPECT_EQ(engine.status("app-1").error().message, kGone);
  auto apply =
      engine.apply("app-1", Event{"thank_you_sent", at("2026-11-24T13:00:00Z"), "Ana Ruiz"});
  EXPECT_EQ(apply.error().message, kGone);
  auto again = engine.erase("app-1");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(again.error().message, kGone);
  EXPECT_EQ(engine.stats().applications, 1u);

  // Nothing of app-1 is released any more; app-2's actions come exactly as without app-1.
  for (const char* when :
       {"2026-12-01T00:00:00Z", "2027-01-15T00:00:00Z", "2027-06-01T00:00:00Z"}) {
    const auto a = released(engine, when);
    const auto b = released(witness, when);
    EXPECT_EQ(keys(a), keys(b)) << when;
    for (const Action& x : a) EXPECT_EQ(x.application, "app-2");
  }
  const std::string snapshot = engine.snapshot();
  EXPECT_EQ(snapshot.find("app-1"), std::string::npos);
  Engine restored(default_policy());
  ASSERT_TRUE(restored.restore(snapshot).ok());
  EXPECT_EQ(restored.stats().applications, 1u);
  EXPECT_EQ(keys(*restored.plan("app-2")), keys(*witness.plan("app-2")));
  EXPECT_EQ(restored.status("app-2")->stage, witness.status("app-2")->stage);
}

TEST(Erase, TheIdCanBeOpenedAgainAsANewApplication) {
  Engine engine(default_policy());
  ASSERT_TRUE(engine.open(panel_app()).ok());
  ASSERT_TRUE(
      engine.apply("app-1", Event{"thank_you_sent", at("2026-11-23T15:10:00-06:00"), "Ana Ruiz"})
          .ok());
  ASSERT_TRUE(engine.erase("app-1").ok());
  // The first report had a mistyped interview end; the corrected application starts afresh.
  ApplicationContext corrected = panel_app();
  corrected.interview_end = at("2026-11-23T14:30:00-05:00");
  ASSERT_TRUE(engine.open(corrected).ok());
  Engine fresh(default_policy());
  ASSERT_TRUE(fresh.open(corrected).ok());
  EXPECT_EQ(keys(*engine.plan("app-1")), keys(*fresh.plan("app-1")));
  EXPECT_EQ(engine.status("app-1")->events, 0u);
  EXPECT_EQ(engine.stats().applications, 1u);
  const auto a = released(engine, "2026-12-31T00:00:00Z");
  const auto b = released(fresh, "2026-12-31T00:00:00Z");
  EXPECT_EQ(keys(a), keys(b));
  EXPECT_FALSE(a.empty());
}

// An event dated decades ahead by mistake makes every real event out of order; erasing and
// opening the application again with its true history is the way out.
TEST(Erase, UndoesAnApplicationWedgedByAnEventFromTheFuture) {
  Engine engine(default_policy());
  ASSERT_TRUE(engine.open(panel_app()).ok());
  ASSERT_TRUE(
      engine.apply("app-1", Event{"thank_you_sent", at("2062-11-23T15:10:00-06:00"), "Ana Ruiz"})
          .ok());
  auto late =
      engine.apply("app-1", Event{"thank_you_sent", at("2026-11-24T09:30:00+01:00"), "Ben Keller"});
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kOutOfOrder);
  ASSERT_TRUE(engine.erase("app-1").ok());
  ApplicationContext history = panel_app();
  history.events = {{"thank_you_sent", at("2026-11-23T15:10:00-06:00"), "Ana Ruiz"},
                    {"thank_you_sent", at("2026-11-24T09:30:00+01:00"), "Ben Keller"}};
  ASSERT_TRUE(engine.open(history).ok());
  EXPECT_EQ(engine.status("app-1")->stage, "thanked");
  EXPECT_EQ(engine.status("app-1")->events, 2u);
}

TEST(Erase, ShardedEngineErasesOnTheApplicationsShard) {
  ShardedEngine sharded(PolicyStack::single(default_policy()), 2);
  for (int i = 0; i < 8; ++i) {
    ApplicationContext app = panel_app();
    app.id = "app-" + std::to_string(i);
    ASSERT_TRUE(sharded.open(app).ok());
  }
  ASSERT_TRUE(sharded.erase("app-1").ok());
  ASSERT_TRUE(sharded.erase("app-6").ok());
  EXPECT_EQ(sharded.erase("app-1").error().message, kGone);
  EXPECT_EQ(sharded.stats().applications, 6u);
  auto due = sharded.advance(at("2027-01-01T00:00:00Z"));
  ASSERT_TRUE(due.ok());
  for (const Action& a : *due) {
    EXPECT_NE(a.application, "app-1");
    EXPECT_NE(a.application, "app-6");
  }
  EXPECT_TRUE(sharded.plan("app-2").ok());
  EXPECT_EQ(sharded.plan("app-6").error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace nudge::test
