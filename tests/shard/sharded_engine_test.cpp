// ShardedEngine: the same calls give the same plans and due actions as one Engine, whatever
// the number of shards; applications stay on their shard.
#include "nudge/sharded_engine.hpp"

#include <algorithm>
#include <cstdio>
#include <utility>

#include "common/fnv1a.hpp"
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

// A host that keeps its shards' snapshots and restarts from them loses no timer (XState
// #5331): the restored engine releases, batch by batch, exactly what the one that never stopped
// releases, including the actions that fell due while it was down.
TEST(ShardedEngine, RestoredFromItsSnapshotsContinuesAsIfItNeverStopped) {
  const int apps = 40;
  const std::vector<Round> rounds = make_rounds(apps, 6);
  ShardedEngine running(default_stack(), 2);
  for (int i = 0; i < apps; ++i) ASSERT_TRUE(running.open(app_n(i)).ok());
  std::vector<Result<ApplyOutcome>> results;
  std::vector<ShardedDueAction> due;
  for (std::size_t r = 0; r < 3; ++r) {
    running.apply_batch(rounds[r].batch, results);
    ASSERT_TRUE(running.advance(rounds[r].advance_to, due).ok());
  }
  const std::vector<std::string> snapshots = running.snapshot();
  ASSERT_EQ(snapshots.size(), 2u);
  EXPECT_EQ(snapshots[0], running.shard(0).snapshot());
  EXPECT_EQ(snapshots[1], running.shard(1).snapshot());

  ShardedEngine restarted(default_stack(), 2, at("2020-01-01T00:00:00Z"));
  ASSERT_TRUE(restarted.restore(snapshots).ok());
  EXPECT_EQ(restarted.now(), running.now());
  EXPECT_EQ(restarted.stats().applications, static_cast<std::size_t>(apps));
  EXPECT_EQ(restarted.shard(0).applications(), running.shard(0).applications());
  EXPECT_EQ(restarted.shard(1).applications(), running.shard(1).applications());

  // Down for a week: the first advance after the restart releases what fell due meanwhile.
  std::vector<ShardedDueAction> a, b;
  const Instant later = rounds[2].advance_to + std::chrono::hours(24 * 7);
  ASSERT_TRUE(running.advance(later, a).ok());
  ASSERT_TRUE(restarted.advance(later, b).ok());
  ASSERT_FALSE(a.empty());
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].shard, b[i].shard);
    EXPECT_EQ(running.describe(a[i]).key, restarted.describe(b[i]).key);
    EXPECT_EQ(running.describe(a[i]).at, restarted.describe(b[i]).at);
  }
  std::vector<Result<ApplyOutcome>> ra, rb;
  for (std::size_t r = 3; r < rounds.size(); ++r) {
    const Round& round = rounds[r];
    std::vector<ApplicationEvent> batch = round.batch;
    for (ApplicationEvent& e : batch) e.event.at += std::chrono::hours(24 * 7);
    running.apply_batch(batch, ra);
    restarted.apply_batch(batch, rb);
    ASSERT_EQ(ra.size(), rb.size());
    for (std::size_t i = 0; i < ra.size(); ++i) {
      EXPECT_EQ(describe_result(ra[i]), describe_result(rb[i])) << "round " << r << " event " << i;
    }
    a.clear();
    b.clear();
    ASSERT_TRUE(running.advance(round.advance_to + std::chrono::hours(24 * 7), a).ok());
    ASSERT_TRUE(restarted.advance(round.advance_to + std::chrono::hours(24 * 7), b).ok());
    ASSERT_EQ(a.size(), b.size()) << "round " << r;
    for (std::size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(running.describe(a[i]).key, restarted.describe(b[i]).key);
    }
  }
  EXPECT_EQ(restarted.snapshot(), running.snapshot());
}

