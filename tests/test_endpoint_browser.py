"""A page on another origin, in headless chromium, against endpoints on
127.0.0.1: it reads results only from the endpoint whose --cors allows its
origin, and it cannot make either endpoint call out (SERVICE to a local
listener, sent as no-cors form posts that need no CORS at all)."""

from __future__ import annotations

import html
import http.server as httpserver
import json
import logging
import re
import subprocess
import threading

import pytest

from .browser import chromium
from .endpoint_helpers import Listener, running
from .minigraph import mini_store_path  # noqa: F401

pytestmark = pytest.mark.browser

PAGE = """<!doctype html><html><head><meta charset="utf-8"></head><body><script>
const A = %(a)s, B = %(b)s, LISTENER = %(listener)s;
async function run() {
  const out = {};
  const ask = '?query=' + encodeURIComponent('ASK { ?s ?p ?o }');
  try { const r = await fetch(A + ask); out.a = await r.text(); } catch (e) { out.a = 'blocked: ' + e.name; }
  try { const r = await fetch(B + ask); out.b = await r.json(); } catch (e) { out.b = 'blocked: ' + e.name; }
  const service = 'SELECT * WHERE { SERVICE <' + LISTENER + '> { ?s ?p ?o } }';
  for (const ep of [A, B]) {
    try {
      await fetch(ep, {method: 'POST', mode: 'no-cors', body: new URLSearchParams({query: service})});
    } catch (e) {}
  }
  try {
    const r = await fetch(B, {method: 'POST', headers: {'Content-Type': 'application/sparql-query'}, body: service});
    out.bService = [r.status, await r.text()];
  } catch (e) { out.bService = 'blocked: ' + e.name; }
  const pre = document.createElement('pre'); pre.id = 'probe'; pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
}
run();
</script></body></html>"""


class PageServer:
    """Serves one HTML page at http://localhost:PORT/ (the foreign origin)."""

    def __init__(self):
        self.page = b""
        outer = self

        class Handler(httpserver.BaseHTTPRequestHandler):
            def do_GET(self):
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(outer.page)))
                self.end_headers()
                self.wfile.write(outer.page)

            def log_message(self, *args):
                pass

        self.server = httpserver.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.origin = f"http://localhost:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def test_a_foreign_page_reads_only_with_cors_and_never_makes_the_endpoint_call_out(mini_store_path, tmp_path, caplog):
    exe = chromium()
    site = PageServer()
    caplog.set_level(logging.INFO, logger="kg.serve")
    try:
        with Listener() as listener, running(mini_store_path, workers=1) as closed, \
                running(mini_store_path, workers=1, cors=[site.origin]) as open_:
            site.page = (PAGE % {"a": json.dumps(closed.url), "b": json.dumps(open_.url), "listener": json.dumps(listener.url)}).encode()
            args = [
                exe, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
                "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1", "--virtual-time-budget=15000", "--dump-dom",
                site.origin + "/",
            ]
            proc = subprocess.run(args, capture_output=True, text=True, timeout=180)
            m = re.search(r'<pre id="probe">(.*?)</pre>', proc.stdout, re.S)
            assert m, f"the page did not report (exit {proc.returncode}): {proc.stderr[-2000:]}"
            out = json.loads(html.unescape(m[1]))
            assert listener.requests == []  # neither endpoint called out
    finally:
        site.close()
    assert out["a"].startswith("blocked")  # no CORS: the browser keeps the answer from the page
    assert out["b"] == {"head": {}, "boolean": True}  # --cors for this origin: the page reads it
    status, text = out["bService"]
    assert status == 403 and "SERVICE" in text
    # refused, each before running anything: the GET and the form post to the
    # endpoint without --cors, both SERVICE posts to the one with it
    refused = [r.getMessage() for r in caplog.records if r.name == "kg.serve" and '" 403 ' in r.getMessage()]
    assert len(refused) == 4, [r.getMessage() for r in caplog.records]
