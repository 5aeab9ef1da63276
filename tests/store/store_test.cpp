// The durable store: restart continues with the same deadlines, the outbox delivers until
// acked, replayed requests have no second effect, and bad files, newer schemas, read-only
// and full databases are refused with nothing half-written.
#include "nudge/store.hpp"

#include <sqlite3.h>

#include <algorithm>

#include "nudge/engine.hpp"
#include "store/schema.hpp"
#include "store/store_helpers.hpp"

namespace nudge::test {
namespace {

namespace fs = std::filesystem;

std::vector<std::string> keys(const std::vector<Action>& actions) {
  std::vector<std::string> out;
  for (const Action& a : actions) out.push_back(a.key);
  return out;
}

void sql(const fs::path& db, const char* statement) {
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  char* err = nullptr;
  const int rc = sqlite3_exec(h, statement, nullptr, nullptr, &err);
  const std::string message = err ? err : "";
  sqlite3_free(err);
  sqlite3_close(h);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

// Opens the panel application, reports Ana's thank-you and advances a week.
void run_panel(Store& store) {
  ASSERT_TRUE(store.open_application(panel_toml("app-1"), "app-1.toml").ok());
  auto r = store.apply("app-1", Event{"thank_you_sent", utc("2026-11-23T21:00:00Z"), "Ana Ruiz"});
  ASSERT_TRUE(r.ok()) << r.error().message;
  auto due = store.advance(utc("2026-11-30T12:00:00Z"));
  ASSERT_TRUE(due.ok()) << due.error().message;
  ASSERT_FALSE(due->empty());
}

TEST(Store, RestartContinuesWithTheSameStateAndDeadlines) {
  const fs::path db = fresh_dir("store-restart") / "nudge.db";
  std::string snapshot;
  std::vector<Action> plan, unacked;
  {
    Store store = open_store(db);
    run_panel(store);
    snapshot = store.engine().snapshot();
    plan = *store.engine().plan("app-1");
    unacked = *store.unacked();
    EXPECT_EQ(store.info().schema_version, kStoreSchemaVersion);
  }
  Store again = open_store(db);
  EXPECT_EQ(again.engine().snapshot(), snapshot);
  auto plan2 = *again.engine().plan("app-1");
  ASSERT_EQ(plan2.size(), plan.size());
  for (std::size_t i = 0; i < plan.size(); ++i) {
    EXPECT_EQ(plan2[i].key, plan[i].key);
    EXPECT_EQ(plan2[i].at, plan[i].at);
    EXPECT_EQ(plan2[i].deadline, plan[i].deadline);
  }
  EXPECT_EQ(keys(*again.unacked()), keys(unacked));
}

TEST(Store, AnAckedActionIsNeverDeliveredAgainAndUnackedOnesStay) {
  const fs::path db = fresh_dir("store-ack") / "nudge.db";
  std::vector<std::string> before;
  {
    Store store = open_store(db);
    run_panel(store);
    before = keys(*store.unacked());
    ASSERT_GE(before.size(), 2u);
    ASSERT_TRUE(store.ack(before[0]).ok());
    ASSERT_TRUE(store.ack(before[0]).ok()) << "a second ack of the same key is accepted";
  }
  Store again = open_store(db);
  const std::vector<std::string> after = keys(*again.unacked());
  EXPECT_EQ(after, std::vector<std::string>(before.begin() + 1, before.end()));
  // Advancing further never releases the acked key again.
  auto more = again.advance(utc("2027-03-01T00:00:00Z"));
  ASSERT_TRUE(more.ok());
  for (const Action& a : *more) EXPECT_NE(a.key, before[0]);
  const auto pending = again.unacked();
  ASSERT_TRUE(pending.ok());
  for (const Action& a : *pending) EXPECT_NE(a.key, before[0]);
}

TEST(Store, AckOfAnUnknownKeyIsAnErrorAndChangesNothing) {
  const fs::path db = fresh_dir("store-ack-unknown") / "nudge.db";
  Store store = open_store(db);
  run_panel(store);
  const auto before = keys(*store.unacked());
  auto r = store.ack("app-1/R99/none/Ana Ruiz/2026-11-23T16:30:00Z/1");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(r.error().message,
            "no released action has the key 'app-1/R99/none/Ana Ruiz/2026-11-23T16:30:00Z/1'");
  EXPECT_EQ(keys(*store.unacked()), before);
}

TEST(Store, ReplayedRequestsHaveNoSecondEffect) {
  const fs::path db = fresh_dir("store-replay") / "nudge.db";
  Store store = open_store(db);
  ASSERT_TRUE(store.open_application(panel_toml("app-1"), "a.toml", "r1").ok());
  ASSERT_TRUE(store.open_application(panel_toml("app-1"), "a.toml", "r1").ok())
      << "the same request id answers as the first time";
  const Event thanks{"thank_you_sent", utc("2026-11-23T21:00:00Z"), "Ana Ruiz"};
  EXPECT_EQ(*store.apply("app-1", thanks, "r2"), ApplyOutcome::kApplied);
  EXPECT_EQ(*store.apply("app-1", thanks, "r2"), ApplyOutcome::kApplied);
  EXPECT_EQ(*store.apply("app-1", thanks, "r3"), ApplyOutcome::kDuplicate) << "same content";
  ASSERT_TRUE(store.advance(utc("2026-12-01T00:00:00Z"), "r4").ok());
  const std::string snapshot = store.engine().snapshot();
  const auto journal = store.info().journal_position;
  ASSERT_TRUE(store.advance(utc("2026-12-01T00:00:00Z"), "r4").ok());
  // The same id for another request: refused, not taken for a replay (a client numbering its
  // requests from 1 again after a restart would lose everything it sent).
  auto reused = store.advance(utc("2026-11-30T00:00:00Z"), "r4");
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(reused.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(reused.error().message,
            "request id r4 was already used for another request (outcome 'advanced'); give "
            "each request an id of its own");
  const Event other{"thank_you_sent", utc("2026-11-23T22:00:00Z"), "Ana Ruiz"};
  auto reused_apply = store.apply("app-1", other, "r2");
  ASSERT_FALSE(reused_apply.ok());
  EXPECT_EQ(reused_apply.error().message,
            "request id r2 was already used for another request (outcome 'applied'); give "
            "each request an id of its own");
  auto reused_open = store.open_application(panel_toml("app-2"), "b.toml", "r1");
  ASSERT_FALSE(reused_open.ok());
  EXPECT_EQ(reused_open.error().code, ErrorCode::kDuplicate);
  EXPECT_FALSE(store.engine().status("app-2").ok()) << "nothing opened";
  auto reused_ack = store.ack("no/such/key", "r3");
  ASSERT_FALSE(reused_ack.ok());
  EXPECT_EQ(reused_ack.error().message,
            "request id r3 was already used for another request (outcome 'duplicate'); give "
            "each request an id of its own");
  EXPECT_EQ(store.engine().snapshot(), snapshot);
  EXPECT_EQ(store.info().journal_position, journal);
  EXPECT_EQ(store.engine().stats().events_applied, 1u);
  EXPECT_EQ((*store.find_request("r3"))->outcome, "duplicate");
}

TEST(Store, CheckpointsAndTheJournalTailRestoreTheSameEngine) {
  const fs::path db = fresh_dir("store-checkpoint") / "nudge.db";
  StoreOptions options;
  options.checkpoint_every = 4;  // 15 entries: a checkpoint at 12, a tail of 3
  Engine reference(default_stack());
  std::string snapshot;
  {
    Store store = open_store(db, options);
    for (int i = 0; i < 5; ++i) {
      const std::string id = "app-" + std::to_string(i);
      ASSERT_TRUE(store.open_application(panel_toml(id), id + ".toml").ok());
      const Event e{"thank_you_sent", utc("2026-11-23T21:00:00Z"), "Ana Ruiz"};
      ASSERT_TRUE(store.apply(id, e).ok());
      ASSERT_TRUE(store.advance(utc("2026-11-24T00:00:00Z") + std::chrono::hours(i)).ok());
    }
    EXPECT_GT(store.info().checkpoint_position, 0);
    EXPECT_LT(store.info().checkpoint_position, store.info().journal_position);
    snapshot = store.engine().snapshot();
  }
  Store again = open_store(db, options);
  EXPECT_EQ(again.engine().snapshot(), snapshot);
}

TEST(Store, RefusesAFileThatIsNotANudgeStoreNamingIt) {
  const fs::path dir = fresh_dir("store-foreign");
  const fs::path garbage = dir / "garbage.db";
  std::ofstream(garbage) << std::string(8192, 'x');
  auto r = Store::open(garbage.string(), default_stack());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(r.error().message, garbage.string() + ": not a nudge store: file is not a database");

  const fs::path foreign = dir / "foreign.db";
  sql(foreign, "CREATE TABLE customers(id INTEGER PRIMARY KEY, name TEXT)");
  auto f = Store::open(foreign.string(), default_stack());
  ASSERT_FALSE(f.ok());
  EXPECT_EQ(f.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(f.error().message, foreign.string() +
                                   ": not a nudge store (an SQLite database of another program: "
                                   "application_id 0)");
}

TEST(Store, OneWriterAtATimeReadersAlongside) {
  // Two writers on one journal would each replay the other's entries on the next open and fail
  // there ("application 'app-1' is already open"): the second one is refused at open.
  const fs::path db = fresh_dir("store-one-writer") / "nudge.db";
  Store first = open_store(db);
  auto second = Store::open(db.string(), default_stack());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kIo);
  EXPECT_EQ(second.error().message,
            db.string() +
                ": the store is open in another process (or another Store of this one); one "
                "writer at a time: stop the other one (another `nudge serve --db` on this "
                "file?) or open this store read-only");
  ASSERT_TRUE(first.open_application(panel_toml("app-1"), "a.toml").ok());
  StoreOptions ro;
  ro.read_only = true;
  auto reader = Store::open(db.string(), default_stack(), ro);
  ASSERT_TRUE(reader.ok()) << reader.error().message;
  EXPECT_EQ(reader->engine().stats().applications, 1u);
}

TEST(Store, AnAdvancePastTheSupportedRangeIsRefusedAndChangesNothing) {
  // A JavaScript Date.now() (milliseconds) sent as seconds: year ~58,870.
  const fs::path db = fresh_dir("store-far-advance") / "nudge.db";
  Store store = open_store(db);
  ASSERT_TRUE(store.open_application(panel_toml("app-1"), "a.toml").ok());
  const std::string snapshot = store.engine().snapshot();
  const auto journal = store.info().journal_position;
  auto r = store.advance(Instant{std::chrono::seconds{1795600000000}}, "far");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message,
            "cannot advance to 1795600000000 seconds after 1970-01-01T00:00:00Z: past "
            "8999-12-31, the latest time nudge supports; was the clock given in milliseconds?");
  EXPECT_EQ(store.engine().snapshot(), snapshot);
  EXPECT_EQ(store.info().journal_position, journal);
  EXPECT_FALSE(store.find_request("far")->has_value()) << "a refused request is not remembered";
  EXPECT_TRUE(store.advance(utc("2026-12-01T00:00:00Z"), "far").ok());
}

TEST(Store, RefusesANewerSchemaWithBothVersions) {
  const fs::path db = fresh_dir("store-newer") / "nudge.db";
  { Store store = open_store(db); }
  sql(db, "UPDATE meta SET value = '7' WHERE key = 'schema_version'");
  auto r = Store::open(db.string(), default_stack());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kMismatch);
  EXPECT_EQ(r.error().message, db.string() +
                                   ": the store has schema version 7, newer than this nudge "
                                   "reads (3); use a newer nudge");
}

TEST(Store, RefusesAStoreWrittenUnderAnotherPolicyStack) {
  const fs::path db = fresh_dir("store-policy") / "nudge.db";
  { Store store = open_store(db); }
  StackOptions o;
  o.policy = std::string(NUDGE_SOURCE_DIR) + "/policies/default.toml";
  o.industry = "government";  // every application forced into one industry: another stack
  o.use_plugin_path_environment = false;
  auto other = PolicyStack::load(o);
  ASSERT_TRUE(other.ok()) << other.error().message;
  auto r = Store::open(db.string(), *other);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kMismatch);
  EXPECT_NE(r.error().message.find(db.string() + ": the store was written under policy stack "),
            std::string::npos)
      << r.error().message;
}

// A v1 database as the first release wrote it (no `requests` table): opening migrates it to
// v3 (v2 adds the table, v3 only its number) and keeps its journal.
TEST(Store, MigratesAVersion1Store) {
  const fs::path dir = fresh_dir("store-v1");
  const fs::path db = dir / "v1.db";
  const std::string hash = std::to_string(default_stack().content_hash());
  sql(db, (std::string(detail::kStoreSchemaV1) +
           "PRAGMA application_id = " + std::to_string(detail::kStoreApplicationId) +
           ";"
           "INSERT INTO meta VALUES ('schema_version', '1'), ('format', 'nudge-store'), "
           "('policy_hash', '" +
           hash +
           "'), ('start', '0');"
           "INSERT INTO journal(kind, application, text, source, at) VALUES ('open', 'app-1', '" +
           panel_toml("app-1") + "', 'app-1.toml', 0);")
              .c_str());
  fs::copy_file(db, dir / "v1-copy.db");
  auto up = upgrade_store_schema((dir / "v1-copy.db").string(), 1);
  ASSERT_TRUE(up.ok()) << up.error().message;
  EXPECT_EQ(*up, 2);
  auto twice = upgrade_store_schema((dir / "v1-copy.db").string(), 1);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().message,
            (dir / "v1-copy.db").string() + ": the store has schema version 2, not 1");

