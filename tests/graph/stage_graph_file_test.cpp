// The stage graph TOML loader: name resolution, "*" and omitted `to`, timed events, and every
// refusal with "file:line:column" (source "test.toml" for inline text).

#include <gtest/gtest.h>

#include <string>

#include "graph/stage_graph.hpp"

namespace nudge::detail {
namespace {

std::string data_path(const char* name) {
  return std::string(NUDGE_SOURCE_DIR) + "/tests/graph/data/" + name;
}

std::string load_error(std::string_view text, ErrorCode code) {
  auto g = parse_stage_graph(text, "test.toml");
  EXPECT_FALSE(g.ok());
  if (g.ok()) return "(no error)";
  EXPECT_EQ(g.error().code, code) << g.error().message;
  return g.error().message;
}

// Lines 1-10: a graph with stages a, thanked (open) and end (terminal).
constexpr std::string_view kStages = R"([graph]
name = "t"
initial = "a"
[[stage]]
name = "a"
[[stage]]
name = "thanked"
[[stage]]
name = "end"
terminal = true
)";

std::string with_stages(std::string_view rest) { return std::string(kStages) + std::string(rest); }

TEST(StageGraphFile, MalformedTomlHasLineAndColumn) {
  const std::string message = load_error("[graph]\nname = \n", ErrorCode::kParse);
  EXPECT_EQ(message.rfind("test.toml:2:8: ", 0), 0U) << message;
}

TEST(StageGraphFile, UnknownKeyInStageIsRefused) {
  EXPECT_EQ(load_error(R"([graph]
name = "t"
initial = "a"
[[stage]]
name = "a"
colour = "red"
)",
                       ErrorCode::kUnknownName),
            "test.toml:6:10: unknown key 'colour' in [[stage]]; known keys: description, name, "
            "terminal");
}

TEST(StageGraphFile, UnknownTopLevelKeyIsRefused) {
  EXPECT_EQ(load_error("[[stages]]\nname = \"a\"\n", ErrorCode::kUnknownName),
            "test.toml:1:1: unknown key 'stages' in the stage graph file; known keys: event, "
            "graph, stage, timed_transition, transition");
}

TEST(StageGraphFile, UnknownStageInFromArrayPointsAtTheElement) {
  EXPECT_EQ(load_error(with_stages(R"([[event]]
name = "go"
[[transition]]
from = ["a",
        "thnked"]
event = "go"
)"),
                       ErrorCode::kUnknownName),
            "test.toml:15:9: unknown stage 'thnked' in [[transition]]; known stages: a, thanked, "
            "end");
}

TEST(StageGraphFile, UnknownTargetStage) {
  EXPECT_EQ(load_error(with_stages(R"([[event]]
name = "go"
[[transition]]
from = "a"
event = "go"
to = "ended"
)"),
                       ErrorCode::kUnknownName),
            "test.toml:16:6: unknown stage 'ended' in [[transition]]; known stages: a, thanked, "
            "end");
}

TEST(StageGraphFile, UnknownEvent) {
  EXPECT_EQ(load_error(with_stages(R"([[event]]
name = "go"
[[transition]]
from = "a"
event = "gone"
)"),
                       ErrorCode::kUnknownName),
            "test.toml:15:9: unknown event 'gone' in [[transition]]; known events: go");
}

TEST(StageGraphFile, UnknownInitialStage) {
  EXPECT_EQ(load_error(R"([graph]
name = "t"
initial = "start"
[[stage]]
name = "a"
)",
                       ErrorCode::kUnknownName),
            "test.toml:3:11: unknown stage 'start' in [graph]; known stages: a");
}

TEST(StageGraphFile, UnknownFlag) {
  EXPECT_EQ(load_error(with_stages(R"([[event]]
name = "vip_mail"
sets_flag = "vip"
)"),
                       ErrorCode::kUnknownName),
            "test.toml:13:13: unknown flag 'vip' in [[event]]; known flags: busy, urgent, "
            "no_contact");
}

TEST(StageGraphFile, StarMustStandAlone) {
  EXPECT_EQ(load_error(with_stages(R"([[event]]
name = "go"
[[transition]]
from = ["a", "*"]
event = "go"
)"),
                       ErrorCode::kParse),
            "test.toml:14:14: '*' (every open stage) must stand alone in 'from' in [[transition]]");
}

