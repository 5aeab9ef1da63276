// StageGraph::build validation: every refusal with its exact message, from small inline graphs
// (source "test.toml") and from specs built in code.

#include <gtest/gtest.h>

#include <string>

#include "graph/stage_graph.hpp"

namespace nudge::detail {
namespace {

/// The message of the error `text` must produce, after checking its code.
std::string graph_error(std::string_view text, ErrorCode code = ErrorCode::kInvalidGraph) {
  auto g = parse_stage_graph(text, "test.toml");
  EXPECT_FALSE(g.ok());
  if (g.ok()) return "(no error)";
  EXPECT_EQ(g.error().code, code) << g.error().message;
  return g.error().message;
}

TEST(StageGraphValidation, UnreachableStage) {
  EXPECT_EQ(graph_error(R"([graph]
name = "t"
initial = "a"

[[stage]]
name = "a"

[[stage]]
name = "limbo"

[[stage]]
name = "end"
terminal = true

[[event]]
name = "go"

[[transition]]
from = ["a", "limbo"]
event = "go"
to = "end"
)"),
            "stage 'limbo' (test.toml:8:1) cannot be reached from the initial stage 'a'");
}

TEST(StageGraphValidation, StageThatCannotReachAnEnd) {
  EXPECT_EQ(graph_error(R"([graph]
name = "t"
initial = "a"

[[stage]]
name = "a"

[[stage]]
name = "loop"

[[stage]]
name = "end"
terminal = true

[[stage]]
name = "done"
terminal = true

[[event]]
name = "go"

[[event]]
name = "stop"

[[transition]]
from = "a"
event = "go"
to = "loop"

[[transition]]
from = "loop"
event = "go"

[[transition]]
from = "a"
event = "stop"
to = "end"

[[timed_transition]]
from = "a"
to = "done"
event = "late"
after = "1d"
)"),
            "stage 'loop' (test.toml:8:1) cannot reach any terminal stage (end, done)");
}

TEST(StageGraphValidation, TransitionOutOfTerminalStage) {
  EXPECT_EQ(graph_error(R"([graph]
name = "t"
initial = "a"

[[stage]]
name = "a"

[[stage]]
name = "accepted"
terminal = true

[[event]]
name = "go"

[[event]]
name = "reopen"

[[transition]]
from = "a"
event = "go"
to = "accepted"

[[transition]]
from = "accepted"
event = "reopen"
to = "a"
)"),
            "transition out of terminal stage 'accepted' on 'reopen' (test.toml:23:1)");
}

TEST(StageGraphValidation, TimedTransitionOutOfTerminalStage) {
  EXPECT_EQ(graph_error(R"([graph]
name = "t"
initial = "a"
[[stage]]
name = "a"
[[stage]]
name = "end"
terminal = true
[[timed_transition]]
from = "a"
to = "end"
event = "late"
after = "1h"
[[timed_transition]]
from = "end"
to = "a"
event = "later"
after = "1h"
)"),
            "transition out of terminal stage 'end' on 'later' (test.toml:14:1)");
}

TEST(StageGraphValidation, NoTerminalStage) {
  EXPECT_EQ(graph_error(R"([graph]
name = "t"
initial = "a"
[[stage]]
name = "a"
[[stage]]
name = "b"
[[event]]
name = "go"
[[transition]]
from = "a"
event = "go"
to = "b"
)"),
            "the stage graph 't' has no terminal stage; mark the stages where it ends with "
            "terminal = true");
}

TEST(StageGraphValidation, TerminalInitialStage) {
  EXPECT_EQ(graph_error(R"([graph]
name = "t"
initial = "end"
[[stage]]
name = "a"
[[stage]]
name = "end"
terminal = true
)"),
            "the initial stage 'end' (test.toml:6:1) is terminal; nothing could happen after it");
}

TEST(StageGraphValidation, DuplicateStageNamesBothLines) {
  EXPECT_EQ(graph_error(R"([graph]
name = "t"
initial = "a"
[[stage]]
name = "a"
[[stage]]
name = "end"
terminal = true
[[stage]]
name = "a"
)"),
            "duplicate stage 'a' (test.toml:4:1 and test.toml:9:1)");
}

TEST(StageGraphValidation, DuplicateEventNamesBothLines) {
  EXPECT_EQ(graph_error(R"([graph]
name = "t"
initial = "a"
[[stage]]
name = "a"
[[stage]]
name = "end"
terminal = true
[[event]]
name = "go"
[[event]]
name = "stop"
[[event]]
name = "go"
[[transition]]
from = "a"
event = "go"
to = "end"
)"),
            "duplicate event 'go' (test.toml:9:1 and test.toml:13:1)");
}

TEST(StageGraphValidation, DuplicateFromEventPair) {
  EXPECT_EQ(graph_error(R"([graph]
name = "t"
initial = "a"
[[stage]]
name = "a"
[[stage]]
name = "end"
terminal = true
[[event]]
name = "go"
[[transition]]
from = "a"
event = "go"
to = "end"
[[transition]]
from = "*"
event = "go"
)"),
            "duplicate transition from 'a' on 'go' (test.toml:11:1 and test.toml:15:1)");
}

TEST(StageGraphValidation, PlainTransitionOnATimedEvent) {
  EXPECT_EQ(graph_error(R"([graph]
name = "t"
initial = "a"
[[stage]]
name = "a"
[[stage]]
name = "end"
terminal = true
[[transition]]
from = "a"
event = "late"
[[timed_transition]]
from = "a"
to = "end"
event = "late"
after = "1d"
)"),
            "transition from 'a' on 'late' (test.toml:9:1) uses a timed event; hosts cannot report "
            "it, so it could never happen");
}

TEST(StageGraphValidation, DuplicateTimedTransition) {
  EXPECT_EQ(graph_error(R"([graph]
name = "t"
initial = "a"
[[stage]]
name = "a"
[[stage]]
name = "end"
terminal = true
[[timed_transition]]
from = "a"
to = "end"
event = "late"
after = "1d"
[[timed_transition]]
from = "a"
to = "a"
event = "late"
after = "2d"
)"),
            "duplicate transition from 'a' on 'late' (test.toml:9:1 and test.toml:14:1)");
}

TEST(StageGraphValidation, TimedTransitionNeedsADelay) {
  EXPECT_EQ(graph_error(R"([graph]
name = "t"
initial = "a"
[[stage]]
name = "a"
[[stage]]
name = "end"
terminal = true
[[timed_transition]]
from = "a"
to = "end"
event = "late"
after = "0h"
)"),
            "timed transition from 'a' on 'late' (test.toml:9:1) has no delay; 'after' must be "
            "longer than zero");
}

TEST(StageGraphValidation, NamesMustBeSimple) {
  EXPECT_EQ(graph_error(R"([graph]
name = "t"
initial = "a"
[[stage]]
name = "a"
[[stage]]
name = "the end"
terminal = true
)"),
            "stage name 'the end' (test.toml:6:1) is not valid; names use letters, digits, '_', "
            "'-' and '.' only");
}

// ---- specs built in code -------------------------------------------------------------------

StageGraphSpec two_stage_spec() {
  StageGraphSpec spec;
  spec.name = "code";
  spec.initial = 0;
  spec.stages = {StageDef{"open", "", false, {}}, StageDef{"closed", "", true, {}}};
  spec.events = {EventDef{"close", "", false, false, "", {}}};
  spec.transitions = {TransitionDef{0, 0, 1, {}}};
  return spec;
}

std::string build_error(StageGraphSpec spec) {
  auto g = StageGraph::build(std::move(spec));
  EXPECT_FALSE(g.ok());
  if (g.ok()) return "(no error)";
  EXPECT_EQ(g.error().code, ErrorCode::kInvalidGraph);
  return g.error().message;
}

TEST(StageGraphBuild, ValidSpecWithoutSources) {
  auto g = StageGraph::build(two_stage_spec());
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(g->find_event("close"), EventId{0});
  EXPECT_EQ(StageMachine(*g).next(0, 0), StageId{1});
}

TEST(StageGraphBuild, MessagesWithoutSourcesHaveNoParentheses) {
  StageGraphSpec spec = two_stage_spec();
  spec.stages.push_back(StageDef{"limbo", "", false, {}});
  EXPECT_EQ(build_error(spec), "stage 'limbo' cannot be reached from the initial stage 'open'");
}

TEST(StageGraphBuild, EmptyGraph) {
  StageGraphSpec spec;
  spec.name = "code";
  EXPECT_EQ(build_error(spec), "the stage graph 'code' has no stages");
}

TEST(StageGraphBuild, MissingInitialStage) {
  StageGraphSpec spec = two_stage_spec();
  spec.initial = kNoStage;
  EXPECT_EQ(build_error(spec), "the stage graph 'code' has no initial stage");
  spec.initial = 7;
  EXPECT_EQ(build_error(spec), "the stage graph 'code' has no initial stage");
}

TEST(StageGraphBuild, EdgeToAnUnknownId) {
  StageGraphSpec spec = two_stage_spec();
  spec.transitions.push_back(TransitionDef{0, 3, 1, SourceRef{"x.toml:9:1"}});
  EXPECT_EQ(build_error(spec),
            "transition (x.toml:9:1) refers to a stage or event that is not in the graph");
}

TEST(StageGraphBuild, UnknownFlag) {
  StageGraphSpec spec = two_stage_spec();
  spec.events[0].sets_flag = "vip";
  EXPECT_EQ(build_error(spec),
            "event 'close' sets unknown flag 'vip'; known flags: busy, urgent, no_contact");
}

TEST(StageGraphBuild, TimedEdgesMarkTheirEventTimed) {
  StageGraphSpec spec = two_stage_spec();
  spec.events.push_back(EventDef{"expire", "", false, false, "", {}});
  spec.timed.push_back(TimedTransitionDef{0, 1, 1, Duration{Duration::Unit::kDays, 3}, {}});
  auto g = StageGraph::build(spec);
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_TRUE(g->events()[1].timed);
  EXPECT_FALSE(g->events()[0].timed);
  // The dense table holds what hosts may report; timed edges fire through timed().
  EXPECT_EQ(StageMachine(*g).next(0, 0), StageId{1});
  EXPECT_EQ(StageMachine(*g).next(0, 1), kNoStage);
}

}  // namespace
}  // namespace nudge::detail
