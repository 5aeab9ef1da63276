#!/usr/bin/env bash
# Sanitizer runs (run by scripts/test.sh):
#  1. clang, AddressSanitizer + UndefinedBehaviorSanitizer (findings abort): every test, plugin
#     libraries and fixtures built with the same flags; then a short libFuzzer pass over every
#     fuzz target from the same build (FUZZ_SECONDS, default 5).
#  2. gcc, ThreadSanitizer: the tests that run threads (sharded engine, simulation, store).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== ASan+UBSan (clang): build-san"
cmake -S . -B build-san -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_C_COMPILER=clang \
  -DCMAKE_CXX_COMPILER=clang++ -DNUDGE_SANITIZE=address,undefined -DNUDGE_FUZZ=ON \
  -DNUDGE_BUILD_BENCH=OFF >/dev/null
cmake --build build-san -j"$(nproc)"
ctest --test-dir build-san --output-on-failure -j"$(nproc)"

echo "== fuzz: short pass"
FUZZ_REUSE_BUILD=1 FUZZ_BUILD_DIR=build-san scripts/fuzz.sh "${FUZZ_SECONDS:-5}"

echo "== TSan (gcc): build-tsan"
cmake -S . -B build-tsan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DNUDGE_SANITIZE=thread \
  -DNUDGE_BUILD_BENCH=OFF >/dev/null
cmake --build build-tsan -j"$(nproc)" --target nudge_tests nudge
TSAN_OPTIONS="halt_on_error=1 second_deadlock_stack=1" build-tsan/tests/nudge_tests \
  --gtest_filter='Sharded*:Shard*:Sim*:Simulat*:Store*:Serve*'
echo "sanitizers: clean"
