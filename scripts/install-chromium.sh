#!/usr/bin/env bash
# Installs Debian's Chromium for the dashboard's browser test (issue 9), once: `npm test` runs this
# first (the `pretest` script), so a fresh machine needs nothing installed by hand. Playwright's own
# browser download is not used: it is not reachable here, and Debian's build is what CI has.
# Does nothing when a Chromium is already there ($CHROMIUM_PATH or /usr/bin/chromium).
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
if [ -x "$chromium" ]; then
  exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-chromium: $chromium is missing and apt-get is not available; install Chromium and set CHROMIUM_PATH" >&2
  exit 1
fi
run() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
  echo "install-chromium: installing Chromium needs root (run: apt-get install -y chromium)" >&2; exit 1; fi; }
echo "install-chromium: installing Debian's chromium package (once)"
export DEBIAN_FRONTEND=noninteractive
# The package lists may be missing or stale on a fresh machine: refresh them only when needed.
if ! run apt-get install -y --no-install-recommends chromium >/tmp/install-chromium.log 2>&1; then
  run apt-get update >>/tmp/install-chromium.log 2>&1
  run apt-get install -y --no-install-recommends chromium >>/tmp/install-chromium.log 2>&1 ||
    { tail -20 /tmp/install-chromium.log >&2; exit 1; }
fi
"$chromium" --version
