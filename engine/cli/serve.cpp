// nudge serve --db FILE: a durable engine behind JSON lines on stdin/stdout (docs/serve.md).
// One request per line, one reply per line, in order; a reply is written (and flushed) only
// after its effects are committed to the database.
#include <cstdint>
#include <iostream>
#include <string>

#include "cli.hpp"
#include "nudge/limits.hpp"
#include "nudge/store.hpp"
#include "serve_request.hpp"
#include "stack_options.hpp"
#include "store/action_json.hpp"

namespace nudge::cli {
namespace {

using serve::checked;
using serve::error_reply;
using serve::Json;
using serve::optional_string;
using serve::RequestError;
using serve::string_field;
using serve::string_list;
using serve::time_field;

Json due_list(const Store& store) {
  Json list = Json::array();
  for (const Action& a : checked(store.unacked())) list.push_back(detail::action_object(a));
  return list;
}

class Server {
 public:
  explicit Server(Store store) : store_(std::move(store)) {}

  Json handle(const std::string& line) {
    if (std::string problem = serve::line_problem(line); !problem.empty()) {
      return error_reply(nullptr, ErrorCode::kParse, problem);
    }
    Json request = Json::parse(line, nullptr, false);
    if (request.is_discarded()) {
      return error_reply(nullptr, ErrorCode::kParse, "the line is not JSON");
    }
    if (!request.is_object()) {
      return error_reply(nullptr, ErrorCode::kParse, "a request is a JSON object");
    }
    const Json id = request.contains("id") ? request["id"] : Json(nullptr);
    try {
      Json reply = run(request, id);
      reply["id"] = id;
      reply["ok"] = true;
      // "id" and "ok" first: rebuild in order.
      Json ordered;
      ordered["id"] = id;
      ordered["ok"] = true;
      for (auto it = reply.begin(); it != reply.end(); ++it) {
        if (it.key() != "id" && it.key() != "ok") ordered[it.key()] = it.value();
      }
      return ordered;
    } catch (const RequestError& e) {
      return error_reply(id, e.code, e.message);
    }
  }

 private:
  Json run(const Json& request, const Json& id) {
    const std::string op = string_field(request, "op");
    // Requests with an id are remembered with their outcome: a replay has no second effect.
    const std::string rid = id.is_null() ? std::string() : id.dump();
    Json reply;
    bool replayed = false;
    if (!rid.empty() &&
        (op == "open" || op == "apply" || op == "apply_batch" || op == "advance" || op == "ack" ||
         op == "ack_batch" || op == "erase" || op == "erase_batch" || op == "decision_date")) {
      replayed = checked(store_.find_request(rid)).has_value();
    }
    if (op == "open") {
      const std::string source = optional_string(request, "source");
      const Status opened = store_.open_application(string_field(request, "application"),
                                                    source.empty() ? "<request>" : source, rid);
      // TOML that does not parse is a bad field value: invalid_argument, as docs/serve.md
      // keeps parse for a line that is not a JSON object.
      if (!opened && opened.error().code == ErrorCode::kParse) {
        throw RequestError{ErrorCode::kInvalidArgument, opened.error().message};
      }
      checked(opened);
    } else if (op == "apply") {
      const std::string app = string_field(request, "application");
      const std::string type = string_field(request, "event");
      const std::string recipient = optional_string(request, "recipient");
      const Event event{type, time_field(request, "at"), recipient};
      const ApplyOutcome outcome = checked(store_.apply(app, event, rid));
      reply["outcome"] = outcome == ApplyOutcome::kApplied ? "applied" : "duplicate";
    } else if (op == "apply_batch") {
      reply["results"] = apply_batch(request, rid);
    } else if (op == "advance") {
      const auto released = checked(store_.advance(time_field(request, "now"), rid));
      reply["released"] = released.size();
      reply["clock"] = format_rfc3339(store_.engine().now(), "UTC");
      reply["due"] = due_list(store_);
    } else if (op == "pending") {
      reply["due"] = due_list(store_);
    } else if (op == "ack") {
      checked(store_.ack(string_field(request, "key"), rid));
    } else if (op == "ack_batch") {
      reply["results"] = ack_batch(request, rid);
    } else if (op == "decision_date") {
      const std::string app = string_field(request, "application");
      checked(store_.set_decision_date(app, serve::date_field(request, "date"), rid));
    } else if (op == "erase") {
      checked(store_.erase(string_field(request, "application"), rid));
    } else if (op == "erase_batch") {
      reply["results"] = erase_batch(request, rid);
    } else if (op == "plan") {
      const std::string app = string_field(request, "application");
      const auto plan = checked(store_.engine().plan(app));
      Json actions = Json::array();
      for (const Action& a : plan) actions.push_back(detail::action_object(a));
      reply["application"] = app;
      reply["actions"] = std::move(actions);
    } else if (op == "status") {
      const auto status = checked(store_.engine().status(string_field(request, "application")));
      reply["stage"] = status.stage;
      reply["closed"] = status.closed;
      reply["events"] = status.events;
    } else if (op == "snapshot") {
      reply["snapshot"] = store_.engine().snapshot();
    } else {
      throw RequestError{
          ErrorCode::kInvalidArgument,
          "unknown op '" + op +
              "'; one of open, apply, apply_batch, advance, pending, ack, ack_batch, "
              "decision_date, erase, erase_batch, plan, status, snapshot"};
    }
    if (replayed) reply["replayed"] = true;
    return reply;
  }

