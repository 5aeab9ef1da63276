#!/usr/bin/env bash
# Installs the Debian 12 packages nudge needs to build, test and benchmark.
# Idempotent: packages already present are skipped; apt runs only when something is missing.
set -euo pipefail
packages=(
  build-essential cmake g++ git pkg-config
  libboost-dev libboost-graph-dev libboost-filesystem-dev
  libtomlplusplus-dev libhowardhinnant-date-dev tzdata
  libsqlite3-dev libgtest-dev libgmock-dev libbenchmark-dev
  nlohmann-json3-dev python3
  graphviz clang-format
  python3-simpy3 chromium   # nudge simulate: the SimPy peer (bench/simulate.sh), report render test
)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: all ${#packages[@]} packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
