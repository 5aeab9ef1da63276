// nudge serve: the protocol (docs/serve.md), malformed lines, replayed requests, bad
// databases; and the crash test: SIGKILL at random points, restart, nothing lost or repeated.
#include <gtest/gtest.h>

#include <sys/wait.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <nlohmann/json.hpp>
#include <random>
#include <set>

#include "cli/serve_process.hpp"
#include "nudge/engine.hpp"
#include "store/store_helpers.hpp"

namespace nudge::test {
namespace {

using Json = nlohmann::json;
namespace fs = std::filesystem;

std::vector<std::string> serve_args(const fs::path& db) {
  return {"--db", db.string(), "--policy",
          std::string(NUDGE_SOURCE_DIR) + "/policies/default.toml"};
}

Json ask(ServeProcess& serve, const Json& request) {
  return Json::parse(serve.request(request.dump()));
}

TEST(Serve, AnswersEveryRequestAndSurvivesMalformedLines) {
  const fs::path db = fresh_dir("serve-protocol") / "serve.db";
  ServeProcess serve(serve_args(db));
  EXPECT_EQ(ask(serve, {{"id", 1}, {"op", "open"}, {"application", panel_toml("app-1")}}),
            Json::parse(R"({"id":1,"ok":true})"));
  EXPECT_EQ(serve.request("this is not json"),
            R"({"id":null,"ok":false,"error":{"code":"parse","message":"the line is not JSON"}})");
  EXPECT_EQ(
      serve.request("[1,2]"),
      R"({"id":null,"ok":false,"error":{"code":"parse","message":"a request is a JSON object"}})");
  EXPECT_EQ(
      serve.request(R"({"id":"x","op":"apply","application":"app-1"})"),
      R"({"id":"x","ok":false,"error":{"code":"invalid_argument","message":"missing \"event\""}})");
  EXPECT_EQ(
      serve.request(R"({"id":"y","op":"launch"})"),
      R"({"id":"y","ok":false,"error":{"code":"invalid_argument","message":"unknown op 'launch'; one of open, apply, apply_batch, advance, pending, ack, ack_batch, decision_date, erase, erase_batch, plan, status, snapshot"}})");
  const Json thanks = {{"id", 2},
                       {"op", "apply"},
                       {"application", "app-1"},
                       {"event", "thank_you_sent"},
                       {"at", "2026-11-23T21:00:00Z"},
                       {"recipient", "Ana Ruiz"}};
  EXPECT_EQ(ask(serve, thanks), Json::parse(R"({"id":2,"ok":true,"outcome":"applied"})"));
  EXPECT_EQ(ask(serve, thanks),
            Json::parse(R"({"id":2,"ok":true,"outcome":"applied","replayed":true})"));
  Json same = thanks;
  same["id"] = 3;
  EXPECT_EQ(ask(serve, same), Json::parse(R"({"id":3,"ok":true,"outcome":"duplicate"})"));
  Json advance = ask(serve, {{"id", 4}, {"op", "advance"}, {"now", "2026-11-25T00:00:00Z"}});
  ASSERT_TRUE(advance["ok"].get<bool>()) << advance;
  EXPECT_EQ(advance["released"], 3);
  EXPECT_EQ(advance["clock"], "2026-11-25T00:00:00Z");
  ASSERT_EQ(advance["due"].size(), 3u);
  EXPECT_EQ(advance["due"][1]["id"], "app-1/R1/thank_you/Ben Keller/2026-11-23T16:30:00Z/1");
  EXPECT_EQ(advance["due"][1]["at"], "2026-11-24T09:00:00+01:00");
  const std::string key = advance["due"][1]["id"];
  EXPECT_EQ(ask(serve, {{"id", 5}, {"op", "ack"}, {"key", key}}),
            Json::parse(R"({"id":5,"ok":true})"));
  EXPECT_EQ(
      ask(serve, {{"id", 6}, {"op", "ack"}, {"key", "no/such"}}),
      Json::parse(
          R"({"id":6,"ok":false,"error":{"code":"not_found","message":"no released action has the key 'no/such'"}})"));
  Json pending = ask(serve, {{"id", 7}, {"op", "pending"}});
  EXPECT_EQ(pending["due"].size(), 2u);
  // Several acks in one transaction: a result per key, an unknown one refused alone.
  EXPECT_EQ(
      ask(serve, {{"id", 15}, {"op", "ack_batch"}, {"keys", {key, "no/such"}}}),
      Json::parse(
          R"({"id":15,"ok":true,"results":[{},{"error":{"code":"not_found","message":"no released action has the key 'no/such'"}}]})"));
  EXPECT_EQ(
      serve.request(R"({"id":16,"op":"ack_batch","keys":["a",2]})"),
      R"({"id":16,"ok":false,"error":{"code":"invalid_argument","message":"keys[1]: must be a string"}})");
  Json old = ask(serve, {{"id", 8}, {"op", "advance"}, {"now", "2026-11-24T00:00:00Z"}});
  EXPECT_EQ(old["error"]["code"], "out_of_order");
  Json replayed = ask(serve, {{"id", 4}, {"op", "advance"}, {"now", "2026-11-25T00:00:00Z"}});
  EXPECT_EQ(replayed["replayed"], true);
  EXPECT_EQ(replayed["due"].size(), 2u) << "the acked action is not delivered again";
  Json status = ask(serve, {{"id", 9}, {"op", "status"}, {"application", "app-1"}});
  EXPECT_EQ(status["stage"], "thanked");
  Json plan = ask(serve, {{"id", 10}, {"op", "plan"}, {"application", "app-1"}});
  EXPECT_EQ(plan["application"], "app-1");
  EXPECT_FALSE(plan["actions"].empty());
  // A batch: one transaction, a result per event; replayed from memory; a malformed event
  // refuses the request before anything is applied.
  const Json batch = Json::parse(R"({"id":12,"op":"apply_batch","events":[
      {"application":"app-1","event":"thank_you_sent","at":"2026-11-23T21:00:00Z","recipient":"Ben Keller"},
      {"application":"app-1","event":"thank_you_sent","at":"2026-11-23T21:00:00Z","recipient":"Ben Keller"},
      {"application":"app-9","event":"reflection_done","at":"2026-11-23T21:00:00Z"}]})");
  EXPECT_EQ(ask(serve, batch), Json::parse(R"({"id":12,"ok":true,"results":[
      {"outcome":"applied"},{"outcome":"duplicate"},
      {"error":{"code":"not_found","message":"no application 'app-9' is open in this engine"}}]})"));
  EXPECT_EQ(ask(serve, batch), Json::parse(R"({"id":12,"ok":true,"replayed":true,"results":[
      {"outcome":"applied"},{"outcome":"duplicate"},
      {"error":{"code":"not_found","message":"event 2 of request 12 was refused when the request was first carried out"}}]})"));
  EXPECT_EQ(
      serve.request(
          R"({"id":13,"op":"apply_batch","events":[{"application":"app-1","event":"reflection_done","at":"2026-11-23T21:00:00Z"},{"application":"app-1","event":"reflection_done"}]})"),
      R"({"id":13,"ok":false,"error":{"code":"invalid_argument","message":"events[1]: missing \"at\""}})");
  EXPECT_EQ(ask(serve, {{"id", 14}, {"op", "status"}, {"application", "app-1"}})["events"],
            status["events"].get<int>() + 1)
      << "only the batch's one applied event counts; the refused request applied nothing";
  Json snap = ask(serve, {{"id", 11}, {"op", "snapshot"}});
  EXPECT_EQ(snap["snapshot"].get<std::string>().rfind("nudge-snapshot ", 0), 0u);
  EXPECT_EQ(serve.finish(), 0);
}

