// `nudge plugins list` as a user runs it: the plugins found, the libraries refused, exit codes.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <cstdio>
#include <string>

namespace {

struct CliRun {
  int status = -1;
  std::string out;
};

// Runs nudge with NUDGE_PLUGIN_PATH as given ("" = unset), stdout and stderr together.
CliRun run(const std::string& args, const std::string& plugin_path = "") {
  const std::string env = plugin_path.empty() ? "env -u NUDGE_PLUGIN_PATH "
                                              : "env NUDGE_PLUGIN_PATH='" + plugin_path + "' ";
  const std::string cmd = env + NUDGE_CLI_PATH + " " + args + " 2>&1";
  CliRun r;
  FILE* p = popen(cmd.c_str(), "r");
  if (!p) return r;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int raw = pclose(p);
  r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  return r;
}

const std::string kPlugins = NUDGE_PLUGIN_DIR;
const std::string kPacks = NUDGE_PACK_PLUGIN_DIR;
const std::string kFixtures = NUDGE_FIXTURE_DIR;

// The pack plugins, listed after the examples (their folder is searched after the built-in
// one).
const std::string kPackLines =
    "culture-holidays 1.0.0 (ABI 1.1, culture layer, applies to br,de,fr,in,jp,nl,uk,us)\n"
    "  hooks: calendar\n"
    "  file:  " +
    kPacks +
    "/culture-holidays.so\n"
    "industry-seasons 1.0.0 (ABI 1.1, industry layer, applies to academia,retail-hospitality)\n"
    "  hooks: review\n"
    "  file:  " +
    kPacks + "/industry-seasons.so\n";

TEST(NudgePluginsCli, ListsTheBuiltInPlugins) {
  CliRun r = run("plugins list");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out, "searched: " + kPlugins + " " + kPacks +
                       "\n"
                       "example-c 1.0.0 (ABI 1.1, culture layer, applies to nl)\n"
                       "  hooks: calendar,adjust\n"
                       "  file:  " +
                       kPlugins +
                       "/example-c.so\n"
                       "example-company 1.0.0 (ABI 1.1, company layer, applies to all)\n"
                       "  hooks: adjust,review,policy\n"
                       "  file:  " +
                       kPlugins + "/example-company.so\n" + kPackLines);
}

TEST(NudgePluginsCli, ListsRefusedLibrariesWithTheirReasonsAndExits1) {
  // NUDGE_PLUGIN_PATH comes first, then the built-in directory, then --path.
  CliRun r = run("plugins list --path " + kFixtures + "/descriptors", kFixtures + "/none");
  EXPECT_EQ(r.status, 1);
  const std::string d = kFixtures + "/descriptors/";
  EXPECT_EQ(r.out,
            "searched: " + kFixtures + "/none " + kPlugins + " " + kPacks + " " + kFixtures +
                "/descriptors\n"
                "example-c 1.0.0 (ABI 1.1, culture layer, applies to nl)\n"
                "  hooks: calendar,adjust\n"
                "  file:  " +
                kPlugins +
                "/example-c.so\n"
                "example-company 1.0.0 (ABI 1.1, company layer, applies to all)\n"
                "  hooks: adjust,review,policy\n"
                "  file:  " +
                kPlugins + "/example-company.so\n" + kPackLines + "refused: " + kFixtures +
                "/none: no such directory; check the plugin path\n"
                "refused: " +
                d +
                "bad_layer.so: plugin 'bad-descriptor' has unknown layer 7; use "
                "NUDGE_LAYER_INDUSTRY (1), NUDGE_LAYER_CULTURE (2) or NUDGE_LAYER_COMPANY (3)\n"
                "refused: " +
                d +
                "bad_name.so: plugin name 'bad name!' is invalid; use 1 to 64 letters, digits, "
                "'-' and '_'\n"
                "refused: " +
                d +
                "no_name.so: its descriptor has no name; give it a unique name of letters, "
                "digits, '-' and '_'\n"
                "refused: " +
                d +
                "null_descriptor.so: nudge_plugin_entry returned NULL; return a pointer to a "
                "static nudge_plugin_descriptor\n"
                "refused: " +
                d +
                "small_descriptor.so: its descriptor's struct_size is 24 bytes, smaller than "
                "the 88 bytes of ABI 1.0; set struct_size = sizeof(nudge_plugin_descriptor)\n"
                "refused: " +
                d +
                "small_hooks.so: plugin 'bad-descriptor': its hook table's struct_size is 8 "
                "bytes, smaller than the 32 bytes of ABI 1.0; set struct_size = "
                "sizeof(nudge_plugin_hooks)\n");
}

