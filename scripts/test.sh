#!/usr/bin/env bash
# Sets up, builds and runs every test of nudge, then the gates CI holds them to:
#   1. the suite in the plain build (warnings are errors);
#   2. lint: clang-format and clang-tidy (scripts/lint.sh);
#   3. sanitizers: the whole suite under ASan+UBSan, a short fuzz pass, the threaded tests under
#      TSan (scripts/sanitize.sh; FUZZ_SECONDS sets the fuzz time per target, default 5).
# About 20 minutes on 2 cores from a fresh clone; docs/testing.md says how to run each part.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
NUDGE_WERROR=ON scripts/build.sh
ctest --test-dir build --output-on-failure -j"$(nproc)"
scripts/lint.sh
scripts/sanitize.sh
echo "test.sh: every test and gate passed"
