#!/usr/bin/env bash
# Runs every Spanscope test (making the Python peers' venv first): the whole suite, then the tracing core again under ThreadSanitizer.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh chromium
bash scripts/python-venv.sh

echo "==> building the tests"
swift build --build-tests
# Two processes: the tracing core's CPU-bound tests (a flood of 100,000 traces) would
# hold Swift's cooperative threads, one per core, for seconds at a time, and starve the
# servers' async handlers that the socket tests wait on.
echo "==> HTTP, integration and demo tests (real servers on loopback, Python and browser peers)"
swift test --skip-build --skip SpanscopeTracingTests
echo "==> tracing core tests"
swift test --skip-build --filter SpanscopeTracingTests

echo "==> tracing core under ThreadSanitizer"
swift test --sanitize=thread --scratch-path .build-tsan --filter SpanscopeTracingTests
