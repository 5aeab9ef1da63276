// ShardedEngine: one Engine per shard; shard 0 runs on the caller's thread, shards 1..N-1 on the
// threads of a WorkerTeam that take each batch or advance as one job and run it on their shard.
#include "nudge/sharded_engine.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <thread>

#include "common/fnv1a.hpp"
#include "core/reshard.hpp"
#include "nudge/time.hpp"
#include "shard/worker_team.hpp"

namespace nudge {

namespace {

// What one shard's thread writes in an advance, on cache lines of its own: the shards push
// their due actions at the same time, and vector headers side by side would bounce one cache
// line between the cores at every push_back.
struct alignas(64) ShardAdvance {
  std::vector<DueAction> due;
  Status status;
};

// What one shard's thread writes in a batch, on cache lines of its own: a byte per event of
// the shard, in batch order (an ApplyOutcome, or kFailed), and the errors in the same order.
// The caller turns them into `results`, which the shards never touch: results are 48 bytes
// each, and every line of them the host reads after a shard wrote it crosses between the cores
// (~60-80 us per 4096-event batch, measured); the bytes are 64 events to a line.
struct alignas(64) ShardApply {
  static constexpr std::uint8_t kFailed = 0xFF;
  std::vector<std::uint8_t> outcomes;
  std::vector<Error> errors;
  std::size_t next = 0, next_error = 0;  // the caller's cursors while it fills `results`
};

// Appends the shards' due actions to `out` ordered by (at, shard), each shard's in its own
// order: every list is in time order already, so a merge gives what a stable sort would.
void append_merged(const std::vector<ShardAdvance>& shards, std::vector<std::size_t>& next,
                   std::vector<ShardedDueAction>& out) {
  std::size_t total = out.size();
  for (const ShardAdvance& a : shards) total += a.due.size();
  if (out.capacity() < total) out.reserve(std::max(total, 2 * out.capacity()));
  const std::size_t n = shards.size();
  auto due = [&shards](std::size_t s) -> const std::vector<DueAction>& { return shards[s].due; };
  if (n == 1) {
    for (const DueAction& d : due(0)) out.push_back(ShardedDueAction{0, d});
    return;
  }
  if (n == 2) {
    const std::vector<DueAction>& a = due(0);
    const std::vector<DueAction>& b = due(1);
    std::size_t i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
      if (b[j].at < a[i].at) {
        out.push_back(ShardedDueAction{1, b[j++]});
      } else {
        out.push_back(ShardedDueAction{0, a[i++]});
      }
    }
    for (; i < a.size(); ++i) out.push_back(ShardedDueAction{0, a[i]});
    for (; j < b.size(); ++j) out.push_back(ShardedDueAction{1, b[j]});
    return;
  }
  next.assign(n, 0);
  for (;;) {
    std::size_t pick = n;  // the shard whose next action is earliest (the lowest on a tie)
    for (std::size_t s = 0; s < n; ++s) {
      if (next[s] < due(s).size() && (pick == n || due(s)[next[s]].at < due(pick)[next[pick]].at))
        pick = s;
    }
    if (pick == n) return;
    out.push_back(ShardedDueAction{static_cast<std::uint32_t>(pick), due(pick)[next[pick]++]});
  }
}

}  // namespace

struct ShardedEngine::Impl {
  std::vector<Engine> shards;
  detail::WorkerTeam team;  // member s runs shard s
  // Scratch kept between calls (no allocation once warm): the shard of each event of a batch,
  // each shard's outcomes in a batch, and its due actions and status in an advance.
  std::vector<std::uint32_t> event_shard;
  std::vector<ShardAdvance> advanced;
  std::vector<ShardApply> applied;
  std::vector<std::size_t> merge_next;  // per shard, the next due action to merge

  PolicyStack stack;  // what every shard runs (restore builds its engines from it)

  Impl(const PolicyStack& policies, std::size_t n) : team(n, spin_for(n)), stack(policies) {}
  // Polling for the next job pays only when every member can have a core of its own.
  static std::chrono::microseconds spin_for(std::size_t members) {
    return members <= std::max(1u, std::thread::hardware_concurrency())
               ? detail::WorkerTeam::kSpin
               : std::chrono::microseconds{0};
  }
  Engine& of(std::string_view application) {
    return shards[ShardedEngine::shard_of(application, shards.size())];
  }
};

