// ShardedEngine throughput: apply_batch + advance over N applications with 1 shard (the
// baseline: one engine on one core) and with 2 shards (two engines on two threads), in the
// same run on the same event stream; and the machine's own ceiling for that split: two
// engines of N/2 applications each on two threads that never wait for each other.
// bench/README.md, "Sharded scaling".
#include <benchmark/benchmark.h>
#include <sys/resource.h>

#include <algorithm>
#include <barrier>
#include <chrono>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "nudge/sharded_engine.hpp"

#include "bench_common.hpp"

namespace {

using namespace nudge;  // NOLINT(google-build-using-namespace): a benchmark program

using bench::env;
using bench::kStart;
using bench::utc;
using Clock = std::chrono::steady_clock;
const PolicyStack& stack() { return bench::default_stack(); }

constexpr int kBatches = 200;  // batches per run

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

// N applications ("<prefix><i>", 1000 companies) opened on an engine, and the stream over them.
class Workload {
 public:
  Workload(ShardedEngine& engine, const std::string& prefix, std::size_t apps) : apps_(apps) {
    engine.reserve(apps);
    for (int c = 0; c < 1000; ++c) recruiters_.push_back("Recruiter " + std::to_string(c));
    for (std::size_t i = 0; i < apps; ++i) {
      ids_.push_back(prefix + std::to_string(i));
      managers_.push_back("Manager " + std::to_string(i));
      ApplicationContext c;
      c.id = ids_.back();
      c.candidate_zone = "America/New_York";
      c.interview_end = utc(kStart + static_cast<std::int64_t>(i % 86400));
      Interviewer hr{
          recruiters_[i % 1000], "hr", "America/Chicago", true, {"the platform"}, {}, {}};
      Interviewer mgr{managers_.back(), "manager", "Europe/Berlin", false, {"pipelines"}, {}, {}};
      c.interviewers = {hr, mgr};
      if (!engine.open(c)) ok_ = false;
    }
  }
  bool ok() const { return ok_; }
  Instant now() const { return utc(now_); }

  // Replaces `batch` with the next `size` events of the stream.
  void fill(std::vector<ApplicationEvent>& batch, std::size_t size) {
    batch.clear();
    for (std::size_t k = 0; k < size; ++k) {
      const std::size_t i = next_;
      const auto& e = kCycle[(round_ + i) % 9];
      std::string_view to;
      if (e.to == 'h') to = recruiters_[i % 1000];
      if (e.to == 'm') to = managers_[i];
      batch.push_back({ids_[i], Event{e.type, utc(now_), to}});
      if (++next_ == apps_) {
        next_ = 0;
        ++round_;
        now_ += 2 * 86400 / 9 + 1;
      }
    }
  }

 private:
  std::size_t apps_;
  std::vector<std::string> ids_, managers_, recruiters_;
  std::int64_t now_ = kStart + 86400;
  std::size_t next_ = 0, round_ = 0;
  bool ok_ = true;
};

// What one host loop counts, and where its time goes.
struct Tally {
  std::size_t events = 0, refused = 0, released = 0;
  Clock::duration fill{}, apply{}, advance{};
  bool ok = true;
};

// The host's loop, the same for every variant: fill a batch, apply it, count the refused,
// advance into a kept vector. `batch`, `results` and `due` are kept between batches.
class Host {
 public:
  explicit Host(std::size_t batch_size) : size_(batch_size) { batch_.reserve(batch_size); }
  void step(ShardedEngine& engine, Workload& w) {
    const auto t0 = Clock::now();
    w.fill(batch_, size_);
    const auto t1 = Clock::now();
    engine.apply_batch(batch_, results_);
    for (const auto& r : results_) tally.refused += r.ok() ? 0 : 1;
    const auto t2 = Clock::now();
    due_.clear();
    if (!engine.advance(w.now(), due_)) tally.ok = false;
    const auto t3 = Clock::now();
    tally.fill += t1 - t0;
    tally.apply += t2 - t1;
    tally.advance += t3 - t2;
    tally.released += due_.size();
    tally.events += batch_.size();
  }
  Tally tally;

