// Store: an Engine made durable by a journal of accepted inputs, a checkpoint (an engine
// snapshot and the journal position it includes) and an outbox of released actions.
#include "nudge/store.hpp"

#include <algorithm>
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

Status Store::Impl::prepare_statements() {
  struct Item {
    Statement* stmt;
    const char* sql;
  };
  const Item items[] = {
      {&insert_journal,
       "INSERT INTO journal(kind, application, text, source, at) VALUES (?, ?, ?, ?, ?)"},
      {&insert_outbox,
       "INSERT OR IGNORE INTO outbox(key, seq, application, rule, action, recipient, zone, "
       "channel, at, deadline, draft, draft_error, optional) "
       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"},
      {&ack_outbox, "UPDATE outbox SET acked = 1 WHERE key = ? AND acked = 0"},
      {&find_outbox, "SELECT acked FROM outbox WHERE key = ?"},
      {&select_unacked,
       "SELECT key, application, rule, action, recipient, zone, channel, at, deadline, draft, "
       "draft_error, optional FROM outbox WHERE acked = 0 ORDER BY seq, rowid"},
      {&insert_request, "INSERT OR REPLACE INTO requests(id, seq, outcome) VALUES (?, ?, ?)"},
      {&find_request, "SELECT outcome FROM requests WHERE id = ?"},
      {&write_checkpoint, "INSERT OR REPLACE INTO checkpoint(id, seq, snapshot) VALUES (1, ?, ?)"},
      {&trim_journal, "DELETE FROM journal WHERE seq <= ?"},
      {&trim_requests,
       "DELETE FROM requests WHERE seq < (SELECT seq FROM requests ORDER BY seq DESC "
       "LIMIT 1 OFFSET ?)"},
      {&count_unacked, "SELECT count(*) FROM outbox WHERE acked = 0"},
  };
  for (const Item& item : items) {
    auto s = db->prepare(item.sql);
    if (!s) return std::move(s).error();
    *item.stmt = std::move(*s);
  }
  return {};
}

Status Store::Impl::replay(Engine& e, Statement& row) {
  const std::int64_t seq = row.int64(0);
  const std::string_view kind = row.text(1);
  const std::string_view application = row.text(2);
  const std::string_view text = row.text(3);
  const std::string_view source = row.text(4);
  const std::int64_t at = row.int64(5);
  Status s;
  if (kind == "open") {
    auto context = parse_application(text, source);
    if (!context) {
      s = std::move(context).error();
    } else {
      s = e.open(*context);
    }
  } else if (kind == "apply") {
    auto r = e.apply(application, Event{text, instant(at), source});
    if (!r) s = std::move(r).error();
  } else if (kind == "advance") {
    scratch.clear();
    s = e.advance(instant(at), scratch);
  } else if (kind != "restore") {
    s = make_error(ErrorCode::kCorrupt, "unknown kind '" + std::string(kind) + "'");
  }
  if (!s) {
    return make_error(ErrorCode::kCorrupt, db->path() + ": journal entry " + std::to_string(seq) +
                                               " (" + std::string(kind) +
                                               ") does not replay: " + s.error().message);
  }
  journal_position = seq;
  ++since_checkpoint;
  return {};
}

Status Store::Impl::load_engine() {
  Engine e(stack, start);
  checkpoint_position = 0;
  since_checkpoint = 0;
  {
    auto cp = db->prepare("SELECT seq, snapshot FROM checkpoint WHERE id = 1");
    if (!cp) return std::move(cp).error();
    const int rc = cp->step();
    if (rc == SQLITE_ROW) {
      checkpoint_position = cp->int64(0);
      if (auto s = e.restore(cp->text(1)); !s) {
        return make_error(s.error().code,
                          db->path() + ": the checkpoint does not restore: " + s.error().message);
      }
    } else if (rc != SQLITE_DONE) {
      return db->error("reading the checkpoint", rc);
    }
  }
  journal_position = checkpoint_position;
  auto rows = db->prepare(
      "SELECT seq, kind, application, text, source, at FROM journal WHERE seq > ? ORDER BY seq");
  if (!rows) return std::move(rows).error();
  rows->bind(1, checkpoint_position);
  int rc;
  while ((rc = rows->step()) == SQLITE_ROW) {
    if (auto s = replay(e, *rows); !s) return s;
  }
  if (rc != SQLITE_DONE) return db->error("reading the journal", rc);
  (void)e.take_diagnostics();  // reported when they happened
  engine = std::move(e);
  return {};
}

Result<std::int64_t> Store::Impl::append(std::string_view kind, std::string_view application,
                                         std::string_view text, std::string_view source,
                                         std::int64_t at) {
  Statement& s = insert_journal;
  s.bind(1, kind);
  s.bind(2, application);
  s.bind(3, text);
  s.bind(4, source);
  s.bind(5, at);
  const int rc = s.step();
  s.reset();
  if (rc != SQLITE_DONE) return db->error("writing the journal", rc);
  journal_position = sqlite3_last_insert_rowid(db->get());
  ++since_checkpoint;
  return journal_position;
}

Status Store::Impl::remember(std::string_view request, std::string_view outcome) {
  if (request.empty()) return {};
  Statement& s = insert_request;
  s.bind(1, request);
  s.bind(2, journal_position);
  s.bind(3, outcome);
  const int rc = s.step();
  s.reset();
  if (rc != SQLITE_DONE) return db->error("remembering the request", rc);
  return {};
}

Status Store::Impl::write_checkpoint_now() {
  write_checkpoint.bind(1, journal_position);
  write_checkpoint.bind(2, engine.snapshot());
  int rc = write_checkpoint.step();
  write_checkpoint.reset();
  if (rc != SQLITE_DONE) return db->error("writing the checkpoint", rc);
  trim_journal.bind(1, journal_position);
  rc = trim_journal.step();
  trim_journal.reset();
  if (rc != SQLITE_DONE) return db->error("trimming the journal", rc);
  trim_requests.bind(1, static_cast<std::int64_t>(options.remembered_requests));
  rc = trim_requests.step();
  trim_requests.reset();
  if (rc != SQLITE_DONE) return db->error("trimming the remembered requests", rc);
  checkpoint_position = journal_position;
  since_checkpoint = 0;
  return {};
}

Status Store::Impl::maybe_checkpoint() {
  std::size_t every = options.checkpoint_every;
  if (every == 0) every = std::max<std::size_t>(kAutoCheckpointMin, engine.stats().applications);
  if (since_checkpoint < every) return {};
  return write_checkpoint_now();
}

Error Store::Impl::recover(Error e, Transaction& tx) {
  // Rolled back first: the reload reads through the same connection, which would see the
  // transaction's own writes (earlier events of a batch, a journal entry before a failed
  // checkpoint) and rebuild an engine ahead of the database.
  tx.rollback();
  if (auto s = load_engine(); !s) {
    e.message += "; and the engine could not be reloaded from the database: " + s.error().message;
  }
  return e;
}

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
  if (request.empty()) return std::optional<RequestRecord>{};
  Statement& s = impl_->find_request;
  s.bind(1, request);
  const int rc = s.step();
  std::optional<RequestRecord> out;
  if (rc == SQLITE_ROW) out = RequestRecord{std::string(s.text(0))};
  s.reset();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return impl_->db->error("reading requests", rc);
  return out;
}