// Bug: 50000 nested arrays in a ~100 KB line overflowed the stack (SIGSEGV); the line is now
// refused by a nesting limit of 64 and the server reads on.
TEST(Serve, EraseRemovesAnApplicationAndItsPendingActionsForGood) {
  const fs::path db = fresh_dir("serve-erase") / "serve.db";
  {
    ServeProcess serve(serve_args(db));
    for (const char* id : {"app-1", "app-2", "app-3"}) {
      ASSERT_EQ(ask(serve, {{"op", "open"}, {"application", panel_toml(id)}})["ok"], true);
    }
    const Json advanced =
        ask(serve, {{"id", 1}, {"op", "advance"}, {"now", "2026-11-30T12:00:00Z"}});
    std::set<std::string> apps;
    for (const Json& a : advanced["due"]) apps.insert(a["application"].get<std::string>());
    ASSERT_EQ(apps, (std::set<std::string>{"app-1", "app-2", "app-3"}));
    EXPECT_EQ(ask(serve, {{"id", 2}, {"op", "erase"}, {"application", "app-1"}}),
              Json::parse(R"({"id":2,"ok":true})"));
    EXPECT_EQ(ask(serve, {{"id", 2}, {"op", "erase"}, {"application", "app-1"}}),
              Json::parse(R"({"id":2,"ok":true,"replayed":true})"));
    EXPECT_EQ(
        serve.request(R"({"id":3,"op":"erase","application":"app-1"})"),
        R"({"id":3,"ok":false,"error":{"code":"not_found","message":"no application 'app-1' is open in this engine"}})");
    EXPECT_EQ(
        serve.request(R"({"id":4,"op":"erase_batch","applications":["app-3","app-9"]})"),
        R"({"id":4,"ok":true,"results":[{},{"error":{"code":"not_found","message":"no application 'app-9' is open in this engine"}}]})");
    EXPECT_EQ(
        serve.request(R"({"id":5,"op":"erase_batch","applications":["app-2",7]})"),
        R"({"id":5,"ok":false,"error":{"code":"invalid_argument","message":"applications[1]: must be a string"}})");
    EXPECT_EQ(
        serve.request(R"({"id":6,"op":"erase_batch","applications":"app-2"})"),
        R"({"id":6,"ok":false,"error":{"code":"invalid_argument","message":"\"applications\" must be an array of application ids"}})");
    EXPECT_EQ(serve.finish(), 0);
  }
  ServeProcess serve(serve_args(db));
  const Json pending = ask(serve, {{"op", "pending"}});
  ASSERT_FALSE(pending["due"].empty());
  for (const Json& a : pending["due"]) EXPECT_EQ(a["application"], "app-2");
  EXPECT_EQ(ask(serve, {{"op", "status"}, {"application", "app-3"}})["error"]["code"], "not_found");
  EXPECT_EQ(ask(serve, {{"op", "status"}, {"application", "app-2"}})["ok"], true);
  EXPECT_EQ(serve.finish(), 0);
}

