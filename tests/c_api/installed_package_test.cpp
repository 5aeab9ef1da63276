// The installed package as embedding hosts use it: `cmake --install` into a temporary prefix,
// then build, out of tree, a C++ host (find_package(nudge COMPONENTS engine): the durable
// store and the sharded engine) and a C host twice (pkg-config nudge; find_package(nudge
// COMPONENTS capi)), and run them against the installed policies. About 20 s.
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "support/out_of_tree.hpp"

namespace {

namespace fs = std::filesystem;

using nudge::test::sanitizer_flags;
using nudge::test::sh;

std::string q(const fs::path& p) { return nudge::test::quoted(p); }

const char* const kCHost = R"(#include <stdio.h>
#include <string.h>
#include "nudge/nudge.h"
static const char app[] = "id = \"c-1\"\ncandidate_zone = \"Europe/Paris\"\n"
  "interview_end = 2026-11-23T10:00:00Z\n[[interviewers]]\nname = \"Lea\"\nrole = \"hr\"\n";
int main(int argc, char** argv) {
  nudge_stack_options* o = nudge_stack_options_create();
  nudge_stack* stack = NULL; nudge_engine* e = NULL; nudge_actions* due = NULL;
  nudge_error* err = NULL;
  if (argc < 3) return 2;
  nudge_stack_options_set_policy(o, argv[1], strlen(argv[1]));
  nudge_stack_options_use_plugin_path_environment(o, 0);
  if (nudge_stack_load(o, &stack, &err) != NUDGE_OK ||
      nudge_engine_open_store(stack, argv[2], strlen(argv[2]), NULL, &e, &err) != NUDGE_OK ||
      nudge_engine_open(e, app, sizeof app - 1, "c.toml", 6, &err) != NUDGE_OK ||
      nudge_engine_advance_list(e, 1796040000, &due, &err) != NUDGE_OK) {
    printf("error: %s\n", nudge_error_message(err));
    return 1;
  }
  printf("c host %s: %zu due\n", nudge_version(), nudge_actions_size(due));
  nudge_actions_destroy(due); nudge_engine_destroy(e); nudge_stack_destroy(stack);
  nudge_stack_options_destroy(o);
  return 0;
}
)";

const char* const kCppHost = R"(#include <iostream>
#include "nudge/sharded_engine.hpp"
#include "nudge/store.hpp"
int main(int argc, char** argv) {
  if (argc < 3) return 2;
  nudge::StackOptions o;
  o.policy = argv[1];
  o.use_plugin_path_environment = false;
  auto stack = nudge::PolicyStack::load(o);
  if (!stack) { std::cout << stack.error().message << "\n"; return 1; }
  auto store = nudge::Store::open(argv[2], *stack);
  if (!store) { std::cout << store.error().message << "\n"; return 1; }
  const char* app = "id = \"cpp-1\"\ncandidate_zone = \"Europe/Paris\"\n"
      "interview_end = 2026-11-23T10:00:00Z\n[[interviewers]]\nname = \"Lea\"\nrole = \"hr\"\n";
  if (!store->open_application(app, "cpp.toml")) return 1;
  auto due = store->advance(nudge::Instant{std::chrono::seconds{1796040000}});
  nudge::ShardedEngine sharded(*stack, 2);
  std::cout << "cpp host: " << due->size() << " due, " << sharded.shard_count() << " shards\n";
  return due->empty() ? 1 : 0;
}
)";

