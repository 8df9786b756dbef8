#!/bin/sh
# Make sure Debian's OpenLink Virtuoso (virtuoso-opensource) is installed: the
# remote-store tests start their own Virtuoso server on 127.0.0.1 (a private
# database directory and free ports) and stop it.
exec sh "$(dirname "$0")/ensure-package.sh" virtuoso-opensource virtuoso-t "Virtuoso tests"
