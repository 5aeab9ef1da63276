#!/usr/bin/env bash
# Builds nudge_bench (Release, -O2) in build-bench/, runs the engine and the raw baseline on the
# same event stream, and prints events/s, bytes per application and the engine/baseline ratio.
#
#   bench/run.sh                              # 1M applications (about 1.5 minutes)
#   NUDGE_BENCH_APPS=100000 bench/run.sh      # a quick run
#   bench/run.sh --benchmark_filter=Engine    # extra arguments go to the benchmark binary
#
# Environment: NUDGE_BENCH_APPS (default 1000000), NUDGE_BENCH_ADVANCE_EVERY (default 256),
# NUDGE_BENCH_DAYS (virtual days per timed run, default 7: a run is a fixed number of events,
# the same for both benchmarks, so --benchmark_min_time does not apply), NUDGE_BENCH_REPETITIONS
# (default 3; the summary uses the medians; each repetition times the next week of the stream),
# NUDGE_BENCH_BUILD_DIR.
# Exits 1 when either benchmark saw a refused event: the stream would then not measure what it
# claims to.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
build="${NUDGE_BENCH_BUILD_DIR:-$root/build-bench}"
repetitions="${NUDGE_BENCH_REPETITIONS:-3}"

if [[ ! -f "$build/CMakeCache.txt" ]]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG" >/dev/null
fi
cmake --build "$build" -j2 --target nudge_bench

json="$build/nudge_bench.json"
"$build/bench/nudge_bench" --benchmark_repetitions="$repetitions" \
  --benchmark_out="$json" --benchmark_out_format=json "$@"

python3 - "$json" <<'EOF'
import json
import sys

with open(sys.argv[1]) as f:
    doc = json.load(f)
runs = {}    # benchmark -> the median (or the only run)
spread = {}  # benchmark -> events/s of every repetition
for b in doc["benchmarks"]:
    if b.get("error_occurred"):
        print(f"{b['name']}: {b.get('error_message', 'error')}")
        continue
    name = b["run_name"].split("/")[0]
    if b.get("run_type") == "aggregate":
        if b.get("aggregate_name") == "median":
            runs[name] = b
    else:
        spread.setdefault(name, []).append(b["items_per_second"])
        runs.setdefault(name, b)

def row(name, label, b):
    print(f"{label:<14}{b['items_per_second']:>14,.0f}{b['bytes_per_app']:>12.1f}"
          f"{b['allocs_per_event']:>14.2g}{b['refused']:>9.0f}{b['due_per_event']:>11.3f}"
          f"   {min(spread[name]):,.0f} .. {max(spread[name]):,.0f}")

print()
print(f"{'':<14}{'events/s':>14}{'bytes/app':>12}{'allocs/event':>14}{'refused':>9}"
      f"{'due/event':>11}   events/s over the repetitions")
for name, label in (("BM_Engine", "engine"), ("BM_Baseline", "raw baseline")):
    if name in runs:
        row(name, label, runs[name])

refused = sum(b["refused"] for b in doc["benchmarks"] if b.get("run_type") != "aggregate"
              and not b.get("error_occurred"))
if "BM_Engine" in runs:
    e = runs["BM_Engine"]
    print(f"\napplications: {e['apps']:,.0f}; medians of {len(spread['BM_Engine'])} repetitions")
    if "BM_Baseline" in runs:
        ratio = e["items_per_second"] / runs["BM_Baseline"]["items_per_second"]
        verdict = ("met" if ratio >= 0.25
                   else f"missed: {0.25 / ratio:.1f}x short of it")
        print(f"engine / baseline: {ratio:.4f}x  (target >= 0.25x: {verdict}; goal 0.5x)")
    bpa = e["bytes_per_app"]
    verdict = "met" if bpa <= 256 else f"missed by {bpa - 256:.0f} B ({bpa / 256:.2f}x)"
    print(f"engine bytes/app: {bpa:.0f} after open, {e['steady_bytes_per_app']:.0f} in the "
          f"steady state  (target <= 256: {verdict}; goal 64)")
    print(f"engine allocations per event in the timed loop: {e['allocs_per_event']:.2g}")
if refused:
    print(f"\n{refused:.0f} refused events: the stream is wrong, these numbers measure nothing")
    sys.exit(1)
EOF