  // Read-only, v1 needs the upgrade first (v2 adds a table); a v2 store reads as it is (v3
  // adds no table), so a reader need not wait for the writer.
  StoreOptions ro;
  ro.read_only = true;
  auto v1_ro = Store::open(db.string(), default_stack(), ro);
  ASSERT_FALSE(v1_ro.ok());
  EXPECT_EQ(v1_ro.error().message, db.string() +
                                       ": the store has schema version 1 and needs an upgrade "
                                       "to 3, which a read-only store cannot do");
  {
    auto v2_ro = Store::open((dir / "v1-copy.db").string(), default_stack(), ro);
    ASSERT_TRUE(v2_ro.ok()) << v2_ro.error().message;
    EXPECT_EQ(v2_ro->info().schema_version, 2);
    EXPECT_EQ(v2_ro->engine().status("app-1")->stage, "interviewed");
  }

  Store store = open_store(db);
  EXPECT_EQ(store.info().schema_version, 3);
  EXPECT_EQ(store.engine().status("app-1")->stage, "interviewed");
  const Event e{"thank_you_sent", utc("2026-11-23T21:00:00Z"), "Ana Ruiz"};
  EXPECT_EQ(*store.apply("app-1", e, "req-1"), ApplyOutcome::kApplied);
  EXPECT_EQ((*store.find_request("req-1"))->outcome, "applied");
}

