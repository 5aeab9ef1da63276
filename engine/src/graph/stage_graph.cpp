// StageGraph validation (structure first, then reachability with Boost.Graph), name lookup and
// the dense dispatch table. DOT export and the content hash live in stage_graph_export.cpp.

#include "graph/stage_graph.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/breadth_first_search.hpp>
#include <boost/property_map/property_map.hpp>

#include <array>
#include <cstddef>
#include <map>
#include <utility>

namespace nudge::detail {
namespace {

using Digraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

constexpr std::array<std::string_view, 3> kKnownFlags = {"busy", "urgent", "no_contact"};

Error invalid(std::string message) {
  return make_error(ErrorCode::kInvalidGraph, std::move(message));
}

/// " (file:line:column)" or nothing when the source is unknown.
std::string from_source(const SourceRef& source) {
  return source.text.empty() ? std::string() : " (" + source.text + ")";
}

/// "(a and b)" for two sources, or what is known of them.
std::string both_sources(const SourceRef& first, const SourceRef& second) {
  if (first.text.empty() || second.text.empty()) return from_source(first) + from_source(second);
  return " (" + first.text + " and " + second.text + ")";
}

bool valid_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

constexpr std::string_view kNameRule = "names use letters, digits, '_', '-' and '.' only";

/// Stages marked white after a breadth-first search from `source` were never reached.
std::vector<bool> reached_from(const Digraph& g, std::size_t source) {
  std::vector<boost::default_color_type> colors(boost::num_vertices(g), boost::white_color);
  auto color_map =
      boost::make_iterator_property_map(colors.begin(), boost::get(boost::vertex_index, g));
  boost::breadth_first_search(g, boost::vertex(source, g), boost::color_map(color_map));
  std::vector<bool> out(colors.size());
  for (std::size_t i = 0; i < colors.size(); ++i) out[i] = colors[i] != boost::white_color;
  return out;
}

Status check_names(const StageGraphSpec& spec) {
  std::map<std::string_view, const SourceRef*> seen;
  for (const StageDef& s : spec.stages) {
    if (!valid_name(s.name) || s.name == "*") {
      return invalid("stage name '" + s.name + "'" + from_source(s.source) + " is not valid; " +
                     std::string(kNameRule));
    }
    auto [it, fresh] = seen.emplace(s.name, &s.source);
    if (!fresh)
      return invalid("duplicate stage '" + s.name + "'" + both_sources(*it->second, s.source));
  }
  seen.clear();
  for (const EventDef& e : spec.events) {
    if (!valid_name(e.name)) {
      return invalid("event name '" + e.name + "'" + from_source(e.source) + " is not valid; " +
                     std::string(kNameRule));
    }
    auto [it, fresh] = seen.emplace(e.name, &e.source);
    if (!fresh)
      return invalid("duplicate event '" + e.name + "'" + both_sources(*it->second, e.source));
    if (!e.sets_flag.empty()) {
      bool known = false;
      for (std::string_view f : kKnownFlags) known = known || f == e.sets_flag;
      if (!known) {
        return invalid("event '" + e.name + "'" + from_source(e.source) + " sets unknown flag '" +
                       e.sets_flag + "'; known flags: busy, urgent, no_contact");
      }
    }
  }
  return {};
}

/// Checks one edge; `seen` maps (from, event) to the edge that used it first.
Status check_edge(const StageGraphSpec& spec, StageId from, EventId event, StageId to,
                  const SourceRef& source,
                  std::map<std::pair<StageId, EventId>, const SourceRef*>& seen) {
  if (from >= spec.stages.size() || to >= spec.stages.size() || event >= spec.events.size()) {
    return invalid("transition" + from_source(source) +
                   " refers to a stage or event that is not in the graph");
  }
  const std::string& from_name = spec.stages[from].name;
  const std::string& event_name = spec.events[event].name;
  if (spec.stages[from].terminal) {
    return invalid("transition out of terminal stage '" + from_name + "' on '" + event_name + "'" +
                   from_source(source));
  }
  auto [it, fresh] = seen.emplace(std::pair{from, event}, &source);
  if (!fresh) {
    return invalid("duplicate transition from '" + from_name + "' on '" + event_name + "'" +
                   both_sources(*it->second, source));
  }
  return {};
}

Status check_structure(StageGraphSpec& spec) {
  const std::string graph = "the stage graph '" + spec.name + "'";
  if (spec.stages.empty()) return invalid(graph + " has no stages");
  if (spec.stages.size() >= kNoStage) return invalid(graph + " has too many stages");
  if (spec.events.size() >= kNoEvent) return invalid(graph + " has too many events");
  if (auto names = check_names(spec); !names) return names;
  if (spec.initial == kNoStage || spec.initial >= spec.stages.size()) {
    return invalid(graph + " has no initial stage");
  }
  const StageDef& initial = spec.stages[spec.initial];
  if (initial.terminal) {
    return invalid("the initial stage '" + initial.name + "'" + from_source(initial.source) +
                   " is terminal; nothing could happen after it");
  }
  bool any_terminal = false;
  for (const StageDef& s : spec.stages) any_terminal = any_terminal || s.terminal;
  if (!any_terminal) {
    return invalid(graph +
                   " has no terminal stage; mark the stages where it ends with terminal = true");
  }
  // The engine's clock fires the events of timed transitions; hosts cannot report them.
  for (const TimedTransitionDef& t : spec.timed) {
    if (t.event < spec.events.size()) spec.events[t.event].timed = true;
  }
  std::map<std::pair<StageId, EventId>, const SourceRef*> seen;
  for (const TransitionDef& t : spec.transitions) {
    if (auto ok = check_edge(spec, t.from, t.event, t.to, t.source, seen); !ok) return ok;
    if (spec.events[t.event].timed) {
      return invalid("transition from '" + spec.stages[t.from].name + "' on '" +
                     spec.events[t.event].name + "'" + from_source(t.source) +
                     " uses a timed event; hosts cannot report it, so it could never happen");
    }
  }
  for (const TimedTransitionDef& t : spec.timed) {
    if (auto ok = check_edge(spec, t.from, t.event, t.to, t.source, seen); !ok) return ok;
    if (t.after.amount <= 0) {
      return invalid("timed transition from '" + spec.stages[t.from].name + "' on '" +
                     spec.events[t.event].name + "'" + from_source(t.source) +
                     " has no delay; 'after' must be longer than zero");
    }
  }
  return {};
}

Status check_reachability(const StageGraphSpec& spec) {
  const std::size_t n = spec.stages.size();
  Digraph forward(n);
  Digraph backward(n + 1);  // vertex n: a virtual source with an edge to every terminal stage
  auto add = [&](StageId from, StageId to) {
    boost::add_edge(from, to, forward);
    boost::add_edge(to, from, backward);
  };
  for (const TransitionDef& t : spec.transitions) add(t.from, t.to);
  for (const TimedTransitionDef& t : spec.timed) add(t.from, t.to);
  std::string terminals;
  for (std::size_t i = 0; i < n; ++i) {
    if (!spec.stages[i].terminal) continue;
    boost::add_edge(n, i, backward);
    terminals += (terminals.empty() ? "" : ", ") + spec.stages[i].name;
  }

  const std::vector<bool> reachable = reached_from(forward, spec.initial);
  for (std::size_t i = 0; i < n; ++i) {
    if (reachable[i]) continue;
    const StageDef& s = spec.stages[i];
    return invalid("stage '" + s.name + "'" + from_source(s.source) +
                   " cannot be reached from the initial stage '" + spec.stages[spec.initial].name +
                   "'");
  }
  const std::vector<bool> ends = reached_from(backward, n);
  for (std::size_t i = 0; i < n; ++i) {
    const StageDef& s = spec.stages[i];
    if (ends[i] || s.terminal) continue;
    return invalid("stage '" + s.name + "'" + from_source(s.source) +
                   " cannot reach any terminal stage (" + terminals + ")");
  }
  return {};
}

}  // namespace

Result<StageGraph> StageGraph::build(StageGraphSpec spec) {
  if (auto ok = check_structure(spec); !ok) return std::move(ok).error();
  if (auto ok = check_reachability(spec); !ok) return std::move(ok).error();
  return StageGraph(std::move(spec));
}

std::optional<StageId> StageGraph::find_stage(std::string_view name) const {
  for (std::size_t i = 0; i < spec_.stages.size(); ++i) {
    if (spec_.stages[i].name == name) return static_cast<StageId>(i);
  }
  return std::nullopt;
}

std::optional<EventId> StageGraph::find_event(std::string_view name) const {
  for (std::size_t i = 0; i < spec_.events.size(); ++i) {
    if (spec_.events[i].name == name) return static_cast<EventId>(i);
  }
  return std::nullopt;
}

StageMachine::StageMachine(const StageGraph& graph)
    : table_(graph.stages().size() * graph.events().size(), kNoStage),
      stage_count_(graph.stages().size()),
      event_count_(graph.events().size()) {
  auto set = [this](StageId from, EventId event, StageId to) {
    table_[static_cast<std::size_t>(from) * event_count_ + static_cast<std::size_t>(event)] = to;
  };
  // Host-reported events only: timed transitions fire through graph.timed(), and their events
  // are refused when reported, so they never appear as allowed in the table.
  for (const TransitionDef& t : graph.transitions()) set(t.from, t.event, t.to);
}

}  // namespace nudge::detail