ShardedEngine::ShardedEngine(const PolicyStack& stack, std::size_t shards, Instant start)
    : impl_(std::make_unique<Impl>(stack, std::max<std::size_t>(1, shards))) {
  const std::size_t n = impl_->team.size();
  impl_->shards.reserve(n);
  for (std::size_t s = 0; s < n; ++s) impl_->shards.emplace_back(stack, start);
  impl_->advanced.resize(n);
  impl_->applied.resize(n);
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

Result<void> ShardedEngine::set_decision_date(std::string_view application,
                                              std::optional<LocalDate> date) {
  return impl_->of(application).set_decision_date(application, date);
}

Result<void> ShardedEngine::erase(std::string_view application) {
  return impl_->of(application).erase(application);
}

Result<ApplyOutcome> ShardedEngine::apply(std::string_view application, const Event& event) {
  return impl_->of(application).apply(application, event);
}

std::vector<Result<ApplyOutcome>> ShardedEngine::apply_batch(
    std::span<const ApplicationEvent> events) {
  std::vector<Result<ApplyOutcome>> results;
  apply_batch(events, results);
  return results;
}

void ShardedEngine::apply_batch(std::span<const ApplicationEvent> events,
                                std::vector<Result<ApplyOutcome>>& results) {
  Impl& m = *impl_;
  const std::size_t n = m.shards.size();
  const std::size_t count = events.size();
  results.resize(count, Result<ApplyOutcome>(ApplyOutcome::kApplied));
  if (n == 1) {
    Engine& e = m.shards[0];
    for (std::size_t i = 0; i < count; ++i)
      results[i] = e.apply(events[i].application, events[i].event);
    return;
  }
  m.event_shard.resize(count);
  auto job = [&](std::size_t s) {
    // Every member hashes a slice of the ids, then applies its shard's events in batch order.
    for (std::size_t i = count * s / n; i < count * (s + 1) / n; ++i)
      m.event_shard[i] = static_cast<std::uint32_t>(shard_of(events[i].application, n));
    m.team.sync();
    ShardApply& mine = m.applied[s];
    mine.outcomes.clear();
    mine.errors.clear();
    Engine& e = m.shards[s];
    for (std::size_t i = 0; i < count; ++i) {
      if (m.event_shard[i] != s) continue;
      Result<ApplyOutcome> r = e.apply(events[i].application, events[i].event);
      if (r) {
        mine.outcomes.push_back(static_cast<std::uint8_t>(*r));
      } else {
        mine.outcomes.push_back(ShardApply::kFailed);
        mine.errors.push_back(std::move(r).error());
      }
    }
  };
  m.team.run(job);
  // Shard t's k-th outcome belongs to its k-th event. Filled here while the shards' threads are
  // idle: an error message allocated on a shard's thread is moved here and freed by the host,
  // never while that thread allocates.
  for (ShardApply& a : m.applied) a.next = a.next_error = 0;
  for (std::size_t i = 0; i < count; ++i) {
    ShardApply& a = m.applied[m.event_shard[i]];
    const std::uint8_t outcome = a.outcomes[a.next++];
    if (outcome != ShardApply::kFailed) {
      results[i] = static_cast<ApplyOutcome>(outcome);
    } else {
      results[i] = std::move(a.errors[a.next_error++]);
    }
  }
}

Result<void> ShardedEngine::advance(Instant now, std::vector<ShardedDueAction>& out) {
  Impl& m = *impl_;
  auto job = [&](std::size_t s) {
    ShardAdvance& a = m.advanced[s];
    a.due.clear();
    a.status = m.shards[s].advance(now, a.due);
  };
  m.team.run(job);
  for (const ShardAdvance& a : m.advanced) {
    if (!a.status) return a.status;
  }
  append_merged(m.advanced, m.merge_next, out);
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

std::vector<std::string> ShardedEngine::snapshot() const {
  std::vector<std::string> out;
  out.reserve(impl_->shards.size());
  for (const Engine& e : impl_->shards) out.push_back(e.snapshot());
  return out;
}

Result<void> ShardedEngine::restore(const std::vector<std::string>& snapshots) {
  const std::vector<std::string_view> views(snapshots.begin(), snapshots.end());
  return restore(std::span<const std::string_view>(views));
}

Result<void> ShardedEngine::restore(std::span<const std::string_view> snapshots) {
  Impl& m = *impl_;
  const std::size_t n = m.shards.size();
  if (snapshots.size() != n) {
    return make_error(ErrorCode::kMismatch,
                      std::to_string(snapshots.size()) + " snapshots for " + std::to_string(n) +
                          " shards: give one snapshot per shard; to change the shard count or "
                          "restore a single engine's snapshot, pass them through "
                          "ShardedEngine::reshard(snapshots, " +
                          std::to_string(n) + ") first");
  }
  // Every snapshot is restored as it is first, so that its errors name its own lines; when
  // each holds only its shard's applications (the usual case), those engines are the result.
  std::vector<Engine> fresh;
  fresh.reserve(n);
  bool in_place = true;
  for (std::size_t k = 0; k < n; ++k) {
    Engine& e = fresh.emplace_back(m.stack, m.shards[0].now());
    if (auto r = e.restore(snapshots[k]); !r) {
      return make_error(r.error().code, "snapshot " + std::to_string(k) + ": " + r.error().message);
    }
    if (e.now() != fresh[0].now()) {
      return make_error(ErrorCode::kMismatch, "snapshot " + std::to_string(k) + " was taken at " +
                                                  format_rfc3339(e.now(), "UTC") +
                                                  " and snapshot 0 at " +
                                                  format_rfc3339(fresh[0].now(), "UTC") +
                                                  ": restore snapshots taken together");
    }
    if (in_place) {
      const std::vector<std::string> ids = e.applications();
      in_place = std::all_of(ids.begin(), ids.end(),
                             [&](const std::string& id) { return shard_of(id, n) == k; });
    }
  }
  if (!in_place) {  // given in another order, say: each application goes to its own shard
    auto texts = reshard(snapshots, n);
    if (!texts) return std::move(texts).error();
    fresh.clear();
    for (std::size_t s = 0; s < n; ++s) {
      Engine& e = fresh.emplace_back(m.stack, m.shards[0].now());
      if (auto r = e.restore((*texts)[s]); !r) return r;
    }
  }
  m.shards.swap(fresh);
  return {};
}

Result<std::vector<std::string>> ShardedEngine::reshard(std::span<const std::string_view> snapshots,
                                                        std::size_t shards) {
  return detail::reshard_snapshots(snapshots, std::max<std::size_t>(1, shards),
                                   &ShardedEngine::shard_of);
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
