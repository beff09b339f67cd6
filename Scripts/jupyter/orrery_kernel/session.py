"""A client of `orrery session`: the REPL over JSON lines (docs/notebooks.md).

Usable on its own (an editor plug-in, a script) as well as by the Jupyter kernel:

    with Session("orrery", ["--seed", "7"]) as s:
        for event in s.request("execute", code="print(6 * 7)"):
            print(event)
"""

import json
import os
import queue
import signal
import subprocess
import threading


class SessionError(Exception):
    """The session process ended or wrote something that is not a protocol line."""


class Session:
    """One `orrery session` process and its bindings."""

    def __init__(self, binary="orrery", arguments=(), cwd=None):
        self.binary = binary
        self.arguments = list(arguments)
        # Its own process group: Jupyter's interrupt (SIGINT to the kernel's group)
        # reaches the kernel, which forwards exactly one SIGINT here.
        self.process = subprocess.Popen(
            [binary, "session", *self.arguments],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=cwd,
            start_new_session=True, text=True, encoding="utf-8", bufsize=1)
        self._next_id = 0
        # Lines are read on a thread, so the caller waits on a queue with a timeout and
        # its signal handlers (Jupyter's interrupt) run while a cell runs.
        self._lines = queue.Queue()
        threading.Thread(target=self._pump, daemon=True).start()
        self.ready = self._read()
        if self.ready.get("event") != "ready":
            raise SessionError(f"expected a ready event, got {self.ready!r}")

    def _pump(self):
        for line in self.process.stdout:
            self._lines.put(line)
        self._lines.put("")

    def _read(self):
        while True:
            try:
                line = self._lines.get(timeout=0.1)
                break
            except queue.Empty:
                continue
        if not line:
            code = self.process.poll()
            raise SessionError(f"orrery session ended (exit status {code})")
        try:
            return json.loads(line)
        except ValueError as error:
            raise SessionError(f"not a protocol line: {line!r}") from error

    def send(self, op, **fields):
        """Sends one request; returns its id. Read its events with `events(id)`."""
        self._next_id += 1
        request_id = str(self._next_id)
        self.process.stdin.write(json.dumps({"id": request_id, "op": op, **fields}) + "\n")
        self.process.stdin.flush()
        return request_id

    def events(self, request_id, on_interrupt=None):
        """Yields the request's events up to and including `done`. A KeyboardInterrupt
        while waiting is forwarded to the session as SIGINT (the running cell stops,
        bindings stay) and reading goes on."""
        while True:
            try:
                event = self._read()
            except KeyboardInterrupt:
                self.interrupt()
                if on_interrupt:
                    on_interrupt()
                continue
            if event.get("id") not in (request_id, None):
                continue
            yield event
            if event.get("event") == "done":
                return

    def request(self, op, **fields):
        """Sends a request and yields its events (the last one is `done`)."""
        return self.events(self.send(op, **fields))

    def interrupt(self):
        """Stops the request running now; the session keeps its bindings."""
        if self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGINT)

    def close(self, timeout=5):
        """Ends the session (quit, then terminate if it does not leave)."""
        if self.process.poll() is None:
            try:
                self.send("quit")
                self.process.stdin.close()
                self.process.wait(timeout=timeout)
            except (OSError, subprocess.TimeoutExpired):
                self.process.kill()
                self.process.wait()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
