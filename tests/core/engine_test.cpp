// Engine behaviour that hosts rely on: bad input changes nothing, each action is released once,
// snapshots restore exactly and refuse what they must.
#include "scenarios/scenario.hpp"

namespace nudge::test {
namespace {

using EngineTest = Scenario;

TEST_F(EngineTest, RefusedInputLeavesTheEngineExactlyAsItWas) {
  open(panel_app());
  apply("thank_you_sent", "2026-11-23T15:00:00-06:00", "Ana Ruiz");
  const std::string before = engine.snapshot();
  struct Case {
    const char* id;
    const char* type;
    const char* when;
    const char* recipient;
    ErrorCode code;
    const char* message;
  };
  const Case cases[] = {
      {"app-9", "thank_you_sent", "2026-11-24T10:00:00Z", "Ana Ruiz", ErrorCode::kNotFound,
       "no application 'app-9' is open in this engine"},
      {"app-1", "thanks_sent", "2026-11-24T10:00:00Z", "", ErrorCode::kUnknownName, nullptr},
      {"app-1", "thank_you_sent", "2026-11-24T10:00:00Z", "Zed", ErrorCode::kUnknownName,
       "'Zed' is not an interviewer of application 'app-1'; interviewers: Ana Ruiz, Ben Keller"},
      {"app-1", "thank_you_sent", "2026-11-24T10:00:00Z", "", ErrorCode::kUnknownName,
       "event 'thank_you_sent' needs a recipient: one of Ana Ruiz, Ben Keller"},
      {"app-1", "offer_accepted", "2026-11-24T10:00:00Z", "", ErrorCode::kNotAllowed, nullptr},
      {"app-1", "reply_received", "2026-11-23T12:00:00Z", "", ErrorCode::kOutOfOrder,
       "event 'reply_received' at 2026-11-23T12:00:00Z is earlier than the last event of "
       "application 'app-1' (2026-11-23T21:00:00Z); report events in the order they happened"},
      {"app-1", "no_reply_timeout", "2026-11-24T10:00:00Z", "", ErrorCode::kInvalidArgument,
       "event 'no_reply_timeout' is fired by the engine's clock (a timed transition); hosts "
       "cannot report it"},
      {"app-1", "reply_received", "2026-11-24T10:00:00Z", "Ana Ruiz", ErrorCode::kInvalidArgument,
       "event 'reply_received' concerns the whole application; leave the recipient empty"},
  };
  for (const Case& c : cases) {
    auto r = engine.apply(c.id, Event{c.type, at(c.when), c.recipient});
    ASSERT_FALSE(r.ok()) << c.type;
    EXPECT_EQ(r.error().code, c.code) << c.type << ": " << r.error().message;
    if (c.message) {
      EXPECT_EQ(r.error().message, c.message);
    }
    EXPECT_EQ(engine.snapshot(), before) << c.type;
  }
  auto not_allowed = engine.apply("app-1", Event{"offer_accepted", at("2026-11-24T10:00:00Z"), ""});
  EXPECT_EQ(not_allowed.error().message,
            "event 'offer_accepted' is not allowed in stage 'thanked' of application 'app-1'; "
            "allowed there: thank_you_sent, connection_sent, inquiry_sent, reply_received, "
            "info_requested, info_sent, value_add_sent, resume_sent, reflection_done, "
            "assessment_invited, offer_received, rejection_received, do_not_contact, withdraw");
}

TEST_F(EngineTest, TheSameEventTwiceIsANoOpReportedAsSuch) {
  open(panel_app());
  apply("thank_you_sent", "2026-11-23T15:00:00-06:00", "Ana Ruiz");
  const std::string before = engine.snapshot();
  auto again =
      engine.apply("app-1", Event{"thank_you_sent", at("2026-11-23T15:00:00-06:00"), "Ana Ruiz"});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(*again, ApplyOutcome::kDuplicate);
  EXPECT_EQ(engine.snapshot(), before);
}

TEST_F(EngineTest, OpenRefusesBadApplications) {
  ApplicationContext app = panel_app();
  open(app);
  auto dup = engine.open(app);
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().message, "application 'app-1' is already open");
  app.id = "app-2";
  app.interviewers[0].zone = "America/Chicag";
  auto zone = engine.open(app);
  ASSERT_FALSE(zone.ok());
  EXPECT_EQ(zone.error().code, ErrorCode::kUnknownName);
  EXPECT_EQ(zone.error().message,
            "interviewer 'Ana Ruiz': unknown time zone 'America/Chicag'; use an IANA name such "
            "as 'Europe/Berlin'");
  app = panel_app();
  app.id = "app-3";
  app.decision_date = date("2026-11-22");
  auto early = engine.open(app);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().message,
            "decision_date 2026-11-22 is before the interview ended (2026-11-23 in "
            "America/New_York); give the date the employer stated, or leave it out");
  EXPECT_FALSE(engine.status("app-2").ok());
  EXPECT_FALSE(engine.status("app-3").ok());
}

