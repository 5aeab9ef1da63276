#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, ASan and UBSan in ./build-fuzz and runs
# each for a bounded time. Fails if any target finds a crash, a leak, a timeout or a broken
# property; the input that did it is kept in build-fuzz/fuzz-artifacts/<target>/.
#
#   scripts/fuzz.sh            60 s per target
#   scripts/fuzz.sh 300        300 s per target
#   FUZZ_SECONDS=10 scripts/fuzz.sh                 a short pass
#   FUZZ_TARGETS="policy_fuzz ics_fuzz" scripts/fuzz.sh 120   some targets only
#
# New inputs go to build-fuzz/fuzz-corpus/<target>/ (seeded from tests/fuzz/corpus/<target>/),
# never into the source tree; a later run starts from what earlier runs found.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-${FUZZ_SECONDS:-60}}"
build="${FUZZ_BUILD_DIR:-build-fuzz}"
all_targets="stage_graph_fuzz policy_fuzz application_fuzz snapshot_fuzz ics_fuzz duration_fuzz
time_fuzz"
targets="${FUZZ_TARGETS:-$all_targets}"

# FUZZ_REUSE_BUILD=1: the build dir is already configured with clang, NUDGE_FUZZ=ON and the
# sanitizers (scripts/sanitize.sh's build-san); only the targets are built.
if [[ "${FUZZ_REUSE_BUILD:-0}" != 1 ]]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
    -DNUDGE_FUZZ=ON -DNUDGE_SANITIZE=address,undefined \
    -DNUDGE_BUILD_TESTS=OFF -DNUDGE_BUILD_BENCH=OFF -DNUDGE_BUILD_CLI=OFF >/dev/null
fi
cmake --build "$build" -j2 --target nudge_fuzz_targets

failed=()
for target in $targets; do
  corpus="$build/fuzz-corpus/$target"
  artifacts="$build/fuzz-artifacts/$target"
  mkdir -p "$corpus" "$artifacts"
  echo "== $target: ${seconds}s"
  # The first folder receives new inputs; the seeds are read only.
  if ! "$build/tests/fuzz/$target" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" \
      "$corpus" "tests/fuzz/corpus/$target" 2>"$build/fuzz-$target.log"; then
    failed+=("$target")
    tail -n 60 "$build/fuzz-$target.log"
  else
    grep -E '^(stat::number_of_executed_units|stat::peak_rss_mb)|cov:' "$build/fuzz-$target.log" \
      | tail -n 3 || true
  fi
done

if ((${#failed[@]})); then
  echo "fuzz: failures in: ${failed[*]} (inputs in $build/fuzz-artifacts/)" >&2
  exit 1
fi
echo "fuzz: every target ran ${seconds}s without a failure"
