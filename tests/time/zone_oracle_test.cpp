// Zone tables after 2037 against Python's zoneinfo (an independent reader of the same TZif
// files and their POSIX TZ footers): tests/time/data/zone_oracle.txt, written by
// make_zone_oracle.py next to it, holds offsets at instants in 2038-9999 and the instants of
// wall-clock readings around transitions, with nudge's gap and overlap rules.

#include <gtest/gtest.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "time/tzif.hpp"
#include "time/zone.hpp"

namespace nudge::detail {
namespace {

namespace chr = std::chrono;

const char* const kOracle = NUDGE_SOURCE_DIR "/tests/time/data/zone_oracle.txt";

// The version in the first line of the database's tzdata.zi ("# version 2025b").
std::string system_tzdata_version() {
  std::ifstream in(zoneinfo_dir() + "/tzdata.zi");
  std::string hash, word, version;
  in >> hash >> word >> version;
  return word == "version" ? version : "";
}

TEST(ZoneOracle, AgreesWithPythonZoneinfoAfter2037) {
  std::ifstream in(kOracle);
  ASSERT_TRUE(in) << kOracle;
  std::string line;
  ASSERT_TRUE(std::getline(in, line));
  const std::string expected_header = "# tzdata " + system_tzdata_version();
  if (line != expected_header) {
    GTEST_SKIP() << kOracle << " was computed from another tzdata (" << line << ", system has "
                 << expected_header << "): regenerate it with make_zone_oracle.py";
  }
  std::map<std::string, Zone, std::less<>> zones;
  auto zone = [&zones](const std::string& name) -> const Zone& {
    auto it = zones.find(name);
    if (it == zones.end()) {
      auto found = Zone::find(name);
      EXPECT_TRUE(found.ok()) << name;
      it = zones.emplace(name, found.ok() ? *found : Zone()).first;
    }
    return it->second;
  };
  int offsets = 0;
  int readings = 0;
  int failures = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream fields(line);
    std::string first;
    fields >> first;
    if (first == "L") {
      std::string name;
      std::int64_t local = 0, expected = 0;
      ASSERT_TRUE(fields >> name >> local >> expected) << line;
      const Instant got = zone(name).to_instant(LocalSeconds(local));
      ++readings;
      if (got.time_since_epoch().count() != expected && ++failures <= 20) {
        ADD_FAILURE() << line << ": to_instant gives " << got.time_since_epoch().count() << " ("
                      << format_rfc3339(got, name) << ")";
      }
    } else {
      std::int64_t t = 0, expected = 0;
      ASSERT_TRUE(fields >> t >> expected) << line;
      const Instant at{chr::seconds(t)};
      const Zone& z = zone(first);
      ++offsets;
      if ((z.offset_seconds(at) != expected || z.to_local(at) != LocalSeconds(t + expected)) &&
          ++failures <= 20) {
        ADD_FAILURE() << line << ": offset_seconds gives " << z.offset_seconds(at);
      }
    }
  }
  EXPECT_EQ(failures, 0);
  EXPECT_GT(offsets, 1500);
  EXPECT_GT(readings, 1000);
  std::printf("checked %d offsets and %d readings in %zu zones\n", offsets, readings, zones.size());
}

}  // namespace
}  // namespace nudge::detail
