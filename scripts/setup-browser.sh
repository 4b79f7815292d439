#!/usr/bin/env sh
# Installs Debian's chromium for the handout browser test and `npm run screenshots` (playwright-core
# drives it; no browser is downloaded). Used by `npm run setup` and by .ci/run. Debian/Ubuntu only;
# elsewhere install Chromium yourself and set CHROMIUM_PATH.
set -eu
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then
  echo "chromium: ${CHROMIUM_PATH:-/usr/bin/chromium} is installed"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update
$sudo apt-get install -y --no-install-recommends chromium
