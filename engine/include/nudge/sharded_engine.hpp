#pragma once
/// @file sharded_engine.hpp
/// N engines (shards) keyed by application id, each on its own thread, behind the Engine API.
/// An application lives in shard `shard_of(id, N)` (FNV-1a 64 of the id, modulo N: stable
/// across runs and machines). Batches and `advance` run every shard in parallel.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "nudge/engine.hpp"
#include "nudge/export.hpp"
#include "nudge/result.hpp"
#include "nudge/stack.hpp"

namespace nudge {

/// A due action and the shard that released it (`ShardedEngine::describe` expands it).
struct ShardedDueAction {
  std::uint32_t shard = 0;
  DueAction due;
};

/// A set of engines partitioned by application id. Calls are made from one thread at a
/// time (the host's); the engine runs shard 0 on that thread and shards 1..N-1 on threads of
/// its own while a batch or an advance is in progress. When there are no more shards than
/// cores, those threads poll for the next batch or advance for up to 200 microseconds after
/// each one before they sleep, so that a host calling back to back pays no thread wake-up.
/// Deterministic: the same calls give the same actions whatever the number of threads or
/// their timing.
class NUDGE_API ShardedEngine {
 public:
  /// `shards` engines (at least 1) running `stack`, their clocks at `start`.
  ShardedEngine(const PolicyStack& stack, std::size_t shards, Instant start = Instant{});
  ~ShardedEngine();
  ShardedEngine(const ShardedEngine&) = delete;
  ShardedEngine& operator=(const ShardedEngine&) = delete;

  /// The shard of an application id among `shards`.
  static std::size_t shard_of(std::string_view application, std::size_t shards);
  std::size_t shard_count() const;

  /// Reserves room for about `applications` more applications (spread over the shards).
  void reserve(std::size_t applications, std::size_t interviewers = 2);
  /// Engine::open on the application's shard.
  Result<void> open(const ApplicationContext& context);
  /// Engine::set_decision_date on the application's shard.
  Result<void> set_decision_date(std::string_view application, std::optional<LocalDate> date);
  /// Engine::erase on the application's shard.
  Result<void> erase(std::string_view application);
  /// Engine::apply on the application's shard.
  Result<ApplyOutcome> apply(std::string_view application, const Event& event);
  /// Applies many events, each shard's in the given order, the shards in parallel. Result i
  /// belongs to event i. Events of one application keep their order (one shard).
  std::vector<Result<ApplyOutcome>> apply_batch(std::span<const ApplicationEvent> events);
  /// The same, into `results`: resized to one result per event (result i belongs to event i),
  /// its elements overwritten. A host that keeps `results` between batches allocates nothing
  /// for them (an error's message aside). The calling thread writes them once the shards are
  /// done, from a byte per event that each shard wrote on cache lines of its own.
  void apply_batch(std::span<const ApplicationEvent> events,
                   std::vector<Result<ApplyOutcome>>& results);
  /// Advances every shard to `now` in parallel and appends what became due, ordered by
  /// (at, shard, release order).
  Result<void> advance(Instant now, std::vector<ShardedDueAction>& out);
  /// The same, expanded.
  Result<std::vector<Action>> advance(Instant now);
  Instant now() const;

  Result<std::vector<Action>> plan(std::string_view application) const;
  Action describe(const ShardedDueAction& due) const;
  Result<ApplicationStatus> status(std::string_view application) const;
  /// One snapshot per shard (each shard's Engine::snapshot), in shard order, taken together.
  std::vector<std::string> snapshot() const;
  /// Replaces every shard's state with `snapshots`, one per shard, taken together under this
  /// engine's policy (`snapshot()`, or `reshard` to come from another shard count or from a
  /// single Engine). An application found in another shard's snapshot (snapshots in another
  /// order) goes to its own shard. All or nothing: changes no shard, and refuses a count other
  /// than shard_count() (kMismatch), a snapshot Engine::restore refuses (its code, "snapshot
  /// k: " before its message), snapshots whose clocks differ and an application in two
  /// snapshots (kMismatch).
  Result<void> restore(std::span<const std::string_view> snapshots);
  Result<void> restore(const std::vector<std::string>& snapshots);
  /// Snapshots taken together under one policy, rewritten as `shards` snapshots, one per shard
  /// of a ShardedEngine of that many shards (1: a single Engine's), each application in its own
  /// shard. Refuses damaged snapshots (kCorrupt), snapshots of other formats, other policies or
  /// other clocks than the first's, and an application in two of them (kMismatch). What it
  /// gives still has to be restored under the policy it was taken under.
  static Result<std::vector<std::string>> reshard(std::span<const std::string_view> snapshots,
                                                  std::size_t shards);
  /// The shard's engine (for its snapshot, stats, diagnostics).
  const Engine& shard(std::size_t index) const;
  /// The counters of every shard, summed.
  EngineStats stats() const;

  struct Impl;

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace nudge
