#pragma once
// Shared by the tests that install this build and build consumers out of tree
// (tests/plugins/out_of_tree_test.cpp, tests/c_api/installed_package_test.cpp).

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <string>

namespace nudge::test {

/// Runs a shell command; returns its exit status and appends the command and its output
/// (stdout and stderr) to `log`.
inline int sh(const std::string& command, std::string& log) {
  log += "$ " + command + "\n";
  FILE* p = popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return -1;
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) log.append(buf, n);
  const int raw = pclose(p);
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

/// A path in single quotes for the shell.
inline std::string quoted(const std::filesystem::path& p) { return "'" + p.string() + "'"; }

/// The CMake command of this build, quoted.
inline std::string cmake_command() { return std::string("'") + NUDGE_CMAKE_COMMAND + "'"; }

/// Configure arguments for a consumer of a sanitized install: a sanitized libnudge needs the
/// same compilers (their runtimes) and the same -fsanitize flags. Empty in a plain build.
inline std::string sanitizer_flags() {
  const std::string sanitize = NUDGE_SANITIZE;
  if (sanitize.empty()) return {};
  const std::string flag = "-fsanitize=" + sanitize;
  return " '-DCMAKE_C_COMPILER=" NUDGE_C_COMPILER "' '-DCMAKE_CXX_COMPILER=" NUDGE_CXX_COMPILER
         "' '-DCMAKE_CXX_FLAGS=" +
         flag + "' '-DCMAKE_C_FLAGS=" + flag + "' '-DCMAKE_EXE_LINKER_FLAGS=" + flag +
         "' '-DCMAKE_MODULE_LINKER_FLAGS=" + flag + "'";
}

}  // namespace nudge::test
