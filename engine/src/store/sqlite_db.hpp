#pragma once
// A thin RAII layer over the SQLite C API: one connection, prepared statements, errors as
// nudge::Error naming the database file. Private to the store.

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "nudge/result.hpp"

namespace nudge::detail {

/// One prepared statement; reset after every use by `Query`.
class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  Statement(Statement&& o) noexcept : stmt_(o.stmt_) { o.stmt_ = nullptr; }
  Statement& operator=(Statement&& o) noexcept;
  ~Statement();

  sqlite3_stmt* get() const { return stmt_; }
  void bind(int index, std::int64_t value);
  void bind(int index, std::string_view text);
  /// SQLITE_ROW, SQLITE_DONE or an error code.
  int step();
  std::int64_t int64(int column) const;
  std::string_view text(int column) const;
  void reset();

 private:
  friend class SqliteDb;
  explicit Statement(sqlite3_stmt* s) : stmt_(s) {}
  sqlite3_stmt* stmt_ = nullptr;
};

/// A connection to one database file.
class SqliteDb {
 public:
  /// Opens `path` (read-write and created if missing, or read-only). A read-write connection
  /// holds an exclusive advisory lock (flock) on the file until it closes: a second read-write
  /// open, in this process or another, is refused (kIo) instead of writing a journal that the
  /// first one's engine does not know. Read-only connections take no lock.
  static Result<std::unique_ptr<SqliteDb>> open(const std::string& path, bool read_only);
  ~SqliteDb();
  SqliteDb(const SqliteDb&) = delete;
  SqliteDb& operator=(const SqliteDb&) = delete;

  sqlite3* get() const { return db_; }
  const std::string& path() const { return path_; }
  Status exec(const char* sql);
  Result<Statement> prepare(std::string_view sql);
  /// An error for the last failure of this connection: `<file>: <what>: <sqlite message>`,
  /// kCorrupt for a damaged or foreign file, kIo for everything else (full, read-only, I/O).
  Error error(std::string_view what) const;
  /// The same for a result code `rc` of a call on this connection.
  Error error(std::string_view what, int rc) const;

 private:
  SqliteDb(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::string path_;
  // The descriptor holding the flock; closed only after the connection (closing any
  // descriptor of the file drops the process's POSIX locks, which SQLite's own are).
  int lock_fd_ = -1;
};

/// BEGIN IMMEDIATE ... COMMIT, rolled back when destroyed without a successful commit.
class Transaction {
 public:
  explicit Transaction(SqliteDb& db) : db_(db) {}
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  Status begin();
  Status commit();
  /// Ends the transaction without its writes (the destructor does it too).
  void rollback();

 private:
  SqliteDb& db_;
  bool open_ = false;
};

}  // namespace nudge::detail