// SIGKILL while an erasure (its checkpoint, its WAL truncation) is under way: after the
// restart the erasure either happened or not, never half, and resending it finishes it.
TEST(Serve, ADecisionDateStatedLaterMovesR4) {
  const fs::path db = fresh_dir("serve-decision-date") / "serve.db";
  ServeProcess serve(serve_args(db));
  ASSERT_EQ(ask(serve, {{"op", "open"}, {"application", panel_toml("app-1")}})["ok"], true);
  auto r4 = [&serve]() {
    const Json plan = ask(serve, {{"op", "plan"}, {"application", "app-1"}});
    for (const Json& a : plan["actions"]) {
      if (a["rule"] == "R4") return a["at"].get<std::string>();
    }
    return std::string("none");
  };
  EXPECT_EQ(r4(), "2026-11-30T13:30:00-06:00");
  EXPECT_EQ(
      serve.request(R"({"id":1,"op":"decision_date","application":"app-1","date":"2026-12-04"})"),
      R"({"id":1,"ok":true})");
  EXPECT_EQ(r4(), "2026-12-11T09:00:00-06:00");
  EXPECT_EQ(
      serve.request(R"({"id":2,"op":"decision_date","application":"app-1","date":"2026-02-30"})"),
      R"({"id":2,"ok":false,"error":{"code":"invalid_argument","message":"\"date\": impossible date '2026-02-30': February 2026 has 28 days"}})");
  EXPECT_EQ(
      serve.request(R"({"id":3,"op":"decision_date","application":"app-1"})"),
      R"x({"id":3,"ok":false,"error":{"code":"invalid_argument","message":"missing \"date\" (a date \"YYYY-MM-DD\", or null for none)"}})x");
  EXPECT_EQ(
      serve.request(R"({"id":4,"op":"decision_date","application":"app-1","date":"2026-11-01"})"),
      R"({"id":4,"ok":false,"error":{"code":"invalid_argument","message":"application 'app-1': decision_date 2026-11-01 is before the interview ended (2026-11-23 in America/New_York); give the date the employer stated, or leave it out"}})");
  EXPECT_EQ(r4(), "2026-12-11T09:00:00-06:00");
  EXPECT_EQ(serve.request(R"({"id":5,"op":"decision_date","application":"app-1","date":null})"),
            R"({"id":5,"ok":true})");
  EXPECT_EQ(r4(), "2026-11-30T13:30:00-06:00");
  EXPECT_EQ(serve.finish(), 0);
}