TEST(NudgePluginsCli, Json) {
  CliRun r = run("plugins list --json --path " + kFixtures + "/none");
  EXPECT_EQ(r.status, 1);
  EXPECT_EQ(r.out,
            "{\"directories\": [\"" + kPlugins + "\", \"" + kPacks + "\", \"" + kFixtures +
                "/none\"],\n"
                " \"plugins\": [\n"
                "  {\"name\": \"example-c\", \"version\": \"1.0.0\", \"abi\": \"1.1\", "
                "\"layer\": \"culture\", \"applies_to\": \"nl\", \"hooks\": [\"calendar\", "
                "\"adjust\"], \"policy\": false, \"model\": false, \"description\": \"Dutch "
                "customs: King's Day "
                "off, direct inquiries\", \"file\": \"" +
                kPlugins +
                "/example-c.so\"},\n"
                "  {\"name\": \"example-company\", \"version\": \"1.0.0\", \"abi\": \"1.1\", "
                "\"layer\": \"company\", \"applies_to\": \"\", \"hooks\": [\"adjust\", "
                "\"review\"], \"policy\": true, \"model\": false, \"description\": \"Example Co.: "
                "no inquiries "
                "on Fridays, R10 on but never after no_contact\", \"file\": \"" +
                kPlugins +
                "/example-company.so\"},\n"
                "  {\"name\": \"culture-holidays\", \"version\": \"1.0.0\", \"abi\": \"1.1\", "
                "\"layer\": \"culture\", \"applies_to\": \"br,de,fr,in,jp,nl,uk,us\", \"hooks\": "
                "[\"calendar\"], \"policy\": false, \"model\": false, \"description\": "
                "\"Nationwide public holidays "
                "of the culture packs, by rule, 2020-2035\", \"file\": \"" +
                kPacks +
                "/culture-holidays.so\"},\n"
                "  {\"name\": \"industry-seasons\", \"version\": \"1.0.0\", \"abi\": \"1.1\", "
                "\"layer\": \"industry\", \"applies_to\": \"academia,retail-hospitality\", "
                "\"hooks\": [\"review\"], \"policy\": false, \"model\": false, \"description\": "
                "\"Holds messages "
                "to employers during seasonal closures (academia Dec 24-Jan 1, retail-hospitality "
                "Dec 24-26) until the first working morning\", \"file\": \"" +
                kPacks +
                "/industry-seasons.so\"}\n"
                " ],\n"
                " \"refused\": [\n"
                "  {\"file\": \"" +
                kFixtures + "/none\", \"reason\": \"" + kFixtures +
                "/none: no such directory; check the plugin path\"}\n"
                " ]}\n");
}

TEST(NudgePluginsCli, UsageErrors) {
  CliRun r = run("plugins frobnicate");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "nudge plugins: unknown subcommand 'frobnicate'; use 'nudge plugins list'\n");
  r = run("plugins list --path");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "nudge plugins list: --path needs a directory\n");
  r = run("plugins list --bogus");
  EXPECT_EQ(r.status, 2);
  EXPECT_EQ(r.out, "nudge plugins list: unknown argument '--bogus'\n");
  r = run("help plugins");
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(r.out.rfind("Usage: nudge plugins list [--json] [--path DIR]...\n", 0), 0u);
}

}  // namespace
