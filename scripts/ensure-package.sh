#!/bin/sh
# Make sure a Debian package the tests need is installed:
#   sh scripts/ensure-package.sh PACKAGE COMMAND WHAT
# A quick no-op when COMMAND is already there; otherwise apt-get installs
# PACKAGE (as root, or with sudo). RUNLEVEL=1 keeps a package's install from
# starting a service (the tests start their own servers). When it cannot be
# installed, it says so and the tests that need it (WHAT) are skipped.
set -eu
package=$1 command=$2 what=$3
name="ensure-$package"
if command -v "$command" >/dev/null 2>&1 || [ -x "/usr/bin/$command" ]; then
    exit 0
fi
if ! command -v apt-get >/dev/null 2>&1; then
    echo "$name: no $command and no apt-get; install $package by hand (the $what will be skipped)" >&2
    exit 0
fi
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO="sudo"
    else
        echo "$name: not root and no sudo; run 'apt-get install $package' as root (the $what will be skipped)" >&2
        exit 0
    fi
fi
echo "$name: installing $package with apt-get" >&2
if ! $SUDO apt-get update -qq || ! DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 $SUDO apt-get install -y -qq --no-install-recommends "$package" >/dev/null; then
    echo "$name: apt-get could not install $package; the $what will be skipped" >&2
fi
