#!/bin/sh
# Make sure Debian's OpenLink Virtuoso (virtuoso-opensource) is installed: the
# remote-store tests start their own Virtuoso server on 127.0.0.1 (a private
# database directory and free ports) and stop it. A quick no-op when it is
# already there. Installing it starts no server (the tests start their own).
set -eu
if command -v virtuoso-t >/dev/null 2>&1; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure-virtuoso: no virtuoso-t and no apt-get; install virtuoso-opensource by hand (the Virtuoso tests will be skipped)" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "ensure-virtuoso: not root and no sudo; run 'apt-get install virtuoso-opensource' as root (the Virtuoso tests will be skipped)" >&2
        exit 0
    fi
fi
echo "ensure-virtuoso: installing virtuoso-opensource with apt-get" >&2
if ! $SUDO apt-get update -qq || ! DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null; then
    echo "ensure-virtuoso: apt-get could not install virtuoso-opensource; the Virtuoso tests will be skipped" >&2
fi
