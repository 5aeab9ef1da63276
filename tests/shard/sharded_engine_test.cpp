// ShardedEngine: the same calls give the same plans and due actions as one Engine, whatever
// the number of shards; applications stay on their shard.
#include "nudge/sharded_engine.hpp"

#include <algorithm>
#include <utility>

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

// A result as text, for exact comparison: "applied", "duplicate" or "<code>: <message>".
std::string describe_result(const Result<ApplyOutcome>& r) {
  if (!r.ok()) return std::string(error_code_name(r.error().code)) + ": " + r.error().message;
  return *r == ApplyOutcome::kApplied ? "applied" : "duplicate";
}

// The 9-event cycle of the shard benchmark (bench/shard_bench.cpp) with panel_app's
// interviewers: event k of round r for application i is kCycle[(r + i) % 9].
const char* const kCycle[][2] = {{"thank_you_sent", "Ana Ruiz"},  {"thank_you_sent", "Ben Keller"},
                                 {"connection_sent", "Ana Ruiz"}, {"connection_sent", "Ben Keller"},
                                 {"reflection_done", ""},         {"inquiry_sent", ""},
                                 {"reply_received", ""},          {"assessment_invited", ""},
                                 {"interview_ended", ""}};

// One batch per round: an event for each of `apps` applications plus, every other round, one
// for an application nobody opened and one of an unknown type; then an advance.
struct Round {
  std::vector<std::string> ids;  // owns the batch's strings
  std::vector<ApplicationEvent> batch;
  Instant event_time;
  Instant advance_to;
};

std::vector<Round> make_rounds(int apps, int rounds) {
  std::vector<Round> out(static_cast<std::size_t>(rounds));
  for (int r = 0; r < rounds; ++r) {
    Round& round = out[static_cast<std::size_t>(r)];
    round.event_time = at("2026-11-24T12:00:00Z") + std::chrono::hours(29 * r);
    round.advance_to = round.event_time + std::chrono::hours(20);
    for (int i = 0; i < apps; ++i) round.ids.push_back("app-" + std::to_string(i));
    round.ids.push_back("app-404");
    for (int i = 0; i < apps; ++i) {
      const auto& e = kCycle[(r + i) % 9];
      round.batch.push_back(
          {round.ids[static_cast<std::size_t>(i)], Event{e[0], round.event_time, e[1]}});
    }
    if (r % 2 == 1) {
      round.batch.push_back({round.ids.back(), Event{"thank_you_sent", round.event_time, ""}});
      round.batch.push_back({round.ids[3], Event{"no_such_event", round.event_time, ""}});
    }
  }
  return out;
}

// What a run gives: per round, each event's result and the due actions as (at, key) in the
// order advance released them, with the shard of each.
struct RunOutput {
  std::vector<std::vector<std::string>> results;
  std::vector<std::vector<std::pair<Instant, std::string>>> due;
  std::vector<std::vector<std::uint32_t>> due_shard;
};

RunOutput run_sharded(std::size_t shards, const std::vector<Round>& rounds, int apps) {
  ShardedEngine engine(default_stack(), shards);
  for (int i = 0; i < apps; ++i) EXPECT_TRUE(engine.open(app_n(i)).ok());
  RunOutput out;
  std::vector<Result<ApplyOutcome>> results;  // reused across batches of different sizes
  std::vector<ShardedDueAction> due;
  for (const Round& round : rounds) {
    engine.apply_batch(round.batch, results);
    EXPECT_EQ(results.size(), round.batch.size());
    out.results.emplace_back();
    for (const auto& r : results) out.results.back().push_back(describe_result(r));
    due.clear();
    EXPECT_TRUE(engine.advance(round.advance_to, due).ok());
    out.due.emplace_back();
    out.due_shard.emplace_back();
    for (const ShardedDueAction& d : due) {
      const Action a = engine.describe(d);
      out.due.back().emplace_back(a.at, a.key);
      out.due_shard.back().push_back(d.shard);
    }
  }
  return out;
}

TEST(ShardedEngine, OneTwoAndThreeShardsGiveTheSameResultsAndActions) {
  constexpr int kApps = 40;
  const std::vector<Round> rounds = make_rounds(kApps, 12);
  const RunOutput one = run_sharded(1, rounds, kApps);
  // Exact values of the first rounds, so that a change in what all runs give is noticed too.
  ASSERT_EQ(one.results[0].size(), 40u);
  EXPECT_EQ(one.results[0][0], "applied");
  ASSERT_EQ(one.results[1].size(), 42u);
  EXPECT_EQ(one.results[1][40], "not_found: no application 'app-404' is open in this engine");
  EXPECT_EQ(
      one.results[1][41].rfind("unknown_name: unknown event 'no_such_event'; known events:", 0), 0u)
      << one.results[1][41];
  std::size_t released = 0;
  for (const auto& d : one.due) released += d.size();
  EXPECT_GT(released, 100u);
  for (std::size_t shards : {2u, 3u}) {
    const RunOutput many = run_sharded(shards, rounds, kApps);
    ASSERT_EQ(many.results, one.results) << shards << " shards";
    ASSERT_EQ(many.due.size(), one.due.size());
    for (std::size_t r = 0; r < one.due.size(); ++r) {
      // The same actions; their order differs only where shards release at the same time.
      auto a = many.due[r];
      auto b = one.due[r];
      std::sort(a.begin(), a.end());
      std::sort(b.begin(), b.end());
      EXPECT_EQ(a, b) << shards << " shards, round " << r;
    }
  }
}

