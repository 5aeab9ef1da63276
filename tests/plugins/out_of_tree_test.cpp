// The installed package as a plugin author and a host use it: `cmake --install` this build
// into a temporary prefix, build plugins/example-company on its own against it
// (find_package(nudge) + nudge::plugin), load the result, and link a tiny host against
// nudge::engine (find_package's find_dependency calls). About 10 s.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "nudge/plugins.hpp"
#include "support/out_of_tree.hpp"

namespace nudge {
namespace {

namespace fs = std::filesystem;

using test::quoted;
using test::sanitizer_flags;
using test::sh;

TEST(InstalledPackage, ExampleCompanyBuildsOutOfTreeAndLoads) {
  const fs::path root = fs::path(NUDGE_BINARY_DIR) / "out-of-tree-test";
  const fs::path prefix = root / "prefix";
  const fs::path plugin_build = root / "example-company";
  const std::string cmake = test::cmake_command();
  fs::remove_all(root);
  fs::create_directories(root);
  std::string log;

  ASSERT_EQ(
      sh(cmake + " --install " + quoted(NUDGE_BINARY_DIR) + " --prefix " + quoted(prefix), log), 0)
      << log;
  EXPECT_TRUE(fs::exists(prefix / "include/nudge/plugin_abi.h"));
  EXPECT_TRUE(fs::exists(prefix / "include/nudge/plugin.hpp"));
  EXPECT_TRUE(fs::exists(prefix / "lib/libnudge.a"));
  EXPECT_TRUE(fs::exists(prefix / "lib/cmake/nudge/nudgeConfig.cmake"));
  EXPECT_TRUE(fs::exists(prefix / "lib/cmake/nudge/nudgeConfigVersion.cmake"));
  EXPECT_TRUE(fs::exists(prefix / "lib/nudge/plugins/example-company.so"));
  EXPECT_TRUE(fs::exists(prefix / "lib/nudge/plugins/example-c.so"));
  // The pack plugins have a folder of their own; the examples stay out of it.
  EXPECT_TRUE(fs::exists(prefix / "lib/nudge/plugins/packs/culture-holidays.so"));
  EXPECT_TRUE(fs::exists(prefix / "lib/nudge/plugins/packs/industry-seasons.so"));
  EXPECT_FALSE(fs::exists(prefix / "lib/nudge/plugins/packs/example-company.so"));
  EXPECT_TRUE(fs::exists(prefix / "share/nudge/policies/default.toml"));
  EXPECT_TRUE(fs::exists(prefix / "bin/nudge"));

  ASSERT_EQ(
      sh(cmake + " -S " + quoted(fs::path(NUDGE_SOURCE_DIR) / "plugins/example-company") + " -B " +
             quoted(plugin_build) + " -DCMAKE_PREFIX_PATH=" + quoted(prefix) + sanitizer_flags(),
         log),
      0)
      << log;
  ASSERT_EQ(sh(cmake + " --build " + quoted(plugin_build) + " -j2", log), 0) << log;

  auto plugin = Plugin::load((plugin_build / "example-company.so").string());
  ASSERT_TRUE(plugin.ok()) << plugin.error().message << "\n" << log;
  const PluginInfo& info = plugin->info();
  EXPECT_EQ(info.name, "example-company");
  EXPECT_EQ(info.version, "1.0.0");
  EXPECT_EQ(info.layer, "company");
  EXPECT_EQ(info.abi_major, 1u);
  EXPECT_EQ(info.abi_minor, 1u);
  EXPECT_TRUE(info.has_adjust);
  EXPECT_TRUE(info.has_review);
  EXPECT_TRUE(info.has_policy);

  // A host linking the installed engine: find_package(nudge 0.1) must find what the static
  // library needs (Boost.Filesystem, toml++, date, Threads, libdl).
  const fs::path host_src = root / "host";
  fs::create_directories(host_src);
  std::ofstream(host_src / "CMakeLists.txt") << R"(cmake_minimum_required(VERSION 3.25)
project(nudge_host LANGUAGES CXX)
find_package(nudge 0.1 REQUIRED COMPONENTS engine)
add_executable(host host.cpp)
target_link_libraries(host PRIVATE nudge::engine)
)";
  std::ofstream(host_src / "host.cpp") << R"(#include <iostream>
#include "nudge/plugins.hpp"
int main(int argc, char** argv) {
  if (argc < 2) return 2;
  auto plugin = nudge::Plugin::load(argv[1]);
  if (!plugin) { std::cout << plugin.error().message << "\n"; return 1; }
  std::cout << plugin->info().name << " " << plugin->info().version << "\n";
  return 0;
}
)";
  ASSERT_EQ(sh(cmake + " -S " + quoted(host_src) + " -B " + quoted(root / "host-build") +
                   " -DCMAKE_PREFIX_PATH=" + quoted(prefix) + sanitizer_flags(),
               log),
            0)
      << log;
  ASSERT_EQ(sh(cmake + " --build " + quoted(root / "host-build") + " -j2", log), 0) << log;
  std::string out;
  ASSERT_EQ(sh(quoted(root / "host-build/host") + " " +
                   quoted(prefix / "lib/nudge/plugins/example-company.so"),
               out),
            0)
      << out;
  EXPECT_NE(out.find("\nexample-company 1.0.0\n"), std::string::npos) << out;
}

}  // namespace
}  // namespace nudge
