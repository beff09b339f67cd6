#!/usr/bin/env python3
"""The object-slot model's interaction network, trained in JAX on the CPU.

Reads the examples and batch order that `OrreryBench training --export DIR` wrote,
builds the same network (relational MLP relation_width → H → H → E with ReLU,
object MLP object_width + E → H → 2 with ReLU, linear outputs), the same loss (mean
squared error of the normalised Δv), the same gradient clipping (global norm) and
the same Adam (β 0.9 / 0.999, ε 1e-8, bias-corrected), in float64 like Orrery,
jit-compiles one training step (batch gather included) and times the same number
of steps over the same batches. Prints `name<TAB>value<TAB>unit` lines.

usage: objectnet_jax.py DIR [--float32] [--repeats R]
"""
import json
import os
import sys
import time

import numpy as np


def main(argv):
    folder = argv[0]
    single = "--float32" in argv
    repeats = int(argv[argv.index("--repeats") + 1]) if "--repeats" in argv else 3
    import jax

    jax.config.update("jax_enable_x64", not single)
    import jax.numpy as jnp

    dtype = np.float32 if single else np.float64
    meta = json.load(open(os.path.join(folder, "meta.json")))

    def load(name, kind):
        return np.fromfile(os.path.join(folder, name), dtype="<f8" if kind == "f" else "<i8")

    rw, ow, tw = meta["relation_width"], meta["object_width"], meta["output_width"]
    relations = load("relations.f64", "f").reshape(-1, rw).astype(dtype)
    receivers = load("receivers.i64", "i")
    objects = load("objects.f64", "f").reshape(-1, ow).astype(dtype)
    targets = load("targets.f64", "f").reshape(-1, tw).astype(dtype)
    rstart = load("relation_start.i64", "i")
    ostart = load("object_start.i64", "i")
    order = load("order.i64", "i")
    batch, steps = meta["batch"], meta["steps"]
    hidden, effect = meta["hidden"], meta["effect"]

    # Every world has the same shape (three moving balls, four walls), so one batch has
    # static shapes and the gather can live inside the compiled step.
    rel_per = np.diff(rstart)
    obj_per = np.diff(ostart)
    assert (rel_per == rel_per[0]).all() and (obj_per == obj_per[0]).all(), "worlds differ in shape"
    rel_per, obj_per = int(rel_per[0]), int(obj_per[0])
    local_receivers = receivers[: rel_per]
    for e in range(min(50, len(rstart) - 1)):
        assert (receivers[rstart[e]: rstart[e + 1]] == local_receivers).all()

    rng = np.random.default_rng(1)

    def he(fan_in, fan_out):
        return rng.normal(0, np.sqrt(2.0 / fan_in), (fan_in, fan_out)).astype(dtype)

    def xavier(fan_in, fan_out):
        limit = np.sqrt(6.0 / (fan_in + fan_out))
        return rng.uniform(-limit, limit, (fan_in, fan_out)).astype(dtype)

    def mlp(sizes):
        layers = []
        for i in range(len(sizes) - 1):
            last = i == len(sizes) - 2
            w = (xavier if last else he)(sizes[i], sizes[i + 1])
            layers.append((jnp.asarray(w), jnp.zeros((sizes[i + 1],), dtype)))
        return layers

    params = [mlp([rw, hidden, hidden, effect]), mlp([ow + effect, hidden, tw])]

    def run(layers, x):
        for i, (w, b) in enumerate(layers):
            x = x @ w + b
            if i < len(layers) - 1:
                x = jax.nn.relu(x)
        return x

    # Batch index arrays: relation rows and object rows of each world, and where the
    # effects of each relation go within the batch.
    rel_offsets = jnp.arange(rel_per)
    obj_offsets = jnp.arange(obj_per)
    batch_receivers = jnp.asarray((np.arange(batch)[:, None] * obj_per + local_receivers[None, :]).reshape(-1))
    relations_d = jnp.asarray(relations)
    objects_d = jnp.asarray(objects)
    targets_d = jnp.asarray(targets)
    rstart_d = jnp.asarray(rstart)
    ostart_d = jnp.asarray(ostart)

    def loss_fn(params, worlds):
        rel_rows = (rstart_d[worlds][:, None] + rel_offsets[None, :]).reshape(-1)
        obj_rows = (ostart_d[worlds][:, None] + obj_offsets[None, :]).reshape(-1)
        effects = run(params[0], relations_d[rel_rows])
        summed = jax.ops.segment_sum(effects, batch_receivers, num_segments=batch * obj_per)
        out = run(params[1], jnp.concatenate([objects_d[obj_rows], summed], axis=1))
        return jnp.mean((out - targets_d[obj_rows]) ** 2)

    b1, b2, eps, lr, clip = 0.9, 0.999, 1e-8, meta["learning_rate"], meta["gradient_clip"]

    @jax.jit
    def train_step(params, m, v, t, worlds):
        loss, grads = jax.value_and_grad(loss_fn)(params, worlds)
        leaves = jax.tree_util.tree_leaves(grads)
        norm = jnp.sqrt(sum(jnp.sum(g * g) for g in leaves))
        scale = jnp.where(norm > clip, clip / norm, 1.0)
        grads = jax.tree_util.tree_map(lambda g: g * scale, grads)
        t = t + 1
        m = jax.tree_util.tree_map(lambda m, g: b1 * m + (1 - b1) * g, m, grads)
        v = jax.tree_util.tree_map(lambda v, g: b2 * v + (1 - b2) * g * g, v, grads)
        c1, c2 = 1 - b1 ** t, 1 - b2 ** t
        params = jax.tree_util.tree_map(lambda p, m, v: p - lr * (m / c1) / (jnp.sqrt(v / c2) + eps), params, m, v)
        return params, m, v, t, loss

    zeros = jax.tree_util.tree_map(jnp.zeros_like, params)
    batches = jnp.asarray(order.reshape(steps, batch))
    t0 = jnp.asarray(0.0, dtype)

    # Compile and warm up on the first batches, then time from fresh weights.
    p, m, v, t = params, zeros, zeros, t0
    for s in range(min(10, steps)):
        p, m, v, t, loss = train_step(p, m, v, t, batches[s])
    loss.block_until_ready()

    # Best of `repeats` runs from the same weights (the machine is shared), as Orrery does:
    # by CPU time (user + system of every thread of this process), wall time beside it.
    seconds = wall = float("inf")
    for _ in range(repeats):
        p, m, v, t = params, zeros, zeros, t0
        cpu_start, wall_start = time.process_time(), time.perf_counter()
        first = None
        for s in range(steps):
            p, m, v, t, loss = train_step(p, m, v, t, batches[s])
            if s == 0:
                first = loss
        loss.block_until_ready()
        cpu, elapsed = time.process_time() - cpu_start, time.perf_counter() - wall_start
        if cpu < seconds:
            seconds, wall = cpu, elapsed
    tag = "jax32" if single else "jax"
    print(f"{tag}.version\t{jax.__version__}\t-")
    print(f"{tag}.devices\t{jax.devices()[0].platform}\t-")
    print(f"{tag}.steps\t{steps}\tsteps")
    print(f"{tag}.seconds\t{seconds}\tcpu s")
    print(f"{tag}.wall_seconds\t{wall}\ts")
    print(f"{tag}.wall_steps_per_second\t{steps / wall}\tsteps/s")
    print(f"{tag}.steps_per_second\t{steps / seconds}\tsteps/s")
    print(f"{tag}.loss_first\t{float(first)}\tmse")
    print(f"{tag}.loss_last\t{float(loss)}\tmse")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