TEST(ShardedEngine, AdvanceOrdersByTimeThenShardThenReleaseOrder) {
  constexpr int kApps = 40;
  const std::vector<Round> rounds = make_rounds(kApps, 12);
  for (std::size_t shards : {2u, 3u}) {
    const RunOutput many = run_sharded(shards, rounds, kApps);
    // The stream has actions of different shards due at the same second: the tie rule is
    // exercised.
    std::size_t ties = 0;
    for (std::size_t r = 0; r < many.due.size(); ++r) {
      for (std::size_t k = 1; k < many.due[r].size(); ++k) {
        ties += many.due[r][k - 1].first == many.due[r][k].first &&
                many.due_shard[r][k - 1] != many.due_shard[r][k];
      }
    }
    EXPECT_GT(ties, 10u) << shards << " shards";
    // Each shard's part must be exactly what an engine holding only its applications
    // releases, in that engine's order.
    std::vector<Engine> alone;
    for (std::size_t s = 0; s < shards; ++s) alone.emplace_back(default_stack());
    for (int i = 0; i < kApps; ++i) {
      const ApplicationContext app = app_n(i);
      ASSERT_TRUE(alone[ShardedEngine::shard_of(app.id, shards)].open(app).ok());
    }
    for (std::size_t r = 0; r < rounds.size(); ++r) {
      for (const ApplicationEvent& e : rounds[r].batch) {
        (void)alone[ShardedEngine::shard_of(e.application, shards)].apply(e.application, e.event);
      }
      const auto& due = many.due[r];
      const auto& shard = many.due_shard[r];
      for (std::size_t k = 1; k < due.size(); ++k) {
        ASSERT_TRUE(due[k - 1].first < due[k].first ||
                    (due[k - 1].first == due[k].first && shard[k - 1] <= shard[k]))
            << shards << " shards, round " << r << ", action " << k;
      }
      for (std::size_t s = 0; s < shards; ++s) {
        auto expected = alone[s].advance(rounds[r].advance_to);
        ASSERT_TRUE(expected.ok());
        std::vector<std::pair<Instant, std::string>> want, got;
        for (const Action& a : *expected) want.emplace_back(a.at, a.key);
        for (std::size_t k = 0; k < due.size(); ++k) {
          if (shard[k] == s) got.push_back(due[k]);
        }
        EXPECT_EQ(got, want) << shards << " shards, shard " << s << ", round " << r;
      }
    }
  }
}

TEST(ShardedEngine, BatchIntoVectorGivesWhatTheReturningCallGives) {
  ShardedEngine returning(default_stack(), 2);
  ShardedEngine into(default_stack(), 2);
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(returning.open(app_n(i)).ok());
    ASSERT_TRUE(into.open(app_n(i)).ok());
  }
  const Instant t = at("2026-11-25T12:00:00Z");
  std::vector<std::string> ids;
  for (int i = 0; i < 10; ++i) ids.push_back("app-" + std::to_string(i));
  std::vector<ApplicationEvent> batch;
  for (const std::string& id : ids) batch.push_back({id, Event{"thank_you_sent", t, "Ana Ruiz"}});
  batch.push_back({ids[4], Event{"thank_you_sent", t, "Ana Ruiz"}});  // the same event again
  batch.push_back({"app-404", Event{"thank_you_sent", t, "Ana Ruiz"}});
  // The vector starts with more elements than the batch, one of them an error: all replaced.
  std::vector<Result<ApplyOutcome>> results(20, Result<ApplyOutcome>(ApplyOutcome::kApplied));
  results[3] = make_error(ErrorCode::kIo, "left over");
  into.apply_batch(batch, results);
  const auto expected = returning.apply_batch(batch);
  ASSERT_EQ(results.size(), 12u);
  ASSERT_EQ(expected.size(), 12u);
  for (std::size_t i = 0; i < 12; ++i)
    EXPECT_EQ(describe_result(results[i]), describe_result(expected[i])) << "event " << i;
  EXPECT_EQ(describe_result(results[3]), "applied");
  EXPECT_EQ(describe_result(results[10]), "duplicate");
  EXPECT_EQ(describe_result(results[11]),
            "not_found: no application 'app-404' is open in this engine");
  // A smaller batch shrinks it; an empty one empties it.
  into.apply_batch(std::span<const ApplicationEvent>(batch).first(2), results);
  ASSERT_EQ(results.size(), 2u);
  EXPECT_EQ(describe_result(results[0]), "duplicate");
  into.apply_batch({}, results);
  EXPECT_TRUE(results.empty());
}

TEST(ShardedEngine, AdvanceErrorsAreTheEngines) {
  ShardedEngine sharded(default_stack(), 2, at("2026-11-25T00:00:00Z"));
  Engine single(default_stack(), at("2026-11-25T00:00:00Z"));
  std::vector<ShardedDueAction> due(1);
  const auto s = sharded.advance(at("2026-11-24T00:00:00Z"), due);
  const auto e = single.advance(at("2026-11-24T00:00:00Z"));
  ASSERT_FALSE(s.ok());
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kOutOfOrder);
  EXPECT_EQ(s.error().message, e.error().message);
  EXPECT_EQ(due.size(), 1u);  // nothing appended
  EXPECT_EQ(sharded.now(), at("2026-11-25T00:00:00Z"));
}

}  // namespace
}  // namespace nudge::test
