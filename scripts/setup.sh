#!/usr/bin/env bash
# Set up hrdd on a fresh Debian or Ubuntu machine: system packages PyICU needs to build
# (pulled in by followthemoney/rigour's dependency chain), a virtual environment in .venv,
# and the package with its development tools. Safe to run again; it only adds what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."

need_pkgs=()
command -v pkg-config >/dev/null 2>&1 || need_pkgs+=(pkg-config)
dpkg -s libicu-dev >/dev/null 2>&1 || need_pkgs+=(libicu-dev)
command -v g++ >/dev/null 2>&1 || need_pkgs+=(g++)
# WeasyPrint renders PDF reports with Pango
dpkg -s libpango-1.0-0 >/dev/null 2>&1 || need_pkgs+=(libpango-1.0-0 libpangoft2-1.0-0)
# and subsets fonts with HarfBuzz (a warning, hence an error under the tests, without it)
dpkg -s libharfbuzz-subset0 >/dev/null 2>&1 || need_pkgs+=(libharfbuzz-subset0)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "setup: installing system packages: ${need_pkgs[*]}" >&2
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_pkgs[@]}" >/dev/null
  else
    echo "setup: please install these system packages first: ${need_pkgs[*]}" >&2
    echo "       (sudo apt-get install ${need_pkgs[*]})" >&2
    exit 1
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
# re-install only when pyproject.toml, or the C bound it compiles (hatch_build.py), changed since
# the last set-up
stamp=.venv/.hrdd-setup${1:-}
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ hatch_build.py -nt "$stamp" ] \
    || [ hrdd/screening/_reach.c -nt "$stamp" ] || [ hrdd/screening/_reach_budget.c -nt "$stamp" ] || ! ls hrdd/screening/_reach.*.so >/dev/null 2>&1; then
  .venv/bin/python -m pip install -q --upgrade pip >/dev/null
  if [ "${1:-}" = "--dev" ]; then
    .venv/bin/python -m pip install -q -e . --group dev
  else
    .venv/bin/python -m pip install -q -e .
  fi
  touch "$stamp"
fi
