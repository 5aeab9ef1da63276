// Store: an Engine made durable by a journal of accepted inputs, a checkpoint (an engine
// snapshot and the journal position it includes) and an outbox of released actions. This file:
// opening a store and the calls that take one input per transaction; the journal itself is in
// store_impl.cpp, many events or acks per transaction in store_batch.cpp.
#include "nudge/store.hpp"

#include <cstdio>
#include <utility>

#include "store/schema.hpp"
#include "store/sqlite_db.hpp"
#include "store/store_impl.hpp"

namespace nudge {

using namespace detail;  // NOLINT(google-build-using-namespace): private implementation file

namespace {

std::string hex16(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

const char* synchronous_pragma(Synchronous s) {
  switch (s) {
    case Synchronous::kOff:
      return "PRAGMA synchronous = OFF";
    case Synchronous::kNormal:
      return "PRAGMA synchronous = NORMAL";
    case Synchronous::kFull:
      break;
  }
  return "PRAGMA synchronous = FULL";
}

}  // namespace

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;
Store::Store(Store&&) noexcept = default;
Store& Store::operator=(Store&&) noexcept = default;

Result<Store> Store::open(const std::string& path, PolicyStack stack, const StoreOptions& options) {
  auto db = SqliteDb::open(path, options.read_only);
  if (!db) return std::move(db).error();
  SqliteDb& d = **db;
  auto state = inspect_store_file(d);
  if (!state) return std::move(state).error();
  if (options.read_only && state->fresh) {
    return make_error(ErrorCode::kNotFound,
                      path + ": not a nudge store (empty), and it is opened read-only");
  }
  if (!options.read_only) {
    if (auto s = d.exec("PRAGMA journal_mode = WAL"); !s) return s.error();
    // Every delete overwrites what it deletes: an erasure (Store::erase) cannot reach bytes an
    // earlier checkpoint left behind (an application's journal entries, older snapshots).
    if (auto s = d.exec("PRAGMA secure_delete = ON"); !s) return s.error();
    if (auto s = d.exec(synchronous_pragma(options.synchronous)); !s) return s.error();
  }
  if (options.max_page_count > 0) {
    const std::string pragma = "PRAGMA max_page_count = " + std::to_string(options.max_page_count);
    if (auto s = d.exec(pragma.c_str()); !s) return s.error();
  }
  const std::uint64_t hash = stack.content_hash();
  if (state->fresh) {
    Transaction tx(d);
    if (auto s = tx.begin(); !s) return s.error();
    if (auto s = create_store_schema(d, hash, seconds(options.start)); !s) return s.error();
    if (auto s = tx.commit(); !s) return s.error();
    state->version = kStoreSchemaVersion;
  }
  while (state->version < kStoreSchemaVersion) {
    // v2 -> v3 changes no table (only what a v2 journal can never hold), so a v2 store reads
    // as it is: a reader need not wait for the writer's upgrade.
    if (options.read_only && state->version >= 2) break;
    if (options.read_only) {
      return make_error(ErrorCode::kMismatch,
                        path + ": the store has schema version " + std::to_string(state->version) +
                            " and needs an upgrade to " + std::to_string(kStoreSchemaVersion) +
                            ", which a read-only store cannot do");
    }
    Transaction tx(d);
    if (auto s = tx.begin(); !s) return s.error();
    if (auto s = migrate_store_schema(d, state->version); !s) return s.error();
    if (auto s = tx.commit(); !s) return s.error();
    ++state->version;
  }
  std::string recorded_hash, recorded_start;
  {
    auto meta = d.prepare("SELECT key, value FROM meta");
    if (!meta) return std::move(meta).error();
    while (meta->step() == SQLITE_ROW) {
      if (meta->text(0) == "policy_hash") recorded_hash = meta->text(1);
      if (meta->text(0) == "start") recorded_start = meta->text(1);
    }
  }
  if (recorded_hash != std::to_string(hash)) {
    std::string recorded = recorded_hash;
    try {
      recorded = hex16(std::stoull(recorded_hash));
    } catch (...) {
    }
    return make_error(ErrorCode::kMismatch,
                      path + ": the store was written under policy stack " + recorded +
                          ", not the stack loaded now (" + hex16(hash) +
                          "); open it with the same policy, layers and plugins");
  }
  Instant start{};
  try {
    start = instant(std::stoll(recorded_start));
  } catch (...) {
    return make_error(ErrorCode::kCorrupt, path + ": damaged nudge store: no start in meta");
  }
  StoreOptions o = options;
  auto impl = std::make_unique<Impl>(std::move(*db), std::move(stack), o, start);
  impl->schema_version = state->version;
  if (auto s = impl->prepare_statements(); !s) return s.error();
  if (auto s = impl->load_engine(); !s) return s.error();
  return Store(std::move(impl));
}

const Engine& Store::engine() const { return impl_->engine; }

Result<std::optional<RequestRecord>> Store::find_request(std::string_view request) const {
  auto record = impl_->remembered(request);
  if (!record) return std::move(record).error();
  if (!*record) return std::optional<RequestRecord>{};
  std::string outcome = std::move(**record);
  if (const std::size_t hash = outcome.rfind('#'); hash != std::string::npos) outcome.resize(hash);
  return std::optional<RequestRecord>{RequestRecord{std::move(outcome)}};
}

Result<void> Store::open_application(std::string_view toml, std::string_view source,
                                     std::string_view request) {
  Impl& m = *impl_;
  RequestPrint print("open");
  print.add(toml).add(source);
  auto seen = m.answered_before(request, print);
  if (!seen) return std::move(seen).error();
  if (*seen) return {};
  auto context = parse_application(toml, source);
  if (!context) return std::move(context).error();
  Transaction tx(*m.db);
  if (auto s = tx.begin(); !s) return s;
  if (auto s = m.engine.open(*context); !s) return s;
  auto seq = m.append("open", context->id, toml, source, 0);
  if (!seq) return m.recover(std::move(seq).error(), tx);
  if (auto s = m.remember(request, print.tag("opened")); !s) {
    return m.recover(std::move(s).error(), tx);
  }
  if (auto s = m.maybe_checkpoint(); !s) return m.recover(std::move(s).error(), tx);
  if (auto s = tx.commit(); !s) return m.recover(std::move(s).error(), tx);
  return {};
}

Result<ApplyOutcome> Store::apply(std::string_view application, const Event& event,
                                  std::string_view request) {
  Impl& m = *impl_;
  RequestPrint print("apply");
  print.add(application).add(event.type).add(event.recipient).add(seconds(event.at));
  auto seen = m.answered_before(request, print);
  if (!seen) return std::move(seen).error();
  if (*seen) return **seen == "duplicate" ? ApplyOutcome::kDuplicate : ApplyOutcome::kApplied;
  Transaction tx(*m.db);
  if (auto s = tx.begin(); !s) return std::move(s).error();
  auto outcome = m.engine.apply(application, event);
  if (!outcome) return outcome;
  if (*outcome == ApplyOutcome::kApplied) {
    auto seq = m.append("apply", application, event.type, event.recipient, seconds(event.at));
    if (!seq) return m.recover(std::move(seq).error(), tx);
  }
  const bool applied = *outcome == ApplyOutcome::kApplied;
  if (auto s = m.remember(request, print.tag(applied ? "applied" : "duplicate")); !s) {
    return m.recover(std::move(s).error(), tx);
  }
  if (auto s = m.maybe_checkpoint(); !s) return m.recover(std::move(s).error(), tx);
  if (auto s = tx.commit(); !s) return m.recover(std::move(s).error(), tx);
  return outcome;
}

Result<void> Store::set_decision_date(std::string_view application, std::optional<LocalDate> date,
                                      std::string_view request) {
  Impl& m = *impl_;
  const std::string text = date ? format_date(*date) : std::string();
  RequestPrint print("decision_date");
  print.add(application).add(text);
  auto seen = m.answered_before(request, print);
  if (!seen) return std::move(seen).error();
  if (*seen) return {};
  Transaction tx(*m.db);
  if (auto s = tx.begin(); !s) return s;
  if (auto s = m.engine.set_decision_date(application, date); !s) return s;
  auto seq = m.append("decision_date", application, text, {}, 0);
  if (!seq) return m.recover(std::move(seq).error(), tx);
  if (auto s = m.remember(request, print.tag("set")); !s) {
    return m.recover(std::move(s).error(), tx);
  }
  if (auto s = m.maybe_checkpoint(); !s) return m.recover(std::move(s).error(), tx);
  if (auto s = tx.commit(); !s) return m.recover(std::move(s).error(), tx);
  return {};
}

Result<std::vector<Action>> Store::advance(Instant now, std::string_view request) {
  Impl& m = *impl_;
  RequestPrint print("advance");
  print.add(seconds(now));
  auto seen = m.answered_before(request, print);
  if (!seen) return std::move(seen).error();
  if (*seen) return std::vector<Action>{};
  Transaction tx(*m.db);
  if (auto s = tx.begin(); !s) return std::move(s).error();
  const Instant before = m.engine.now();
  auto released = m.engine.advance(now);
  if (!released) return released;
  if (now != before || !released->empty()) {
    auto seq = m.append("advance", {}, {}, {}, seconds(now));
    if (!seq) return m.recover(std::move(seq).error(), tx);
    Statement& s = m.insert_outbox;
    for (const Action& a : *released) {
      s.bind(1, a.key);
      s.bind(2, *seq);
      s.bind(3, a.application);
      s.bind(4, a.rule);
      s.bind(5, a.action);
      s.bind(6, a.recipient);
      s.bind(7, a.zone);
      s.bind(8, a.channel);
      s.bind(9, seconds(a.at));
      s.bind(10, seconds(a.deadline));
      s.bind(11, a.draft);
      s.bind(12, a.draft_error);
      s.bind(13, std::int64_t{a.optional ? 1 : 0});
      const int rc = s.step();
      s.reset();
      if (rc != SQLITE_DONE) return m.recover(m.db->error("writing the outbox", rc), tx);
    }
  }
  if (auto s = m.remember(request, print.tag("advanced")); !s) {
    return m.recover(std::move(s).error(), tx);
  }
  if (auto s = m.maybe_checkpoint(); !s) return m.recover(std::move(s).error(), tx);
  if (auto s = tx.commit(); !s) return m.recover(std::move(s).error(), tx);
  return released;
}

Result<void> Store::ack(std::string_view key, std::string_view request) {
  Impl& m = *impl_;
  RequestPrint print("ack");
  print.add(key);
  auto seen = m.answered_before(request, print);
  if (!seen) return std::move(seen).error();
  if (*seen) return {};
  Transaction tx(*m.db);
  if (auto s = tx.begin(); !s) return s;
  if (auto s = m.ack_one(key); !s) return s;
  if (auto s = m.remember(request, print.tag("acked")); !s) return s;
  return tx.commit();
}

Result<std::vector<Action>> Store::unacked() const {
  Statement& s = impl_->select_unacked;
  std::vector<Action> out;
  int rc;
  while ((rc = s.step()) == SQLITE_ROW) {
    Action a;
    a.key = s.text(0);
    a.application = s.text(1);
    a.rule = s.text(2);
    a.action = s.text(3);
    a.recipient = s.text(4);
    a.zone = s.text(5);
    a.channel = s.text(6);
    a.at = instant(s.int64(7));
    a.deadline = instant(s.int64(8));
    a.draft = s.text(9);
    a.draft_error = s.text(10);
    a.optional = s.int64(11) != 0;
    out.push_back(std::move(a));
  }
  s.reset();
  if (rc != SQLITE_DONE) return impl_->db->error("reading the outbox", rc);
  return out;
}

Result<void> Store::restore(std::string_view snapshot, std::string_view request) {
  Impl& m = *impl_;
  RequestPrint print("restore");
  print.add(snapshot);
  auto seen = m.answered_before(request, print);
  if (!seen) return std::move(seen).error();
  if (*seen) return {};
  Transaction tx(*m.db);
  if (auto s = tx.begin(); !s) return s;
  if (auto s = m.engine.restore(snapshot); !s) return s;
  auto seq = m.append("restore", {}, {}, {}, 0);
  if (!seq) return m.recover(std::move(seq).error(), tx);
  if (auto s = m.remember(request, print.tag("restored")); !s) {
    return m.recover(std::move(s).error(), tx);
  }
  if (auto s = m.write_checkpoint_now(); !s) return m.recover(std::move(s).error(), tx);
  if (auto s = tx.commit(); !s) return m.recover(std::move(s).error(), tx);
  return {};
}

Result<void> Store::checkpoint() {
  Impl& m = *impl_;
  if (m.options.read_only) return m.read_only_error();
  Transaction tx(*m.db);
  if (auto s = tx.begin(); !s) return s;
  if (auto s = m.write_checkpoint_now(); !s) return m.recover(std::move(s).error(), tx);
  if (auto s = tx.commit(); !s) return m.recover(std::move(s).error(), tx);
  return {};
}

StoreInfo Store::info() const {
  StoreInfo i;
  i.path = impl_->db->path();
  i.schema_version = impl_->schema_version;
  i.journal_position = impl_->journal_position;
  i.checkpoint_position = impl_->checkpoint_position;
  Statement& s = impl_->count_unacked;
  if (s.step() == SQLITE_ROW) i.unacked = s.int64(0);
  s.reset();
  return i;
}

Result<int> upgrade_store_schema(const std::string& path, int from) {
  auto db = SqliteDb::open(path, false);
  if (!db) return std::move(db).error();
  auto state = inspect_store_file(**db);
  if (!state) return std::move(state).error();
  if (state->fresh || state->version != from) {
    return make_error(ErrorCode::kMismatch, path + ": the store has schema version " +
                                                std::to_string(state->version) + ", not " +
                                                std::to_string(from));
  }
  Transaction tx(**db);
  if (auto s = tx.begin(); !s) return std::move(s).error();
  if (auto s = migrate_store_schema(**db, from); !s) return std::move(s).error();
  if (auto s = tx.commit(); !s) return std::move(s).error();
  return from + 1;
}

}  // namespace nudge
