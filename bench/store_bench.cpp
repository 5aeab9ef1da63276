// The durable store's throughput: Store::apply (one transaction per event) + Store::advance
// at synchronous FULL and NORMAL, beside the same stream on an in-memory Engine (the peer);
// and events alone, one transaction per event (Store::apply) against one per batch
// (Store::apply_batch). bench/README.md, "Durable store".
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include "nudge/store.hpp"

#include "bench_common.hpp"

namespace {

using namespace nudge;  // NOLINT(google-build-using-namespace): a benchmark program

using bench::env;
using bench::kStart;
using bench::utc;
const PolicyStack& stack() { return bench::default_stack(); }

std::string app_toml(std::size_t i) {
  return "id = \"app-" + std::to_string(i) +
         "\"\ncandidate_zone = \"America/New_York\"\n"
         "interview_end = 2026-11-23T00:00:00Z\n"
         "[[interviewers]]\nname = \"Recruiter\"\nrole = \"hr\"\nzone = \"America/Chicago\"\n"
         "[[interviewers]]\nname = \"Manager\"\nrole = \"manager\"\nzone = \"Europe/Berlin\"\n";
}

const char* const kCycle[][2] = {{"thank_you_sent", "Recruiter"},
                                 {"thank_you_sent", "Manager"},
                                 {"connection_sent", "Recruiter"},
                                 {"reflection_done", ""},
                                 {"inquiry_sent", ""},
                                 {"reply_received", ""},
                                 {"assessment_invited", ""},
                                 {"interview_ended", ""}};

// What a benchmark runs on: mode 0 an in-memory Engine, 1 a Store at NORMAL, 2 at FULL (a
// fresh database file `name` in the temporary directory), with `apps` applications open.
struct Subject {
  std::optional<Store> store;
  std::optional<Engine> engine;
  std::vector<std::string> ids;
};
Subject open_subject(int mode, const std::string& name, std::size_t apps) {
  const std::filesystem::path db = std::filesystem::temp_directory_path() / name;
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
  StoreOptions options;
  options.synchronous = mode == 2 ? Synchronous::kFull : Synchronous::kNormal;
  // 0 (the default): automatic checkpoints; NUDGE_BENCH_CHECKPOINT_EVERY=1000 was the old one.
  options.checkpoint_every = static_cast<std::uint32_t>(env("NUDGE_BENCH_CHECKPOINT_EVERY", 0));
  Subject out;
  std::optional<Store>& store = out.store;
  std::optional<Engine>& engine = out.engine;
  if (mode == 0) {
    engine.emplace(stack(), utc(kStart));
  } else {
    store.emplace(Store::open(db.string(), stack(), options).value());
  }
  std::vector<std::string>& ids = out.ids;
  for (std::size_t i = 0; i < apps; ++i) {
    ids.push_back("app-" + std::to_string(i));
    if (engine) {
      (void)engine->open(parse_application(app_toml(i), "bench").value());
    } else {
      (void)store->open_application(app_toml(i), "bench");
    }
  }
  return out;
}

// mode 0: in-memory Engine; 1: Store at NORMAL; 2: Store at FULL. One iteration = one event;
// an advance every 64 events.
void BM_Store(benchmark::State& state) {
  const int mode = static_cast<int>(state.range(0));
  const std::size_t apps = env("NUDGE_BENCH_STORE_APPS", 1000);
  Subject subject = open_subject(mode, "nudge-store-bench-" + std::to_string(mode) + ".db", apps);
  std::optional<Store>& store = subject.store;
  std::optional<Engine>& engine = subject.engine;
  const std::vector<std::string>& ids = subject.ids;
  std::int64_t now = kStart + 3600;
  std::size_t next = 0, round = 0, n = 0, refused = 0;
  for (auto _ : state) {
    const auto& e = kCycle[(round + next) % 8];
    const Event ev{e[0], utc(now), e[1]};
    auto r = engine ? engine->apply(ids[next], ev) : store->apply(ids[next], ev);
    refused += r.ok() ? 0 : 1;
    if (++next == apps) {
      next = 0;
      ++round;
      now += 6 * 3600;
    }
    if (++n % 64 == 0) {
      if (engine) {
        (void)engine->advance(utc(now));
      } else {
        auto due = store->advance(utc(now));
        if (due) {
          for (const Action& a : *due) (void)store->ack(a.key);
        }
      }
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(n));
  state.counters["refused_share"] = n ? static_cast<double>(refused) / static_cast<double>(n) : 0;
  state.SetLabel(mode == 0 ? "engine in memory" : mode == 1 ? "store NORMAL" : "store FULL");
}

BENCHMARK(BM_Store)->Arg(0)->Arg(1)->Arg(2)->UseRealTime()->MinTime(1.0);

// Events only, `batch` events per call: 1 = Store::apply (a transaction each), more =
// Store::apply_batch (one transaction for the batch); mode 0 is the in-memory Engine (apply per
// event), the peer. Every run is the same 32768 events: one pass of the cycle over 4096
// applications (so every configuration sees the same events and refusals). One iteration =
// one call.
constexpr std::size_t kEventsPerRun = 32768;
void BM_StoreEvents(benchmark::State& state, int mode, std::size_t batch) {
  const std::size_t apps = kEventsPerRun / 8;
  Subject subject = open_subject(
      mode, "nudge-store-events-" + std::to_string(mode) + "-" + std::to_string(batch) + ".db",
      apps);
  std::optional<Store>& store = subject.store;
  std::optional<Engine>& engine = subject.engine;
  const std::vector<std::string>& ids = subject.ids;
  const std::int64_t now = kStart + 3600;
  std::size_t next = 0, n = 0, refused = 0;
  std::vector<ApplicationEvent> events;
  events.reserve(batch);
  for (auto _ : state) {
    events.clear();
    for (std::size_t k = 0; k < batch; ++k, ++next) {
      const auto& e = kCycle[next / apps];  // event type k of the cycle for every application
      events.push_back(
          {ids[next % apps], Event{e[0], utc(now + static_cast<std::int64_t>(next / apps)), e[1]}});
    }
    if (engine) {
      for (const ApplicationEvent& e : events)
        refused += engine->apply(e.application, e.event) ? 0 : 1;
    } else if (batch == 1) {
      refused += store->apply(events[0].application, events[0].event) ? 0 : 1;
    } else {
      auto results = store->apply_batch(events);
      if (!results) state.SkipWithError(results.error().message.c_str());
      for (const auto& r : *results) refused += r ? 0 : 1;
    }
    n += batch;
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(n));
  state.counters["refused_share"] = n ? static_cast<double>(refused) / static_cast<double>(n) : 0;
  state.SetLabel(mode == 0 ? "engine in memory" : mode == 1 ? "store NORMAL" : "store FULL");
}

const bool kStoreEventsRegistered = [] {
  const std::pair<int, std::size_t> configs[] = {{0, 1}, {1, 1},  {1, 64},  {1, 1024},
                                                 {2, 1}, {2, 64}, {2, 1024}};
  for (const auto& [mode, batch] : configs) {
    const std::string name =
        "BM_StoreEvents/" + std::to_string(mode) + "/batch:" + std::to_string(batch);
    benchmark::RegisterBenchmark(name.c_str(), BM_StoreEvents, mode, batch)
        ->Iterations(static_cast<benchmark::IterationCount>(kEventsPerRun / batch))
        ->UseRealTime()
        ->Unit(benchmark::kMicrosecond);
  }
  return true;
}();

}  // namespace

BENCHMARK_MAIN();