TEST_F(EngineTest, AdvanceReleasesEachActionOnceInTimeOrder) {
  open(panel_app());
  auto first = advance("2026-11-23T20:00:00Z");
  ASSERT_EQ(first.size(), 2u);
  EXPECT_EQ(first[0].rule, "R15");
  EXPECT_EQ(first[1].rule, "R1");
  EXPECT_EQ(first[1].recipient, "Ana Ruiz");
  EXPECT_EQ(first[1].key, "app-1/R1/thank_you/Ana Ruiz/2026-11-23T16:30:00Z/1");
  EXPECT_TRUE(advance("2026-11-23T20:00:00Z").empty());
  auto next = advance("2026-11-24T08:00:00Z");
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].recipient, "Ben Keller");
  auto back = engine.advance(at("2026-11-23T00:00:00Z"));
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.error().code, ErrorCode::kOutOfOrder);
  EXPECT_EQ(back.error().message,
            "cannot advance to 2026-11-23T00:00:00Z: the clock is already at "
            "2026-11-24T08:00:00Z; time only moves forward");
}

TEST_F(EngineTest, ReleasedActionStaysAnAnchorUntilReported) {
  open(panel_app());
  advance("2026-11-24T00:00:00Z");  // Ana's thank-you released, not reported
  EXPECT_EQ(times("R1", "Ana Ruiz"), "none");
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-11-30T13:30:00-06:00 / 2026-12-03T13:30:00-06:00");
}

TEST_F(EngineTest, ThankedMovesToAwaitingAfterTheThankYouWindow) {
  open(panel_app());
  apply("thank_you_sent", "2026-11-23T15:00:00-06:00", "Ana Ruiz");
  advance("2026-11-25T20:59:59Z");
  EXPECT_EQ(stage(), "thanked");
  advance("2026-11-25T21:00:00Z");  // 48 h after entering thanked
  EXPECT_EQ(stage(), "awaiting");
}

TEST_F(EngineTest, SnapshotRestoresTheSameStateAndFuture) {
  open(panel_app());
  ApplicationContext other =
      single_app("app-2", "2026-11-27T16:30:00+01:00", "Europe/Berlin", "Cleo");
  open(other);
  apply("thank_you_sent", "2026-11-23T15:00:00-06:00", "Ana Ruiz");
  advance("2026-11-24T12:00:00Z");
  const std::string snap = engine.snapshot();
  Engine restored(default_policy());
  auto r = restored.restore(snap);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(restored.snapshot(), snap);
  EXPECT_EQ(restored.now(), engine.now());
  for (const char* id : {"app-1", "app-2"}) {
    auto a = engine.plan(id);
    auto b = restored.plan(id);
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_EQ(a->size(), b->size());
    for (std::size_t i = 0; i < a->size(); ++i) {
      EXPECT_EQ((*a)[i].key, (*b)[i].key);
      EXPECT_EQ((*a)[i].at, (*b)[i].at);
      EXPECT_EQ((*a)[i].deadline, (*b)[i].deadline);
    }
  }
  auto x = engine.advance(at("2027-01-31T00:00:00Z"));
  auto y = restored.advance(at("2027-01-31T00:00:00Z"));
  ASSERT_TRUE(x.ok() && y.ok());
  ASSERT_EQ(x->size(), y->size());
  for (std::size_t i = 0; i < x->size(); ++i) EXPECT_EQ((*x)[i].key, (*y)[i].key);
}

