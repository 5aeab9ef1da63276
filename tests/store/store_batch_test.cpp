// Store::apply_batch: many events in one transaction. Each result is what `apply` would give,
// a restart holds exactly the applied ones, a failed write keeps none of the batch (engine and
// database as before), and a replayed request gives the same results and changes nothing.
#include <span>
#include <string>
#include <vector>

#include <sqlite3.h>

#include "nudge/engine.hpp"
#include "nudge/store.hpp"
#include "store/store_helpers.hpp"

namespace nudge::test {
namespace {

namespace fs = std::filesystem;

std::string describe(const Result<ApplyOutcome>& r) {
  if (!r) return std::string(error_code_name(r.error().code)) + ": " + r.error().message;
  return *r == ApplyOutcome::kApplied ? "applied" : "duplicate";
}

// Events for app-0..app-(n-1): thank-yous to both interviewers, then the reflection, at
// 2026-11-23T21:00:00Z plus a minute per application.
struct Batch {
  std::vector<std::string> ids;
  std::vector<ApplicationEvent> events;
};
Batch thank_yous(int apps) {
  Batch b;
  for (int i = 0; i < apps; ++i) b.ids.push_back("app-" + std::to_string(i));
  for (int i = 0; i < apps; ++i) {
    const Instant t = utc("2026-11-23T21:00:00Z") + std::chrono::minutes(i);
    const std::string& id = b.ids[static_cast<std::size_t>(i)];
    b.events.push_back({id, Event{"thank_you_sent", t, "Ana Ruiz"}});
    b.events.push_back({id, Event{"thank_you_sent", t, "Ben Keller"}});
    b.events.push_back({id, Event{"reflection_done", t, ""}});
  }
  return b;
}

TEST(StoreBatch, GivesWhatApplyGivesAndARestartHoldsTheAppliedEvents) {
  const fs::path db = fresh_dir("store-batch") / "nudge.db";
  Engine expected(default_stack());
  std::string snapshot;
  {
    Store store = open_store(db);
    for (int i = 0; i < 5; ++i) {
      const std::string id = "app-" + std::to_string(i);
      ASSERT_TRUE(store.open_application(panel_toml(id), id + ".toml").ok());
      ASSERT_TRUE(expected.open(*parse_application(panel_toml(id), id + ".toml")).ok());
    }
    Batch b = thank_yous(5);
    b.events.push_back(b.events[14]);  // app-4's last event again: duplicate
    b.events.push_back({"app-404", Event{"thank_you_sent", utc("2026-11-23T21:00:00Z"), ""}});
    b.events.push_back({"app-1", Event{"no_such_event", utc("2026-11-23T21:00:00Z"), ""}});
    const std::int64_t before = store.info().journal_position;
    auto results = store.apply_batch(b.events);
    ASSERT_TRUE(results.ok()) << results.error().message;
    ASSERT_EQ(results->size(), b.events.size());
    for (std::size_t i = 0; i < b.events.size(); ++i) {
      EXPECT_EQ(describe((*results)[i]),
                describe(expected.apply(b.events[i].application, b.events[i].event)))
          << "event " << i;
    }
    EXPECT_EQ(describe((*results)[15]), "duplicate");
    EXPECT_EQ(describe((*results)[16]),
              "not_found: no application 'app-404' is open in this engine");
    EXPECT_EQ((*results)[17].error().code, ErrorCode::kUnknownName);
    EXPECT_EQ(store.info().journal_position, before + 15);  // one entry per applied event
    EXPECT_EQ(store.engine().snapshot(), expected.snapshot());
    snapshot = store.engine().snapshot();
    auto empty = store.apply_batch({});
    ASSERT_TRUE(empty.ok());
    EXPECT_TRUE(empty->empty());
  }
  Store again = open_store(db);
  EXPECT_EQ(again.engine().snapshot(), snapshot);
}

// The disk fills up in the middle of a batch: the call fails with kIo, and neither the engine
// nor the database keeps any event of it, not even those journaled before the failing write.
TEST(StoreBatch, AFullDiskKeepsNoEventOfTheBatch) {
  const fs::path db = fresh_dir("store-batch-full") / "nudge.db";
  StoreOptions options;
  options.checkpoint_every = 1000000;
  int apps = 0;
  {
    Store store = open_store(db, options);
    for (; apps < 60; ++apps) {
      const std::string id = "app-" + std::to_string(apps);
      ASSERT_TRUE(store.open_application(panel_toml(id), id + ".toml").ok());
    }
  }
  // No room for another page: the first entries of the batch fit in the last page's free
  // space, the rest of its 180 do not.
  const auto pages = static_cast<std::uint32_t>(fs::file_size(db) / 4096);
  options.max_page_count = pages;
  std::string after;
  {  // closed before the restart: one writer at a time
    Store store = open_store(db, options);
    const std::string snapshot = store.engine().snapshot();
    const StoreInfo info = store.info();
    Batch b = thank_yous(apps);
    auto results = store.apply_batch(b.events);
    ASSERT_FALSE(results.ok());
    EXPECT_EQ(results.error().code, ErrorCode::kIo) << results.error().message;
    EXPECT_NE(results.error().message.find("database or disk is full"), std::string::npos)
        << results.error().message;
    EXPECT_EQ(store.engine().snapshot(), snapshot);
    EXPECT_EQ(store.info().journal_position, info.journal_position);
    // A batch that fits still goes through, and a restart holds exactly that one.
    auto small = store.apply_batch(std::span<const ApplicationEvent>(b.events).first(3));
    ASSERT_TRUE(small.ok()) << small.error().message;
    after = store.engine().snapshot();
    EXPECT_NE(after, snapshot);
  }
  options.max_page_count = 0;
  Store again = open_store(db, options);
  EXPECT_EQ(again.engine().snapshot(), after);
}

// A write that fails after the batch's events were journaled, in a way SQLite does not roll
// back by itself (a trigger refusing the request record; SQLITE_FULL, by contrast, rolls the
// transaction back on its own): the store rolls back before it reloads the engine, so the
// engine does not keep the journaled events the database dropped. The same holds for `apply`.
TEST(StoreBatch, AFailureAfterTheEventsKeepsNoneOfThem) {
  const fs::path db = fresh_dir("store-batch-trigger") / "nudge.db";
  {
    Store store = open_store(db);
    ASSERT_TRUE(store.open_application(panel_toml("app-0"), "app-0.toml").ok());
  }
  sqlite3* h = nullptr;
  ASSERT_EQ(sqlite3_open(db.c_str(), &h), SQLITE_OK);
  const int rc = sqlite3_exec(h,
                              "CREATE TRIGGER refuse BEFORE INSERT ON requests "
                              "BEGIN SELECT RAISE(ABORT, 'no more requests'); END",
                              nullptr, nullptr, nullptr);
  sqlite3_close(h);
  ASSERT_EQ(rc, SQLITE_OK);
  Store store = open_store(db);
  const std::string snapshot = store.engine().snapshot();
  const std::int64_t position = store.info().journal_position;
  Batch b = thank_yous(1);
  // A single apply: its journal entry is written, then the request record fails.
  auto one = store.apply(b.events[0].application, b.events[0].event, "req-0");
  ASSERT_FALSE(one.ok());
  EXPECT_EQ(store.engine().snapshot(), snapshot);
  EXPECT_EQ(store.info().journal_position, position);
  auto r = store.apply_batch(b.events, "req-1");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("no more requests"), std::string::npos) << r.error().message;
  EXPECT_EQ(store.engine().snapshot(), snapshot);
  EXPECT_EQ(store.info().journal_position, position);
  auto plain = store.apply_batch(b.events);  // no request id: no request record, goes through
  ASSERT_TRUE(plain.ok()) << plain.error().message;
  EXPECT_NE(store.engine().snapshot(), snapshot);
}

TEST(StoreBatch, AReplayedRequestGivesTheSameResultsAndChangesNothing) {
  const fs::path db = fresh_dir("store-batch-replay") / "nudge.db";
  Store store = open_store(db);
  ASSERT_TRUE(store.open_application(panel_toml("app-0"), "app-0.toml").ok());
  Batch b = thank_yous(1);
  b.events.push_back(b.events[1]);
  b.events.push_back({"app-404", Event{"thank_you_sent", utc("2026-11-23T21:00:00Z"), ""}});
  auto first = store.apply_batch(b.events, "req-7");
  ASSERT_TRUE(first.ok()) << first.error().message;
  const std::string snapshot = store.engine().snapshot();
  const std::int64_t position = store.info().journal_position;
  auto record = store.find_request("req-7");
  ASSERT_TRUE(record.ok() && record->has_value());
  EXPECT_EQ((*record)->outcome, "batch:aaadE");
  auto again = store.apply_batch(b.events, "req-7");
  ASSERT_TRUE(again.ok()) << again.error().message;
  ASSERT_EQ(again->size(), 5u);
  for (std::size_t i = 0; i < 4; ++i)
    EXPECT_EQ(describe((*again)[i]), describe((*first)[i])) << "event " << i;
  EXPECT_EQ(describe((*again)[4]),
            "not_found: event 4 of request req-7 was refused when the request was first "
            "carried out");
  EXPECT_EQ(store.engine().snapshot(), snapshot);
  EXPECT_EQ(store.info().journal_position, position);
  // The id of a batch of another size (or of another kind of request): refused, no change.
  auto other = store.apply_batch(std::span<const ApplicationEvent>(b.events).first(2), "req-7");
  ASSERT_FALSE(other.ok());
  EXPECT_EQ(other.error().code, ErrorCode::kDuplicate);
  EXPECT_EQ(other.error().message,
            "request id req-7 was already used for another request (outcome 'batch:aaadE'); "
            "give each request an id of its own");
  EXPECT_EQ(store.info().journal_position, position);
}

// Automatic checkpoints (checkpoint_every = 0): every max(1000, open applications) journal
// entries, so that a checkpoint, which writes every application, costs O(1) per entry.
TEST(StoreBatch, AutomaticCheckpointsFollowTheNumberOfApplications) {
  const fs::path db = fresh_dir("store-auto-checkpoint") / "nudge.db";
  StoreOptions options;
  options.synchronous = Synchronous::kOff;
  Store store = open_store(db, options);
  for (int i = 0; i < 1200; ++i) {
    const std::string id = "app-" + std::to_string(i);
    ASSERT_TRUE(store.open_application(panel_toml(id), id + ".toml").ok());
  }
  EXPECT_EQ(store.info().journal_position, 1200);
  EXPECT_EQ(store.info().checkpoint_position, 1000);  // entry 1000: 1000 applications open
  Batch b = thank_yous(400);                          // 1200 events, all applied
  auto first = store.apply_batch(std::span<const ApplicationEvent>(b.events).first(999));
  ASSERT_TRUE(first.ok()) << first.error().message;
  EXPECT_EQ(store.info().journal_position, 2199);
  EXPECT_EQ(store.info().checkpoint_position, 1000);  // 1199 entries since, 1200 applications
  auto next = store.apply_batch(std::span<const ApplicationEvent>(b.events).subspan(999, 1));
  ASSERT_TRUE(next.ok()) << next.error().message;
  EXPECT_EQ(store.info().checkpoint_position, 2200);
}

TEST(StoreBatch, AcksInOneTransactionUnknownKeysRefusedAlone) {
  const fs::path db = fresh_dir("store-ack-batch") / "nudge.db";
  std::vector<std::string> keys;
  {
    Store store = open_store(db);
    ASSERT_TRUE(store.open_application(panel_toml("app-0"), "app-0.toml").ok());
    auto due = store.advance(utc("2026-11-30T12:00:00Z"));
    ASSERT_TRUE(due.ok()) << due.error().message;
    ASSERT_GE(due->size(), 3u);
    for (const Action& a : *due) keys.push_back(a.key);
    const std::vector<std::string_view> acks = {keys[0], "no/such/key", keys[1], keys[0]};
    auto r = store.ack_batch(acks, "acks-1");
    ASSERT_TRUE(r.ok()) << r.error().message;
    ASSERT_EQ(r->size(), 4u);
    EXPECT_TRUE((*r)[0].ok());
    EXPECT_EQ((*r)[1].error().code, ErrorCode::kNotFound);
    EXPECT_EQ((*r)[1].error().message, "no released action has the key 'no/such/key'");
    EXPECT_TRUE((*r)[2].ok());
    EXPECT_TRUE((*r)[3].ok());  // acked twice in one batch: accepted, no change
    auto replay = store.ack_batch(acks, "acks-1");
    ASSERT_TRUE(replay.ok()) << replay.error().message;
    EXPECT_TRUE((*replay)[0].ok());
    EXPECT_EQ((*replay)[1].error().message,
              "key 1 of request acks-1 was refused when the request was first carried out");
    EXPECT_EQ((*store.find_request("acks-1"))->outcome, "acks:aEaa");
  }
  Store again = open_store(db);
  std::vector<std::string> left;
  const auto unacked = again.unacked();
  ASSERT_TRUE(unacked.ok());
  for (const Action& a : *unacked) left.push_back(a.key);
  EXPECT_EQ(left, std::vector<std::string>(keys.begin() + 2, keys.end()));
}

TEST(StoreBatch, AReadOnlyStoreRefusesABatch) {
  const fs::path db = fresh_dir("store-batch-ro") / "nudge.db";
  { Store store = open_store(db); }
  StoreOptions options;
  options.read_only = true;
  Store store = open_store(db, options);
  Batch b = thank_yous(1);
  auto r = store.apply_batch(b.events);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kIo);
  EXPECT_EQ(r.error().message, db.string() + ": the store is open read-only");
  const std::vector<std::string_view> keys = {"a/b"};
  auto acks = store.ack_batch(keys);
  ASSERT_FALSE(acks.ok());
  EXPECT_EQ(acks.error().message, db.string() + ": the store is open read-only");
}

}  // namespace
}  // namespace nudge::test
