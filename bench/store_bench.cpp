// The durable store's throughput: Store::apply (one transaction per event) + Store::advance
// at synchronous FULL and NORMAL, beside the same stream on an in-memory Engine (the peer).
// bench/README.md, "Durable store".
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <string>
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

// mode 0: in-memory Engine; 1: Store at NORMAL; 2: Store at FULL. One iteration = one event;
// an advance every 64 events.
void BM_Store(benchmark::State& state) {
  const int mode = static_cast<int>(state.range(0));
  const std::size_t apps = env("NUDGE_BENCH_STORE_APPS", 1000);
  const std::filesystem::path db = std::filesystem::temp_directory_path() /
                                   ("nudge-store-bench-" + std::to_string(mode) + ".db");
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(db.string() + suffix);
  StoreOptions options;
  options.synchronous = mode == 2 ? Synchronous::kFull : Synchronous::kNormal;
  std::optional<Store> store;
  std::optional<Engine> engine;
  if (mode == 0) {
    engine.emplace(stack(), utc(kStart));
  } else {
    store.emplace(Store::open(db.string(), stack(), options).value());
  }
  std::vector<std::string> ids;
  for (std::size_t i = 0; i < apps; ++i) {
    ids.push_back("app-" + std::to_string(i));
    if (engine) {
      (void)engine->open(parse_application(app_toml(i), "bench").value());
    } else {
      (void)store->open_application(app_toml(i), "bench");
    }
  }
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

}  // namespace

BENCHMARK_MAIN();
