// The hiring graph of policies/stages.toml: its stages and events, the dense dispatch table
// cell by cell, the DOT export and the content hash.

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

#include "graph/stage_graph.hpp"
#include "policy/toml_reader.hpp"

namespace nudge::detail {
namespace {

std::string stages_path() { return std::string(NUDGE_SOURCE_DIR) + "/policies/stages.toml"; }

StageGraph load_hiring() {
  auto graph = load_stage_graph_file(stages_path());
  EXPECT_TRUE(graph.ok()) << (graph.ok() ? "" : graph.error().message);
  return std::move(graph).value();
}

std::string replace_once(std::string text, std::string_view from, std::string_view to) {
  const auto pos = text.find(from);
  EXPECT_NE(pos, std::string::npos) << from;
  if (pos != std::string::npos) text.replace(pos, from.size(), to);
  return text;
}

const std::vector<std::string> kOpen = {"interviewed",        "thanked", "awaiting", "inquired",
                                        "further_assessment", "offer",   "rejection"};

/// expected[event][from] = to, written from the specification, independent of the TOML.
using Expected = std::map<std::string, std::map<std::string, std::string>>;

void stays(Expected& x, const std::string& event, const std::vector<std::string>& from) {
  for (const auto& f : from) x[event][f] = f;
}
void moves(Expected& x, const std::string& event, const std::vector<std::string>& from,
           const std::string& to) {
  for (const auto& f : from) x[event][f] = to;
}

Expected expected_hiring_table() {
  Expected x;
  moves(x, "thank_you_sent", {"interviewed"}, "thanked");
  stays(x, "thank_you_sent", {"thanked", "awaiting", "inquired", "further_assessment"});
  stays(x, "connection_sent", kOpen);
  moves(x, "inquiry_sent", {"interviewed", "thanked", "awaiting"}, "inquired");
  stays(x, "inquiry_sent", {"inquired"});
  moves(x, "reply_received", {"inquired"}, "awaiting");
  stays(x, "reply_received", {"interviewed", "thanked", "awaiting"});
  stays(x, "info_requested", kOpen);
  stays(x, "info_sent", kOpen);
  stays(x, "value_add_sent", {"interviewed", "thanked", "awaiting", "inquired"});
  stays(x, "resume_sent", kOpen);
  stays(x, "reflection_done", kOpen);
  moves(x, "assessment_invited", {"interviewed", "thanked", "awaiting", "inquired"},
        "further_assessment");
  stays(x, "assessment_invited", {"further_assessment"});
  moves(x, "interview_ended", {"further_assessment"}, "interviewed");
  moves(x, "offer_received",
        {"interviewed", "thanked", "awaiting", "inquired", "further_assessment"}, "offer");
  moves(x, "rejection_received",
        {"interviewed", "thanked", "awaiting", "inquired", "further_assessment", "offer"},
        "rejection");
  stays(x, "negotiation_started", {"offer"});
  moves(x, "offer_accepted", {"offer"}, "accepted");
  moves(x, "offer_declined", {"offer"}, "declined");
  stays(x, "rejection_reply_sent", {"rejection"});
  stays(x, "keep_in_touch_sent", {"rejection"});
  stays(x, "do_not_contact", kOpen);
  moves(x, "withdraw", kOpen, "withdrawn");
  // Timed events fire through graph.timed(), never through the dense table.
  x["thank_you_window_closed"];
  x["no_reply_timeout"];
  x["keep_in_touch_over"];
  return x;
}

TEST(HiringGraph, StagesInOrderWithTerminals) {
  const StageGraph g = load_hiring();
  EXPECT_EQ(g.name(), "hiring");
  EXPECT_EQ(g.source_file(), stages_path());
  const std::vector<std::string> names = {
      "interviewed", "thanked",  "awaiting", "inquired",  "further_assessment", "offer",
      "rejection",   "accepted", "declined", "withdrawn", "no_response"};
  ASSERT_EQ(g.stages().size(), names.size());
  for (std::size_t i = 0; i < names.size(); ++i) {
    EXPECT_EQ(g.stage_name(static_cast<StageId>(i)), names[i]);
    EXPECT_EQ(g.is_terminal(static_cast<StageId>(i)), i >= 7) << names[i];
    EXPECT_FALSE(g.stages()[i].description.empty()) << names[i];
  }
  EXPECT_EQ(g.stage_name(g.initial()), "interviewed");
  EXPECT_EQ(g.find_stage("offer"), StageId{5});
  EXPECT_EQ(g.find_stage("Offer"), std::nullopt);
  EXPECT_EQ(g.stages()[0].source.text, stages_path() + ":45:1");
}

TEST(HiringGraph, EventsAndTheirFlags) {
  const StageGraph g = load_hiring();
  const Expected x = expected_hiring_table();
  EXPECT_EQ(g.events().size(), x.size());
  for (const EventDef& e : g.events()) {
    EXPECT_TRUE(x.count(e.name)) << "unexpected event " << e.name;
    EXPECT_FALSE(e.description.empty()) << e.name;
    const bool per_recipient = e.name == "thank_you_sent" || e.name == "connection_sent";
    EXPECT_EQ(e.per_recipient, per_recipient) << e.name;
    const bool timed = e.name == "thank_you_window_closed" || e.name == "no_reply_timeout" ||
                       e.name == "keep_in_touch_over";
    EXPECT_EQ(e.timed, timed) << e.name;
    EXPECT_EQ(e.sets_flag, e.name == "do_not_contact" ? "no_contact" : "") << e.name;
  }
  EXPECT_EQ(g.find_event("nope"), std::nullopt);
  EXPECT_EQ(g.transitions().size(), 88U);
}

TEST(HiringGraph, TimedTransitionsAndDelays) {
  const StageGraph g = load_hiring();
  ASSERT_EQ(g.timed().size(), 3U);
  const auto& t = g.timed();
  EXPECT_EQ(g.stage_name(t[0].from), "thanked");
  EXPECT_EQ(g.stage_name(t[0].to), "awaiting");
  EXPECT_EQ(g.event_name(t[0].event), "thank_you_window_closed");
  EXPECT_EQ(t[0].after, (Duration{Duration::Unit::kSeconds, 48 * 3600}));
  EXPECT_EQ(g.stage_name(t[1].from), "inquired");
  EXPECT_EQ(g.stage_name(t[1].to), "no_response");
  EXPECT_EQ(t[1].after, (Duration{Duration::Unit::kDays, 28}));
  EXPECT_EQ(g.stage_name(t[2].from), "rejection");
  EXPECT_EQ(g.stage_name(t[2].to), "withdrawn");
  EXPECT_EQ(t[2].after, (Duration{Duration::Unit::kDays, 200}));
}

TEST(HiringGraph, DenseTableMatchesTheSpecificationInEveryCell) {
  const StageGraph g = load_hiring();
  const StageMachine m(g);
  ASSERT_EQ(m.stage_count(), 11U);
  ASSERT_EQ(m.event_count(), 23U);
  const Expected x = expected_hiring_table();
  int allowed = 0;
  for (std::size_t s = 0; s < m.stage_count(); ++s) {
    for (std::size_t e = 0; e < m.event_count(); ++e) {
      const auto sid = static_cast<StageId>(s);
      const auto eid = static_cast<EventId>(e);
      const auto& row = x.at(g.event_name(eid));
      const auto it = row.find(g.stage_name(sid));
      const StageId want = it == row.end() ? kNoStage : *g.find_stage(it->second);
      EXPECT_EQ(m.next(sid, eid), want) << g.stage_name(sid) << " on " << g.event_name(eid);
      allowed += want != kNoStage;
    }
  }
  EXPECT_EQ(allowed, 88);
}

TEST(HiringGraph, DenseTableSpotChecks) {
  const StageGraph g = load_hiring();
  const StageMachine m(g);
  auto next = [&](const char* stage, const char* event) {
    const StageId to = m.next(*g.find_stage(stage), *g.find_event(event));
    return to == kNoStage ? std::string("-") : g.stage_name(to);
  };
  EXPECT_EQ(next("interviewed", "thank_you_sent"), "thanked");
  EXPECT_EQ(next("thanked", "thank_you_sent"), "thanked");
  EXPECT_EQ(next("further_assessment", "interview_ended"), "interviewed");
  EXPECT_EQ(next("inquired", "reply_received"), "awaiting");
  EXPECT_EQ(next("offer", "offer_accepted"), "accepted");
  EXPECT_EQ(next("rejection", "withdraw"), "withdrawn");
  // Refusals.
  EXPECT_EQ(next("offer", "thank_you_sent"), "-");
  EXPECT_EQ(next("rejection", "thank_you_sent"), "-");
  EXPECT_EQ(next("interviewed", "offer_accepted"), "-");
  EXPECT_EQ(next("awaiting", "interview_ended"), "-");
  EXPECT_EQ(next("interviewed", "thank_you_window_closed"), "-");
  EXPECT_EQ(next("thanked", "thank_you_window_closed"), "-");  // timed: see graph.timed()
  EXPECT_EQ(next("accepted", "withdraw"), "-");
  EXPECT_EQ(next("no_response", "connection_sent"), "-");
  EXPECT_EQ(next("offer", "value_add_sent"), "-");
}

TEST(HiringGraph, DefaultMachineIsEmpty) {
  const StageMachine m;
  EXPECT_EQ(m.stage_count(), 0U);
  EXPECT_EQ(m.event_count(), 0U);
}

TEST(HiringGraph, DotOutput) {
  const StageGraph g = load_hiring();
  const std::string dot = g.to_dot();
  EXPECT_EQ(dot.rfind("digraph \"hiring\" {\n  rankdir=LR;\n", 0), 0U) << dot;
  EXPECT_EQ(dot.substr(dot.size() - 2), "}\n");
  const std::vector<std::string> lines = {
      R"dot(  "interviewed" [style=bold];)dot",
      R"dot(  "thanked";)dot",
      R"dot(  "accepted" [shape=doublecircle];)dot",
      R"dot(  "no_response" [shape=doublecircle];)dot",
      R"dot(  "interviewed" -> "thanked" [label="thank_you_sent"];)dot",
      R"dot(  "further_assessment" -> "interviewed" [label="interview_ended"];)dot",
      R"dot(  "offer" -> "accepted" [label="offer_accepted"];)dot",
      // NOLINTNEXTLINE(bugprone-suspicious-missing-comma): one label split over three lines
      R"dot(  "rejection" -> "rejection" [label="connection_sent\ninfo_requested\ninfo_sent\)dot"
      R"dot(nresume_sent\nreflection_done\nrejection_reply_sent\nkeep_in_touch_sent\)dot"
      R"dot(ndo_not_contact"];)dot",
      R"dot(  "thanked" -> "awaiting" )dot"
      R"dot([label="thank_you_window_closed\n(after 48h)", style=dashed];)dot",
      R"dot(  "inquired" -> "no_response" )dot"
      R"dot([label="no_reply_timeout\n(after 28d)", style=dashed];)dot",
      R"dot(  "rejection" -> "withdrawn" )dot"
      R"dot([label="keep_in_touch_over\n(after 200d)", style=dashed];)dot",
  };
  for (const auto& line : lines) EXPECT_NE(dot.find(line + "\n"), std::string::npos) << line;
  EXPECT_EQ(dot, load_hiring().to_dot());
}

