// StageGraph output: Graphviz DOT and the FNV-1a content hash. Both are deterministic: they
// depend only on the spec, in spec order, never on addresses or hash-map iteration.

#include "common/fnv1a.hpp"
#include "graph/stage_graph.hpp"

#include <algorithm>
#include <cstddef>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace nudge::detail {
namespace {

/// A DOT double-quoted string; "\n" sequences added by the caller stay line breaks.
std::string quoted(std::string_view text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  out += '"';
  return out;
}

void append_field(std::string& out, std::string_view field) {
  out += field;
  out += '\t';
}

}  // namespace

std::string StageGraph::to_dot(const std::vector<Duration>* delays) const {
  std::string out = "digraph " + quoted(spec_.name) + " {\n";
  out += "  rankdir=LR;\n";
  out += "  node [shape=ellipse];\n";
  for (std::size_t i = 0; i < spec_.stages.size(); ++i) {
    const StageDef& s = spec_.stages[i];
    out += "  " + quoted(s.name);
    if (s.terminal) {
      out += " [shape=doublecircle]";
    } else if (i == spec_.initial) {
      out += " [style=bold]";
    }
    out += ";\n";
  }

  // One edge per (from, to) pair, its events in declaration order joined by line breaks.
  std::map<std::pair<StageId, StageId>, std::vector<EventId>> edges;
  for (const TransitionDef& t : spec_.transitions) edges[{t.from, t.to}].push_back(t.event);
  for (auto& [ends, events] : edges) {
    std::sort(events.begin(), events.end());
    std::string label;
    for (EventId e : events) label += (label.empty() ? "" : "\\n") + event_name(e);
    out += "  " + quoted(stage_name(ends.first)) + " -> " + quoted(stage_name(ends.second)) +
           " [label=\"" + label + "\"];\n";
  }
  for (std::size_t i = 0; i < spec_.timed.size(); ++i) {
    const TimedTransitionDef& t = spec_.timed[i];
    const Duration after = delays && i < delays->size() ? (*delays)[i] : t.after;
    out += "  " + quoted(stage_name(t.from)) + " -> " + quoted(stage_name(t.to)) + " [label=\"" +
           event_name(t.event) + "\\n(after " + after.to_string() + ")\", style=dashed];\n";
  }
  out += "}\n";
  return out;
}

std::uint64_t StageGraph::hash_content() const {
  // Canonical text: one line per item, tab-separated, in spec order. Names cannot hold tabs or
  // line breaks (build() refuses them), so the serialization is unambiguous.
  std::string canon = "nudge-stage-graph/1\n";
  append_field(canon, "graph");
  append_field(canon, spec_.name);
  canon += stage_name(spec_.initial) + '\n';
  for (const StageDef& s : spec_.stages) {
    append_field(canon, "stage");
    append_field(canon, s.name);
    canon += s.terminal ? "terminal\n" : "open\n";
  }
  for (const EventDef& e : spec_.events) {
    append_field(canon, "event");
    append_field(canon, e.name);
    append_field(canon, e.per_recipient ? "per_recipient" : "whole");
    append_field(canon, e.timed ? "timed" : "reported");
    canon += e.sets_flag + '\n';
  }
  for (const TransitionDef& t : spec_.transitions) {
    append_field(canon, "transition");
    append_field(canon, stage_name(t.from));
    append_field(canon, event_name(t.event));
    canon += stage_name(t.to) + '\n';
  }
  for (const TimedTransitionDef& t : spec_.timed) {
    append_field(canon, "timed");
    append_field(canon, stage_name(t.from));
    append_field(canon, event_name(t.event));
    append_field(canon, stage_name(t.to));
    append_field(canon, std::to_string(static_cast<int>(t.after.unit)));
    canon += std::to_string(t.after.amount) + '\n';
  }

  return fnv1a(canon);
}

}  // namespace nudge::detail