TEST(InstalledPackage, CAndCppHostsBuildOutOfTreeAgainstTheInstalledPackage) {
  const fs::path root = fs::path(NUDGE_BINARY_DIR) / "out-of-tree-embed";
  const fs::path prefix = root / "prefix";
  const std::string cmake = nudge::test::cmake_command();
  fs::remove_all(root);
  fs::create_directories(root);
  std::string log;
  ASSERT_EQ(sh(cmake + " --install " + q(NUDGE_BINARY_DIR) + " --prefix " + q(prefix), log), 0)
      << log;
  for (const char* f :
       {"include/nudge/nudge.h", "include/nudge/store.hpp", "include/nudge/sharded_engine.hpp",
        "lib/libnudge.a", "lib/libnudge_c.so.0", "lib/libnudge_c.so", "lib/pkgconfig/nudge.pc",
        "lib/cmake/nudge/nudgeConfig.cmake", "lib/cmake/nudge/nudgeConfigVersion.cmake",
        "lib/cmake/nudge/nudgeCapiTargets.cmake", "bin/nudge",
        "share/nudge/policies/default.toml"}) {
    EXPECT_TRUE(fs::exists(prefix / f)) << f;
  }
  const fs::path policy = prefix / "share/nudge/policies/default.toml";

  // C host with pkg-config.
  const fs::path c_src = root / "c-host";
  fs::create_directories(c_src);
  std::ofstream(c_src / "host.c") << kCHost;
  const std::string pc = "PKG_CONFIG_PATH=" + q(prefix / "lib/pkgconfig") + " pkg-config";
  ASSERT_EQ(sh(pc + " --modversion nudge", log), 0) << log;
  // A sanitized library needs its compiler's sanitizer runtimes at link time, through the C++
  // driver (the library is C++); the host stays C.
  const std::string sanitize = NUDGE_SANITIZE;
  const std::string cc = sanitize.empty() ? "cc -std=c11"
                                          : std::string("'") + NUDGE_CXX_COMPILER +
                                                "' -x c -std=c11 -fsanitize=" + sanitize;
  const std::string link_as_cxx = sanitize.empty() ? "" : " -x none -fsanitize=" + sanitize;
  ASSERT_EQ(sh(cc + " -Wall -Wextra -o " + q(c_src / "host-pc") + " " + q(c_src / "host.c") +
                   link_as_cxx + " $(" + pc + " --cflags --libs nudge) -Wl,-rpath," +
                   (prefix / "lib").string(),
               log),
            0)
      << log;
  std::string out;
  ASSERT_EQ(sh(q(c_src / "host-pc") + " " + q(policy) + " " + q(root / "c-pc.db"), out), 0) << out;
  EXPECT_NE(out.find("c host 0.1.0: "), std::string::npos) << out;

  // C host with CMake. A sanitized build skips it: CMake links a C project with the C driver,
  // which lacks the C++ sanitizer runtimes the (C++) library needs; the plain build runs it.
  if (sanitize.empty()) {
    std::ofstream(c_src / "CMakeLists.txt") << R"(cmake_minimum_required(VERSION 3.25)
project(nudge_c_host LANGUAGES C)
find_package(nudge 0.1 REQUIRED COMPONENTS capi)
add_executable(host host.c)
target_link_libraries(host PRIVATE nudge::capi)
)";
    ASSERT_EQ(sh(cmake + " -S " + q(c_src) + " -B " + q(root / "c-build") +
                     " -DCMAKE_PREFIX_PATH=" + q(prefix) + sanitizer_flags(),
                 log),
              0)
        << log;
    ASSERT_EQ(sh(cmake + " --build " + q(root / "c-build") + " -j2", log), 0) << log;
    out.clear();
    ASSERT_EQ(sh(q(root / "c-build/host") + " " + q(policy) + " " + q(root / "c-cmake.db"), out), 0)
        << out;
    EXPECT_NE(out.find("c host 0.1.0: "), std::string::npos) << out;
  }

  // C++ host with CMake: the static engine, the store, the sharded engine.
  const fs::path cpp_src = root / "cpp-host";
  fs::create_directories(cpp_src);
  std::ofstream(cpp_src / "host.cpp") << kCppHost;
  std::ofstream(cpp_src / "CMakeLists.txt") << R"(cmake_minimum_required(VERSION 3.25)
project(nudge_cpp_host LANGUAGES CXX)
find_package(nudge 0.1 REQUIRED COMPONENTS engine)
add_executable(host host.cpp)
target_link_libraries(host PRIVATE nudge::engine)
)";
  ASSERT_EQ(sh(cmake + " -S " + q(cpp_src) + " -B " + q(root / "cpp-build") +
                   " -DCMAKE_PREFIX_PATH=" + q(prefix) + sanitizer_flags(),
               log),
            0)
      << log;
  ASSERT_EQ(sh(cmake + " --build " + q(root / "cpp-build") + " -j2", log), 0) << log;
  out.clear();
  ASSERT_EQ(sh(q(root / "cpp-build/host") + " " + q(policy) + " " + q(root / "cpp.db"), out), 0)
      << out;
  EXPECT_NE(out.find(" due, 2 shards"), std::string::npos) << out;
}

}  // namespace
