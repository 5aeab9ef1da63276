// The stage graph TOML loader (the format of policies/stages.toml): reads every table through
// TableReader, resolves names to ids with "file:line:column" errors, expands "*" and omitted
// `to`, declares timed events, then hands the spec to StageGraph::build for validation.

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "graph/stage_graph.hpp"
#include "policy/toml_reader.hpp"

namespace nudge::detail {
namespace {

constexpr std::string_view kFlags[] = {"busy", "urgent", "no_contact"};

/// Location of `key`'s value in `table`, or of its `index`-th element when it is an array.
std::string where_item(std::string_view file, const toml::table& table, std::string_view key,
                       std::size_t index) {
  const toml::node* node = table.get(key);
  if (!node) return where(file, table);
  if (const toml::array* arr = node->as_array(); arr && index < arr->size()) {
    return where(file, *arr->get(index));
  }
  return where(file, *node);
}

/// A [[transition]] or [[timed_transition]] as written, before names are resolved.
struct RawEdge {
  const toml::table* table = nullptr;
  bool timed = false;
  std::string what;  ///< "[[transition]]" or "[[timed_transition]]", for messages
  std::vector<std::string> from;
  std::string event;
  std::optional<std::string> to;
  Duration after;
  SourceRef source;
};

class GraphLoader {
 public:
  explicit GraphLoader(std::string_view file) : file_(file) { spec_.source_file = file; }

  Result<StageGraphSpec> load(const toml::table& root) {
    TableReader reader(root, file_, "the stage graph file");
    auto graph = reader.optional_table("graph");
    if (!graph) return std::move(graph).error();
    auto stages = reader.table_array("stage");
    if (!stages) return std::move(stages).error();
    auto events = reader.table_array("event");
    if (!events) return std::move(events).error();
    auto transitions = reader.table_array("transition");
    if (!transitions) return std::move(transitions).error();
    auto timed = reader.table_array("timed_transition");
    if (!timed) return std::move(timed).error();
    if (auto ok = reader.finish(); !ok) return std::move(ok).error();
    if (!*graph) {
      return make_error(ErrorCode::kParse, where(file_, root) +
                                               ": the stage graph file needs a [graph] table with "
                                               "'name' and 'initial'");
    }

    for (const toml::table* t : *stages) {
      if (auto ok = read_stage(*t); !ok) return std::move(ok).error();
    }
    for (const toml::table* t : *events) {
      if (auto ok = read_event(*t); !ok) return std::move(ok).error();
    }
    // Timed transitions declare their events, so read them before any name is resolved.
    std::vector<RawEdge> raw_timed;
    for (const toml::table* t : *timed) {
      auto edge = read_edge(*t, true);
      if (!edge) return std::move(edge).error();
      if (auto ok = declare_timed_event(*edge); !ok) return std::move(ok).error();
      raw_timed.push_back(std::move(*edge));
    }
    if (auto ok = read_graph(**graph); !ok) return std::move(ok).error();
    for (const toml::table* t : *transitions) {
      auto edge = read_edge(*t, false);
      if (!edge) return std::move(edge).error();
      if (auto ok = add_transitions(*edge); !ok) return std::move(ok).error();
    }
    for (const RawEdge& edge : raw_timed) {
      if (auto ok = add_transitions(edge); !ok) return std::move(ok).error();
    }
    return std::move(spec_);
  }

 private:
  Status too_many(const toml::table& table, std::string_view what) const {
    return make_error(ErrorCode::kInvalidGraph,
                      where(file_, table) + ": too many " + std::string(what) + " in one graph");
  }

  Status read_stage(const toml::table& table) {
    TableReader r(table, file_, "[[stage]]");
    auto name = r.required_string("name");
    if (!name) return std::move(name).error();
    auto description = r.optional_string("description");
    if (!description) return std::move(description).error();
    auto terminal = r.optional_bool("terminal", false);
    if (!terminal) return std::move(terminal).error();
    if (auto ok = r.finish(); !ok) return ok;
    if (spec_.stages.size() + 1 >= kNoStage) return too_many(table, "stages");
    stage_ids_.emplace(*name, static_cast<StageId>(spec_.stages.size()));  // first one wins
    spec_.stages.push_back(
        StageDef{*name, description->value_or(""), *terminal, SourceRef{where(file_, table)}});
    return {};
  }

  Status read_event(const toml::table& table) {
    TableReader r(table, file_, "[[event]]");
    auto name = r.required_string("name");
    if (!name) return std::move(name).error();
    auto description = r.optional_string("description");
    if (!description) return std::move(description).error();
    auto per_recipient = r.optional_bool("per_recipient", false);
    if (!per_recipient) return std::move(per_recipient).error();
    auto flag = r.optional_string("sets_flag");
    if (!flag) return std::move(flag).error();
    if (auto ok = r.finish(); !ok) return ok;
    if (flag->has_value()) {
      bool known = false;
      for (std::string_view f : kFlags) known = known || f == **flag;
      if (!known) {
        return r.error_at(
            "sets_flag", ErrorCode::kUnknownName,
            "unknown flag '" + **flag + "' in [[event]]; known flags: busy, urgent, no_contact");
      }
    }
    return add_event(EventDef{*name, description->value_or(""), *per_recipient, false,
                              flag->value_or(""), SourceRef{where(file_, table)}},
                     table);
  }

  Status add_event(EventDef def, const toml::table& table) {
    if (spec_.events.size() + 1 >= kNoEvent) return too_many(table, "events");
    event_ids_.emplace(def.name, static_cast<EventId>(spec_.events.size()));  // first one wins
    spec_.events.push_back(std::move(def));
    return {};
  }

