// ShardedEngine: one Engine per shard; shard 0 runs on the caller's thread, shards 1..N-1 on
// worker threads that wait for a job, run it on their own shard, and report back.
#include "nudge/sharded_engine.hpp"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>

#include "common/fnv1a.hpp"

namespace nudge {

namespace {

// A thread that runs one job at a time for its shard.
class Worker {
 public:
  Worker() : thread_([this] { loop(); }) {}
  ~Worker() {
    {
      std::lock_guard<std::mutex> lock(m_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }
  Worker(const Worker&) = delete;
  Worker& operator=(const Worker&) = delete;

  void post(std::function<void()> job) {
    {
      std::lock_guard<std::mutex> lock(m_);
      job_ = std::move(job);
      done_ = false;
    }
    cv_.notify_one();
  }
  void wait() {
    std::unique_lock<std::mutex> lock(m_);
    done_cv_.wait(lock, [this] { return done_; });
  }

 private:
  void loop() {
    for (;;) {
      std::function<void()> job;
      {
        std::unique_lock<std::mutex> lock(m_);
        cv_.wait(lock, [this] { return stop_ || job_ != nullptr; });
        if (stop_) return;
        job = std::move(job_);
        job_ = nullptr;
      }
      job();
      {
        std::lock_guard<std::mutex> lock(m_);
        done_ = true;
      }
      done_cv_.notify_one();
    }
  }

  std::mutex m_;
  std::condition_variable cv_, done_cv_;
  std::function<void()> job_;
  bool done_ = true;
  bool stop_ = false;
  std::thread thread_;
};

}  // namespace

struct ShardedEngine::Impl {
  std::vector<Engine> shards;
  std::vector<std::unique_ptr<Worker>> workers;  // workers[i] runs shard i + 1
  // Per-shard scratch for batches and advances (kept between calls: no allocation once warm).
  std::vector<std::vector<std::size_t>> batch_index;
  std::vector<std::vector<DueAction>> due;
  std::vector<Status> advance_status;

  // Runs fn(shard) for every shard, in parallel; returns when all are done.
  void run_all(const std::function<void(std::size_t)>& fn) {
    for (std::size_t s = 1; s < shards.size(); ++s) workers[s - 1]->post([&fn, s] { fn(s); });
    fn(0);
    for (std::size_t s = 1; s < shards.size(); ++s) workers[s - 1]->wait();
  }
  Engine& of(std::string_view application) {
    return shards[ShardedEngine::shard_of(application, shards.size())];
  }
};

ShardedEngine::ShardedEngine(const PolicyStack& stack, std::size_t shards, Instant start)
    : impl_(std::make_unique<Impl>()) {
  const std::size_t n = std::max<std::size_t>(1, shards);
  impl_->shards.reserve(n);
  for (std::size_t s = 0; s < n; ++s) impl_->shards.emplace_back(stack, start);
  for (std::size_t s = 1; s < n; ++s) impl_->workers.push_back(std::make_unique<Worker>());
  impl_->batch_index.resize(n);
  impl_->due.resize(n);
  impl_->advance_status.resize(n);
}

ShardedEngine::~ShardedEngine() = default;

std::size_t ShardedEngine::shard_of(std::string_view application, std::size_t shards) {
  return shards <= 1 ? 0 : static_cast<std::size_t>(detail::fnv1a(application) % shards);
}
std::size_t ShardedEngine::shard_count() const { return impl_->shards.size(); }

void ShardedEngine::reserve(std::size_t applications, std::size_t interviewers) {
  const std::size_t n = impl_->shards.size();
  for (Engine& e : impl_->shards)
    e.reserve(applications / n + applications / (8 * n) + 1, interviewers);
}

Result<void> ShardedEngine::open(const ApplicationContext& context) {
  return impl_->of(context.id).open(context);
}

Result<ApplyOutcome> ShardedEngine::apply(std::string_view application, const Event& event) {
  return impl_->of(application).apply(application, event);
}

std::vector<Result<ApplyOutcome>> ShardedEngine::apply_batch(
    std::span<const ApplicationEvent> events) {
  Impl& m = *impl_;
  const std::size_t n = m.shards.size();
  for (auto& list : m.batch_index) list.clear();
  for (std::size_t i = 0; i < events.size(); ++i) {
    m.batch_index[shard_of(events[i].application, n)].push_back(i);
  }
  std::vector<Result<ApplyOutcome>> results(events.size(),
                                            Result<ApplyOutcome>(ApplyOutcome::kApplied));
  m.run_all([&](std::size_t s) {
    Engine& e = m.shards[s];
    for (std::size_t i : m.batch_index[s])
      results[i] = e.apply(events[i].application, events[i].event);
  });
  return results;
}

Result<void> ShardedEngine::advance(Instant now, std::vector<ShardedDueAction>& out) {
  Impl& m = *impl_;
  m.run_all([&](std::size_t s) {
    m.due[s].clear();
    m.advance_status[s] = m.shards[s].advance(now, m.due[s]);
  });
  for (const Status& s : m.advance_status) {
    if (!s) return s;
  }
  const std::size_t first = out.size();
  for (std::size_t s = 0; s < m.shards.size(); ++s) {
    for (const DueAction& d : m.due[s])
      out.push_back(ShardedDueAction{static_cast<std::uint32_t>(s), d});
  }
  // Each shard's list is in time order; merge them by (at, shard), keeping release order.
  std::stable_sort(out.begin() + static_cast<std::ptrdiff_t>(first), out.end(),
                   [](const ShardedDueAction& a, const ShardedDueAction& b) {
                     return a.due.at != b.due.at ? a.due.at < b.due.at : a.shard < b.shard;
                   });
  return {};
}

Result<std::vector<Action>> ShardedEngine::advance(Instant now) {
  std::vector<ShardedDueAction> due;
  if (auto s = advance(now, due); !s) return std::move(s).error();
  std::vector<Action> out;
  out.reserve(due.size());
  for (const ShardedDueAction& d : due) out.push_back(describe(d));
  return out;
}

Instant ShardedEngine::now() const { return impl_->shards[0].now(); }

Result<std::vector<Action>> ShardedEngine::plan(std::string_view application) const {
  return impl_->of(application).plan(application);
}

Action ShardedEngine::describe(const ShardedDueAction& due) const {
  return impl_->shards[due.shard].describe(due.due);
}

Result<ApplicationStatus> ShardedEngine::status(std::string_view application) const {
  return impl_->of(application).status(application);
}

const Engine& ShardedEngine::shard(std::size_t index) const { return impl_->shards.at(index); }

EngineStats ShardedEngine::stats() const {
  EngineStats total;
  for (const Engine& e : impl_->shards) {
    const EngineStats s = e.stats();
    total.applications += s.applications;
    total.agenda_entries += s.agenda_entries;
    total.events_applied += s.events_applied;
    total.actions_released += s.actions_released;
    total.actions_refused += s.actions_refused;
    total.actions_held += s.actions_held;
    total.plugin_errors += s.plugin_errors;
  }
  return total;
}

}  // namespace nudge
