#!/usr/bin/env bash
# Configures and builds nudge in build/ (RelWithDebInfo). NUDGE_WERROR=ON turns warnings into
# errors (scripts/test.sh does).
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNUDGE_WERROR="${NUDGE_WERROR:-OFF}" >/dev/null
cmake --build build -j"$(nproc)"