TEST(Serve, AnErasureKilledHalfWayIsAllOrNothingAndResendable) {
  const fs::path db = fresh_dir("serve-erase-kill") / "serve.db";
  std::mt19937 rng(4);
  auto serve = std::make_unique<ServeProcess>(serve_args(db));
  for (int i = 0; i < 12; ++i) {
    const std::string id = "app-" + std::to_string(i);
    ASSERT_EQ(ask(*serve, {{"op", "open"}, {"application", panel_toml(id)}})["ok"], true);
  }
  ASSERT_EQ(ask(*serve, {{"op", "advance"}, {"now", "2026-11-30T12:00:00Z"}})["ok"], true);
  int took_effect = 0;
  for (int i = 0; i < 10; ++i) {
    const std::string id = "app-" + std::to_string(i);
    const Json erase = {{"id", "erase-" + id}, {"op", "erase"}, {"application", id}};
    serve->send(erase.dump());
    usleep(static_cast<useconds_t>(rng() % 4000));
    serve->kill_now();
    serve = std::make_unique<ServeProcess>(serve_args(db));
    const Json status = ask(*serve, {{"op", "status"}, {"application", id}});
    const bool gone = !status["ok"].get<bool>();
    if (gone) {
      EXPECT_EQ(status["error"]["code"], "not_found");
      ++took_effect;
    }
    const Json again = ask(*serve, erase);
    EXPECT_EQ(again["ok"], true) << again.dump();
    EXPECT_EQ(again.contains("replayed"), gone) << "an erasure that took effect is remembered";
    const Json pending = ask(*serve, {{"op", "pending"}});
    for (const Json& a : pending["due"]) {
      ASSERT_GT(std::stoi(a["application"].get<std::string>().substr(4)), i) << a.dump();
    }
  }
  EXPECT_EQ(ask(*serve, {{"op", "status"}, {"application", "app-11"}})["ok"], true);
  EXPECT_EQ(serve->finish(), 0);
  std::printf("erasures killed: %d had taken effect, %d had not\n", took_effect, 10 - took_effect);
}

TEST(Serve, RefusesNestingDeeperThan64AndReadsOn) {
  const fs::path db = fresh_dir("serve-nesting") / "serve.db";
  ServeProcess serve(serve_args(db));
  const std::size_t n = 50000;
  EXPECT_EQ(
      serve.request("{\"id\":" + std::string(n, '[') + std::string(n, ']') + "}"),
      R"({"id":null,"ok":false,"error":{"code":"parse","message":"the line nests arrays and objects deeper than 64 levels (at column 70), the limit of nudge serve"}})");
  // 64 levels (the request object and 63 arrays) are accepted and echoed.
  const std::string id63 = std::string(63, '[') + std::string(63, ']');
  EXPECT_EQ(serve.request("{\"id\":" + id63 + "}"),
            "{\"id\":" + id63 +
                R"(,"ok":false,"error":{"code":"invalid_argument","message":"missing \"op\""}})");
  // Brackets inside strings do not nest.
  const std::string brackets(100, '[');
  EXPECT_EQ(serve.request(R"({"id":")" + brackets + R"(","op":"pending"})"),
            R"({"id":")" + brackets + R"(","ok":true,"due":[]})");
  EXPECT_EQ(serve.finish(), 0);
}

// Bug: nlohmann stops reading at a NUL byte, so the rest of the line was silently dropped and
// the first request answered as if it were the whole line.
TEST(Serve, RefusesALineWithANulByteNamingTheColumn) {
  const fs::path db = fresh_dir("serve-nul") / "serve.db";
  ServeProcess serve(serve_args(db));
  const std::string first = R"({"id":1,"op":"pending"})";
  const std::string second = R"({"id":2,"op":"snapshot"})";
  EXPECT_EQ(
      serve.request(first + std::string(1, '\0') + second),
      R"({"id":null,"ok":false,"error":{"code":"parse","message":"the line contains a NUL byte at column 24; a request is one line of JSON text"}})");
  // An escaped NUL inside a string is JSON text, not a NUL byte.
  EXPECT_EQ(serve.request(R"({"id":"a\u0000b","op":"pending"})"),
            R"({"id":"a\u0000b","ok":true,"due":[]})");
  EXPECT_EQ(serve.request(first), R"({"id":1,"ok":true,"due":[]})");
  EXPECT_EQ(serve.finish(), 0);
}

