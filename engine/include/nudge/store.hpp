#pragma once
/// @file store.hpp
/// A durable engine: an `Engine` whose accepted inputs are journaled in an SQLite database,
/// with an outbox of released actions that the host acknowledges by idempotency key.
/// See docs/embedding.md ("The durable store") for the guarantees and the schema.

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
#include "nudge/time.hpp"

namespace nudge {

/// SQLite's `PRAGMA synchronous` level: how hard a commit waits for the disk.
enum class Synchronous : std::uint8_t {
  kOff = 0,     ///< no fsync: a process crash loses nothing, a power loss may lose the tail
  kNormal = 1,  ///< WAL synced at checkpoints: a power loss may lose the last transactions
  kFull = 2,    ///< WAL synced at every commit: nothing committed is ever lost (the default)
};

/// The fewest journal entries between two automatic checkpoints (`checkpoint_every` = 0).
inline constexpr std::uint32_t kAutoCheckpointMin = 1000;

/// How to open a store.
struct StoreOptions {
  Synchronous synchronous = Synchronous::kFull;
  /// Journal entries between two checkpoints (an engine snapshot). 0, the default, is
  /// automatic: at least kAutoCheckpointMin entries and at least one per open application. A
  /// snapshot's size grows with the applications, so a fixed count would make checkpoints
  /// cost more per entry as the store grows (at 4096 applications, every 1000 entries cut
  /// batched writes 20-fold); tied to the applications it costs O(1) per entry on average,
  /// and a restart replays at most that many entries after the snapshot.
  std::uint32_t checkpoint_every = 0;
  /// Open with SQLITE_OPEN_READONLY: every call that would write fails with kIo.
  bool read_only = false;
  /// A size limit in database pages (`PRAGMA max_page_count`), 0 = SQLite's default. A write
  /// past it fails as a full disk does (kIo, nothing written).
  std::uint32_t max_page_count = 0;
  /// The clock of a new store's engine (ignored when the database already exists).
  Instant start{};
  /// Request ids remembered for replay detection (the newest ones are kept).
  std::uint32_t remembered_requests = 100000;
};

/// Where a store is.
struct StoreInfo {
  std::string path;
  int schema_version = 0;
  std::int64_t journal_position = 0;     ///< sequence number of the last journal entry
  std::int64_t checkpoint_position = 0;  ///< journal position the checkpoint includes
  std::int64_t unacked = 0;              ///< released actions not acknowledged yet
};

/// The schema version this build writes (`meta.schema_version`).
inline constexpr int kStoreSchemaVersion = 3;

/// What a remembered request did (for requests that carried an id).
struct RequestRecord {
  /// "opened", "applied", "duplicate", "advanced", "acked", "restored", "set" (a decision
  /// date); for `apply_batch`
  /// "batch:" and a letter per event ('a' applied, 'd' duplicate, 'A' + error code refused),
  /// for `ack_batch` "acks:" and a letter per key ('a' acked, 'A' + error code refused), for
  /// `erase` and `erase_batch` "erase:" and a letter per application ('e' erased, 'A' + code).
  /// (The store keeps a hash of the request beside it: the id used again for a request with
  /// other content is refused with kDuplicate instead of being answered from memory.)
  std::string outcome;
};

/// An engine made durable by an SQLite database (WAL). Every accepted input (open, apply,
/// advance) is appended to a journal in the same transaction as its effects (the released
/// actions, the remembered request id); a restart restores the last checkpoint and replays
/// the journal after it, so every absolute time is unchanged. Released actions stay in the
/// outbox, delivered by `unacked()` until `ack` names their key. Not thread-safe: one thread
/// at a time (the database is opened by one process at a time too).
class NUDGE_API Store {
 public:
  /// Opens (or creates) the store at `path` running `stack`. Refuses, naming the file: a file
  /// that is not an SQLite database or is the database of another program (kCorrupt), a store
  /// of a newer schema (kMismatch, naming both versions), a store written under another policy
  /// stack (kMismatch, naming both hashes), a journal that does not replay (kCorrupt), a store
  /// another writer holds open (kIo: a read-write open takes an exclusive flock on the file
  /// until the Store is destroyed; read-only opens take none). An older schema is upgraded in
  /// place (see `upgrade_store_schema`).
  static Result<Store> open(const std::string& path, PolicyStack stack,
                            const StoreOptions& options = {});

  ~Store();
  Store(Store&&) noexcept;
  Store& operator=(Store&&) noexcept;
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  /// The engine, for reading (plan, status, describe, snapshot, stats).
  const Engine& engine() const;