TEST(Store, ReadOnlyRefusesWritesAndChangesNothing) {
  const fs::path db = fresh_dir("store-readonly") / "nudge.db";
  {
    Store store = open_store(db);
    run_panel(store);
  }
  StoreOptions ro;
  ro.read_only = true;
  Store store = open_store(db, ro);
  const std::string snapshot = store.engine().snapshot();
  const auto unacked = keys(*store.unacked());
  auto r = store.apply("app-1", Event{"reply_received", utc("2026-12-01T10:00:00Z"), ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_EQ(r.error().message, db.string() + ": the store is open read-only");
  EXPECT_FALSE(store.advance(utc("2027-01-01T00:00:00Z")).ok());
  EXPECT_FALSE(store.ack(unacked[0]).ok());
  EXPECT_EQ(store.engine().snapshot(), snapshot);
  EXPECT_EQ(keys(*store.unacked()), unacked);
  Store again = open_store(db);
  EXPECT_EQ(again.engine().snapshot(), snapshot);
}

// A full disk, simulated by PRAGMA max_page_count: the write that does not fit fails with
// kIo, nothing of it is written, and the engine in memory is the one the database holds.
TEST(Store, AFullDiskFailsTheWriteAndLeavesNothingHalfWritten) {
  const fs::path db = fresh_dir("store-full") / "nudge.db";
  StoreOptions options;
  options.max_page_count = 40;
  options.checkpoint_every = 1000000;
  std::string snapshot;
  {  // closed before the restart: one writer at a time
    Store store = open_store(db, options);
    Error failure;
    int opened = 0;
    for (int i = 0; i < 1000 && failure.code == ErrorCode::kOk; ++i) {
      const std::string id = "app-" + std::to_string(i);
      auto r = store.open_application(panel_toml(id), id + ".toml");
      if (!r.ok()) {
        failure = r.error();
        break;
      }
      ++opened;
    }
    ASSERT_EQ(failure.code, ErrorCode::kIo) << failure.message;
    EXPECT_NE(failure.message.find("database or disk is full"), std::string::npos)
        << failure.message;
    EXPECT_GT(opened, 0);
    EXPECT_EQ(store.engine().stats().applications, static_cast<std::size_t>(opened));
    snapshot = store.engine().snapshot();
    // An erasure writes a checkpoint, which does not fit either: refused as a whole, the
    // application still there in the engine and in the file.
    auto erased = store.erase("app-0");
    ASSERT_FALSE(erased.ok());
    EXPECT_EQ(erased.error().code, ErrorCode::kIo) << erased.error().message;
    EXPECT_TRUE(store.engine().plan("app-0").ok());
    EXPECT_EQ(store.engine().snapshot(), snapshot);
  }
  options.max_page_count = 0;
  Store again = open_store(db, options);
  EXPECT_EQ(again.engine().snapshot(), snapshot);
  EXPECT_TRUE(again.open_application(panel_toml("late"), "late.toml").ok());
}

TEST(Store, RestoreReplacesTheStateAndSurvivesARestart) {
  const fs::path dir = fresh_dir("store-restore");
  std::string snapshot;
  {
    Store a = open_store(dir / "a.db");
    run_panel(a);
    snapshot = a.engine().snapshot();
  }
  {
    Store b = open_store(dir / "b.db");
    ASSERT_TRUE(b.restore(snapshot).ok());
    auto bad = b.restore("nudge-snapshot 2\ngarbage");
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(b.engine().snapshot(), snapshot);
  }
  Store b = open_store(dir / "b.db");
  EXPECT_EQ(b.engine().snapshot(), snapshot);
}

// R4: a decision date stated after the open is journaled: a restart plans from it, a replayed
// request changes nothing, a refused date is not journaled.
TEST(Store, ADecisionDateStatedLaterSurvivesARestart) {
  const fs::path db = fresh_dir("store-decision-date") / "nudge.db";
  auto r4 = [](const Store& store) {
    const auto plan = store.engine().plan("app-1");
    if (!plan) return plan.error().message;
    const std::vector<Action>& actions = *plan;
    for (const Action& a : actions) {
      if (a.rule == "R4") return format_rfc3339(a.at, a.zone);
    }
    return std::string("none");
  };
  const LocalDate friday = *parse_date("2026-12-04");
  {
    Store store = open_store(db);
    ASSERT_TRUE(store.open_application(panel_toml("app-1"), "app-1.toml").ok());
    EXPECT_EQ(r4(store), "2026-11-30T13:30:00-06:00");
    ASSERT_TRUE(store.set_decision_date("app-1", friday, "date-1").ok());
    EXPECT_EQ(r4(store), "2026-12-11T09:00:00-06:00");
    const std::int64_t journal = store.info().journal_position;
    EXPECT_TRUE(store.set_decision_date("app-1", friday, "date-1").ok());
    EXPECT_EQ(store.info().journal_position, journal) << "a replay journals nothing";
    auto early = store.set_decision_date("app-1", *parse_date("2026-11-01"));
    ASSERT_FALSE(early.ok());
    EXPECT_EQ(early.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(store.info().journal_position, journal) << "a refused date is not journaled";
    auto other = store.set_decision_date("app-1", std::nullopt, "date-1");
    ASSERT_FALSE(other.ok());
    EXPECT_EQ(other.error().code, ErrorCode::kDuplicate);
  }
  {
    Store store = open_store(db);
    EXPECT_EQ(r4(store), "2026-12-11T09:00:00-06:00");
    ASSERT_TRUE(store.set_decision_date("app-1", std::nullopt).ok());
  }
  Store store = open_store(db);
  EXPECT_EQ(r4(store), "2026-11-30T13:30:00-06:00");
}

}  // namespace
}  // namespace nudge::test