  /// A timed transition's event is timed; it is declared here unless an [[event]] names it.
  Status declare_timed_event(const RawEdge& edge) {
    if (auto it = event_ids_.find(edge.event); it != event_ids_.end()) {
      spec_.events[it->second].timed = true;
      return {};
    }
    return add_event(EventDef{edge.event, "", false, true, "", edge.source}, *edge.table);
  }

  Status read_graph(const toml::table& table) {
    TableReader r(table, file_, "[graph]");
    auto name = r.required_string("name");
    if (!name) return std::move(name).error();
    auto initial = r.required_string("initial");
    if (!initial) return std::move(initial).error();
    if (auto ok = r.finish(); !ok) return ok;
    spec_.name = *name;
    auto id = stage_id(*initial, r.where_key("initial"), "[graph]");
    if (!id) return std::move(id).error();
    spec_.initial = *id;
    return {};
  }

  Result<RawEdge> read_edge(const toml::table& table, bool timed) {
    RawEdge edge;
    edge.table = &table;
    edge.timed = timed;
    edge.what = timed ? "[[timed_transition]]" : "[[transition]]";
    edge.source = SourceRef{where(file_, table)};
    TableReader r(table, file_, edge.what);
    if (!r.has("from")) {
      return r.error_at("from", ErrorCode::kParse, edge.what + " needs the key 'from'");
    }
    auto from = r.string_list("from");
    if (!from) return std::move(from).error();
    if (from->empty()) {
      return r.error_at("from", ErrorCode::kParse, "'from' in " + edge.what + " names no stage");
    }
    edge.from = std::move(*from);
    auto event = r.required_string("event");
    if (!event) return std::move(event).error();
    edge.event = std::move(*event);
    if (timed) {
      auto to = r.required_string("to");
      if (!to) return std::move(to).error();
      edge.to = std::move(*to);
      auto after = r.optional_duration("after");
      if (!after) return std::move(after).error();
      if (!after->has_value()) {
        return r.error_at("after", ErrorCode::kParse,
                          edge.what + " needs the key 'after' (a delay such as \"48h\")");
      }
      edge.after = **after;
    } else {
      auto to = r.optional_string("to");
      if (!to) return std::move(to).error();
      edge.to = std::move(*to);
    }
    if (auto ok = r.finish(); !ok) return std::move(ok).error();
    return edge;
  }

  Status add_transitions(const RawEdge& edge) {
    const toml::table& table = *edge.table;
    auto event = event_id(edge.event, value_where(table, "event"), edge.what);
    if (!event) return std::move(event).error();
    std::optional<StageId> to;
    if (edge.to) {
      auto id = stage_id(*edge.to, value_where(table, "to"), edge.what);
      if (!id) return std::move(id).error();
      to = *id;
    }
    std::vector<StageId> from;
    if (edge.from.size() == 1 && edge.from[0] == "*") {
      for (std::size_t i = 0; i < spec_.stages.size(); ++i) {
        if (!spec_.stages[i].terminal) from.push_back(static_cast<StageId>(i));
      }
    } else {
      for (std::size_t i = 0; i < edge.from.size(); ++i) {
        const std::string at = where_item(file_, table, "from", i);
        if (edge.from[i] == "*") {
          const std::string message = ": '*' (every open stage) must stand alone in 'from' in ";
          return make_error(ErrorCode::kParse, at + message + edge.what);
        }
        auto id = stage_id(edge.from[i], at, edge.what);
        if (!id) return std::move(id).error();
        from.push_back(*id);
      }
    }
    for (StageId f : from) {
      const StageId target = to.value_or(f);
      if (edge.timed) {
        spec_.timed.push_back(TimedTransitionDef{f, *event, target, edge.after, edge.source});
      } else {
        spec_.transitions.push_back(TransitionDef{f, *event, target, edge.source});
      }
    }
    return {};
  }

  std::string value_where(const toml::table& table, std::string_view key) const {
    return where_item(file_, table, key, 0);
  }

  Result<StageId> stage_id(const std::string& name, const std::string& at,
                           std::string_view what) const {
    if (auto it = stage_ids_.find(name); it != stage_ids_.end()) return it->second;
    std::string known;
    for (const StageDef& s : spec_.stages) known += (known.empty() ? "" : ", ") + s.name;
    return make_error(ErrorCode::kUnknownName,
                      at + ": unknown stage '" + name + "' in " + std::string(what) +
                          "; known stages: " + (known.empty() ? "(none)" : known));
  }

  Result<EventId> event_id(const std::string& name, const std::string& at,
                           std::string_view what) const {
    if (auto it = event_ids_.find(name); it != event_ids_.end()) return it->second;
    std::string known;
    for (const EventDef& e : spec_.events) known += (known.empty() ? "" : ", ") + e.name;
    return make_error(ErrorCode::kUnknownName,
                      at + ": unknown event '" + name + "' in " + std::string(what) +
                          "; known events: " + (known.empty() ? "(none)" : known));
  }

  std::string_view file_;
  StageGraphSpec spec_;
  std::map<std::string, StageId, std::less<>> stage_ids_;
  std::map<std::string, EventId, std::less<>> event_ids_;
};

}  // namespace

Result<StageGraph> parse_stage_graph(std::string_view text, std::string_view source) {
  auto root = parse_toml(text, source);
  if (!root) return std::move(root).error();
  GraphLoader loader(source);
  auto spec = loader.load(*root);
  if (!spec) return std::move(spec).error();
  return StageGraph::build(std::move(spec).value());
}

Result<StageGraph> load_stage_graph_file(const std::string& path) {
  auto text = read_text_file(path);
  if (!text) return std::move(text).error();
  return parse_stage_graph(*text, path);
}

}  // namespace nudge::detail
