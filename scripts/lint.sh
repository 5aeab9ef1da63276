#!/usr/bin/env bash
# Lint gates (run by scripts/test.sh): clang-format must leave every source unchanged, and
# clang-tidy (checks in .clang-tidy, warnings are errors) must find nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t sources < <(git ls-files 'engine/*.cpp' 'engine/*.hpp' 'engine/*.h' 'engine/*.c' \
  'plugins/*.cpp' 'plugins/*.hpp' 'plugins/*.h' 'plugins/*.c' 'tests/*.cpp' 'tests/*.hpp' \
  'tests/*.c' 'bench/*.cpp' | grep -v '/corpus/')
echo "== clang-format: ${#sources[@]} files"
clang-format --dry-run -Werror "${sources[@]}"

build="${LINT_BUILD_DIR:-build-tidy}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_EXPORT_COMPILE_COMMANDS=ON \
  -DNUDGE_BUILD_BENCH=OFF >/dev/null
# Generated headers and fixtures must exist before clang-tidy reads the compile commands.
cmake --build "$build" -j2 --target nudge_engine >/dev/null
echo "== clang-tidy (checks: .clang-tidy)"
# GCC-only warning flags in the compile commands are unknown to clang: ignore them.
run-clang-tidy -p "$build" -quiet -j "$(nproc)" -extra-arg=-Wno-unknown-warning-option \
  "$(pwd)/(engine|plugins|tests|bench)/" >"$build/clang-tidy.log" 2>&1 || {
  grep -E "(error|warning):" "$build/clang-tidy.log" | head -50
  echo "clang-tidy: findings above (full log: $build/clang-tidy.log)" >&2
  exit 1
}
echo "lint: clean"
