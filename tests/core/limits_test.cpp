// The documented caps (nudge/limits.hpp, docs/architecture.md "Limits"): each is refused with
// an error that names the limit, and nothing changes.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "nudge/engine.hpp"
#include "nudge/limits.hpp"
#include "scenarios/scenario.hpp"

namespace nudge::test {
namespace {

namespace fs = std::filesystem;

std::string temp_file(const std::string& name, const std::string& text) {
  std::string path = (fs::path(::testing::TempDir()) / name).string();
  std::ofstream(path, std::ios::binary) << text;
  return path;
}

TEST(Limits, AnInputFileOverFourMebibytesIsRefused) {
  std::string text = "[policy]\nname = \"big\"\n# ";
  text.append(limits::kMaxFileBytes, 'x');
  const std::string path = temp_file("big_policy.toml", text);
  auto p = Policy::load_file(path);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(p.error().message, path + ": the file is " + std::to_string(text.size()) +
                                   " bytes; input files are limited to 4194304 bytes (4 MiB): "
                                   "split it or remove what is not needed");
}

TEST(Limits, APolicyWithMoreThan256RulesIsRefused) {
  std::string text =
      "[policy]\nname = \"many\"\nextends = \"" + source_path("policies/default.toml") + "\"\n";
  for (int i = 0; i < 250; ++i) {
    text += "[[rule]]\nid = \"X" + std::to_string(i) +
            "\"\naction = \"note\"\ntrigger = \"enter:interviewed\"\nto = \"candidate\"\n";
  }
  const std::string path = temp_file("many_rules.toml", text);
  auto p = Policy::load_file(path);
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(p.error().message.find(": the policy has 260 rules; a policy is limited to 256 "
                                   "rules (base and layers together)"),
            std::string::npos)
      << p.error().message;
}

TEST(Limits, AnApplicationAcceptsAtMost10000Events) {
  Engine engine(default_policy());
  ASSERT_TRUE(engine.open(panel_app()).ok());
  Instant t = at("2026-11-23T17:00:00Z");
  for (std::size_t i = 0; i < limits::kMaxEventsPerApplication; ++i) {
    t += std::chrono::seconds{60};
    auto r = engine.apply("app-1", Event{"reflection_done", t, ""});
    ASSERT_TRUE(r.ok()) << i << ": " << r.error().message;
  }
  const std::string before = engine.snapshot();
  auto r = engine.apply("app-1", Event{"reflection_done", t + std::chrono::seconds{60}, ""});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(r.error().message,
            "application 'app-1' has accepted 10000 events, the limit per application; a "
            "follow-up history this long means a host is looping: check what reports its events");
  EXPECT_EQ(engine.snapshot(), before);
}

TEST(Limits, AnApplicationIdOver255BytesIsRefused) {
  Engine engine(default_policy());
  ApplicationContext app = panel_app();
  app.id.assign(limits::kMaxApplicationIdBytes + 1, 'a');
  auto s = engine.open(app);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message, "an application id must be 1 to 255 bytes");
}

TEST(Limits, ServeRefusesAnOverlongLineAndGoesOn) {
  const std::string dir = (fs::path(::testing::TempDir()) / "nudge-serve-limit").string();
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string input(limits::kMaxServeLineBytes + 10, 'x');
  input += "\n{\"id\":2,\"op\":\"snapshot\"}\n";
  const std::string in = temp_file("serve_limit_input.txt", input);
  const std::string cmd =
      std::string(NUDGE_CLI_PATH) + " serve --db " + dir + "/s.db < " + in + " 2>/dev/null";
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string out;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  const std::size_t first = out.find('\n');
  ASSERT_NE(first, std::string::npos) << out;
  EXPECT_EQ(out.substr(0, first),
            "{\"id\":null,\"ok\":false,\"error\":{\"code\":\"invalid_argument\",\"message\":\"the "
            "request line is longer than 1048576 bytes, the limit of nudge serve; send smaller "
            "requests\"}}");
  EXPECT_EQ(out.substr(first + 1, 19), "{\"id\":2,\"ok\":true,\"") << out.substr(first + 1, 80);
}

}  // namespace
}  // namespace nudge::test
