// Store::Impl: the journal under every Store call. Prepared statements, appending an accepted
// input, remembering a request id, checkpoints, and rebuilding the engine from the checkpoint
// and the journal (on open, and after a failed write).
#include <algorithm>
#include <cstdio>
#include <string>
#include <utility>

#include "nudge/store.hpp"
#include "store/store_impl.hpp"

namespace nudge {

using namespace detail;  // NOLINT(google-build-using-namespace): private implementation file

std::string RequestPrint::tag(std::string_view outcome) const {
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h_));
  std::string out(outcome);
  out += '#';
  out += hex;
  return out;
}

Result<std::string_view> detail::replayed_outcome(std::string_view request, std::string_view record,
                                                  const RequestPrint& print) {
  const std::size_t hash = record.rfind('#');
  if (hash == std::string_view::npos) return record;  // remembered before prints were kept
  const std::string_view outcome = record.substr(0, hash);
  if (print.tag(outcome) != record) {
    return make_error(ErrorCode::kDuplicate,
                      "request id " + std::string(request) +
                          " was already used for another request (outcome '" +
                          std::string(outcome) + "'); give each request an id of its own");
  }
  return outcome;
}

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
      {&delete_outbox, kDeleteOutboxSql},
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
  } else if (kind == "decision_date") {
    std::optional<LocalDate> date;
    if (!text.empty()) {
      auto d = parse_date(text);
      if (!d) {
        s = std::move(d).error();
      } else {
        date = *d;
      }
    }
    if (s) s = e.set_decision_date(application, date);
  } else if (kind == "erase") {
    // Written and checkpointed in one transaction, so not normally replayed; an application
    // whose open was trimmed with it is erased already.
    if (auto r = e.erase(application); !r && r.error().code != ErrorCode::kNotFound) s = r;
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

Result<std::optional<std::string>> Store::Impl::remembered(std::string_view request) {
  if (request.empty()) return std::optional<std::string>{};
  find_request.bind(1, request);
  const int rc = find_request.step();
  std::optional<std::string> out;
  if (rc == SQLITE_ROW) out = std::string(find_request.text(0));
  find_request.reset();
  if (rc != SQLITE_ROW && rc != SQLITE_DONE) return db->error("reading requests", rc);
  return out;
}

Result<std::optional<std::string>> Store::Impl::answered_before(std::string_view request,
                                                                const RequestPrint& print) {
  auto known = remembered(request);
  if (!known) return std::move(known).error();
  if (*known) {
    auto outcome = replayed_outcome(request, **known, print);
    if (!outcome) return std::move(outcome).error();
    return std::optional<std::string>(std::string(*outcome));
  }
  if (options.read_only) return read_only_error();
  return std::optional<std::string>{};
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

}  // namespace nudge
