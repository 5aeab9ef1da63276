// nudge graph: the stage graph as Graphviz DOT, or rendered to SVG with graphviz's dot.
#include <spawn.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstdio>
#include <fstream>
#include <iostream>

#include "cli.hpp"
#include "nudge/policy.hpp"

namespace nudge::cli {

void print_graph_help() {
  std::cout << R"(Usage: nudge graph [--svg OUT.svg] [GRAPH.toml | --policy POLICY.toml]

Prints the stage graph as Graphviz DOT: stages (closed ones doubled), transitions labelled
with their events, timed transitions dashed with their delay. With --svg, renders it with
graphviz's 'dot' (apt-get install graphviz).

Without a file: stages.toml of the policy directory. With --policy: that policy's graph,
timed transitions labelled with the policy's own delays ([[timer]] after).
)";
}

namespace {

extern "C" char** environ;

// Runs `dot -Tsvg -o OUT IN` without a shell. 127 when dot is not installed.
int run_dot(const std::string& in, const std::string& out) {
  std::string a0 = "dot", a1 = "-Tsvg", a2 = "-o";
  std::string a3 = out, a4 = in;
  char* argv[] = {a0.data(), a1.data(), a2.data(), a3.data(), a4.data(), nullptr};
  pid_t pid = 0;
  if (int rc = posix_spawnp(&pid, "dot", nullptr, nullptr, argv, environ); rc != 0) {
    return rc == ENOENT ? 127 : 1;
  }
  int status = 0;
  if (waitpid(pid, &status, 0) < 0) return 1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}

}  // namespace

int run_graph(const Args& args) {
  std::string svg;
  std::string graph_file;
  std::string policy_file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      print_graph_help();
      return kOk;
    } else if (a == "--svg" || a == "--policy") {
      if (i + 1 >= args.size()) {
        std::cerr << "nudge graph: " << a << " needs a file\n";
        return kUsageError;
      }
      (a == "--svg" ? svg : policy_file) = args[++i];
    } else if (!a.empty() && a[0] == '-') {
      std::cerr << "nudge graph: unknown option '" << a << "'; see 'nudge graph --help'\n";
      return kUsageError;
    } else {
      graph_file = a;
    }
  }
  std::string dot;
  if (!policy_file.empty()) {
    auto p = Policy::load_file(policy_file);
    if (!p) {
      std::cerr << "nudge graph: " << p.error().message << "\n";
      return kInputError;
    }
    dot = p->graph_dot();
  } else {
    if (graph_file.empty()) graph_file = policy_dir() + "/stages.toml";
    auto d = graph_file_to_dot(graph_file);
    if (!d) {
      std::cerr << "nudge graph: " << d.error().message << "\n";
      return kInputError;
    }
    dot = *d;
  }
  if (svg.empty()) {
    std::cout << dot;
    return kOk;
  }
  std::string tmp = svg + ".dot.tmp";
  {
    std::ofstream out(tmp);
    out << dot;
    if (!out) {
      std::cerr << "nudge graph: cannot write " << tmp << " next to " << svg << "\n";
      return kInputError;
    }
  }
  int rc = run_dot(tmp, svg);
  std::remove(tmp.c_str());
  if (rc == 127) {
    std::cerr << "nudge graph: graphviz's 'dot' is not installed (apt-get install graphviz); "
                 "run without --svg to get the DOT text\n";
    return kInputError;
  }
  if (rc != 0) {
    std::cerr << "nudge graph: dot failed to render " << svg << "\n";
    return kInputError;
  }
  std::cout << "wrote " << svg << "\n";
  return kOk;
}

}  // namespace nudge::cli
