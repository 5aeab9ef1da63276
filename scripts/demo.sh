#!/usr/bin/env bash
# Sets up, builds and prints the follow-up plan for the bundled panel-interview example.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
build/nudge plan policies/examples/panel.toml
