#!/usr/bin/env bash
# Prepare this machine to build the report: the system packages first (headless
# Chromium for the PDF, Noto CJK fonts for Chinese names, python3-venv), then the
# project's virtual environment with the pinned Python dependencies.
# Called by the Makefile; safe to run again.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${VENV:-$ROOT/.venv}"
if [ -x /usr/bin/python3 ]; then PYTHON="${PYTHON:-/usr/bin/python3}"; else PYTHON="${PYTHON:-python3}"; fi
# The browsers and fonts the PDF needs are listed once, in analysis/render/pdf.py.
CJK_FONT_GLOB="$("$PYTHON" -c 'import sys; sys.path.insert(0, sys.argv[1]); import pdf; print(pdf.CJK_FONT_GLOB)' "$ROOT/analysis/render")"

missing=()
if ! "$PYTHON" "$ROOT/analysis/render/pdf.py" browser >/dev/null 2>&1; then
  if grep -qs '^ID=ubuntu' /etc/os-release; then
    # Ubuntu's apt 'chromium' only installs a snap, which apt cannot do here: say what to install instead.
    "$PYTHON" "$ROOT/analysis/render/pdf.py" browser || exit 1
  fi
  missing+=(chromium)
fi
compgen -G "$CJK_FONT_GLOB" >/dev/null || missing+=(fonts-noto-cjk)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
"$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1 || missing+=(python3-venv)

if [ "${#missing[@]}" -gt 0 ]; then
  install=(apt-get install -y --no-install-recommends "${missing[@]}")
  if [ "$(id -u)" -eq 0 ]; then
    echo "==> installing system packages: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    echo "==> installing system packages with sudo: ${missing[*]}"
    sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive "${install[@]}" >/dev/null
  else
    echo "error: the report needs these system packages: ${missing[*]}" >&2
    echo "run this once, then 'make' again:  sudo apt-get update && sudo ${install[*]}" >&2
    exit 1
  fi
  rm -rf "$VENV/mplconfig"  # matplotlib must rebuild its font list to see new fonts
fi

"$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' || {
  echo "error: Python 3.11 or newer is needed, $PYTHON is $("$PYTHON" --version 2>&1)" >&2; exit 1; }

if [ ! -x "$VENV/bin/python" ]; then
  echo "==> creating the virtual environment in ${VENV#$ROOT/}"
  "$PYTHON" -m venv "$VENV"
fi
echo "==> installing the pinned Python dependencies (requirements.lock)"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$ROOT/requirements.lock"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e "$ROOT"
touch "$VENV/.installed"
