#!/bin/sh
# Make sure Debian's chromium is installed: the HTML-view tests open the page
# in a real headless browser. A quick no-op when it is already there.
set -eu
if [ -x /usr/bin/chromium ] || command -v chromium >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-chromium: no chromium and no apt-get; install chromium by hand (the browser tests will be skipped)" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "ensure-chromium: not root and no sudo; run 'apt-get install chromium' as root (the browser tests will be skipped)" >&2
        exit 0
    fi
fi
echo "ensure-chromium: installing chromium with apt-get" >&2
if ! $SUDO apt-get update -qq || ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends chromium >/dev/null; then
    echo "ensure-chromium: apt-get could not install chromium; the browser tests will be skipped" >&2
fi
