#!/usr/bin/env bash
# The browser test (spec/browser) drives Debian's Chromium: `npx playwright install` cannot work on
# our machines, so `npm test` (via pretest) and CI install the Debian package when it is missing.
set -euo pipefail
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[ -x "$chromium" ] && exit 0
echo "Chromium not found at $chromium: installing Debian's chromium package for the browser test" >&2
sudo=$([ "$(id -u)" = 0 ] || echo sudo)
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
