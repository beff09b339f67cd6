"""Drives a real Orrery kernel through jupyter_client: execute, rich outputs, errors,
complete, inspect, is_complete, interrupt, restart. Run by Scripts/jupyter-test.

ORRERY_BINARY names the orrery executable under test (default .build/debug/orrery).
"""

import base64
import json
import os
import queue
import shutil
import sys
import tempfile
import time
import unittest

from jupyter_client.manager import KernelManager

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
sys.path.insert(0, os.path.join(HERE, ".."))

from orrery_kernel.install import kernelspec  # noqa: E402

PNG_MAGIC = b"\x89PNG\r\n\x1a\n"
# Generous bounds for one message on a loaded 2-core CI machine; never a timing assertion.
TIMEOUT = 120


def orrery_binary():
    return os.path.abspath(os.environ.get("ORRERY_BINARY", os.path.join(ROOT, ".build", "debug", "orrery")))


def install_kernelspec(folder, session_arguments=()):
    """A kernelspec in a private JUPYTER_PATH, so the test never touches the user's."""
    spec_folder = os.path.join(folder, "kernels", "orrery")
    os.makedirs(spec_folder, exist_ok=True)
    spec = kernelspec(orrery_binary(), list(session_arguments))
    # The kernel imports orrery_kernel from the source tree when it is not installed.
    spec["env"]["PYTHONPATH"] = os.path.join(HERE, "..")
    with open(os.path.join(spec_folder, "kernel.json"), "w") as file:
        json.dump(spec, file)
    os.environ["JUPYTER_PATH"] = folder


class KernelSession:
    """A started kernel and a blocking client, with helpers to run one cell."""

    def __init__(self):
        self.manager = KernelManager(kernel_name="orrery")
        self.manager.start_kernel()
        self.client = self.manager.blocking_client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=TIMEOUT)

    def close(self):
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)

    def execute(self, code, on_message=None):
        """Runs `code`; returns (reply content, iopub messages of this request)."""
        msg_id = self.client.execute(code)
        messages = []
        while True:
            message = self.client.get_iopub_msg(timeout=TIMEOUT)
            if message["parent_header"].get("msg_id") != msg_id:
                continue
            if on_message:
                on_message(message)
            if message["msg_type"] == "status" and message["content"]["execution_state"] == "idle":
                break
            messages.append(message)
        reply = self.client.get_shell_msg(timeout=TIMEOUT)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.client.get_shell_msg(timeout=TIMEOUT)
        return reply["content"], messages


def of_type(messages, kind):
    return [m["content"] for m in messages if m["msg_type"] == kind]


def stream_text(messages, name="stdout"):
    return "".join(c["text"] for c in of_type(messages, "stream") if c["name"] == name)


class KernelTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="orrery-kernel-test-")
        cls.out = os.path.join(cls.folder, "out")
        install_kernelspec(cls.folder, ["--out", cls.out])
        cls.kernel = KernelSession()

    @classmethod
    def tearDownClass(cls):
        cls.kernel.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def test_kernel_info_names_the_language_and_its_lexer(self):
        self.kernel.client.kernel_info()
        reply = self.kernel.client.get_shell_msg(timeout=TIMEOUT)
        info = reply["content"]["language_info"]
        self.assertEqual(info["name"], "orrery")
        self.assertEqual(info["pygments_lexer"], "orrery")
        self.assertEqual(info["file_extension"], ".orr")

    def test_bindings_persist_and_values_echo(self):
        reply, messages = self.kernel.execute("let answer = 6\nfn twice(n) { return 2 * n }\nprint(answer * 7)")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(stream_text(messages), "42\n")
        reply, messages = self.kernel.execute("twice(answer) + 0.5")
        self.assertEqual(reply["status"], "ok")
        results = of_type(messages, "execute_result")
        self.assertEqual([r["data"]["text/plain"] for r in results], ["12.5"])
        self.assertEqual(results[0]["execution_count"], reply["execution_count"])

    def test_frames_are_png_plots_are_svg_and_png_tables_are_html(self):
        code = "\n".join([
            'let s = scene "s" {',
            "  ground at 0",
            "  ball a at (1, 0.5) radius 0.5 velocity (2, 0)",
            "}",
            "show s",
            'show plot([1, 4, 9], title: "squares", x: "step")',
            "show [{n: 1, sq: 1}, {n: 2, sq: 4}]",
        ])
        reply, messages = self.kernel.execute(code)
        self.assertEqual(reply["status"], "ok")
        shown = [c["data"] for c in of_type(messages, "display_data")]
        self.assertEqual(len(shown), 3)
        self.assertTrue(base64.b64decode(shown[0]["image/png"]).startswith(PNG_MAGIC))
        self.assertIn("<svg", shown[1]["image/svg+xml"])
        self.assertTrue(base64.b64decode(shown[1]["image/png"]).startswith(PNG_MAGIC))
        self.assertTrue(shown[2]["text/html"].startswith("<table"))
        self.assertIn("sq", shown[2]["text/plain"])
        for data in shown:
            self.assertIn("text/plain", data)

    def test_errors_carry_the_located_diagnostic_and_bind_nothing(self):
        reply, messages = self.kernel.execute('print("before")\nlet broken = 1 / no_such_name')
        self.assertEqual(reply["status"], "error")
        errors = of_type(messages, "error")
        self.assertEqual(len(errors), 1)
        self.assertTrue(errors[0]["evalue"].startswith("<repl>:2:"), errors[0]["evalue"])
        self.assertIn("no_such_name", errors[0]["evalue"])
        self.assertIn("^", "\n".join(errors[0]["traceback"]))
        reply, messages = self.kernel.execute("let oops = [1][3]")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(reply["ename"], "OrreryError")
        reply, messages = self.kernel.execute("expect 1 == 2")
        self.assertEqual(reply["ename"], "ExpectFailed")
        reply, messages = self.kernel.execute("oops")
        self.assertEqual(reply["status"], "error")

    def test_training_progress_is_one_display_updated_in_place(self):
        code = "\n".join([
            'let w = scene "w" {',
            "  ground at 0",
            "  ball a at (1, 0.5) radius 0.5 velocity (2, 0)",
            "}",
            "let data = dataset(w, n: 2, steps: 10, seed: 3)",
            "let m = train(window(k: 3, hidden: 4), data, epochs: 4)",
            'print("trained")',
        ])
        reply, messages = self.kernel.execute(code)
        self.assertEqual(reply["status"], "ok")
        first = of_type(messages, "display_data")
        updates = of_type(messages, "update_display_data")
        self.assertEqual(len(first), 1)
        self.assertGreaterEqual(len(updates), 3)
        display_id = first[0]["transient"]["display_id"]
        self.assertTrue(all(u["transient"]["display_id"] == display_id for u in updates))
        self.assertTrue(updates[-1]["data"]["text/plain"].endswith("done"))
        self.assertEqual(stream_text(messages), "trained\n")

    def test_output_streams_while_the_cell_runs_and_interrupt_keeps_the_session(self):
        self.kernel.execute("let survivor = 41")
        interrupted = []

        def on_message(message):
            # "started" arrives while the loop still runs: output is streamed, and the
            # interrupt is sent only then.
            if not interrupted and message["msg_type"] == "stream" and "started" in message["content"]["text"]:
                interrupted.append(True)
                self.kernel.manager.interrupt_kernel()

        reply, messages = self.kernel.execute('print("started")\nvar i = 0\nwhile true { i += 1 }', on_message)
        self.assertEqual(interrupted, [True])
        self.assertEqual(reply["status"], "error")
        self.assertIn("interrupted", reply["evalue"])
        reply, messages = self.kernel.execute("print(survivor + 1)")
        self.assertEqual(reply["status"], "ok")
        self.assertEqual(stream_text(messages), "42\n")

    def test_complete_names_builtins_and_members(self):
        self.kernel.execute("let velocity_scale = 2\nlet settings = {alpha: 1, beta: 2}")
        client = self.kernel.client
        for code, expected, start in [("print(velocity_sc", ["velocity_scale"], 6),
                                      ("settings.al", ["alpha"], 9)]:
            client.complete(code, len(code))
            reply = client.get_shell_msg(timeout=TIMEOUT)["content"]
            self.assertEqual(reply["matches"], expected)
            self.assertEqual((reply["cursor_start"], reply["cursor_end"]), (start, len(code)))
        client.complete("roll", 4)
        self.assertIn("rollout", client.get_shell_msg(timeout=TIMEOUT)["content"]["matches"])

    def test_inspect_gives_a_builtins_signature(self):
        client = self.kernel.client
        client.inspect("rollout(", 8)
        reply = client.get_shell_msg(timeout=TIMEOUT)["content"]
        self.assertTrue(reply["found"])
        self.assertTrue(reply["data"]["text/plain"].startswith("rollout(model, scene"))
        client.inspect("nothing_by_this_name", 3)
        self.assertFalse(client.get_shell_msg(timeout=TIMEOUT)["content"]["found"])

    def test_is_complete_uses_the_parser(self):
        client = self.kernel.client
        for code, status in [("let x = 1", "complete"), ("fn f(a) {\n  return a", "incomplete"),
                             ("let = )", "invalid")]:
            client.is_complete(code)
            self.assertEqual(client.get_shell_msg(timeout=TIMEOUT)["content"]["status"], status, code)

    def test_save_writes_into_the_out_folder_of_the_kernelspec(self):
        reply, messages = self.kernel.execute('save("hello", "k.txt")')
        self.assertEqual(reply["status"], "ok")
        self.assertTrue(os.path.exists(os.path.join(self.out, "k.txt")))


class RestartTests(unittest.TestCase):
    def test_restart_starts_a_fresh_session(self):
        folder = tempfile.mkdtemp(prefix="orrery-kernel-restart-")
        install_kernelspec(folder)
        kernel = KernelSession()
        try:
            kernel.execute("let before_restart = 1")
            kernel.manager.restart_kernel(now=False)
            kernel.client.wait_for_ready(timeout=TIMEOUT)
            # Messages of the old kernel may still sit in the queue.
            deadline = time.monotonic() + 1
            while time.monotonic() < deadline:
                try:
                    kernel.client.get_iopub_msg(timeout=0.1)
                except queue.Empty:
                    break
            reply, messages = kernel.execute("before_restart")
            self.assertEqual(reply["status"], "error")
            self.assertIn("before_restart", reply["evalue"])
            reply, messages = kernel.execute("print(1 + 1)")
            self.assertEqual(stream_text(messages), "2\n")
        finally:
            kernel.close()
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    unittest.main(verbosity=2)