TEST(ShardedEngine, RestoreRefusesWholeWhatDoesNotFitItsShards) {
  ShardedEngine taken(default_stack(), 2);
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(taken.open(app_n(i)).ok());
  const std::vector<std::string> first = taken.snapshot();
  ASSERT_TRUE(taken.advance(at("2026-12-01T00:00:00Z")).ok());
  const std::vector<std::string> second = taken.snapshot();

  // The engine refused into: two applications of its own, which every refusal must leave.
  ShardedEngine target(default_stack(), 2, at("2026-11-20T00:00:00Z"));
  ASSERT_TRUE(target.open(app_n(40)).ok());
  ASSERT_TRUE(target.open(app_n(41)).ok());
  const std::vector<std::string> before = target.snapshot();
  auto refused = [&](const std::vector<std::string>& snapshots, ErrorCode code,
                     const std::string& message) {
    const auto r = target.restore(snapshots);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, code);
    EXPECT_EQ(r.error().message, message);
    EXPECT_EQ(target.snapshot(), before);
  };
  refused({first[0]}, ErrorCode::kMismatch,
          "1 snapshots for 2 shards: give one snapshot per shard; to change the shard count or "
          "restore a single engine's snapshot, pass them through ShardedEngine::reshard(snapshots, "
          "2) first");
  std::string damaged = first[1];
  damaged[damaged.find("app-")] = 'x';
  refused({first[0], damaged}, ErrorCode::kCorrupt,
          "snapshot 1: snapshot checksum does not match its content; it was altered or damaged");
  refused({first[0], second[1]}, ErrorCode::kMismatch,
          "snapshot 1 was taken at 2026-12-01T00:00:00Z and snapshot 0 at 1970-01-01T00:00:00Z: "
          "restore snapshots taken together");
  // One engine's snapshot (every application in it) given for both shards.
  ShardedEngine one(default_stack(), 1);
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(one.open(app_n(i)).ok());
  const std::string whole = one.snapshot().front();
  refused({whole, whole}, ErrorCode::kMismatch,
          "application 'app-0' is in snapshot 0 and in snapshot 1: each application must come "
          "from one engine only");

  // Given in the other order, each application still lands in its own shard.
  ASSERT_TRUE(target.restore({second[1], second[0]}).ok());
  EXPECT_EQ(target.shard(0).applications(), taken.shard(0).applications());
  EXPECT_EQ(target.shard(1).applications(), taken.shard(1).applications());
  EXPECT_EQ(target.stats().events_applied, taken.stats().events_applied);
  EXPECT_EQ(target.stats().actions_released, taken.stats().actions_released);
  EXPECT_EQ(target.now(), at("2026-12-01T00:00:00Z"));
  EXPECT_EQ(target.status("app-40").error().code, ErrorCode::kNotFound);
  ASSERT_TRUE(target.restore(second).ok());
  EXPECT_EQ(target.snapshot(), second);
}

