"""Writes the `orrery` kernelspec (kernel.json) where Jupyter looks for kernels."""

import argparse
import json
import os
import shutil
import sys
import tempfile

from jupyter_client.kernelspec import KernelSpecManager

from .kernel import ARGUMENTS_VARIABLE, BINARY_VARIABLE

KERNEL_NAME = "orrery"


def kernelspec(binary, session_arguments):
    """kernel.json: this Python runs the wrapper; the env says which orrery and flags."""
    env = {BINARY_VARIABLE: binary}
    if session_arguments:
        env[ARGUMENTS_VARIABLE] = json.dumps(session_arguments)
    return {
        "argv": [sys.executable, "-m", "orrery_kernel", "-f", "{connection_file}"],
        "display_name": "Orrery",
        "language": "orrery",
        "interrupt_mode": "signal",
        "env": env,
        "metadata": {"debugger": False},
    }


def main(argv):
    parser = argparse.ArgumentParser(
        prog="python -m orrery_kernel install",
        description="Install the Orrery kernel for Jupyter. Flags after -- go to `orrery session` "
                    "(--seed, --out, --max-steps, --allow-exec, …).")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="install for this user (~/.local/share/jupyter)")
    where.add_argument("--sys-prefix", action="store_true", help="install into this Python's prefix (a venv)")
    where.add_argument("--prefix", help="install under this prefix")
    parser.add_argument("--orrery", help="the orrery executable (default: `orrery` on PATH)")
    parser.add_argument("--name", default=KERNEL_NAME, help="kernel name (default: orrery)")
    arguments, rest = parser.parse_known_args(argv)
    if rest and rest[0] == "--":
        rest = rest[1:]
    elif rest:
        parser.error(f"unrecognized arguments: {' '.join(rest)} (flags for orrery session go after --)")
    binary = arguments.orrery or shutil.which("orrery")
    if not binary:
        parser.error("no `orrery` on PATH; pass --orrery PATH (e.g. .build/release/orrery)")
    binary = os.path.abspath(binary)
    if not os.access(binary, os.X_OK):
        parser.error(f"{binary} is not an executable")
    prefix = sys.prefix if arguments.sys_prefix else arguments.prefix
    with tempfile.TemporaryDirectory() as folder:
        with open(os.path.join(folder, "kernel.json"), "w") as file:
            json.dump(kernelspec(binary, rest), file, indent=1)
        destination = KernelSpecManager().install_kernel_spec(
            folder, kernel_name=arguments.name, user=arguments.user, prefix=prefix)
    print(f"installed kernelspec {arguments.name} in {destination} (orrery: {binary})")
    return 0
