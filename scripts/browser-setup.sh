#!/usr/bin/env bash
# Install what the browser tests (tests/browser) and the PDF report test need: Debian's Chromium and ChromeDriver, and
# Playwright for Python in .venv. Playwright drives /usr/bin/chromium directly; it never
# downloads a browser of its own (never run `playwright install`). Safe to run again: it only
# adds what is missing. Without root and apt the tests skip with the reason instead.
# Usage: scripts/browser-setup.sh            (PY=path/to/python to use another interpreter)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}

need_pkgs=()
[ -x /usr/bin/chromium ] || need_pkgs+=(chromium)
[ -x /usr/bin/chromedriver ] || need_pkgs+=(chromium-driver)
# pdftotext, to read the text of PDF reports in tests/reports
command -v pdftotext >/dev/null 2>&1 || need_pkgs+=(poppler-utils)
# fonts for readable screenshots (Chromium's package recommends them; apt may skip recommends)
dpkg -s fonts-dejavu-core >/dev/null 2>&1 || need_pkgs+=(fonts-dejavu-core)
if [ ${#need_pkgs[@]} -gt 0 ]; then
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
    echo "browser-setup: installing system packages: ${need_pkgs[*]}" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  else
    echo "browser-setup: missing ${need_pkgs[*]}; install them (sudo apt-get install ${need_pkgs[*]})" >&2
    echo "               or the browser tests will be skipped" >&2
  fi
fi

if [ ! -x "$PY" ]; then
  echo "browser-setup: no Python at $PY; run scripts/setup.sh first" >&2
  exit 1
fi
if ! "$PY" -c "import playwright.sync_api" >/dev/null 2>&1; then
  echo "browser-setup: installing Playwright for Python into $("$PY" -c 'import sys; print(sys.prefix)')" >&2
  "$PY" -m pip install -q "playwright>=1.45"
fi
