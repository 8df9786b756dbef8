#!/bin/sh
# Make sure Debian's chromium is installed: the HTML-view and endpoint
# browser tests open pages in a real headless browser.
exec sh "$(dirname "$0")/ensure-package.sh" chromium chromium "browser tests"