// Bug: "at": 18446744073709551615 was read as -1, and "at": 1795451400.0 was refused as if it
// were not UTC seconds. Integer times must lie in the RFC 3339 range; "app-9" is not open, so
// a time serve accepts gets not_found from the engine.
TEST(Serve, ChecksNumericTimesAndDropsFractionsOfRfc3339Seconds) {
  const fs::path db = fresh_dir("serve-times") / "serve.db";
  ServeProcess serve(serve_args(db));
  const std::string apply =
      R"({"id":1,"op":"apply","application":"app-9","event":"reflection_done","at":)";
  const std::string not_open =
      R"({"id":1,"ok":false,"error":{"code":"not_found","message":"no application 'app-9' is open in this engine"}})";
  EXPECT_EQ(
      serve.request(apply + "18446744073709551615}"),
      R"j({"id":1,"ok":false,"error":{"code":"invalid_argument","message":"\"at\": 18446744073709551615 is out of range; UTC seconds go from -62167219200 (0000-01-01T00:00:00Z) to 253402300799 (9999-12-31T23:59:59Z)"}})j");
  EXPECT_EQ(
      serve.request(apply + "253402300800}"),
      R"j({"id":1,"ok":false,"error":{"code":"invalid_argument","message":"\"at\": 253402300800 is out of range; UTC seconds go from -62167219200 (0000-01-01T00:00:00Z) to 253402300799 (9999-12-31T23:59:59Z)"}})j");
  EXPECT_EQ(
      serve.request(apply + "-62167219201}"),
      R"j({"id":1,"ok":false,"error":{"code":"invalid_argument","message":"\"at\": -62167219201 is out of range; UTC seconds go from -62167219200 (0000-01-01T00:00:00Z) to 253402300799 (9999-12-31T23:59:59Z)"}})j");
  EXPECT_EQ(serve.request(apply + "253402300799}"), not_open);
  EXPECT_EQ(serve.request(apply + "-62167219200}"), not_open);
  EXPECT_EQ(serve.request(apply + "\"2026-11-23T21:00:00.5Z\"}"), not_open);
  EXPECT_EQ(
      serve.request(apply + "1795451400.0}"),
      R"j({"id":1,"ok":false,"error":{"code":"invalid_argument","message":"\"at\" must be an RFC 3339 string or whole UTC seconds (an integer, without a fraction or an exponent)"}})j");
  EXPECT_EQ(
      serve.request(
          R"({"id":2,"op":"apply_batch","events":[{"application":"app-9","event":"reflection_done","at":1e9}]})"),
      R"j({"id":2,"ok":false,"error":{"code":"invalid_argument","message":"events[0]: \"at\" must be an RFC 3339 string or whole UTC seconds (an integer, without a fraction or an exponent)"}})j");
  // Below INT64_MIN nlohmann reads a floating-point number.
  EXPECT_EQ(
      serve.request(R"({"id":3,"op":"advance","now":-9223372036854775809})"),
      R"j({"id":3,"ok":false,"error":{"code":"invalid_argument","message":"\"now\": -9.223372036854776e+18 is out of range; UTC seconds go from -62167219200 (0000-01-01T00:00:00Z) to 253402300799 (9999-12-31T23:59:59Z)"}})j");
  // A fraction (JavaScript's toISOString always writes one) is dropped: the clock is whole
  // seconds.
  EXPECT_EQ(serve.request(R"({"id":4,"op":"advance","now":"2026-11-25T00:00:00.999Z"})"),
            R"({"id":4,"ok":true,"released":0,"clock":"2026-11-25T00:00:00Z","due":[]})");
  EXPECT_EQ(serve.finish(), 0);
}

// docs/serve.md: parse is for a line that is not a JSON object; a field whose value does not
// parse (a time, the application's TOML) is invalid_argument. Both were parse before.
TEST(Serve, KeepsParseForTheLineAndInvalidArgumentForAFieldValue) {
  const fs::path db = fresh_dir("serve-codes") / "serve.db";
  ServeProcess serve(serve_args(db));
  EXPECT_EQ(serve.request(R"({"id":1,"op":"pending")"),
            R"({"id":null,"ok":false,"error":{"code":"parse","message":"the line is not JSON"}})");
  EXPECT_EQ(
      serve.request(
          R"({"id":2,"op":"apply","application":"app-1","event":"reflection_done","at":"2026-13-01T00:00:00Z"})"),
      R"({"id":2,"ok":false,"error":{"code":"invalid_argument","message":"\"at\": impossible date-time '2026-13-01T00:00:00Z': month 13 does not exist"}})");
  EXPECT_EQ(
      serve.request(R"({"id":3,"op":"advance","now":"yesterday"})"),
      R"({"id":3,"ok":false,"error":{"code":"invalid_argument","message":"\"now\": invalid date-time 'yesterday': write RFC 3339 with an offset, e.g. \"2026-11-23T11:30:00-05:00\" or \"2026-11-23T16:30:00Z\""}})");
  const std::string bad_toml =
      R"({"id":4,"op":"open","application":"id = \"app-1\"\ncandidate_zone = ","source":"a.toml"})";
  const std::string bad_toml_reply =
      R"({"id":4,"ok":false,"error":{"code":"invalid_argument","message":"a.toml:2:18: Error while parsing key-value pair: encountered end-of-file"}})";
  EXPECT_EQ(serve.request(bad_toml), bad_toml_reply);
  EXPECT_EQ(serve.request(bad_toml), bad_toml_reply) << "the same code when replayed";
  // TOML that parses but names something unknown keeps the engine's code.
  EXPECT_EQ(
      serve.request(
          R"({"id":5,"op":"open","application":"id = \"app-1\"\ncandidate_zone = \"Mars/Base\"\ninterview_end = 2026-11-23T11:30:00-05:00\n"})"),
      R"({"id":5,"ok":false,"error":{"code":"unknown_name","message":"<request>:2:18: unknown time zone 'Mars/Base'; use an IANA name such as 'America/New_York'"}})");
  EXPECT_EQ(serve.finish(), 0);
}

