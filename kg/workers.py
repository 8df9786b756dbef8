"""Query worker processes: each SPARQL query runs in a child process that
can be killed, so a query is cancelled when its time limit passes or its
client goes away (pyoxigraph's ``Store.query`` has no cancel of its own).

A worker (``python -m kg.workers STORE``) opens the store read-only and
answers one request at a time. It streams the serialised result back in
frames over its stdout pipe; the pipe's buffer bounds the memory a large
result takes. It reopens the store when a later build has changed it, so a
running `kg serve` answers from what the last build committed.

Frames (worker to parent): one kind byte, a 4-byte big-endian length, the
payload. ``R`` ready; ``H`` header (JSON: status, content type, form);
``D`` data; ``E`` end; ``X`` error before any data (JSON: status, message);
``F`` failure after data was sent (JSON: message). Requests (parent to
worker) are one frame of JSON each, without the kind byte.
"""

from __future__ import annotations

import json
import os
import queue
import select
import struct
import subprocess
import sys
import threading
import time

from .errors import KgError, QueryError

#: Bytes a worker collects before sending a frame (and before the header:
#: an error in the first rows still gets an HTTP error status).
CHUNK = 64 * 1024

_HEAD = struct.Struct(">cI")
_LEN = struct.Struct(">I")


class QueryTimeout(QueryError):
    """A query ran past its time limit and was cancelled."""


class WorkersBusy(KgError):
    """Every worker stayed busy for the whole time limit."""


class WorkerDied(KgError):
    """A worker process ended in the middle of a request."""


# -- the parent's side ---------------------------------------------------------


class Worker:
    """One worker process and the pipe it answers on."""

    def __init__(self, location: str):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "kg.workers", location],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=None, bufsize=0,
        )
        self._fd = self.proc.stdout.fileno()
        self._buf = bytearray()

    def send(self, request: dict) -> None:
        data = json.dumps(request).encode("utf-8")
        try:
            self.proc.stdin.write(_LEN.pack(len(data)) + data)
            self.proc.stdin.flush()
        except OSError:
            raise WorkerDied("the query worker process ended; try the query again") from None

    def frames(self, deadline: float | None, cancelled=None, watch=None):
        """Yield (kind, payload) until an ``E``/``X``/``F`` frame. Raises
        QueryTimeout when ``deadline`` (time.monotonic) passes; stops
        (returning) when ``cancelled()`` becomes true. ``watch`` is a socket
        also waited on, so that ``cancelled`` is asked when it stirs."""
        while True:
            frame = self._frame()
            if frame is not None:
                yield frame
                if frame[0] in (b"E", b"X", b"F", b"R"):
                    return
                continue
            wait = 0.25 if deadline is None else max(0.0, min(0.25, deadline - time.monotonic()))
            fds = [self._fd] + ([watch] if watch is not None else [])
            readable, _, _ = select.select(fds, [], [], wait)
            if watch is not None and watch in readable:
                if cancelled is not None and cancelled():
                    return
                watch = None  # the client sent more (a pipelined request): stop watching
            if self._fd in readable:
                chunk = os.read(self._fd, 1 << 20)
                if not chunk:
                    raise WorkerDied("the query worker process ended unexpectedly; try the query again")
                self._buf += chunk
            elif deadline is not None and time.monotonic() >= deadline:
                raise QueryTimeout("time limit")

    def _frame(self):
        if len(self._buf) < _HEAD.size:
            return None
        kind, size = _HEAD.unpack_from(self._buf)
        if len(self._buf) < _HEAD.size + size:
            return None
        payload = bytes(self._buf[_HEAD.size:_HEAD.size + size])
        del self._buf[:_HEAD.size + size]
        return kind, payload

    def wait_ready(self, timeout: float = 60.0) -> None:
        for kind, payload in self.frames(time.monotonic() + timeout):
            if kind == b"R":
                return
            if kind == b"X":
                raise KgError(json.loads(payload)["message"])

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:  # pragma: no cover
            pass
        for f in (self.proc.stdin, self.proc.stdout):
            try:
                f.close()
            except OSError:
                pass


class WorkerPool:
    """``size`` worker processes over the store at ``location``; a killed
    worker is replaced in the background."""

    def __init__(self, location: str, size: int = 4):
        if size < 1:
            raise KgError("the number of query workers must be at least 1")
        self.location = location
        self.size = size
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._closed = False
        self._all: set[Worker] = set()
        self._lock = threading.Lock()
        workers = [self._spawn() for _ in range(size)]
        for w in workers:
            try:
                w.wait_ready()
            except Exception:
                self.close()
                raise
            self._idle.put(w)

    def _spawn(self) -> Worker:
        w = Worker(self.location)
        with self._lock:
            self._all.add(w)
        return w

    def _replace(self) -> None:
        if self._closed:
            return
        w = self._spawn()
        try:
            w.wait_ready()
        except Exception:  # pragma: no cover - a broken store is reported at start-up
            self.discard(w)
            return
        if self._closed:
            w.kill()
        else:
            self._idle.put(w)

    def acquire(self, timeout: float | None) -> Worker:
        try:
            return self._idle.get(timeout=timeout)
        except queue.Empty:
            raise WorkersBusy(f"all {self.size} query workers stayed busy; try again later") from None

    def release(self, worker: Worker) -> None:
        self._idle.put(worker)

    def discard(self, worker: Worker) -> None:
        """Kill ``worker`` (a cancelled query) and start a replacement."""
        worker.kill()
        with self._lock:
            self._all.discard(worker)
        threading.Thread(target=self._replace, daemon=True).start()

    def pids(self) -> set[int]:
        """Process ids of the live workers."""
        with self._lock:
            return {w.proc.pid for w in self._all}

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
            self._all.clear()
        for w in workers:
            w.kill()


