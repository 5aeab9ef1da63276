#pragma once
// Store::Impl, shared by the files of the store: store_impl.cpp (the journal, checkpoints and
// recovery), store.cpp (opening, one input per transaction) and store_batch.cpp (many events or
// acks in one transaction).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/fnv1a.hpp"
#include "nudge/store.hpp"
#include "store/sqlite_db.hpp"

namespace nudge {

namespace detail {
inline std::int64_t seconds(Instant t) { return t.time_since_epoch().count(); }
inline Instant instant(std::int64_t s) { return Instant{std::chrono::seconds{s}}; }

/// What a request asked for, hashed: its kind and every input, each prefixed by its length.
/// Remembered with the request's outcome as "OUTCOME#HEX", so that an id used again for a
/// different request is refused, not taken for a replay of the first one.
class RequestPrint {
 public:
  explicit RequestPrint(std::string_view kind) { add(kind); }
  RequestPrint& add(std::string_view part) {
    add_number(part.size());
    h_ = fnv1a(part, h_);
    return *this;
  }
  RequestPrint& add(std::int64_t value) {
    add_number(static_cast<std::uint64_t>(value));
    return *this;
  }
  /// "OUTCOME#HEX": what `remember` keeps.
  std::string tag(std::string_view outcome) const;

 private:
  void add_number(std::uint64_t n) {  // eight bytes, little-endian on every platform
    for (int i = 0; i < 8; ++i) {
      const char byte = static_cast<char>((n >> (8 * i)) & 0xFF);
      h_ = fnv1a(std::string_view(&byte, 1), h_);
    }
  }
  std::uint64_t h_ = kFnvOffsetBasis;
};

/// Deletes an application's rows from the outbox (Store::erase; ?1 is its id). Its keys all
/// begin with "ID/" (Engine's action keys), so the key's index finds them: the outbox keeps
/// every action ever released, and a scan of it per erased application would hold the
/// writer for seconds at scale. `application` keeps an id that contains '/' apart.
inline constexpr const char* kDeleteOutboxSql =
    "DELETE FROM outbox WHERE key >= ?1 || '/' AND key < ?1 || '0' AND application = ?1";

/// The outcome remembered for `request` (a record "OUTCOME#HEX", or "OUTCOME" from a store
/// written before prints were kept, which is taken as it is). kDuplicate, naming the id, when
/// the record was remembered for another request than `print`.
Result<std::string_view> replayed_outcome(std::string_view request, std::string_view record,
                                          const RequestPrint& print);
}  // namespace detail

struct Store::Impl {
  std::unique_ptr<detail::SqliteDb> db;
  PolicyStack stack;
  StoreOptions options;
  Instant start{};
  Engine engine;
  int schema_version = 0;
  std::int64_t journal_position = 0;
  std::int64_t checkpoint_position = 0;
  std::uint32_t since_checkpoint = 0;
  std::vector<DueAction> scratch;  // replayed advances

  detail::Statement insert_journal, insert_outbox, ack_outbox, find_outbox, select_unacked,
      insert_request, find_request, write_checkpoint, trim_journal, trim_requests, count_unacked,
      delete_outbox;

  Impl(std::unique_ptr<detail::SqliteDb> d, PolicyStack s, const StoreOptions& o, Instant st)
      : db(std::move(d)), stack(s), options(o), start(st), engine(std::move(s), st) {}

  Status prepare_statements();
  Status load_engine();
  Status replay(Engine& e, detail::Statement& row);
  Result<std::int64_t> append(std::string_view kind, std::string_view application,
                              std::string_view text, std::string_view source, std::int64_t at);
  Status remember(std::string_view request, std::string_view outcome);
  /// The outcome remembered for `request` when it was carried out before (checked against
  /// `print`: the id used for another request is kDuplicate), or nothing when the request is
  /// new and may be carried out (kIo on a read-only store). What every mutating call asks
  /// first.
  Result<std::optional<std::string>> answered_before(std::string_view request,
                                                     const detail::RequestPrint& print);
  /// The record `remember` kept for `request` ("OUTCOME#PRINT"), if any.
  Result<std::optional<std::string>> remembered(std::string_view request);
  /// Marks the outbox entry `key` acked (inside the caller's transaction): kNotFound for an
  /// unknown key, kIo for a failed write; an entry acked before stays acked.
  Status ack_one(std::string_view key);
  Status maybe_checkpoint();
  Status write_checkpoint_now();
  /// After a failed write: rolls `tx` back, then rebuilds the engine from the database (it
  /// may hold what the database does not). Returns `e`.
  Error recover(Error e, detail::Transaction& tx);
  Error read_only_error() const {
    return make_error(ErrorCode::kIo, db->path() + ": the store is open read-only");
  }
};

}  // namespace nudge
