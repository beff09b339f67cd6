#!/usr/bin/env python3
"""An independent reference for `Scripts/bench models`: a plain MLP in numpy.

Reads the rollouts OrreryBench exported (one TSV line per rollout, step and body),
trains a per-body MLP on teacher-forced transitions (inputs: the body's velocity,
half-size, mass, gap to the ground, and the nearest other body's relative position,
velocity, half-size, gap and log-mass ratio; output: the change of velocity over one
step), rolls it out from the end of the context on the held-out rollouts and prints
the mean position error over the 120 steps after the context (a body further off
than 5 m counts 5 m), one line per seed: `name<TAB>value<TAB>m`.

Nothing here imports or calls Orrery's Swift code; only the data is shared.
Usage: models_mlp.py FOLDER FAMILY VARIANT... [--seeds 3] [--epochs 30]
"""
import sys

import numpy as np

CONTEXT = 8
HORIZON = 120
LOST = 5.0
DT = 1.0 / 60.0
RANGE = 1.0


def load(path):
    rows = np.loadtxt(path, delimiter="\t", skiprows=1)
    out = {}
    for r in rows:
        out.setdefault(int(r[0]), {}).setdefault(int(r[1]), []).append(r)
    # rollouts[r] = array (steps, bodies, 13)
    return [np.array([out[r][t] for t in sorted(out[r])]) for r in sorted(out)]


def features(state):
    """Per-body feature rows for one state: (bodies, 13) → (bodies, F)."""
    n = len(state)
    x, y, vx, vy, hw, hh, mass, static, ground = (state[:, i] for i in (4, 5, 6, 7, 8, 9, 10, 11, 12))
    rows = []
    for i in range(n):
        gap_ground = min(y[i] - hh[i] - ground[i], RANGE)
        best, best_gap = None, RANGE
        for j in range(n):
            if j == i:
                continue
            dx, dy = abs(x[j] - x[i]) - hw[i] - hw[j], abs(y[j] - y[i]) - hh[i] - hh[j]
            g = max(dx, dy)
            if g < best_gap:
                best, best_gap = j, g
        if best is None:
            nb = [0.0, 0.0, 0.0, 0.0, 0.0, 0.0, RANGE, 0.0, 0.0]
        else:
            j = best
            ratio = 5.0 if static[j] else float(np.clip(np.log(mass[j]) - np.log(mass[i]), -5, 5))
            nb = [x[j] - x[i], y[j] - y[i], vx[j] - vx[i], vy[j] - vy[i], hw[j], hh[j], best_gap, ratio, 1.0]
        rows.append([vx[i], vy[i], hw[i], hh[i], np.log(mass[i]) if mass[i] > 0 else 0.0, gap_ground] + nb)
    return np.array(rows)


def transitions(rollouts):
    xs, ys = [], []
    for r in rollouts:
        for t in range(len(r) - 1):
            f = features(r[t])
            for i in range(len(r[t])):
                if r[t][i][11]:
                    continue
                xs.append(f[i])
                ys.append([r[t + 1][i][6] - r[t][i][6], r[t + 1][i][7] - r[t][i][7]])
    return np.array(xs), np.array(ys)


class MLP:
    def __init__(self, sizes, rng):
        self.w = [rng.normal(0, np.sqrt(1.0 / a), (a, b)) for a, b in zip(sizes[:-1], sizes[1:])]
        self.b = [np.zeros(b) for b in sizes[1:]]

    def forward(self, x):
        acts = [x]
        for k, (w, b) in enumerate(zip(self.w, self.b)):
            z = acts[-1] @ w + b
            acts.append(np.tanh(z) if k < len(self.w) - 1 else z)
        return acts

    def grads(self, acts, g):
        gw, gb = [], []
        for k in reversed(range(len(self.w))):
            gw.insert(0, acts[k].T @ g)
            gb.insert(0, g.sum(0))
            if k > 0:
                g = (g @ self.w[k].T) * (1 - acts[k] ** 2)
        return gw, gb


def train(x, y, seed, epochs, hidden=64, lr=1e-3, batch=64):
    rng = np.random.default_rng(seed)
    xm, xs = x.mean(0), x.std(0) + 1e-8
    ym, ys = y.mean(0), y.std(0) + 1e-8
    xn, yn = (x - xm) / xs, (y - ym) / ys
    net = MLP([x.shape[1], hidden, hidden, y.shape[1]], rng)
    params = net.w + net.b
    m = [np.zeros_like(p) for p in params]
    v = [np.zeros_like(p) for p in params]
    step = 0
    for epoch in range(epochs):
        rate = lr * (0.05 + 0.95 * 0.5 * (1 + np.cos(np.pi * epoch / max(1, epochs - 1))))
        order = rng.permutation(len(xn))
        for s in range(0, len(order), batch):
            idx = order[s:s + batch]
            acts = net.forward(xn[idx])
            g = 2 * (acts[-1] - yn[idx]) / idx.size / y.shape[1]
            gw, gb = net.grads(acts, g)
            step += 1
            for k, (p, gp) in enumerate(zip(params, gw + gb)):
                m[k] = 0.9 * m[k] + 0.1 * gp
                v[k] = 0.999 * v[k] + 0.001 * gp * gp
                p -= rate * (m[k] / (1 - 0.9 ** step)) / (np.sqrt(v[k] / (1 - 0.999 ** step)) + 1e-8)
    return lambda f: net.forward((f - xm) / xs)[-1] * ys + ym


def rollout_error(predict, rollouts):
    errors = []
    for r in rollouts:
        state = r[CONTEXT - 1].copy()
        moving = state[:, 11] == 0
        total, count = 0.0, 0
        for t in range(CONTEXT, min(len(r), CONTEXT + HORIZON)):
            dv = predict(features(state))
            state[moving, 6] += dv[moving, 0]
            state[moving, 7] += dv[moving, 1]
            state[moving, 4] += state[moving, 6] * DT
            state[moving, 5] += state[moving, 7] * DT
            e = np.hypot(state[:, 4] - r[t][:, 4], state[:, 5] - r[t][:, 5])
            e = np.where(np.isfinite(e), np.minimum(e, LOST), LOST)
            total += e[moving].sum()
            count += moving.sum()
        errors.append(total / max(1, count))
    return float(np.mean(errors))


def main():
    args = sys.argv[1:]
    seeds, epochs = 3, 30
    if "--seeds" in args:
        i = args.index("--seeds")
        seeds = int(args[i + 1])
        del args[i:i + 2]
    if "--epochs" in args:
        i = args.index("--epochs")
        epochs = int(args[i + 1])
        del args[i:i + 2]
    folder, family, variants = args[0], args[1], args[2:]
    x, y = transitions(load(f"{folder}/{family}.train.tsv"))
    tests = {v: load(f"{folder}/{family}.{v}.tsv") for v in variants}
    for seed in range(1, seeds + 1):
        predict = train(x, y, seed, epochs)
        for v, rollouts in tests.items():
            print(f"{family}.{v}.numpy-mlp\t{rollout_error(predict, rollouts)}\tm")


if __name__ == "__main__":
    main()
