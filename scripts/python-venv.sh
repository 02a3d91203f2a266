#!/usr/bin/env bash
# Makes .venv/ with the Python peers of Tests/python/requirements.txt, once: a venv whose
# stamp matches the requirements is reused. Tests find its interpreter at .venv/bin/python.
set -euo pipefail
cd "$(dirname "$0")/.."
requirements=Tests/python/requirements.txt
stamp=.venv/requirements.stamp
if [[ -x .venv/bin/python ]] && cmp -s "$requirements" "$stamp"; then
    exit 0
fi
python3 -c 'import venv, ensurepip' 2>/dev/null || bash scripts/setup.sh python3-venv
rm -rf .venv
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r "$requirements"
cp "$requirements" "$stamp"
