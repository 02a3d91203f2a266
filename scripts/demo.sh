#!/usr/bin/env bash
# Runs the Spanscope demo. Arguments go to `spanscope demo` (e.g. --port 8080 --duration 60).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build -c release --product spanscope
exec .build/release/spanscope demo "$@"
