#pragma once
// Shared pieces of the simulation tests: the shipped files, small runs, temporary files.

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "nudge/simulate.hpp"

namespace nudge::test {

inline std::string sim_path(const std::string& relative) {
  return std::string(NUDGE_SOURCE_DIR) + "/" + relative;
}

inline std::string strategy(const std::string& name) {
  return sim_path("policies/strategies/" + name + ".toml");
}

/// Options for a small run of the shipped model and population.
inline SimulationOptions small_run(const std::vector<std::string>& strategies, std::uint64_t n,
                                   unsigned threads) {
  SimulationOptions o;
  o.policy = sim_path("policies/default.toml");
  o.model = sim_path("policies/models/employer.toml");
  o.population = sim_path("policies/models/population.toml");
  for (const std::string& s : strategies) o.strategies.push_back(strategy(s));
  o.applications = n;
  o.seed = 20261123;
  o.threads = threads;
  return o;
}

/// A file in a fresh temporary folder, removed with the object.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& text) {
    dir_ = std::filesystem::temp_directory_path() /
           ("nudge-sim-" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
            std::to_string(counter()++));
    std::filesystem::create_directories(dir_);
    path_ = (dir_ / name).string();
    std::ofstream(path_) << text;
  }
  ~TempFile() {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }
  std::string dir() const { return dir_.string(); }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::filesystem::path dir_;
  std::string path_;
};

}  // namespace nudge::test
