#!/usr/bin/env python3
"""Training throughput of the native video model through `orrery run`, against the same
network in PyTorch (video_torch_arch.py), in one run. The in-process version is
`Scripts/bench bridge throughput` (OrreryBench); this one needs only an `orrery` binary:

    python3 Scripts/bench.d/bridge_throughput_cli.py [--orrery PATH] [--scenes 8] [--steps 30]

The native side is `train(video(), data, epochs: E)` in a script, run with E = 1 and E = 3;
the difference of the two processes' CPU time (user + system, from wait4) is the cost of
two epochs of training alone (simulating, rendering and loading drop out; the per-epoch
held-out check, forward only on at most 48 windows, stays in). PyTorch then trains on the
same export (`export` of the same dataset) for as many examples, in minibatches of the same
sizes (the trainer's 64, the last one smaller), drawn from the same training windows.
"""
import argparse
import json
import os
import random
import subprocess
import sys
import tempfile

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

FAMILY = """let g = rng(4)
fn two(i) {
  return scene "pair" {
    ground at 0
    wall left from (-9.5, 0) to (-9.5, 10)
    wall right from (9.5, 0) to (9.5, 10)
    ball a at (g.uniform(-7, -4), 1.5) radius g.uniform(0.7, 1.4) velocity (g.uniform(1, 4), g.uniform(-1, 2)) color "red"
    ball b at (g.uniform(4, 7), 1.5) radius g.uniform(0.7, 1.4) velocity (-g.uniform(1, 4), g.uniform(-1, 2)) color "blue"
  }
}
let data = dataset(repeat(SCENES, fn (i) => two(i)), steps: STEPS, seed: 1)
"""


def cpu_of(command):
    """CPU seconds (user + system) of a child process, and its exit status."""
    p = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(command)} failed: {p.stderr.read().decode()[-2000:]}")
    return usage.ru_utime + usage.ru_stime


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("--orrery", default=os.path.join(ROOT, ".build", "release", "orrery"))
    p.add_argument("--scenes", type=int, default=8)
    p.add_argument("--steps", type=int, default=30)
    args = p.parse_args(argv)
    family = FAMILY.replace("SCENES", str(args.scenes)).replace("STEPS", str(args.steps))
    work = tempfile.mkdtemp(prefix="orrery-throughput-")
    out = os.path.join(work, "out")
    scripts = {"export": family + 'print(export(data, "tp", size: 64))\n'}
    for epochs in (1, 3):
        scripts[epochs] = family + f"let m = train(video(), data, epochs: {epochs}, seed: 0)\n"
    for name, text in scripts.items():
        with open(os.path.join(work, f"{name}.orr"), "w") as f:
            f.write(text)
    run = lambda name: cpu_of([args.orrery, "run", os.path.join(work, f"{name}.orr"), "--out", out])
    run("export")
    cpu1, cpu3 = run(1), run(3)
    with open(os.path.join(out, "tp", "dataset.json")) as f:
        meta = json.load(f)
    # The native defaults: window 2 + horizon 6 frames an example, minibatches of 64.
    length, batch = 8, 64
    windows = [(r, s) for r, info in enumerate(meta["rollouts"]) if info["split"] == "train"
               for s in range(len(info["states"]) - length + 1)]
    sizes = [min(batch, len(windows) - k) for k in range(0, len(windows), batch)]
    rng = random.Random(7)
    batches = [[list(rng.choice(windows)) for _ in range(n)] for n in [batch] + sizes * 2]
    picks = os.path.join(work, "picks.json")
    with open(picks, "w") as f:
        json.dump({"batches": batches}, f)
    examples = 2 * len(windows)
    native = examples / (cpu3 - cpu1)
    print(f"# video model training, {len(windows)} examples an epoch (2 context + 6 predicted 64×64 frames), "
          f"minibatches {sizes}; CPU time; native: {args.orrery}, epochs 3 minus epochs 1")
    print("| trainer | examples/s | native ÷ this |")
    print("|---|---|---|")
    print(f"| native (orrery run, float64) | {native:.1f} | 1.00 |")
    for dtype in ("float32", "float64"):
        line = subprocess.run([os.path.join(ROOT, "Scripts", "external", "torch-python"),
                               os.path.join(ROOT, "Scripts", "bench.d", "video_torch_arch.py"), os.path.join(out, "tp"), picks,
                               "--dtype", dtype, "--threads", "1", "--lr", "0.001", "--clip", "5"],
                              check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
        result = json.loads(line)
        assert result["examples"] == examples, result
        rate = result["examples_per_second"]
        print(f"| PyTorch {dtype} (1 thread) | {rate:.1f} | {native / rate:.2f} |")
    print(f"(native CPU seconds: epochs 1 {cpu1:.2f}, epochs 3 {cpu3:.2f}; target native ÷ PyTorch ≥ 0.5)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
