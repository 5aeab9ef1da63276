// nudge graph: the stage graph as Graphviz DOT, or rendered to SVG with graphviz's dot.
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
graphviz's 'dot' (apt-get install graphviz). Default: the default policy's graph.
)";
}

int run_graph(const Args& args) {
  std::string svg;
  std::string graph_file;
  std::string policy_file;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& a = args[i];
    if (a == "-h" || a == "--help") {
      print_graph_help();
      return kOk;
    } else if (a == "--svg" && i + 1 < args.size()) {
      svg = args[++i];
    } else if (a == "--policy" && i + 1 < args.size()) {
      policy_file = args[++i];
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
  if (std::system("command -v dot >/dev/null 2>&1") != 0) {
    std::cerr << "nudge graph: graphviz's 'dot' is not installed (apt-get install graphviz); "
                 "run without --svg to get the DOT text\n";
    return kInputError;
  }
  std::string tmp = svg + ".dot.tmp";
  {
    std::ofstream out(tmp);
    out << dot;
  }
  std::string cmd = "dot -Tsvg -o '" + svg + "' '" + tmp + "'";
  int rc = std::system(cmd.c_str());
  std::remove(tmp.c_str());
  if (rc != 0) {
    std::cerr << "nudge graph: dot failed to render " << svg << "\n";
    return kInputError;
  }
  std::cout << "wrote " << svg << "\n";
  return kOk;
}

}  // namespace nudge::cli