# -- the worker's side ---------------------------------------------------------


def _signature(location: str):
    """What changes when a writer commits to the store directory."""
    try:
        entries = sorted(
            (e.name, e.stat().st_size, e.stat().st_mtime_ns)
            for e in os.scandir(location)
            if e.name == "CURRENT" or e.name.startswith("MANIFEST") or e.name.endswith((".log", ".sst"))
        )
    except OSError:
        return None
    return tuple(entries)


class _Snapshot:
    """The read-only store, reopened when the directory changed."""

    def __init__(self, location: str):
        self.location = location
        self.store = None
        self.union = False
        self.sig = None
        self.refresh()

    def refresh(self) -> None:
        import pyoxigraph as ox

        from .sparql import reads_union

        sig = _signature(self.location)
        if self.store is not None and sig == self.sig:
            return
        try:
            store = ox.Store.read_only(self.location)
        except OSError:
            if self.store is None:
                raise
            return  # keep answering from the last snapshot
        self.store, self.sig, self.union = store, sig, reads_union(store)


class _Out:
    def __init__(self, fd: int):
        self.fd = fd

    def frame(self, kind: bytes, payload: bytes = b"") -> None:
        data = memoryview(_HEAD.pack(kind, len(payload)) + payload)
        while data:
            n = os.write(self.fd, data)
            data = data[n:]

    def json(self, kind: bytes, obj: dict) -> None:
        self.frame(kind, json.dumps(obj).encode("utf-8"))


class _Body:
    """A file-like sink for pyoxigraph's serialisers: frames of CHUNK bytes,
    the header sent with the first one."""

    def __init__(self, out: _Out, header: dict):
        self.out, self.header, self.buf, self.started = out, header, bytearray(), False

    def write(self, data) -> int:
        self.buf += data
        if len(self.buf) >= CHUNK:
            self._send()
        return len(data)

    def flush(self) -> None:
        pass

    def _send(self) -> None:
        if not self.started:
            self.out.json(b"H", self.header)
            self.started = True
        if self.buf:
            self.out.frame(b"D", bytes(self.buf))
            self.buf.clear()

    def close(self) -> None:
        self._send()


def _answer(snap: _Snapshot, req: dict, out: _Out) -> None:
    from .formats import CONTENT_TYPES, negotiate, refusal, serializer
    from .sparql import ServiceRefused, check_service, inspect_query, result_form, run_oxigraph, term_from_nt

    text = req["query"]
    prefixes = req.get("prefixes") or {}
    try:
        snap.refresh()
        info = check_service(
            text, allow_service=req.get("allow_service", False),
            own=[tuple(a) for a in req.get("own", [])], prefixes=prefixes,
        )
        if req.get("head"):
            form = (info or inspect_query(text, prefixes)).form
            result = None
        else:
            subs = {k: term_from_nt(v) for k, v in (req.get("substitutions") or {}).items()}
            result = run_oxigraph(
                snap.store, text, prefixes=prefixes, default_graph=req.get("default_graph"),
                named_graphs=req.get("named_graphs"), union=snap.union, info=info, substitutions=subs,
            )
            form = result_form(result)
    except QueryError as exc:
        status = 403 if isinstance(exc, ServiceRefused) else 400
        out.json(b"X", {"status": status, "message": str(exc)})
        return
    except OSError as exc:
        out.json(b"X", {"status": 500, "message": f"the store cannot be read: {exc}"})
        return
    fmt = negotiate(req.get("accept"), form, req.get("format"))
    if fmt is None:
        out.json(b"X", {"status": 406, "message": refusal(form)})
        return
    header = {"status": 200, "content_type": CONTENT_TYPES[fmt], "form": form}
    if result is None:
        out.json(b"H", header)
        out.frame(b"E")
        return
    body = _Body(out, header)
    try:
        serializer(result, fmt)(body)
        body.close()
    except Exception as exc:  # evaluation errors surface while serialising
        message = f"the query failed while running: {exc}"
        if body.started:
            out.json(b"F", {"message": message})
        else:
            out.json(b"X", {"status": 500, "message": message})
        return
    out.frame(b"E")


def _read_exact(fd: int, n: int) -> bytes | None:
    data = bytearray()
    while len(data) < n:
        chunk = os.read(fd, n - len(data))
        if not chunk:
            return None
        data += chunk
    return bytes(data)


def _watch_parent() -> None:
    """End this worker when the server that started it is gone (even in the
    middle of a query that writes nothing)."""
    parent = os.getppid()
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(0)


def main(argv: list[str]) -> int:
    threading.Thread(target=_watch_parent, daemon=True).start()
    # the protocol owns the real stdout; anything printed goes to stderr
    out = _Out(os.dup(1))
    os.dup2(2, 1)
    try:
        snap = _Snapshot(argv[0])
    except OSError as exc:
        out.json(b"X", {"status": 500, "message": f"cannot open store {argv[0]!r} read-only: {exc}"})
        return 1
    out.frame(b"R")
    try:
        _loop(snap, out)
    except BrokenPipeError:  # the server went away
        pass
    return 0


def _loop(snap: _Snapshot, out: _Out) -> None:
    while True:
        head = _read_exact(0, _LEN.size)
        if head is None:
            return
        data = _read_exact(0, _LEN.unpack(head)[0])
        if data is None:
            return
        _answer(snap, json.loads(data), out)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
