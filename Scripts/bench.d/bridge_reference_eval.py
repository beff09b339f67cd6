#!/usr/bin/env python3
"""PSNR per horizon of trained PyTorch reference checkpoints on an export's held-out rollouts,
beside repeating the last context frame and continuing its last change, in Python alone
(no host in the loop; `Scripts/bench bridge reference` scores through the protocol).

    Scripts/external/torch-python Scripts/bench.d/bridge_reference_eval.py EXPORT CKPT... [--context 8] [--horizon 30]

Each held-out rollout is started from its first `context` frames; the model then predicts
`horizon` frames on its own output, as `serve` does (uint8 frames between steps). PSNR is
that of the mean pixel MSE over the rollouts at each horizon (8-bit scale); mean ± sd over
the checkpoints (one per training seed).
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "external"))
import orrery_dataset  # noqa: E402
import video_model  # noqa: E402


def psnr(mse):
    return 10 * np.log10(255.0 ** 2 / mse)


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("export")
    p.add_argument("checkpoints", nargs="+")
    p.add_argument("--context", type=int, default=8)
    p.add_argument("--horizon", type=int, default=30)
    args = p.parse_args(argv)
    d = orrery_dataset.load(args.export)
    rollouts = [d.frames[i] for i in d.held_out if len(d.frames[i]) >= args.context + args.horizon]
    c, n = args.context, args.horizon
    repeat, change = np.zeros(n), np.zeros(n)
    for f in rollouts:
        last, before = f[c - 1].astype(float), f[c - 2].astype(float)
        for h in range(n):
            truth = f[c + h].astype(float)
            repeat[h] += np.mean((last - truth) ** 2) / len(rollouts)
            continued = np.clip(np.round(last + (h + 1) * (last - before)), 0, 255)
            change[h] += np.mean((continued - truth) ** 2) / len(rollouts)
    curves = []
    for path in args.checkpoints:
        model, _ = video_model.load(path)
        mse = np.zeros(n)
        for f in rollouts:
            h_state, previous, frame = video_model.start(model, list(f[:c]))
            for h in range(n):
                h_state, prediction = video_model.advance(model, h_state, previous, frame)
                previous, frame = frame, prediction
                mse[h] += np.mean((prediction.astype(float) - f[c + h].astype(float)) ** 2) / len(rollouts)
        curves.append(psnr(mse))
    curves = np.array(curves)
    mean, sd = curves.mean(0), (curves.std(0, ddof=1) if len(curves) > 1 else np.zeros(n))
    print(f"# {len(rollouts)} held-out rollouts of {args.export}, {c}-frame context, {n} predicted frames, "
          f"{len(curves)} checkpoints (mean ± sd)")
    print("| horizon | PyTorch | repeat last frame | continue last change |")
    print("|---|---|---|---|")
    for h in range(n):
        if h < 5 or (h + 1) % 5 == 0:
            print(f"| {h + 1} | {mean[h]:.2f} ± {sd[h]:.2f} | {psnr(repeat[h]):.2f} | {psnr(change[h]):.2f} |")
    above = int(np.sum(mean > psnr(repeat)))
    every = int(np.sum(np.all(curves > psnr(repeat), axis=0)))
    print(f"PyTorch above repeat-last-frame at {above} of {n} horizons (mean over checkpoints); every checkpoint above at {every} of {n}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