 private:
  std::size_t size_;
  std::vector<ApplicationEvent> batch_;
  std::vector<Result<ApplyOutcome>> results_;
  std::vector<ShardedDueAction> due_;
};

// Page faults of the process so far (a fault costs microseconds on a virtual machine).
long minor_faults() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

double us(Clock::duration d) { return std::chrono::duration<double, std::micro>(d).count(); }

void report(benchmark::State& state, const Tally& t, double batches) {
  state.SetItemsProcessed(static_cast<std::int64_t>(t.events));
  const auto share = [&t](std::size_t n) {
    return t.events ? static_cast<double>(n) / static_cast<double>(t.events) : 0;
  };
  state.counters["refused_share"] = share(t.refused);
  state.counters["due_per_event"] = share(t.released);
  state.counters["fill_us"] = us(t.fill) / batches;  // the host's own loop, serial
  state.counters["apply_us"] = us(t.apply) / batches;
  state.counters["advance_us"] = us(t.advance) / batches;
}

// Runs the stream's first round (one event per application) before timing: its advance
// releases every application's first follow-ups at once (~238k actions for 100k applications),
// and it grows every vector of the engine and of the host loop to its working size (a one-time
// cost of page faults: ~25 ms for that first advance alone, a tenth of a timed run).
void warm_up(ShardedEngine& engine, Workload& w, Host& host, std::size_t apps,
             std::size_t batch_size) {
  for (std::size_t done = 0; done < apps; done += batch_size) host.step(engine, w);
  host.tally = Tally{};
}

// One host loop over a ShardedEngine of `shards` shards (1: one engine on the calling thread).
void BM_Sharded(benchmark::State& state) {
  const auto shards = static_cast<std::size_t>(state.range(0));
  const std::size_t apps = env("NUDGE_BENCH_APPS", 100000);
  const std::size_t batch_size = env("NUDGE_BENCH_BATCH", 4096);
  ShardedEngine engine(stack(), shards, utc(kStart));
  Workload w(engine, "app-", apps);
  if (!w.ok()) state.SkipWithError("open failed");
  Host host(batch_size);
  warm_up(engine, w, host, apps, batch_size);
  const long faults_before = minor_faults();
  for (auto _ : state) host.step(engine, w);
  if (!host.tally.ok) state.SkipWithError("advance failed");
  report(state, host.tally, static_cast<double>(state.iterations()));
  state.counters["faults_per_batch"] =
      static_cast<double>(minor_faults() - faults_before) / static_cast<double>(state.iterations());
  state.counters["shards"] = static_cast<double>(shards);
}

// The ceiling of a split in two on this machine: two one-shard engines of N/2 applications,
// each fed half-size batches by a host loop of its own on its own thread, never waiting for
// each other (no hand-over, no merge). Wall time runs until both have done their batches.
void BM_Independent(benchmark::State& state) {
  const std::size_t apps = env("NUDGE_BENCH_APPS", 100000);
  const std::size_t batch_size = env("NUDGE_BENCH_BATCH", 4096);
  constexpr std::size_t kThreads = 2;
  std::vector<std::unique_ptr<ShardedEngine>> engines;
  std::vector<std::unique_ptr<Workload>> loads;
  for (std::size_t k = 0; k < kThreads; ++k) {
    engines.push_back(std::make_unique<ShardedEngine>(stack(), 1, utc(kStart)));
    loads.push_back(std::make_unique<Workload>(*engines.back(), "app-" + std::to_string(k) + "-",
                                               apps / kThreads));
    if (!loads.back()->ok()) state.SkipWithError("open failed");
  }
  std::vector<Host> hosts(kThreads, Host(batch_size / kThreads));
  for (std::size_t k = 0; k < kThreads; ++k)
    warm_up(*engines[k], *loads[k], hosts[k], apps / kThreads, batch_size / kThreads);
  Tally total;
  std::vector<double> thread_ms(kThreads, 0);
  for (auto _ : state) {
    for (Host& h : hosts) h.tally = Tally{};
    std::barrier start(static_cast<std::ptrdiff_t>(kThreads + 1));
    std::vector<std::thread> threads;
    for (std::size_t k = 0; k < kThreads; ++k) {
      threads.emplace_back([&, k] {
        start.arrive_and_wait();
        const auto t0 = Clock::now();
        for (int b = 0; b < kBatches; ++b) hosts[k].step(*engines[k], *loads[k]);
        thread_ms[k] += us(Clock::now() - t0) / 1000;
      });
    }
    start.arrive_and_wait();
    const auto t0 = Clock::now();
    for (std::thread& t : threads) t.join();
    state.SetIterationTime(std::chrono::duration<double>(Clock::now() - t0).count());
    for (const Host& h : hosts) {
      const Tally& t = h.tally;
      total.events += t.events;
      total.refused += t.refused;
      total.released += t.released;
      total.fill += t.fill / kThreads;  // per thread, as the per-batch figures of BM_Sharded
      total.apply += t.apply / kThreads;
      total.advance += t.advance / kThreads;
      total.ok = total.ok && t.ok;
    }
  }
  if (!total.ok) state.SkipWithError("advance failed");
  const double runs = static_cast<double>(state.iterations());
  report(state, total, runs * kBatches);
  // Each thread's time for its 200 batches: the slower one sets the wall time.
  for (std::size_t k = 0; k < kThreads; ++k)
    state.counters["thread" + std::to_string(k) + "_ms"] = thread_ms[k] / runs;
}

BENCHMARK(BM_Sharded)
    ->Arg(1)
    ->Arg(2)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond)
    ->Iterations(kBatches);
BENCHMARK(BM_Independent)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace

BENCHMARK_MAIN();
