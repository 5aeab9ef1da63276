// Store::erase: an erased application leaves the engine and the files (journal, checkpoint,
// outbox, write-ahead log), survives a restart, replays as a request, and its id can be
// opened again.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <algorithm>
#include <string>
#include <vector>

#include "nudge/engine.hpp"
#include "nudge/store.hpp"
#include "store/store_helpers.hpp"
#include "store/store_impl.hpp"

namespace nudge::test {
namespace {

namespace fs = std::filesystem;

// The panel application with names found nowhere else in the store.
std::string private_toml(const std::string& id) {
  std::string toml = panel_toml(id);
  for (auto [from, to] : {std::pair<std::string, std::string>{"Ana Ruiz", "Zebulon Quist"},
                          {"Data Engineer", "Zeppelin Pilot"}}) {
    for (auto at = toml.find(from); at != std::string::npos; at = toml.find(from, at)) {
      toml.replace(at, from.size(), to);
    }
  }
  return toml;
}

std::vector<std::string> keys_of(const std::vector<Action>& actions, const std::string& app) {
  std::vector<std::string> out;
  for (const Action& a : actions) {
    if (a.application == app) out.push_back(a.key);
  }
  return out;
}

bool files_mention(const fs::path& db, const std::string& text) {
  for (const char* suffix : {"", "-wal", "-journal"}) {
    const fs::path p = db.string() + suffix;
    if (fs::exists(p) && read_file(p).find(text) != std::string::npos) return true;
  }
  return false;
}

TEST(StoreErase, TheApplicationLeavesTheEngineAndEveryFile) {
  const fs::path db = fresh_dir("store-erase") / "nudge.db";
  std::vector<Action> others_plan;
  std::vector<std::string> others_unacked;
  {
    Store store = open_store(db);
    ASSERT_TRUE(store.open_application(private_toml("app-1"), "app-1.toml").ok());
    ASSERT_TRUE(store.open_application(panel_toml("app-2"), "app-2.toml").ok());
    ASSERT_TRUE(
        store.apply("app-1", Event{"thank_you_sent", utc("2026-11-23T21:00:00Z"), "Zebulon Quist"})
            .ok());
    ASSERT_TRUE(store.checkpoint().ok());  // the snapshot holds app-1 now
    auto due = store.advance(utc("2026-11-30T12:00:00Z"));
    ASSERT_TRUE(due.ok()) << due.error().message;
    const auto mine = keys_of(*due, "app-1");
    ASSERT_GE(mine.size(), 2u);
    ASSERT_TRUE(store.ack(mine[0]).ok());
    ASSERT_TRUE(files_mention(db, "Zebulon Quist"));

    auto erased = store.erase("app-1", "erase-1");
    ASSERT_TRUE(erased.ok()) << erased.error().message;
    EXPECT_EQ(store.engine().plan("app-1").error().message,
              "no application 'app-1' is open in this engine");
    EXPECT_TRUE(keys_of(*store.unacked(), "app-1").empty());
    EXPECT_FALSE(keys_of(*store.unacked(), "app-2").empty());
    EXPECT_EQ(store.engine().stats().applications, 1u);
    // The acked key went with it: acking it now is an unknown key.
    EXPECT_EQ(store.ack(mine[0]).error().code, ErrorCode::kNotFound);
    for (const char* text : {"Zebulon Quist", "Zeppelin Pilot"}) {
      EXPECT_FALSE(files_mention(db, text)) << text << " is still in the files";
    }

    // The same request again is a replay; without an id it is an unknown application.
    EXPECT_TRUE(store.erase("app-1", "erase-1").ok());
    auto again = store.erase("app-1");
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kNotFound);
    auto reused = store.erase("app-2", "erase-1");
    ASSERT_FALSE(reused.ok());
    EXPECT_EQ(reused.error().code, ErrorCode::kDuplicate);
    others_plan = *store.engine().plan("app-2");
    others_unacked = keys_of(*store.unacked(), "app-2");
  }
  Store store = open_store(db);
  EXPECT_EQ(store.engine().plan("app-1").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(keys_of(*store.engine().plan("app-2"), "app-2"), keys_of(others_plan, "app-2"));
  EXPECT_EQ(keys_of(*store.unacked(), "app-2"), others_unacked);
  // The id is free: a new application under it, journaled after the erasure, survives a restart.
  ASSERT_TRUE(store.open_application(panel_toml("app-1"), "again.toml").ok());
  const std::string snapshot = store.engine().snapshot();
  Store reopened = [&store, &db]() {
    Store moved = std::move(store);
    { Store gone = std::move(moved); }
    return open_store(db);
  }();
  EXPECT_EQ(reopened.engine().snapshot(), snapshot);
  EXPECT_EQ(reopened.engine().status("app-1")->events, 0u);
}

TEST(StoreErase, ABatchErasesWhatItKnowsAndReportsTheRest) {
  const fs::path db = fresh_dir("store-erase-batch") / "nudge.db";
  Store store = open_store(db);
  for (const char* id : {"app-1", "app-2", "app-3"}) {
    ASSERT_TRUE(store.open_application(panel_toml(id), "a.toml").ok());
  }
  const std::string_view ids[] = {"app-3", "app-404", "app-1"};
  auto results = store.erase_batch(ids, "batch-1");
  ASSERT_TRUE(results.ok()) << results.error().message;
  ASSERT_EQ(results->size(), 3u);
  EXPECT_TRUE((*results)[0].ok());
  EXPECT_EQ((*results)[1].error().message, "no application 'app-404' is open in this engine");
  EXPECT_TRUE((*results)[2].ok());
  EXPECT_EQ(store.engine().stats().applications, 1u);
  EXPECT_TRUE(store.engine().plan("app-2").ok());
  // Replayed: the same results, nothing more erased.
  auto replay = store.erase_batch(ids, "batch-1");
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE((*replay)[0].ok());
  EXPECT_EQ((*replay)[1].error().code, ErrorCode::kNotFound);
  EXPECT_EQ((*replay)[1].error().message,
            "application 1 of request batch-1 was refused when the request was first carried "
            "out");
  EXPECT_EQ(store.engine().stats().applications, 1u);
}

TEST(StoreErase, ReadOnlyRefusesAndChangesNothing) {
  const fs::path db = fresh_dir("store-erase-ro") / "nudge.db";
  {
    Store store = open_store(db);
    ASSERT_TRUE(store.open_application(panel_toml("app-1"), "a.toml").ok());
  }
  StoreOptions ro;
  ro.read_only = true;
  Store store = open_store(db, ro);
  auto r = store.erase("app-1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_TRUE(store.engine().plan("app-1").ok());
}

// A checkpoint before the erasure trims the application's open from the journal; its bytes
// must be overwritten then too, whatever SQLite's default and even after an earlier erasure
// (which used to switch secure_delete off for the rest of the session: Debian's SQLite has it
// on by default).
TEST(StoreErase, NoCopyLeftByACheckpointBeforeTheErasure) {
  const fs::path db = fresh_dir("store-erase-old-pages") / "nudge.db";
  Store store = open_store(db);
  ASSERT_TRUE(store.open_application(panel_toml("app-0"), "app-0.toml").ok());
  ASSERT_TRUE(store.erase("app-0").ok());
  ASSERT_TRUE(store.open_application(private_toml("app-1"), "app-1.toml").ok());
  ASSERT_TRUE(store.checkpoint().ok());
  ASSERT_TRUE(store.erase("app-1").ok());
  for (const char* text : {"Zebulon Quist", "Zeppelin Pilot"}) {
    EXPECT_FALSE(files_mention(db, text)) << text << " is still in the files";
  }
}

// The outbox keeps every action ever released: an erasure finds the application's rows by
// the key's index (their keys begin with "ID/"), not by a scan of the table per id, and
// leaves the rows of ids it prefixes ("app-1/b", "app-10") alone.
TEST(StoreErase, OutboxRowsAreFoundByTheKeyIndex) {
  const fs::path db = fresh_dir("store-erase-outbox-index") / "nudge.db";
  {
    Store store = open_store(db);
    for (const char* id : {"app-1", "app-1/b", "app-10"}) {
      ASSERT_TRUE(store.open_application(panel_toml(id), "a.toml").ok());
    }
    ASSERT_TRUE(store.advance(utc("2026-12-31T00:00:00Z")).ok());
    const auto before = *store.unacked();
    ASSERT_TRUE(store.erase("app-1").ok());
    EXPECT_TRUE(keys_of(*store.unacked(), "app-1").empty());
    for (const char* id : {"app-1/b", "app-10"}) {
      EXPECT_FALSE(keys_of(before, id).empty()) << id;
      EXPECT_EQ(keys_of(*store.unacked(), id), keys_of(before, id)) << id;
    }
  }
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  sqlite3_stmt* plan = nullptr;
  const std::string sql = std::string("EXPLAIN QUERY PLAN ") + detail::kDeleteOutboxSql;
  ASSERT_EQ(sqlite3_prepare_v2(h, sql.c_str(), -1, &plan, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(plan), SQLITE_ROW);
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(sqlite3_column_text(plan, 3))),
            "SEARCH outbox USING INDEX sqlite_autoindex_outbox_1 (key>? AND key<?)");
  sqlite3_finalize(plan);
  sqlite3_close(h);
}

}  // namespace
}  // namespace nudge::test
