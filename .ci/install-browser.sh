#!/usr/bin/env bash
# Installs Debian's chromium for the docs browser tests, which drive it with
# playwright-core. Does nothing when it is already installed.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then
  echo "chromium already installed: $(/usr/bin/chromium --version)"
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends chromium
/usr/bin/chromium --version
