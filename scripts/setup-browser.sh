#!/usr/bin/env sh
# Installs Debian's chromium and a Japanese font for the handout browser test and `npm run
# screenshots` (playwright-core drives it; no browser is downloaded). Used by `npm run setup` and by
# .ci/run. Debian/Ubuntu only; elsewhere install Chromium and a Japanese font yourself and set
# CHROMIUM_PATH. Without a Japanese font Debian's chromium draws every Japanese character of the
# handouts as a box (fonts-ipafont-gothic: IPAGothic, 3.5 MB; fonts-noto-cjk also works).
set -eu
need=""
if [ ! -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ]; then need="chromium"; fi
if ! fc-list :lang=ja 2>/dev/null | grep -q .; then need="$need fonts-ipafont-gothic"; fi
if [ -z "$need" ]; then
  echo "chromium: ${CHROMIUM_PATH:-/usr/bin/chromium} is installed, with a Japanese font"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
$sudo apt-get update
# shellcheck disable=SC2086 # one word per package
$sudo apt-get install -y --no-install-recommends $need
