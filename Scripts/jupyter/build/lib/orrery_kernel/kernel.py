"""The Jupyter kernel: a wrapper kernel (ipykernel's `Kernel`) around `orrery session`.

One session process per kernel, so bindings persist across cells like the REPL's.
The session's events become Jupyter messages: `output` events are nbformat outputs
(streams, `display_data` with the MIME bundle a written .ipynb holds), `result` is an
`execute_result`, `error` a Jupyter error carrying the located diagnostic, and
`progress` one display that is updated in place while a training loop runs.
"""

import json
import os
import shlex
import signal

from ipykernel.kernelbase import Kernel

from . import __version__
from .session import Session, SessionError

# How the kernel finds and starts `orrery session` (set in kernel.json by `install`).
BINARY_VARIABLE = "ORRERY_BINARY"
ARGUMENTS_VARIABLE = "ORRERY_SESSION_ARGS"
PROGRESS_WIDTH = 24


def session_arguments():
    """The flags for `orrery session` from the environment: a JSON list, or a shell line."""
    text = os.environ.get(ARGUMENTS_VARIABLE, "").strip()
    if not text:
        return []
    if text.startswith("["):
        return [str(a) for a in json.loads(text)]
    return shlex.split(text)


def progress_bar(label, fraction, detail):
    filled = max(0, min(PROGRESS_WIDTH, round(fraction * PROGRESS_WIDTH)))
    return f"{label} {'█' * filled}{'░' * (PROGRESS_WIDTH - filled)} {detail}".rstrip()


class OrreryKernel(Kernel):
    implementation = "orrery_kernel"
    implementation_version = __version__
    language = "orrery"
    language_version = ""
    language_info = {
        "name": "orrery",
        "mimetype": "text/x-orrery",
        "file_extension": ".orr",
        "pygments_lexer": "orrery",
        "codemirror_mode": "python",
    }
    banner = "Orrery: a notebook for world models"

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.orrery = os.environ.get(BINARY_VARIABLE, "orrery")
        # Before the session starts: a child inherits an ignored SIGINT (IPKernelApp ignores
        # it), and `orrery session` keeps an ignored SIGINT ignored, as a background job must.
        signal.signal(signal.SIGINT, self._forward_interrupt)
        # `session` is ipykernel's (the Jupyter message session): ours is `repl`.
        self.repl = Session(self.orrery, session_arguments())
        version = self.repl.ready.get("version", "")
        self.language_version = version
        self.language_info = dict(self.language_info, version=version)
        self._progress = 0

    # MARK: - Interrupts

    def _forward_interrupt(self, signum, frame):
        """Jupyter interrupts a kernel with SIGINT; the session (in its own process group)
        gets exactly one SIGINT, stops the running cell and keeps its bindings."""
        self.repl.interrupt()

    def pre_handler_hook(self):
        # ipykernel would turn SIGINT into KeyboardInterrupt here; the session handles it.
        signal.signal(signal.SIGINT, self._forward_interrupt)

    def post_handler_hook(self):
        pass

    # MARK: - Execution

    def do_execute(self, code, silent, store_history=True, user_expressions=None, allow_stdin=False,
                   *, cell_meta=None, cell_id=None):
        errors = []
        progress_id = None
        try:
            for event in self.repl.request("execute", code=code):
                kind = event.get("event")
                if kind == "output" and not silent:
                    self._send_output(event["output"])
                elif kind == "result" and not silent:
                    self.send_response(self.iopub_socket, "execute_result", {
                        "execution_count": self.execution_count, "data": event["data"], "metadata": {}})
                elif kind == "error":
                    errors.append(event["text"])
                    if not silent:
                        self.send_response(self.iopub_socket, "error", self._error_content(event["text"]))
                elif kind in ("progress", "progress_done") and not silent:
                    progress_id = self._send_progress(event, progress_id)
                elif kind == "done" and event.get("status") == "error" and not errors:
                    errors.append(event.get("message", "the cell failed"))
        except SessionError as error:
            errors.append(f"the orrery session ended: {error}; restart the kernel")
            if not silent:
                self.send_response(self.iopub_socket, "error", self._error_content(errors[-1]))
        if errors:
            return {"status": "error", "execution_count": self.execution_count, **self._error_content(errors[0])}
        return {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}

    def _send_output(self, output):
        if output.get("output_type") == "stream":
            text = output["text"]
            self.send_response(self.iopub_socket, "stream", {
                "name": output["name"], "text": "".join(text) if isinstance(text, list) else text})
        else:
            self.send_response(self.iopub_socket, "display_data", {
                "data": output["data"], "metadata": output.get("metadata", {})})

    def _send_progress(self, event, display_id):
        """Shows progress as one display updated in place (no output per step)."""
        if event["event"] == "progress":
            text = progress_bar(event["label"], event.get("fraction", 0), event.get("detail", ""))
        else:
            text = f"{event['label']} done"
        if display_id is None:
            self._progress += 1
            display_id = f"orrery-progress-{os.getpid()}-{self._progress}"
            message = "display_data"
        else:
            message = "update_display_data"
        self.send_response(self.iopub_socket, message, {
            "data": {"text/plain": text}, "metadata": {}, "transient": {"display_id": display_id}})
        return None if event["event"] == "progress_done" else display_id

    @staticmethod
    def _error_content(text):
        """A Jupyter error: the diagnostic's first line as the value, all of it as the traceback."""
        lines = text.splitlines() or [text]
        first = lines[0]
        ename = "ExpectFailed" if " expect failed:" in first else "OrreryError"
        return {"ename": ename, "evalue": first, "traceback": lines}

    # MARK: - Editor requests

    def do_complete(self, code, cursor_pos):
        reply = self._ask("complete", code=code, cursor=len(code) if cursor_pos is None else cursor_pos)
        return {"status": "ok", "matches": reply.get("matches", []),
                "cursor_start": reply.get("cursor_start", cursor_pos), "cursor_end": reply.get("cursor_end", cursor_pos),
                "metadata": {}}

    def do_inspect(self, code, cursor_pos, detail_level=0, omit_sections=()):
        reply = self._ask("inspect", code=code, cursor=len(code) if cursor_pos is None else cursor_pos)
        found = bool(reply.get("found"))
        return {"status": "ok", "found": found, "data": {"text/plain": reply["text"]} if found else {}, "metadata": {}}

    def do_is_complete(self, code):
        reply = self._ask("is_complete", code=code)
        status = reply.get("completeness", "unknown")
        return {"status": status, "indent": "  "} if status == "incomplete" else {"status": status}

    def _ask(self, op, **fields):
        try:
            done = {}
            for event in self.repl.request(op, **fields):
                done = event
            return done
        except SessionError:
            return {}

    # MARK: - Lifetime

    def do_shutdown(self, restart):
        self.repl.close()
        return {"status": "ok", "restart": restart}