  // {"events": [{"application", "event", "at", "recipient"}, ...]} in one transaction: a
  // result per event, {"outcome": ...} or {"error": {"code", "message"}}. A malformed event
  // refuses the whole request before anything is applied.
  Json apply_batch(const Json& request, const std::string& rid) {
    if (!request.contains("events") || !request["events"].is_array()) {
      throw RequestError{ErrorCode::kInvalidArgument, "\"events\" must be an array of events"};
    }
    const Json& list = request["events"];
    std::vector<std::string> texts;  // owns what the events view; reserved, so never moved
    texts.reserve(3 * list.size());
    std::vector<ApplicationEvent> events;
    events.reserve(list.size());
    for (std::size_t i = 0; i < list.size(); ++i) {
      const Json& e = list[i];
      try {
        if (!e.is_object()) throw RequestError{ErrorCode::kInvalidArgument, "not an object"};
        texts.push_back(string_field(e, "application"));
        texts.push_back(string_field(e, "event"));
        texts.push_back(optional_string(e, "recipient"));
        const Instant at = time_field(e, "at");
        const std::size_t k = texts.size();
        events.push_back({texts[k - 3], Event{texts[k - 2], at, texts[k - 1]}});
      } catch (const RequestError& error) {
        throw RequestError{error.code, "events[" + std::to_string(i) + "]: " + error.message};
      }
    }
    const auto results = checked(store_.apply_batch(events, rid));
    Json out = Json::array();
    for (const Result<ApplyOutcome>& r : results) {
      if (r) {
        out.push_back({{"outcome", *r == ApplyOutcome::kApplied ? "applied" : "duplicate"}});
      } else {
        out.push_back(
            {{"error",
              {{"code", error_code_name(r.error().code)}, {"message", r.error().message}}}});
      }
    }
    return out;
  }

  // {"keys": [KEY, ...]} in one transaction: a result per key, {} or {"error": ...}.
  Json ack_batch(const Json& request, const std::string& rid) {
    const std::vector<std::string> texts = string_list(request, "keys", "an array of strings");
    const std::vector<std::string_view> keys(texts.begin(), texts.end());
    return status_list(checked(store_.ack_batch(keys, rid)));
  }
  Json erase_batch(const Json& request, const std::string& rid) {
    const std::vector<std::string> texts =
        string_list(request, "applications", "an array of application ids");
    const std::vector<std::string_view> ids(texts.begin(), texts.end());
    return status_list(checked(store_.erase_batch(ids, rid)));
  }

  // One result per key or id: {} or {"error": {"code", "message"}}.
  static Json status_list(const std::vector<Status>& results) {
    Json out = Json::array();
    for (const Status& r : results) {
      out.push_back(
          r ? Json::object()
            : Json{{"error",
                    {{"code", error_code_name(r.error().code)}, {"message", r.error().message}}}});
    }
    return out;
  }