TEST_F(EngineTest, RestoreRefusesCorruptedAndForeignSnapshots) {
  open(panel_app());
  std::string snap = engine.snapshot();
  Engine target(default_policy());
  ASSERT_TRUE(
      target.open(single_app("keep", "2026-11-27T16:30:00+01:00", "Europe/Berlin", "Cleo")).ok());
  const std::string before = target.snapshot();

  std::string damaged = snap;
  damaged[damaged.find("Ana")] = 'E';
  auto c = target.restore(damaged);
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().code, ErrorCode::kCorrupt);
  EXPECT_EQ(c.error().message,
            "snapshot checksum does not match its content; it was altered or damaged");

  auto t = target.restore(snap.substr(0, snap.size() / 2));
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.error().code, ErrorCode::kCorrupt);

  auto other = Policy::load_file(source_path("tests/scenarios/data/value_add_on.toml"));
  ASSERT_TRUE(other.ok());
  Engine foreign(*other);
  auto m = foreign.restore(snap);
  ASSERT_FALSE(m.ok());
  EXPECT_EQ(m.error().code, ErrorCode::kMismatch);
  const std::string message = m.error().message;
  EXPECT_EQ(message.substr(0, 46), "snapshot was taken under another policy (hash ");
  EXPECT_NE(message.find("); this engine runs 'value-add-on' (hash "), std::string::npos)
      << message;
  EXPECT_NE(message.find("restore it into an engine with the same policy"), std::string::npos);

  auto v = target.restore("nudge-snapshot 7\n");
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().code, ErrorCode::kMismatch);
  EXPECT_EQ(target.snapshot(), before);
}

}  // namespace
}  // namespace nudge::test

namespace nudge::test {
namespace {

TEST_F(EngineTest, OpenAppliesTheReportedHistory) {
  auto app = load_application_file(source_path("policies/examples/panel-after-thanks.toml"));
  ASSERT_TRUE(app.ok()) << app.error().message;
  ASSERT_EQ(app->events.size(), 3u);
  open(*app);
  EXPECT_EQ(stage(), "thanked");
  EXPECT_EQ(times("R1", "Ana Ruiz"), "none");
  EXPECT_EQ(times("R1", "Ben Keller"), "none");
  EXPECT_EQ(times("R4", "Ana Ruiz"), "2026-11-30T15:10:00-06:00 / 2026-12-03T15:10:00-06:00");
  EXPECT_EQ(times("R11", "Ben Keller"), "2026-11-25T09:20:00+01:00 / 2026-12-01T09:20:00+01:00");
}

TEST_F(EngineTest, ARefusedHistoryEventOpensNothing) {
  ApplicationContext app = panel_app();
  app.events = {{"thank_you_sent", at("2026-11-23T15:10:00-06:00"), "Ana Ruiz"},
                {"negotiation_started", at("2026-11-24T10:00:00-05:00"), ""}};
  const std::string before = engine.snapshot();
  auto r = engine.open(app);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kRefused);
  EXPECT_EQ(r.error().message,
            "event 2 of 'app-1' (negotiation_started): R13: no salary or benefits negotiation "
            "before a formal offer (application 'app-1' is in stage 'thanked')");
  EXPECT_EQ(engine.snapshot(), before);
  EXPECT_FALSE(engine.status("app-1").ok());
}

}  // namespace
}  // namespace nudge::test

namespace nudge::test {
namespace {

TEST_F(EngineTest, InterviewEndOutsideTheSupportedRangeIsRefused) {
  ApplicationContext app = panel_app();
  app.interview_end = at("9999-12-31T23:59:59Z");
  auto late = engine.open(app);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(late.error().message,
            "interview_end 9999-12-31T23:59:59Z is outside the supported range 1900-01-01 to "
            "8999-12-31");
  app.interview_end = at("1899-12-31T23:59:59Z");
  EXPECT_FALSE(engine.open(app).ok());
  app.interview_end = at("1900-01-01T00:00:00Z");
  EXPECT_TRUE(engine.open(app).ok());
}

}  // namespace
}  // namespace nudge::test
