#!/usr/bin/env bash
# Runs every Spanscope test (making the Python peers' venv first): the whole suite, then the tracing core again under ThreadSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh chromium
bash scripts/python-venv.sh

echo "==> swift test"
swift test

echo "==> tracing core under ThreadSanitizer"
swift test --sanitize=thread --scratch-path .build-tsan --filter SpanscopeTracingTests