Result<void> Store::open_application(std::string_view toml, std::string_view source,
                                     std::string_view request) {
  Impl& m = *impl_;
  auto known = find_request(request);
  if (!known) return std::move(known).error();
  if (*known) return {};
  if (m.options.read_only) return m.read_only_error();
  auto context = parse_application(toml, source);
  if (!context) return std::move(context).error();
  Transaction tx(*m.db);
  if (auto s = tx.begin(); !s) return s;
  if (auto s = m.engine.open(*context); !s) return s;
  auto seq = m.append("open", context->id, toml, source, 0);
  if (!seq) return m.recover(std::move(seq).error(), tx);
  if (auto s = m.remember(request, "opened"); !s) return m.recover(std::move(s).error(), tx);
  if (auto s = m.maybe_checkpoint(); !s) return m.recover(std::move(s).error(), tx);
  if (auto s = tx.commit(); !s) return m.recover(std::move(s).error(), tx);
  return {};
}

Result<ApplyOutcome> Store::apply(std::string_view application, const Event& event,
                                  std::string_view request) {
  Impl& m = *impl_;
  auto known = find_request(request);
  if (!known) return std::move(known).error();
  if (*known)
    return (*known)->outcome == "duplicate" ? ApplyOutcome::kDuplicate : ApplyOutcome::kApplied;
  if (m.options.read_only) return m.read_only_error();
  Transaction tx(*m.db);
  if (auto s = tx.begin(); !s) return std::move(s).error();
  auto outcome = m.engine.apply(application, event);
  if (!outcome) return outcome;
  if (*outcome == ApplyOutcome::kApplied) {
    auto seq = m.append("apply", application, event.type, event.recipient, seconds(event.at));
    if (!seq) return m.recover(std::move(seq).error(), tx);
  }
  const bool applied = *outcome == ApplyOutcome::kApplied;
  if (auto s = m.remember(request, applied ? "applied" : "duplicate"); !s) {
    return m.recover(std::move(s).error(), tx);
  }
  if (auto s = m.maybe_checkpoint(); !s) return m.recover(std::move(s).error(), tx);
  if (auto s = tx.commit(); !s) return m.recover(std::move(s).error(), tx);
  return outcome;
}