  Store store_;
};

bool parse_synchronous(const std::string& s, Synchronous& out) {
  if (s == "full")
    out = Synchronous::kFull;
  else if (s == "normal")
    out = Synchronous::kNormal;
  else if (s == "off")
    out = Synchronous::kOff;
  else
    return false;
  return true;
}

}  // namespace

void print_serve_help() {
  std::cout
      << R"(Usage: nudge serve --db FILE [--synchronous full|normal|off] [--checkpoint-every N]
                   [--policy FILE] [--industry NAME] [--culture NAME] [--company FILE]
                   [--plugin FILE]...

Runs a durable engine on the SQLite database FILE (created if missing; an existing one
continues where it stopped) and answers JSON requests, one per line on stdin, one reply per
line on stdout, in order, each after its effects are committed. Requests:
  {"id": 1, "op": "open", "application": "<application TOML>"}
  {"id": 2, "op": "apply", "application": "app-1", "event": "thank_you_sent",
   "at": "2026-11-23T21:00:00Z", "recipient": "Ana Ruiz"}
  {"id": 3, "op": "apply_batch", "events": [{"application": ..., "event": ..., "at": ...}, ...]}
                                              -> one transaction, a result per event
  {"id": 4, "op": "advance", "now": "2026-11-30T12:00:00Z"}   -> every unacked due action
  {"id": 5, "op": "ack", "key": "<an action's id>"}  {"op": "ack_batch", "keys": [...]}
  {"op": "decision_date", "application": "app-1", "date": "2026-12-04"}  (null: withdrawn)
  {"id": 6, "op": "erase", "application": "app-1"}  {"op": "erase_batch", "applications": [...]}
                    -> the application, and all the database holds about it, are gone
  {"id": 7, "op": "pending"} {"op": "plan", "application": ...} {"op": "status", ...}
  {"op": "snapshot"}
Replies: {"id": ..., "ok": true, ...} or {"id": ..., "ok": false, "error": {"code",
"message"}}. A request id seen before is not carried out again. See docs/serve.md.

Options:
  --db FILE              the database (required)
  --synchronous LEVEL    full (default: a commit survives a power loss), normal, off
  --checkpoint-every N   journal entries between engine snapshots, 0 to 4294967295
                         (default 0: automatic, at least 1000 and at least one per open
                         application)
)" << stack_options_help()
      << R"(  -h, --help             show this help
)";
}

int run_serve(const Args& args) {
  StackOptions options = default_stack_options();
  StoreOptions store_options;
  std::string db;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    const OptionMatch match = take_stack_option(args, i, options);
    if (match == OptionMatch::kMissingValue) {
      std::cerr << "nudge serve: " << a << " needs a value; see 'nudge serve --help'\n";
      return kUsageError;
    }
    if (match == OptionMatch::kYes) continue;
    const bool has_value = i + 1 < args.size();
    if (a == "-h" || a == "--help") {
      print_serve_help();
      return kOk;
    } else if (a == "--db" && has_value) {
      db = args[++i];
    } else if (a == "--synchronous" && has_value) {
      if (!parse_synchronous(args[++i], store_options.synchronous)) {
        std::cerr << "nudge serve: --synchronous takes full, normal or off, not '" << args[i]
                  << "'\n";
        return kUsageError;
      }
    } else if (a == "--checkpoint-every" && has_value) {
      // std::stoul read "-1" as 4294967295 and "5x" as 5; the whole value is checked now.
      const auto n = parse_option_number(args[++i], 0, UINT32_MAX);
      if (!n) {
        std::cerr << "nudge serve: --checkpoint-every takes a whole number from 0 (automatic) to "
                  << UINT32_MAX << ", not '" << args[i] << "'\n";
        return kUsageError;
      }
      store_options.checkpoint_every = static_cast<std::uint32_t>(*n);
    } else {
      std::cerr << "nudge serve: unknown option or missing value '" << a
                << "'; see 'nudge serve --help'\n";
      return kUsageError;
    }
  }
  if (db.empty()) {
    std::cerr << "nudge serve: which database? usage: nudge serve --db FILE\n";
    return kUsageError;
  }
  auto stack = PolicyStack::load(options);
  if (!stack) {
    std::cerr << "nudge serve: " << stack.error().message << "\n";
    return kInputError;
  }
  print_refused_plugins(*stack, std::cerr);
  auto store = Store::open(db, *stack, store_options);
  if (!store) {
    std::cerr << "nudge serve: " << store.error().message << "\n";
    return kInputError;
  }
  Server server(std::move(*store));
  std::ios::sync_with_stdio(false);
  std::string line;
  while (serve::read_line(std::cin, line)) {
    if (line.size() > limits::kMaxServeLineBytes) {
      // Too long: refused without parsing (the rest of the line was skipped, not stored).
      const Json reply = error_reply(nullptr, ErrorCode::kInvalidArgument,
                                     "the request line is longer than " +
                                         std::to_string(limits::kMaxServeLineBytes) +
                                         " bytes, the limit of nudge serve; send smaller "
                                         "requests");
      std::cout << reply.dump() << '\n' << std::flush;
      continue;
    }
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    const Json reply = server.handle(line);
    std::cout << reply.dump(-1, ' ', false, Json::error_handler_t::replace) << '\n' << std::flush;
  }
  return kOk;
}

}  // namespace nudge::cli
