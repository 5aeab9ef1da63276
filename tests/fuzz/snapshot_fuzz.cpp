// Fuzzes Engine::restore, twice per input:
//   - the input as it is (almost every mutation fails the checksum);
//   - the input made to pass the checksum and the policy check (line 2 becomes this engine's
//     policy line, the checksum line is recomputed), so that mutations of a valid snapshot
//     reach the field parsers and the content checks.
// A refused restore must leave the engine's snapshot byte-identical. An accepted one must
// snapshot to a text that restores to the same text, and the engine must advance.
// Each input also goes through ShardedEngine::reshard into 2 shards: what one engine refuses,
// a sharded engine refuses too; what it accepts, a sharded engine accepts with the same
// applications, and resharded back into one engine it gives the same applications again.

#include <algorithm>
#include <cstdint>
#include <cstdio>

#include "nudge/sharded_engine.hpp"

#include "common/fnv1a.hpp"
#include "fuzz_common.hpp"

namespace {

using namespace nudge;

std::string hex16(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

const PolicyStack& stack() {
  static const PolicyStack s = fuzz::load_default_stack();
  return s;
}

// Line 2 of this stack's snapshots ("policy\t<hash>\t<name>").
const std::string& policy_line() {
  static const std::string line = [] {
    const std::string snap = Engine(stack()).snapshot();
    const std::size_t a = snap.find('\n') + 1;
    return snap.substr(a, snap.find('\n', a) - a);
  }();
  return line;
}

std::string with_valid_checksum(std::string_view text) {
  std::string body(text.substr(0, text.rfind("checksum\t")));
  if (body.empty() || body.back() != '\n') body += '\n';
  const std::size_t first = body.find('\n');
  const std::size_t second = body.find('\n', first + 1);
  if (second != std::string::npos) body.replace(first + 1, second - first - 1, policy_line());
  return body + "checksum\t" + hex16(detail::fnv1a(body)) + '\n';
}

}  // namespace

static std::vector<std::string> sorted(std::vector<std::string> ids) {
  std::sort(ids.begin(), ids.end());
  return ids;
}

// `accepted`: the applications Engine::restore took from `text`, or nullptr if it refused it.
static void reshard_one(const std::string& text, const std::vector<std::string>* accepted) {
  const std::string_view view = text;
  auto two = ShardedEngine::reshard({&view, 1}, 2);
  ShardedEngine sharded(stack(), 2);
  const auto restored = two ? sharded.restore(*two) : Result<void>(two.error());
  if (!restored) {
    fuzz::check_error(restored.error());
    if (accepted)
      fuzz::fail("a snapshot one engine accepts is refused resharded: " + restored.error().message);
    return;
  }
  if (!accepted) fuzz::fail("a snapshot one engine refuses is accepted resharded");
  std::vector<std::string> ids = sharded.shard(0).applications();
  for (const std::string& id : sharded.shard(1).applications()) ids.push_back(id);
  if (sorted(ids) != sorted(*accepted)) fuzz::fail("resharding changed the applications");
  const std::vector<std::string> parts = sharded.snapshot();
  const std::vector<std::string_view> views(parts.begin(), parts.end());
  auto one = ShardedEngine::reshard(views, 1);
  Engine back(stack());
  if (!one || !back.restore(one->front())) fuzz::fail("two shards do not reshard back into one");
  if (sorted(back.applications()) != sorted(*accepted)) {
    fuzz::fail("resharding back changed the applications");
  }
}

static void restore_one(const std::string& text) {
  Engine engine(stack());
  (void)engine.open(fuzz::sample_app("resident"));
  const std::string before = engine.snapshot();
  if (auto s = engine.restore(text); !s) {
    fuzz::check_error(s.error());
    if (engine.snapshot() != before) fuzz::fail("a refused restore changed the engine");
    reshard_one(text, nullptr);
    return;
  }
  const std::vector<std::string> ids = engine.applications();
  reshard_one(text, &ids);
  const std::string restored = engine.snapshot();
  Engine again(stack());
  if (auto s = again.restore(restored); !s) {
    fuzz::fail("the snapshot of a restored engine is refused: " + s.error().message);
  }
  if (again.snapshot() != restored) fuzz::fail("snapshot -> restore -> snapshot differs");
  std::vector<DueAction> out;
  if (auto s = engine.advance(engine.now() + std::chrono::hours(24 * 400), out); !s) {
    fuzz::fail("advance refused after restore: " + s.error().message);
  }
  for (const DueAction& d : out) (void)engine.describe(d);
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(fuzz::as_text(data, size));
  restore_one(text);
  restore_one(with_valid_checksum(text));
  return 0;
}