// `nudge serve ARGS` with no input: exit status and everything it printed.
std::pair<int, std::string> serve_command(const std::string& args) {
  const std::string cmd = std::string(NUDGE_CLI_PATH) + " serve " + args + " </dev/null 2>&1";
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return {-1, out};
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int raw = pclose(p);
  return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, out};
}

// Bug: std::stoul read "--checkpoint-every -1" as 4294967295 and "5x" as 5.
TEST(Serve, ChecksCheckpointEveryWholeAndInRange) {
  const fs::path db = fresh_dir("serve-options") / "serve.db";
  const std::string base = "--db " + db.string() + " --policy " + NUDGE_SOURCE_DIR +
                           "/policies/default.toml --checkpoint-every ";
  for (const std::string bad : {"-1", "5x", "4294967296", "+5", "' 5'", "0x10", "''"}) {
    const std::string shown = bad == "''" ? "" : bad == "' 5'" ? " 5" : bad;
    EXPECT_EQ(serve_command(base + bad),
              std::make_pair(2,
                             "nudge serve: --checkpoint-every takes a whole number from 0 "
                             "(automatic) to 4294967295, not '" +
                                 shown + "'\n"));
  }
  EXPECT_EQ(serve_command(base + "4294967295"), std::make_pair(0, std::string()));
  EXPECT_EQ(serve_command(base + "0"), std::make_pair(0, std::string()));
}

TEST(Serve, RefusesAFileThatIsNotADatabaseNamingIt) {
  const fs::path db = fresh_dir("serve-garbage") / "garbage.db";
  std::ofstream(db) << std::string(4096, 'z');
  ServeProcess serve(serve_args(db));
  EXPECT_EQ(serve.finish(), 1);
}

// ---- the crash test ----------------------------------------------------------------------

std::size_t env_count(const char* name, std::size_t fallback) {
  const char* v = std::getenv(name);
  return v && *v ? static_cast<std::size_t>(std::strtoull(v, nullptr, 10)) : fallback;
}

std::string app_toml(int i) {
  // Interviews end one hour apart from 2026-11-23T14:00Z on.
  std::string t = panel_toml("app-" + std::to_string(i));
  const std::string end = "2026-11-23T11:30:00-05:00";
  char when[32];
  std::snprintf(when, sizeof when, "2026-11-%02dT%02d:00:00Z", 23 + i / 24, i % 24);
  t.replace(t.find(end), end.size(), when);
  return t;
}

