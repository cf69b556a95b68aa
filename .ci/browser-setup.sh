#!/usr/bin/env bash
# Installs what the browser tests (test/browser) need when it is missing: Debian's chromium and
# the Noto CJK fonts (the dashboard uses system fonts only). Safe to run again; .ci/run calls it.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
dpkg -s fonts-noto-cjk >/dev/null 2>&1 || missing+=(fonts-noto-cjk)
if [ ${#missing[@]} -eq 0 ]; then
  echo "browser-setup: chromium and fonts-noto-cjk already installed"
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "browser-setup: need root to install ${missing[*]} (the browser tests skip without chromium)" >&2
  exit 1
fi
echo "browser-setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${missing[@]}" >/dev/null
/usr/bin/chromium --version