Result<std::vector<Action>> Store::advance(Instant now, std::string_view request) {
  Impl& m = *impl_;
  auto known = find_request(request);
  if (!known) return std::move(known).error();
  if (*known) return std::vector<Action>{};
  if (m.options.read_only) return m.read_only_error();
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
  if (auto s = m.remember(request, "advanced"); !s) return m.recover(std::move(s).error(), tx);
  if (auto s = m.maybe_checkpoint(); !s) return m.recover(std::move(s).error(), tx);
  if (auto s = tx.commit(); !s) return m.recover(std::move(s).error(), tx);
  return released;
}

Result<void> Store::ack(std::string_view key, std::string_view request) {
  Impl& m = *impl_;
  auto known = find_request(request);
  if (!known) return std::move(known).error();
  if (*known) return {};
  if (m.options.read_only) return m.read_only_error();
  Transaction tx(*m.db);
  if (auto s = tx.begin(); !s) return s;
  if (auto s = m.ack_one(key); !s) return s;
  if (auto s = m.remember(request, "acked"); !s) return s;
  return tx.commit();
}

Status Store::Impl::ack_one(std::string_view key) {
  ack_outbox.bind(1, key);
  int rc = ack_outbox.step();
  ack_outbox.reset();
  if (rc != SQLITE_DONE) return db->error("acknowledging", rc);
  if (sqlite3_changes(db->get()) == 0) {
    find_outbox.bind(1, key);
    rc = find_outbox.step();
    find_outbox.reset();
    if (rc == SQLITE_DONE) {
      return make_error(ErrorCode::kNotFound,
                        "no released action has the key '" + std::string(key) + "'");
    }
    if (rc != SQLITE_ROW) return db->error("acknowledging", rc);
  }
  return {};
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
  auto known = find_request(request);
  if (!known) return std::move(known).error();
  if (*known) return {};
  if (m.options.read_only) return m.read_only_error();
  Transaction tx(*m.db);
  if (auto s = tx.begin(); !s) return s;
  if (auto s = m.engine.restore(snapshot); !s) return s;
  auto seq = m.append("restore", {}, {}, {}, 0);
  if (!seq) return m.recover(std::move(seq).error(), tx);
  if (auto s = m.remember(request, "restored"); !s) return m.recover(std::move(s).error(), tx);
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