// The requests are generated as the test goes (acks depend on what became due) from a seeded
// generator; the reference is an in-memory engine fed the same requests. Every request is
// sent until it gets a reply (the same id after a restart), so the reference sees each once.
TEST(Serve, CrashTestSigkillAtRandomPointsLosesAndRepeatsNothing) {
  const std::size_t requests = env_count("NUDGE_CRASH_REQUESTS", 4000);
  const std::size_t kills = env_count("NUDGE_CRASH_KILLS", 50);
  const fs::path db = fresh_dir("serve-crash") / "crash.db";
  // NUDGE_CRASH_SEED picks another stream of requests and kill points (soak runs).
  std::mt19937_64 rng(env_count("NUDGE_CRASH_SEED", 20261123));
  auto chance = [&](double p) { return std::uniform_real_distribution<double>(0, 1)(rng) < p; };
  auto pick = [&](std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng);
  };

  std::set<std::size_t> kill_at;
  while (kill_at.size() < std::min(kills, requests / 2)) kill_at.insert(1 + pick(requests - 1));

  Engine reference(cli_default_stack());  // what `nudge serve` runs
  std::set<std::string> expected_unacked, acked;
  std::vector<std::string> ack_queue;
  Instant clock = utc("2026-11-23T00:00:00Z");
  int opened = 0;
  const int kApps = 24;
  const char* kEvents[][2] = {{"thank_you_sent", "Ana Ruiz"},
                              {"thank_you_sent", "Ben Keller"},
                              {"connection_sent", "Ana Ruiz"},
                              {"reflection_done", ""},
                              {"inquiry_sent", ""},
                              {"reply_received", ""},
                              {"info_requested", ""},
                              {"info_sent", ""},
                              {"assessment_invited", ""},
                              {"interview_ended", ""},
                              {"value_add_sent", ""}};

  auto serve = std::make_unique<ServeProcess>(serve_args(db));
  std::size_t restarts = 0, replayed = 0, successes = 0, errors = 0, ack_count = 0, apply_count = 0,
              erasures = 0;
  for (std::size_t n = 0; n < requests; ++n) {
    // Choose the request.
    Json req;
    req["id"] = "r" + std::to_string(n);
    enum Kind { kOpen, kApply, kBatch, kAdvance, kAck, kErase } kind;
    if (!ack_queue.empty() && chance(0.5)) {
      kind = kAck;
      req["op"] = "ack";
      req["key"] = ack_queue.back();
    } else if (opened < kApps && (opened < 4 || chance(0.05))) {
      kind = kOpen;
      req["op"] = "open";
      req["application"] = app_toml(opened);
    } else if (opened > 4 && chance(0.004)) {
      kind = kErase;  // sometimes one erased before, or never opened: not_found
      req["op"] = "erase";
      req["application"] = "app-" + std::to_string(pick(static_cast<std::size_t>(opened) + 1));
    } else if (chance(0.15)) {
      kind = kAdvance;
      clock += std::chrono::minutes(30 + static_cast<int>(pick(12 * 60)));
      req["op"] = "advance";
      req["now"] = clock.time_since_epoch().count();
    } else if (chance(0.1)) {
      kind = kBatch;  // 2-8 events in one transaction
      req["op"] = "apply_batch";
      req["events"] = Json::array();
      for (std::size_t k = 0, size = 2 + pick(7); k < size; ++k) {
        const auto& e = kEvents[pick(std::size(kEvents))];
        req["events"].push_back(
            {{"application", "app-" + std::to_string(pick(static_cast<std::size_t>(opened)))},
             {"event", e[0]},
             {"recipient", e[1]},
             {"at", clock.time_since_epoch().count()}});
      }
    } else {
      kind = kApply;
      const auto& e = kEvents[pick(std::size(kEvents))];
      req["op"] = "apply";
      req["application"] = "app-" + std::to_string(pick(static_cast<std::size_t>(opened)));
      req["event"] = e[0];
      req["recipient"] = e[1];
      req["at"] = clock.time_since_epoch().count();
    }
    // Send it, killing the server at the chosen points (before, during or after the work).
    std::string line;
    // A server that dies by itself (not killed by the test) three times in a row for one
    // request is a failure, not something to retry forever.
    int unexplained = 0;
    for (;;) {
      ASSERT_LT(unexplained, 3) << "nudge serve keeps exiting on request " << req.dump();
      try {
        if (kill_at.count(n)) {
          kill_at.erase(n);
          serve->send(req.dump());
          if (chance(0.6)) usleep(static_cast<useconds_t>(pick(3000)));
          serve->kill_now();
          throw std::runtime_error("killed");
        }
        line = serve->request(req.dump());
        break;
      } catch (const std::runtime_error& e) {
        if (std::string(e.what()) != "killed") ++unexplained;
        serve = std::make_unique<ServeProcess>(serve_args(db));
        ++restarts;
      }
    }
    const Json reply = Json::parse(line);
    ASSERT_EQ(reply["id"], req["id"]) << line;
    if (reply.contains("replayed")) ++replayed;
    // The reference.
    Status expected;
    std::string outcome;
    std::vector<std::string> batch_outcomes;  // per event: "applied", "duplicate" or a code
    if (kind == kOpen) {
      auto ctx = parse_application(req["application"].get<std::string>(), "<request>");
      ASSERT_TRUE(ctx.ok());
      expected = reference.open(*ctx);
      ++opened;
    } else if (kind == kApply) {
      const std::string app = req["application"], type = req["event"], to = req["recipient"];
      auto r = reference.apply(app, Event{type, clock, to});
      if (!r)
        expected = r.error();
      else
        outcome = *r == ApplyOutcome::kApplied ? "applied" : "duplicate";
      ++apply_count;
    } else if (kind == kBatch) {
      for (const Json& e : req["events"]) {
        const std::string app = e["application"], type = e["event"], to = e["recipient"];
        auto r = reference.apply(app, Event{type, clock, to});
        batch_outcomes.push_back(!r                             ? error_code_name(r.error().code)
                                 : *r == ApplyOutcome::kApplied ? "applied"
                                                                : "duplicate");
        ++apply_count;
      }
    } else if (kind == kErase) {
      const std::string app = req["application"];
      expected = reference.erase(app);
      if (expected.ok()) {
        // Its released actions go, acked or not: an ack of one is now an unknown key.
        const std::string prefix = app + "/";
        for (auto* keys : {&expected_unacked, &acked}) {
          for (auto it = keys->begin(); it != keys->end();) {
            it = it->rfind(prefix, 0) == 0 ? keys->erase(it) : std::next(it);
          }
        }
        ++erasures;
      }
    } else if (kind == kAdvance) {
      auto released = reference.advance(clock);
      ASSERT_TRUE(released.ok());
      for (const Action& a : *released) expected_unacked.insert(a.key);
    } else {
      const std::string key = ack_queue.back();
      ack_queue.pop_back();
      if (!expected_unacked.count(key) && !acked.count(key)) {
        expected = make_error(ErrorCode::kNotFound, "");
      } else {
        expected_unacked.erase(key);
        acked.insert(key);
        ++ack_count;
      }
    }
    ASSERT_EQ(reply["ok"].get<bool>(), expected.ok()) << "request " << req.dump() << "\n-> " << line
                                                      << "\nexpected: " << expected.error().message;
    if (!expected.ok()) {
      ASSERT_EQ(reply["error"]["code"], error_code_name(expected.error().code)) << line;
      ++errors;
      continue;
    }
    ++successes;
    if (kind == kApply) {
      ASSERT_EQ(reply["outcome"], outcome) << line;
    }
    if (kind == kBatch) {
      ASSERT_EQ(reply["results"].size(), batch_outcomes.size()) << line;
      for (std::size_t k = 0; k < batch_outcomes.size(); ++k) {
        const Json& r = reply["results"][k];
        ASSERT_EQ(r.contains("outcome") ? r["outcome"] : r["error"]["code"], batch_outcomes[k])
            << "event " << k << " of " << req.dump() << "\n-> " << line;
      }
    }
    if (kind == kAdvance) {
      std::set<std::string> due;
      for (const Json& a : reply["due"]) {
        const std::string key = a["id"];
        ASSERT_FALSE(acked.count(key)) << "acked action delivered again: " << key;
        due.insert(key);
      }
      ASSERT_EQ(due, expected_unacked) << "the due actions are not the unacked released ones";
      // Ack most of them, in random order (some several times, one unknown now and then).
      std::vector<std::string> keys(due.begin(), due.end());
      std::shuffle(keys.begin(), keys.end(), rng);
      for (const std::string& k : keys) {
        if (chance(0.75)) ack_queue.push_back(k);
        if (chance(0.05)) ack_queue.push_back(k);
      }
      if (chance(0.1)) ack_queue.push_back("app-0/R0/none/nobody/2026-01-01T00:00:00Z/1");
    }
  }
  // A last restart, then the state must be the clean replay's.
  serve->kill_now();
  serve = std::make_unique<ServeProcess>(serve_args(db));
  const Json snap = ask(*serve, {{"id", "final"}, {"op", "snapshot"}});
  EXPECT_EQ(snap["snapshot"].get<std::string>(), reference.snapshot());
  const Json pending = ask(*serve, {{"id", "pending"}, {"op", "pending"}});
  std::set<std::string> due;
  for (const Json& a : pending["due"]) due.insert(a["id"].get<std::string>());
  EXPECT_EQ(due, expected_unacked);
  EXPECT_EQ(serve->finish(), 0);
  std::printf(
      "crash test: %zu requests (%zu applies, %zu acks, %zu erasures), %zu ok, %zu errors, "
      "%zu restarts, %zu replayed after a kill, %zu unacked at the end\n",
      requests, apply_count, ack_count, erasures, successes, errors, restarts, replayed,
      expected_unacked.size());
  EXPECT_EQ(restarts, std::min(kills, requests / 2));
}

}  // namespace
}  // namespace nudge::test
