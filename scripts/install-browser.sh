#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests (Playwright drives it; no browser download).
# Without root and without chromium, the browser tests skip and say why.
set -u
if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "install-browser: chromium missing and not root; browser tests will be skipped (apt-get install chromium)" >&2
  exit 0
fi
echo "install-browser: installing Debian's chromium (once)" >&2
export DEBIAN_FRONTEND=noninteractive
(apt-get update -qq && apt-get install -y -qq --no-install-recommends chromium fonts-noto-core >/dev/null) \
  || echo "install-browser: apt-get failed; browser tests will be skipped" >&2
exit 0
