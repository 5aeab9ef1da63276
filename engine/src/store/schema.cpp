#include "store/schema.hpp"

#include <string>

#include "nudge/store.hpp"

namespace nudge::detail {

const char* const kStoreSchemaV1 = R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE journal(
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  kind TEXT NOT NULL,                    -- open | apply | advance | restore
  application TEXT NOT NULL DEFAULT '',
  text TEXT NOT NULL DEFAULT '',         -- open: application TOML; apply: event type
  source TEXT NOT NULL DEFAULT '',       -- open: source name; apply: recipient
  at INTEGER NOT NULL DEFAULT 0);        -- apply: event time; advance: now (UTC seconds)
CREATE TABLE checkpoint(
  id INTEGER PRIMARY KEY CHECK (id = 1),
  seq INTEGER NOT NULL,                  -- the last journal entry the snapshot includes
  snapshot TEXT NOT NULL);               -- Engine::snapshot()
CREATE TABLE outbox(
  key TEXT PRIMARY KEY,                  -- the action's idempotency key
  seq INTEGER NOT NULL,                  -- the advance that released it
  application TEXT NOT NULL, rule TEXT NOT NULL, action TEXT NOT NULL,
  recipient TEXT NOT NULL, zone TEXT NOT NULL, channel TEXT NOT NULL,
  at INTEGER NOT NULL, deadline INTEGER NOT NULL,
  draft TEXT NOT NULL, draft_error TEXT NOT NULL, optional INTEGER NOT NULL,
  acked INTEGER NOT NULL DEFAULT 0);
CREATE INDEX outbox_unacked ON outbox(acked, seq);
)sql";

namespace {

// v2: remembered request ids, so that a replayed request has no second effect.
const char* const kMigrateV1ToV2 = R"sql(
CREATE TABLE requests(
  id TEXT PRIMARY KEY,
  seq INTEGER NOT NULL,                  -- journal position when it was answered
  outcome TEXT NOT NULL);
CREATE INDEX requests_seq ON requests(seq);
UPDATE meta SET value = '2' WHERE key = 'schema_version';
)sql";

// v3: the journal may hold `decision_date` and `erase` entries, which a nudge of v2 cannot
// replay; the number tells it to refuse the store ("use a newer nudge") instead. No DDL.
const char* const kMigrateV2ToV3 = R"sql(
UPDATE meta SET value = '3' WHERE key = 'schema_version';
)sql";

}  // namespace

Result<StoreFileState> inspect_store_file(SqliteDb& db) {
  // A file that cannot be read or written (permissions, a read-only directory where SQLite
  // needs its -wal and -shm files) is not a file of the wrong kind: say which it is.
  auto failure = [&db](ErrorCode code) {
    const int primary = sqlite3_extended_errcode(db.get()) & 0xFF;
    if (primary == SQLITE_READONLY || primary == SQLITE_CANTOPEN || primary == SQLITE_PERM ||
        primary == SQLITE_IOERR) {
      return make_error(ErrorCode::kIo,
                        db.path() + ": cannot use the store: " + sqlite3_errmsg(db.get()) +
                            "; nudge needs to write the file and its directory (SQLite keeps "
                            "-wal and -shm files beside it): check the permissions");
    }
    return make_error(code, db.path() + ": not a nudge store: " + sqlite3_errmsg(db.get()));
  };
  auto id = db.prepare("PRAGMA application_id");
  if (!id) return failure(id.error().code);
  if (const int rc = id->step(); rc != SQLITE_ROW) return failure(ErrorCode::kCorrupt);
  const auto application_id = static_cast<std::int32_t>(id->int64(0));
  auto tables = db.prepare("SELECT count(*) FROM sqlite_master");
  if (!tables || tables->step() != SQLITE_ROW) {
    return make_error(ErrorCode::kCorrupt,
                      db.path() + ": not a nudge store: " + sqlite3_errmsg(db.get()));
  }
  const std::int64_t objects = tables->int64(0);
  StoreFileState state;
  if (application_id == 0 && objects == 0) {
    state.fresh = true;
    return state;
  }
  if (application_id != kStoreApplicationId) {
    return make_error(ErrorCode::kCorrupt,
                      db.path() +
                          ": not a nudge store (an SQLite database of another program: "
                          "application_id " +
                          std::to_string(application_id) + ")");
  }
  auto version = db.prepare("SELECT value FROM meta WHERE key = 'schema_version'");
  if (!version || version->step() != SQLITE_ROW) {
    return make_error(ErrorCode::kCorrupt,
                      db.path() + ": damaged nudge store: no schema_version in the meta table");
  }
  const std::string text(version->text(0));
  try {
    state.version = std::stoi(text);
  } catch (...) {
    state.version = 0;
  }
  if (state.version < 1) {
    return make_error(ErrorCode::kCorrupt,
                      db.path() + ": damaged nudge store: schema_version '" + text + "'");
  }
  if (state.version > kStoreSchemaVersion) {
    return make_error(ErrorCode::kMismatch,
                      db.path() + ": the store has schema version " +
                          std::to_string(state.version) + ", newer than this nudge reads (" +
                          std::to_string(kStoreSchemaVersion) + "); use a newer nudge");
  }
  return state;
}

Status create_store_schema(SqliteDb& db, std::uint64_t policy_hash, std::int64_t start) {
  if (auto s = db.exec(kStoreSchemaV1); !s) return s;
  const std::string meta =
      "PRAGMA application_id = " + std::to_string(kStoreApplicationId) +
      ";\nINSERT INTO meta VALUES ('schema_version', '1'), ('format', 'nudge-store'), "
      "('policy_hash', '" +
      std::to_string(policy_hash) + "'), ('start', '" + std::to_string(start) + "');";
  if (auto s = db.exec(meta.c_str()); !s) return s;
  for (int v = 1; v < kStoreSchemaVersion; ++v) {
    if (auto s = migrate_store_schema(db, v); !s) return s;
  }
  return {};
}

Status migrate_store_schema(SqliteDb& db, int from) {
  switch (from) {
    case 1:
      return db.exec(kMigrateV1ToV2);
    case 2:
      return db.exec(kMigrateV2ToV3);
    default:
      return make_error(ErrorCode::kMismatch,
                        db.path() + ": no migration from schema version " + std::to_string(from));
  }
}

}  // namespace nudge::detail