TEST(HiringGraph, ContentHashIsDeterministic) {
  auto text = read_text_file(stages_path());
  ASSERT_TRUE(text.ok());
  auto a = parse_stage_graph(*text, "a.toml");
  auto b = parse_stage_graph(*text, "b.toml");
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->content_hash(), b->content_hash());
  EXPECT_EQ(a->content_hash(), load_hiring().content_hash());

  // Comments and descriptions are not content.
  auto reworded = parse_stage_graph(
      replace_once("# extra comment\n" + *text, "The candidate accepted the offer.", "Yes!"),
      "c.toml");
  ASSERT_TRUE(reworded.ok()) << reworded.error().message;
  EXPECT_EQ(reworded->content_hash(), a->content_hash());

  auto changed = [&](std::string_view from, std::string_view to) {
    auto g = parse_stage_graph(replace_once(*text, from, to), "d.toml");
    EXPECT_TRUE(g.ok()) << g.error().message;
    return g.ok() ? g->content_hash() : 0;
  };
  const std::string window = "event = \"thank_you_window_closed\"\nafter = ";
  EXPECT_NE(changed(window + "\"48h\"", window + "\"72h\""), a->content_hash());
  EXPECT_NE(changed(window + "\"48h\"", window + "\"2d\""), a->content_hash());
  EXPECT_NE(changed("per_recipient = true", "per_recipient = false"), a->content_hash());
  EXPECT_NE(changed("name = \"hiring\"", "name = \"hiring2\""), a->content_hash());
}

TEST(HiringGraph, ContentHashIsPinned) {
  // The canonical serialization is part of the snapshot format: changing it must be deliberate.
  auto g = parse_stage_graph(R"([graph]
name = "t"
initial = "a"
[[stage]]
name = "a"
[[stage]]
name = "end"
terminal = true
[[event]]
name = "go"
per_recipient = true
[[transition]]
from = "a"
event = "go"
to = "end"
[[timed_transition]]
from = "a"
to = "end"
event = "late"
after = "3d"
)",
                             "test.toml");
  ASSERT_TRUE(g.ok()) << g.error().message;
  EXPECT_EQ(g->content_hash(), 0xc8e944761f842785ULL);
}

}  // namespace
}  // namespace nudge::detail
