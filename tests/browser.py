"""The headless browser of the browser tests: chromium with the network cut
off (no name resolves, every proxied request fails), a page opened from a
file, and a probe script that reports what the page shows."""

from __future__ import annotations

import html
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

#: Collects the page's errors; goes first in <head>.
ERRORS = "<script>window.__errors = []; window.addEventListener('error', function (e) { window.__errors.push(String(e.message)); });</script>"


def chromium() -> str:
    """Path of an installed chromium, or skip the test."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    if Path("/usr/bin/chromium").exists():
        return "/usr/bin/chromium"
    pytest.skip("chromium not found: run scripts/ensure-chromium.sh (`make test` does) to run the browser tests")


def _args(profile: Path, size: str, budget: int) -> list[str]:
    return [
        chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        f"--user-data-dir={profile}", f"--window-size={size}", f"--virtual-time-budget={budget}",
        "--host-resolver-rules=MAP * ~NOTFOUND", "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>",
    ]


def probe(page: Path, tmp_path: Path, script: str, *, fragment: str = "", size: str = "1200,800", budget: int = 3000) -> dict:
    """Open a copy of ``page`` with ``script`` added at the end of its body
    (it runs after the page's own script and must leave a JSON report in
    ``<pre id="kg-probe">``); return that report."""
    text = page.read_text(encoding="utf-8")
    text = text.replace("<head>", "<head>" + ERRORS, 1)
    text = text.replace("</body>", f"<script>{script}</script></body>", 1)
    probed = tmp_path / f"probed-{len(list(tmp_path.iterdir()))}-{page.name}"
    probed.write_text(text, encoding="utf-8")
    profile = tmp_path / f"chromium-profile-{len(list(tmp_path.iterdir()))}"
    proc = subprocess.run(_args(profile, size, budget) + ["--dump-dom", probed.as_uri() + fragment],
                          capture_output=True, text=True, timeout=300)
    shutil.rmtree(profile, ignore_errors=True)
    m = re.search(r'<pre id="kg-probe">(.*?)</pre>', proc.stdout, re.S)
    assert m, f"the probe did not report (exit {proc.returncode}): {proc.stderr[-2000:]}"
    return json.loads(html.unescape(m[1]))


def screenshot(page: Path, target: Path, tmp_path: Path, *, size: str = "1200,800", fragment: str = "") -> Path:
    """A PNG of ``page`` as the browser shows it."""
    target.unlink(missing_ok=True)
    profile = tmp_path / f"chromium-profile-shot-{len(list(tmp_path.iterdir()))}"
    proc = subprocess.run(_args(profile, size, 3000) + [f"--screenshot={target}", page.as_uri() + fragment],
                          capture_output=True, text=True, timeout=300)
    shutil.rmtree(profile, ignore_errors=True)
    assert proc.returncode == 0 and target.exists(), proc.stderr[-2000:]
    return target
