#!/usr/bin/env bash
# Re-resolve the build's dependencies from pyproject.toml into requirements.lock.
# Run after changing a dependency; then update environment.yml to the same versions
# (tests/test_environment.py says which ones differ).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
PYTHON="${PYTHON:-/usr/bin/python3}"
"$PYTHON" -m venv "$WORK/venv"
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "setuptools>=68" wheel
"$WORK/venv/bin/pip" install --quiet --disable-pip-version-check "$ROOT[test]"
{
  echo "# Exact versions of every package the build and the tests install."
  echo "# Regenerate with: make lock   (then commit, and keep environment.yml in step)"
  "$WORK/venv/bin/pip" freeze --all --exclude partnership-report | grep -v '^pip=='
} > "$ROOT/requirements.lock"
echo "requirements.lock updated: $(grep -c '==' "$ROOT/requirements.lock") packages"