TEST(StageGraphFile, MissingKeysAndWrongTypes) {
  EXPECT_EQ(load_error("[[stage]]\nname = \"a\"\n", ErrorCode::kParse),
            "test.toml:1:1: the stage graph file needs a [graph] table with 'name' and 'initial'");
  EXPECT_EQ(load_error("[graph]\nname = \"t\"\n", ErrorCode::kParse),
            "test.toml:1:1: [graph] needs the key 'initial'");
  EXPECT_EQ(load_error(with_stages("[[transition]]\nevent = \"go\"\n"), ErrorCode::kParse),
            "test.toml:11:1: [[transition]] needs the key 'from'");
  EXPECT_EQ(
      load_error(with_stages("[[transition]]\nfrom = []\nevent = \"go\"\n"), ErrorCode::kParse),
      "test.toml:12:8: 'from' in [[transition]] names no stage");
  EXPECT_EQ(load_error("[graph]\nname = \"t\"\ninitial = \"a\"\n[[stage]]\nname = \"a\"\n"
                       "terminal = \"yes\"\n",
                       ErrorCode::kParse),
            "test.toml:6:12: 'terminal' in [[stage]] must be true or false, not a string");
  EXPECT_EQ(load_error(with_stages("[[timed_transition]]\nfrom = \"a\"\nto = \"end\"\n"
                                   "event = \"late\"\n"),
                       ErrorCode::kParse),
            "test.toml:11:1: [[timed_transition]] needs the key 'after' (a delay such as \"48h\")");
  EXPECT_EQ(load_error(with_stages("[[timed_transition]]\nfrom = \"a\"\nevent = \"late\"\n"
                                   "after = \"1d\"\n"),
                       ErrorCode::kParse),
            "test.toml:11:1: [[timed_transition]] needs the key 'to'");
  const std::string bad_delay =
      load_error(with_stages("[[timed_transition]]\nfrom = \"a\"\nto = \"end\"\nevent = \"late\"\n"
                             "after = \"two days\"\n"),
                 ErrorCode::kParse);
  EXPECT_EQ(bad_delay.rfind("test.toml:15:9: ", 0), 0U) << bad_delay;
}

TEST(StageGraphFile, StarMeansEveryOpenStageAndOmittedToStays) {
  auto g = parse_stage_graph(with_stages(R"([[event]]
name = "note"
[[event]]
name = "go"
[[transition]]
from = "*"
event = "note"
[[transition]]
from = ["a", "thanked"]
event = "go"
to = "end"
[[event]]
name = "thank"
[[transition]]
from = "a"
event = "thank"
to = "thanked"
)"),
                             "test.toml");
  ASSERT_TRUE(g.ok()) << g.error().message;
  ASSERT_EQ(g->transitions().size(), 5U);
  const StageMachine m(*g);
  const EventId note = *g->find_event("note");
  EXPECT_EQ(m.next(0, note), StageId{0});
  EXPECT_EQ(m.next(1, note), StageId{1});
  EXPECT_EQ(m.next(2, note), kNoStage);  // "*" leaves terminal stages out
  EXPECT_EQ(m.next(1, *g->find_event("go")), StageId{2});
  EXPECT_EQ(g->transitions()[0].source.text, "test.toml:15:1");
}

TEST(StageGraphFile, TimedEventsAreDeclaredOrMarked) {
  auto g = parse_stage_graph(with_stages(R"([[event]]
name = "window_closed"
description = "declared by hand"
[[event]]
name = "go"
[[transition]]
from = "a"
event = "go"
to = "thanked"
[[timed_transition]]
from = "thanked"
to = "end"
event = "window_closed"
after = "90m"
[[timed_transition]]
from = "thanked"
to = "end"
event = "late"
after = "5bd"
)"),
                             "test.toml");
  ASSERT_TRUE(g.ok()) << g.error().message;
  ASSERT_EQ(g->events().size(), 3U);
  EXPECT_EQ(g->events()[0].name, "window_closed");
  EXPECT_TRUE(g->events()[0].timed);
  EXPECT_EQ(g->events()[0].description, "declared by hand");
  EXPECT_FALSE(g->events()[1].timed);
  EXPECT_EQ(g->events()[2].name, "late");  // declared by its [[timed_transition]]
  EXPECT_TRUE(g->events()[2].timed);
  EXPECT_EQ(g->events()[2].description, "");
  EXPECT_EQ(g->events()[2].source.text, "test.toml:25:1");
  ASSERT_EQ(g->timed().size(), 2U);
  EXPECT_EQ(g->timed()[0].after, (Duration{Duration::Unit::kSeconds, 90 * 60}));
  EXPECT_EQ(g->timed()[1].after, (Duration{Duration::Unit::kBusinessDays, 5}));
}

TEST(StageGraphFile, LoadsAFile) {
  auto g = load_stage_graph_file(data_path("minimal.toml"));
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(g->name(), "minimal");
  EXPECT_EQ(g->source_file(), data_path("minimal.toml"));
  EXPECT_EQ(g->stages()[1].source.text, data_path("minimal.toml") + ":10:1");
  EXPECT_EQ(g->timed()[0].after, (Duration{Duration::Unit::kDays, 14}));
  const std::string timed_edge = R"dot("waiting" -> "done" [label="gave_up\n(after 14d)")dot";
  EXPECT_NE(g->to_dot().find(timed_edge + ", style=dashed];\n"), std::string::npos);
}

TEST(StageGraphFile, FileErrorsNameThePath) {
  auto g = load_stage_graph_file(data_path("unknown_stage.toml"));
  ASSERT_FALSE(g.ok());
  EXPECT_EQ(g.error().code, ErrorCode::kUnknownName);
  EXPECT_EQ(g.error().message, data_path("unknown_stage.toml") +
                                   ":19:6: unknown stage 'thnked' in [[transition]]; known "
                                   "stages: interviewed, thanked");

  auto missing = load_stage_graph_file(data_path("no_such_file.toml"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
}

}  // namespace
}  // namespace nudge::detail
