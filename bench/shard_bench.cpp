// ShardedEngine throughput: apply_batch + advance over N applications with 1 shard (the
// baseline: one engine on one core) and with 2 shards (two engines on two threads), in the
// same run on the same event stream. bench/README.md, "Sharded scaling".
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "nudge/sharded_engine.hpp"

#include "bench_common.hpp"

namespace {

using namespace nudge;  // NOLINT(google-build-using-namespace): a benchmark program

using bench::env;
using bench::kStart;
using bench::utc;
const PolicyStack& stack() { return bench::default_stack(); }

struct Stream {
  std::vector<std::string> ids;
  std::vector<std::string> managers;
  std::vector<std::string> recruiters;  // one per company, 1000 companies
};

// The 9-event cycle of bench/README.md ("The stream"), per application, round robin; `to` is
// 'h' for the recruiter, 'm' for the manager. string_views, so that filling a batch does not
// measure strlen.
struct CycleEvent {
  std::string_view type;
  char to;
};
constexpr CycleEvent kCycle[] = {
    {"thank_you_sent", 'h'},  {"thank_you_sent", 'm'},   {"connection_sent", 'h'},
    {"connection_sent", 'm'}, {"reflection_done", 0},    {"inquiry_sent", 0},
    {"reply_received", 0},    {"assessment_invited", 0}, {"interview_ended", 0}};

void BM_Sharded(benchmark::State& state) {
  const auto shards = static_cast<std::size_t>(state.range(0));
  const std::size_t apps = env("NUDGE_BENCH_APPS", 100000);
  const std::size_t batch_size = env("NUDGE_BENCH_BATCH", 4096);
  ShardedEngine engine(stack(), shards, utc(kStart));
  engine.reserve(apps);
  Stream s;
  for (int c = 0; c < 1000; ++c) s.recruiters.push_back("Recruiter " + std::to_string(c));
  for (std::size_t i = 0; i < apps; ++i) {
    s.ids.push_back("app-" + std::to_string(i));
    s.managers.push_back("Manager " + std::to_string(i));
    ApplicationContext c;
    c.id = s.ids.back();
    c.candidate_zone = "America/New_York";
    c.interview_end = utc(kStart + static_cast<std::int64_t>(i % 86400));
    Interviewer hr{s.recruiters[i % 1000], "hr", "America/Chicago", true, {"the platform"}, {}, {}};
    Interviewer mgr{s.managers.back(), "manager", "Europe/Berlin", false, {"pipelines"}, {}, {}};
    c.interviewers = {hr, mgr};
    if (!engine.open(c)) state.SkipWithError("open failed");
  }
  std::int64_t now = kStart + 86400;
  std::size_t next = 0, round = 0, refused = 0, released = 0, events = 0;
  std::vector<ApplicationEvent> batch;
  std::vector<Result<ApplyOutcome>> results;  // kept between batches, like batch and due
  std::vector<ShardedDueAction> due;
  batch.reserve(batch_size);
  for (auto _ : state) {
    batch.clear();
    for (std::size_t k = 0; k < batch_size; ++k) {
      const std::size_t i = next;
      const auto& e = kCycle[(round + i) % 9];
      std::string_view to;
      if (e.to == 'h') to = s.recruiters[i % 1000];
      if (e.to == 'm') to = s.managers[i];
      batch.push_back({s.ids[i], Event{e.type, utc(now), to}});
      if (++next == apps) {
        next = 0;
        ++round;
        now += 2 * 86400 / 9 + 1;
      }
    }
    engine.apply_batch(batch, results);
    for (const auto& r : results) refused += r.ok() ? 0 : 1;
    due.clear();
    if (!engine.advance(utc(now), due)) state.SkipWithError("advance failed");
    released += due.size();
    events += batch.size();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(events));
  state.counters["refused_share"] =
      events ? static_cast<double>(refused) / static_cast<double>(events) : 0;
  state.counters["due_per_event"] =
      events ? static_cast<double>(released) / static_cast<double>(events) : 0;
  state.counters["shards"] = static_cast<double>(shards);
}

BENCHMARK(BM_Sharded)
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(200);

}  // namespace

BENCHMARK_MAIN();
