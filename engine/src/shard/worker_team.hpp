#pragma once
// WorkerTeam: the calling thread and N-1 threads of the team's own run one job together, the
// job called with each member's index (0 on the caller). Jobs are handed over and joined through
// atomics that a waiting thread polls for a short while (kSpin) before it sleeps on a condition
// variable: back-to-back jobs (a batch, then an advance, then the next batch) then cost no
// thread wake-up, which on a virtual machine is tens of microseconds each.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace nudge::detail {

class WorkerTeam {
 public:
  /// How long a waiting thread polls by default before it sleeps: a worker after a job (for
  /// the next one), the caller for the workers to finish, a member in `sync` for the others.
  static constexpr std::chrono::microseconds kSpin{200};

  /// A team of `members` (at least 1): the caller plus `members - 1` threads, waiting threads
  /// polling for `spin` before they sleep (0: sleep at once).
  explicit WorkerTeam(std::size_t members, std::chrono::microseconds spin = kSpin);
  ~WorkerTeam();
  WorkerTeam(const WorkerTeam&) = delete;
  WorkerTeam& operator=(const WorkerTeam&) = delete;

  std::size_t size() const { return members_; }

  /// Runs `job(member)` for every member, member 0 on the calling thread; returns when all
  /// are done. One job at a time (calls come from one thread). A job must not throw: an
  /// exception ends the process (std::terminate), as it would on a worker thread anyway.
  template <class Job>
  void run(Job& job) {
    run_erased(&job, [](void* j, std::size_t member) { (*static_cast<Job*>(j))(member); });
  }

  /// Called by every member inside a job: returns once all members have called it (a
  /// barrier; what a member wrote before it is visible to all after it).
  void sync();

 private:
  using Call = void (*)(void*, std::size_t);
  void run_erased(void* job, Call call) noexcept;
  void loop(std::size_t member);
  // Returns once `done()` holds: polls for up to spin_, then sleeps until wake_sleepers().
  template <class Done>
  void await(Done done);
  // Wakes the threads sleeping in await (cheap when none is).
  void wake_sleepers();

  std::size_t members_;
  std::chrono::microseconds spin_;
  // The current job, written by the caller before it bumps epoch_.
  void* job_ = nullptr;
  Call call_ = nullptr;
  std::atomic<std::uint64_t> epoch_{0};       // bumped once per job (and to stop)
  std::atomic<std::size_t> running_{0};       // workers still in the current job
  std::atomic<std::size_t> arrived_{0};       // members waiting in sync
  std::atomic<std::uint64_t> generation_{0};  // bumped when all members reached sync
  std::atomic<bool> stop_{false};
  std::atomic<int> sleepers_{0};  // threads in (or entering) cv_.wait
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::thread> threads_;  // threads_[i] is member i + 1
};

}  // namespace nudge::detail
