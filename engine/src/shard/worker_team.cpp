// WorkerTeam: job hand-over by polling an atomic, then sleeping (worker_team.hpp).
//
// Sleeping without losing a wake-up: a thread about to sleep counts itself in sleepers_, then
// checks its condition again under mutex_; a thread that changes a condition does so before it
// reads sleepers_ (all sequentially consistent), and takes mutex_ before notifying. Either the
// changer sees the sleeper, or the sleeper sees the change.
#include "shard/worker_team.hpp"

#include <algorithm>

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif

namespace nudge::detail {

namespace {

// Tells the core that this thread is polling (frees resources for a sibling thread).
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace

WorkerTeam::WorkerTeam(std::size_t members, std::chrono::microseconds spin)
    : members_(std::max<std::size_t>(1, members)), spin_(spin) {
  threads_.reserve(members_ - 1);
  for (std::size_t m = 1; m < members_; ++m) threads_.emplace_back([this, m] { loop(m); });
}

WorkerTeam::~WorkerTeam() {
  stop_.store(true);
  epoch_.fetch_add(1);
  wake_sleepers();
  for (std::thread& t : threads_) t.join();
}

template <class Done>
void WorkerTeam::await(Done done) {
  if (done()) return;
  if (spin_.count() > 0) {
    const auto deadline = std::chrono::steady_clock::now() + spin_;
    for (unsigned i = 1;; ++i) {
      if (i < 1024) {
        cpu_relax();
      } else {
        std::this_thread::yield();
      }
      if (done()) return;
      if (i % 64 == 0 && std::chrono::steady_clock::now() >= deadline) break;
    }
  }
  std::unique_lock<std::mutex> lock(mutex_);
  sleepers_.fetch_add(1);
  cv_.wait(lock, done);
  sleepers_.fetch_sub(1);
}

void WorkerTeam::wake_sleepers() {
  if (sleepers_.load() == 0) return;
  { std::lock_guard<std::mutex> lock(mutex_); }
  cv_.notify_all();
}

void WorkerTeam::run_erased(void* job, Call call) noexcept {
  if (members_ == 1) {
    call(job, 0);
    return;
  }
  job_ = job;
  call_ = call;
  running_.store(members_ - 1);
  epoch_.fetch_add(1);
  wake_sleepers();
  call(job, 0);
  await([this] { return running_.load() == 0; });
}

void WorkerTeam::sync() {
  if (members_ == 1) return;
  const std::uint64_t generation = generation_.load();
  if (arrived_.fetch_add(1) + 1 == members_) {
    arrived_.store(0);
    generation_.fetch_add(1);
    wake_sleepers();
    return;
  }
  await([this, generation] { return generation_.load() != generation; });
}

void WorkerTeam::loop(std::size_t member) {
  std::uint64_t seen = 0;
  for (;;) {
    await([this, seen] { return epoch_.load() != seen; });
    // The caller starts the next job only once this one has finished here: epoch_ moved by 1.
    seen = epoch_.load();
    if (stop_.load()) return;
    call_(job_, member);
    if (running_.fetch_sub(1) == 1) wake_sleepers();
  }
}

}  // namespace nudge::detail
