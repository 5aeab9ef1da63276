#include "store/sqlite_db.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace nudge::detail {

Statement& Statement::operator=(Statement&& o) noexcept {
  if (this != &o) {
    sqlite3_finalize(stmt_);
    stmt_ = o.stmt_;
    o.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::bind(int index, std::int64_t value) { sqlite3_bind_int64(stmt_, index, value); }

void Statement::bind(int index, std::string_view text) {
  // SQLITE_TRANSIENT: SQLite copies the text, so the view need not outlive the call.
  // An empty view may have no data pointer, which SQLite would bind as NULL.
  const char* data = text.data() == nullptr ? "" : text.data();
  sqlite3_bind_text64(stmt_, index, data, text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
}

int Statement::step() { return sqlite3_step(stmt_); }

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::string_view Statement::text(int column) const {
  const auto* p = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
  if (p == nullptr) return {};
  return {p, static_cast<std::size_t>(sqlite3_column_bytes(stmt_, column))};
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Result<std::unique_ptr<SqliteDb>> SqliteDb::open(const std::string& path, bool read_only) {
  sqlite3* db = nullptr;
  const int flags =
      (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
      SQLITE_OPEN_NOMUTEX;
  const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message =
        path + ": cannot open the database: " + (db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
    sqlite3_close(db);
    return make_error(rc == SQLITE_CANTOPEN && read_only ? ErrorCode::kNotFound : ErrorCode::kIo,
                      std::move(message));
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  std::unique_ptr<SqliteDb> out(new SqliteDb(db, path));
  if (read_only || path.empty() || path == ":memory:") return out;
  // SQLite has created the file by now. One writer at a time: two engines appending to one
  // journal would each replay the other's entries on the next open, and fail there.
  out->lock_fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (out->lock_fd_ < 0) {
    return make_error(ErrorCode::kIo,
                      path + ": cannot open the database to lock it: " + std::strerror(errno));
  }
  if (::flock(out->lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const int e = errno;
    return make_error(ErrorCode::kIo,
                      e == EWOULDBLOCK
                          ? path +
                                ": the store is open in another process (or another Store "
                                "of this one); one writer at a time: stop the other one "
                                "(another `nudge serve --db` on this file?) or open this "
                                "store read-only"
                          : path + ": cannot lock the database: " + std::strerror(e));
  }
  return out;
}

SqliteDb::~SqliteDb() {
  sqlite3_close(db_);
  if (lock_fd_ >= 0) ::close(lock_fd_);  // after the connection: see lock_fd_
}

Status SqliteDb::exec(const char* sql) {
  const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) return error(sql, rc);
  return {};
}

Result<Statement> SqliteDb::prepare(std::string_view sql) {
  sqlite3_stmt* s = nullptr;
  const int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                    SQLITE_PREPARE_PERSISTENT, &s, nullptr);
  if (rc != SQLITE_OK) return error(sql, rc);
  return Statement(s);
}

Error SqliteDb::error(std::string_view what) const {
  return error(what, sqlite3_extended_errcode(db_));
}

Error SqliteDb::error(std::string_view what, int rc) const {
  const int primary = rc & 0xFF;
  const ErrorCode code =
      primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB ? ErrorCode::kCorrupt : ErrorCode::kIo;
  const char* message = sqlite3_errmsg(db_);
  if (message == nullptr || sqlite3_errcode(db_) == SQLITE_OK) message = sqlite3_errstr(rc);
  return make_error(code, path_ + ": " + std::string(what) + ": " + message);
}

Transaction::~Transaction() { rollback(); }

void Transaction::rollback() {
  if (open_) (void)db_.exec("ROLLBACK");
  open_ = false;
}

Status Transaction::begin() {
  if (auto s = db_.exec("BEGIN IMMEDIATE"); !s) return s;
  open_ = true;
  return {};
}

Status Transaction::commit() {
  if (auto s = db_.exec("COMMIT"); !s) return s;
  open_ = false;
  return {};
}

}  // namespace nudge::detail
