#!/usr/bin/env bash
# nudge simulate against its SimPy peer (bench/peers/simpy_sim.py) on the same employer model,
# population and strategy (seed-default): applications/s for each, the ratio on one core, and
# nudge's scaling from one to two threads. Results and the command: bench/README.md.
#
#   bench/simulate.sh                 # build-sim (or $NUDGE_BUILD) must hold a built `nudge`
#   NUDGE_SIM_APPS=200000 SIMPY_APPS=20000 bench/simulate.sh
set -euo pipefail
cd "$(dirname "$0")/.."
build=${NUDGE_BUILD:-build-sim}
nudge_apps=${NUDGE_SIM_APPS:-200000}
simpy_apps=${SIMPY_APPS:-50000}
if [ ! -x "$build/nudge" ]; then
  cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
  cmake --build "$build" -j2 --target nudge >/dev/null
fi
# The system interpreter: it sees Debian's python3-simpy3 (a pyenv python3 on PATH may not).
py=/usr/bin/python3
"$py" -c 'import simpy' 2>/dev/null || { echo "simulate.sh: python3-simpy3 is missing (scripts/setup.sh)"; exit 1; }

run_nudge() {  # threads -> applications/s (best of 3)
  local best=0
  for _ in 1 2 3; do
    local t0 t1
    t0=$(date +%s.%N)
    "$build/nudge" simulate --strategy seed-default --population "$nudge_apps" --seed 1 \
      --threads "$1" --csv > /tmp/nudge-sim-bench.csv
    t1=$(date +%s.%N)
    best=$("$py" -c "print(max($best, $nudge_apps / ($t1 - $t0)))")
  done
  echo "$best"
}

one=$(run_nudge 1)
two=$(run_nudge 2)
offer=$(sed -n 2p /tmp/nudge-sim-bench.csv | cut -d, -f5)
simpy_best=0
simpy_line=""
for _ in 1 2 3; do
  line=$("$py" bench/peers/simpy_sim.py "$simpy_apps" 1)
  rate=$(echo "$line" | sed 's/.*apps_per_s \([0-9.]*\).*/\1/')
  if "$py" -c "import sys; sys.exit(0 if $rate > $simpy_best else 1)"; then
    simpy_best=$rate
    simpy_line=$line
  fi
done
"$py" - "$one" "$two" "$simpy_best" "$offer" "$simpy_line" "$nudge_apps" "$simpy_apps" <<'PY'
import sys
one, two, simpy = (float(x) for x in sys.argv[1:4])
offer, simpy_line, n1, n2 = sys.argv[4], sys.argv[5], sys.argv[6], sys.argv[7]
print(f"nudge simulate, 1 thread : {one:12,.0f} applications/s  ({n1} applications, seed-default; offer rate {float(offer):.4f})")
print(f"nudge simulate, 2 threads: {two:12,.0f} applications/s  (scaling {two / one:.2f}x)")
print(f"SimPy peer, 1 core       : {simpy:12,.0f} applications/s  ({n2} applications; {simpy_line})")
print(f"ratio nudge/SimPy on one core: {one / simpy:.1f}x  (goal >= 50x); two-thread scaling {two / one:.2f}x (goal >= 1.8x)")
PY
