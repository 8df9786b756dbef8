"""The headless browser of the browser tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest


def chromium() -> str:
    """Path of an installed chromium, or skip the test."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    pytest.skip("chromium not found: run scripts/ensure-chromium.sh (`make test` does) to run the browser tests")