  /// Opens an application given as application-file TOML (docs/application-format.md);
  /// `source` names it in messages and resolves a relative `overrides` path.
  /// `request` (optional) is the caller's request id, remembered with the outcome.
  Result<void> open_application(std::string_view toml, std::string_view source,
                                std::string_view request = {});
  /// Applies an event (Engine::apply) and journals it. A duplicate is not journaled.
  Result<ApplyOutcome> apply(std::string_view application, const Event& event,
                             std::string_view request = {});
  /// Applies many events in one transaction: one commit, so one disk sync at kFull for the
  /// whole batch instead of one per event. Result i belongs to event i and is what `apply`
  /// would have returned, in order (a refused event is not journaled and does not stop the
  /// others). The call fails as a whole (kIo) when a write or the commit fails: then no event
  /// of the batch is kept and the engine is as before. `request` (optional) is remembered
  /// with every event's outcome: a replay returns them again and changes nothing (a refused
  /// event comes back with its code and a message saying it was refused the first time).
  Result<std::vector<Result<ApplyOutcome>>> apply_batch(std::span<const ApplicationEvent> events,
                                                        std::string_view request = {});
  /// Advances the clock (Engine::advance), journals it and puts the released actions in the
  /// outbox, all in one transaction; returns the actions released by this call.
  Result<std::vector<Action>> advance(Instant now, std::string_view request = {});
  /// Sets (or, with std::nullopt, withdraws) an application's decision date
  /// (Engine::set_decision_date) and journals it, in one transaction.
  Result<void> set_decision_date(std::string_view application, std::optional<LocalDate> date,
                                 std::string_view request = {});
  /// Acknowledges a released action: it is never delivered again. An unknown key is
  /// kNotFound (nothing changes); a key already acknowledged is accepted again (no change).
  Result<void> ack(std::string_view key, std::string_view request = {});
  /// Acknowledges many released actions in one transaction (one disk sync at kFull). Result
  /// i is what `ack` would have returned for key i: an unknown key is kNotFound and does not
  /// stop the others. A failed write fails the call (kIo) and acknowledges none of them.
  /// `request` (optional) is remembered with every key's result, as for `apply_batch`.
  Result<std::vector<Status>> ack_batch(std::span<const std::string_view> keys,
                                        std::string_view request = {});
  /// Erases an application (Engine::erase) and everything the database holds about it, in
  /// one transaction: its released actions (acknowledged or not, drafts included), and its
  /// journal entries and state, by writing a checkpoint without it. SQLite overwrites the
  /// deleted bytes (secure_delete, on for every write of the store) and the write-ahead log is
  /// truncated after the commit, so no copy is left in the files (unless a reader holds the log
  /// open; the next erasure or checkpoint folds it). An unknown id is kNotFound and changes
  /// nothing. Its id may be opened again; keys acknowledged before are forgotten with it. The
  /// checkpoint costs a snapshot of every open application: erase many with `erase_batch`.
  Result<void> erase(std::string_view application, std::string_view request = {});
  /// Erases many applications in one transaction and one checkpoint. Result i is what `erase`
  /// would have returned for application i (an unknown id is kNotFound and does not stop the
  /// others); a failed write fails the call (kIo) and erases none of them.
  Result<std::vector<Status>> erase_batch(std::span<const std::string_view> applications,
                                          std::string_view request = {});
  /// Every released action not acknowledged yet, in release order (what to deliver).
  Result<std::vector<Action>> unacked() const;
  /// Replaces the engine's state with a snapshot (Engine::restore) and checkpoints it. The
  /// outbox is kept (an acknowledged key stays acknowledged).
  Result<void> restore(std::string_view snapshot, std::string_view request = {});
  /// Writes a checkpoint now (also done every `checkpoint_every` journal entries).
  Result<void> checkpoint();

  /// The outcome of an earlier request with this id, if it is remembered.
  Result<std::optional<RequestRecord>> find_request(std::string_view request) const;

  StoreInfo info() const;

  struct Impl;

 private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

/// Upgrades the store at `path` by one schema version (v`from` -> v`from`+1) in one
/// transaction, and returns the new version. `Store::open` calls it as often as needed; it is
/// public so that an operator can upgrade a database ahead of a deployment. Refuses a file
/// that is not a nudge store or whose version is not `from`.
NUDGE_API Result<int> upgrade_store_schema(const std::string& path, int from);

}  // namespace nudge