// From one engine to three shards and back: every application keeps its plan, and the engines
// go on releasing exactly what the one engine releases.
TEST(ShardedEngine, ReshardMovesApplicationsBetweenShardCounts) {
  const int apps = 30;
  Engine single(default_stack());
  for (int i = 0; i < apps; ++i) ASSERT_TRUE(single.open(app_n(i)).ok());
  const std::vector<Round> rounds = make_rounds(apps, 4);
  for (std::size_t r = 0; r < 2; ++r) {
    for (const ApplicationEvent& e : rounds[r].batch) (void)single.apply(e.application, e.event);
    ASSERT_TRUE(single.advance(rounds[r].advance_to).ok());
  }
  const std::string whole = single.snapshot();
  const std::vector<std::string_view> one{whole};
  auto three = ShardedEngine::reshard(one, 3);
  ASSERT_TRUE(three.ok()) << three.error().message;
  ASSERT_EQ(three->size(), 3u);
  ShardedEngine sharded(default_stack(), 3);
  ASSERT_TRUE(sharded.restore(*three).ok());
  EXPECT_EQ(sharded.stats().applications, static_cast<std::size_t>(apps));
  EXPECT_EQ(sharded.stats().events_applied, single.stats().events_applied);
  for (std::size_t s = 0; s < 3; ++s) {
    for (const std::string& id : sharded.shard(s).applications()) {
      EXPECT_EQ(ShardedEngine::shard_of(id, 3), s) << id;
    }
  }
  for (int i = 0; i < apps; ++i) {
    const std::string id = "app-" + std::to_string(i);
    EXPECT_EQ(sorted_keys(*sharded.plan(id)), sorted_keys(*single.plan(id))) << id;
  }
  for (std::size_t r = 2; r < rounds.size(); ++r) {
    auto results = sharded.apply_batch(rounds[r].batch);
    for (std::size_t i = 0; i < results.size(); ++i) {
      const auto& e = rounds[r].batch[i];
      EXPECT_EQ(describe_result(results[i]), describe_result(single.apply(e.application, e.event)));
    }
    auto a = sharded.advance(rounds[r].advance_to);
    auto b = single.advance(rounds[r].advance_to);
    ASSERT_TRUE(a.ok() && b.ok());
    EXPECT_FALSE(b->empty());
    EXPECT_EQ(sorted_keys(*a), sorted_keys(*b)) << "round " << r;
  }

  // And back to one engine: its snapshot equals the one that never left, but for the order
  // of the applications (shard by shard).
  const std::vector<std::string> parts = sharded.snapshot();
  const std::vector<std::string_view> views(parts.begin(), parts.end());
  auto back = ShardedEngine::reshard(views, 1);
  ASSERT_TRUE(back.ok());
  Engine rejoined(default_stack());
  ASSERT_TRUE(rejoined.restore(back->front()).ok());
  EXPECT_EQ(rejoined.stats().events_applied, single.stats().events_applied);
  EXPECT_EQ(rejoined.stats().actions_released, single.stats().actions_released);
  EXPECT_EQ(rejoined.now(), single.now());
  for (int i = 0; i < apps; ++i) {
    const std::string id = "app-" + std::to_string(i);
    EXPECT_EQ(sorted_keys(*rejoined.plan(id)), sorted_keys(*single.plan(id))) << id;
    EXPECT_EQ(rejoined.status(id)->stage, single.status(id)->stage) << id;
  }
  auto c = rejoined.advance(at("2027-03-01T00:00:00Z"));
  auto d = single.advance(at("2027-03-01T00:00:00Z"));
  ASSERT_TRUE(c.ok() && d.ok());
  EXPECT_EQ(sorted_keys(*c), sorted_keys(*d));
}

TEST(ShardedEngine, ReshardRefusesWhatDoesNotCombine) {
  Engine early(default_stack());
  ASSERT_TRUE(early.open(app_n(1)).ok());
  Engine late(default_stack(), at("2026-12-01T00:00:00Z"));
  ASSERT_TRUE(late.open(app_n(2)).ok());
  const std::string a = early.snapshot(), b = late.snapshot();
  auto refused = [](std::vector<std::string_view> snapshots, ErrorCode code,
                    const std::string& message) {
    const auto r = ShardedEngine::reshard(snapshots, 2);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, code);
    EXPECT_EQ(r.error().message, message);
  };
  refused({}, ErrorCode::kInvalidArgument,
          "no snapshots: give the snapshots of every engine or shard, taken together");
  refused({a, b}, ErrorCode::kMismatch,
          "snapshot 1 was taken at clock 1796083200 and snapshot 0 at clock 0 (UTC seconds): only "
          "snapshots taken together combine");
  refused({a, a}, ErrorCode::kMismatch,
          "application 'app-1' is in snapshot 0 and in snapshot 1: each application must come "
          "from one engine only");
  refused({a, "nudge-snapshot 1\n"}, ErrorCode::kMismatch,
          "snapshot 1: snapshot format 'nudge-snapshot 1' is not supported; this engine reads "
          "'nudge-snapshot 2'");
  std::string cut = a.substr(0, a.size() - 3);
  refused({cut}, ErrorCode::kCorrupt, "snapshot 0: snapshot has no checksum line; it is truncated");
}

// `body` (every line up to the checksum line) made a snapshot that passes the checksum.
std::string with_checksum(const std::string& body) {
  char sum[17];
  std::snprintf(sum, sizeof sum, "%016llx", static_cast<unsigned long long>(detail::fnv1a(body)));
  return body + "checksum\t" + sum + "\n";
}

// Found by snapshot_fuzz: a second clock line (an earlier one damaged) that reshard dropped,
// so what one engine refused was accepted resharded. Header lines come once, in both.
TEST(ShardedEngine, ASecondClockLineIsRefusedByRestoreAndReshardAlike) {
  Engine engine(default_stack());
  ASSERT_TRUE(engine.open(app_n(1)).ok());
  const std::string full = engine.snapshot();
  std::string body = full.substr(0, full.rfind("checksum\t"));
  body += "clock\t1796083200\n";
  const std::string text = with_checksum(body);
  Engine alone(default_stack());
  const auto r = alone.restore(text);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(r.error().message, "snapshot line 8: a second clock line; the snapshot is damaged");
  const std::string_view view = text;
  const auto two = ShardedEngine::reshard({&view, 1}, 2);
  ASSERT_FALSE(two.ok());
  EXPECT_EQ(two.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(two.error().message,
            "snapshot 0: snapshot line 8: a second clock line; the snapshot is damaged");
}

// A crafted clock past what advance can reach is refused: error messages print the clock as a
// date, and no date formats such an instant.
TEST(ShardedEngine, AClockPastTheSupportedRangeIsRefused) {
  Engine engine(default_stack());
  ASSERT_TRUE(engine.open(app_n(1)).ok());
  const std::string full = engine.snapshot();
  for (const char* clock : {"253402300800", "-62135596801", "9223372036854775807"}) {
    std::string body = full.substr(0, full.rfind("checksum\t"));
    body.replace(body.find("clock\t0\n"), 8, std::string("clock\t") + clock + "\n");
    Engine alone(default_stack());
    const auto r = alone.restore(with_checksum(body));
    ASSERT_FALSE(r.ok()) << clock;
    EXPECT_EQ(r.error().message,
              "snapshot line 3: clock outside 0001-01-01..8999-12-31; the snapshot is damaged");
    EXPECT_EQ(alone.now(), Instant{});
  }
  std::string body = full.substr(0, full.rfind("checksum\t"));
  body.replace(body.find("clock\t0\n"), 8, "clock\t-62135596800\n");  // 0001-01-01
  Engine first(default_stack());
  ASSERT_TRUE(first.restore(with_checksum(body)).ok());
}

// Found by snapshot_fuzz: Engine::restore takes a snapshot without a clock line (the engine
// keeps its own clock), and reshard wrote an empty line in its place, which restore refuses.
TEST(ShardedEngine, ReshardKeepsASnapshotWithoutAClockLineWithout) {
  Engine engine(default_stack());
  ASSERT_TRUE(engine.open(app_n(1)).ok());
  ASSERT_TRUE(engine.open(app_n(2)).ok());
  const std::string full = engine.snapshot();
  std::string body = full.substr(0, full.rfind("checksum\t"));
  const std::size_t clock = body.find("clock\t");
  body.erase(clock, body.find('\n', clock) + 1 - clock);
  const std::string text = with_checksum(body);
  Engine alone(default_stack(), at("2026-11-20T00:00:00Z"));
  ASSERT_TRUE(alone.restore(text).ok());
  EXPECT_EQ(alone.now(), at("2026-11-20T00:00:00Z"));

  const std::string_view view = text;
  auto two = ShardedEngine::reshard({&view, 1}, 2);
  ASSERT_TRUE(two.ok()) << two.error().message;
  EXPECT_EQ((*two)[0].find("clock"), std::string::npos);
  ShardedEngine sharded(default_stack(), 2, at("2026-11-20T00:00:00Z"));
  const auto restored = sharded.restore(*two);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  EXPECT_EQ(sharded.stats().applications, 2u);
  EXPECT_EQ(sharded.now(), at("2026-11-20T00:00:00Z"));
}

}  // namespace
}  // namespace nudge::test
