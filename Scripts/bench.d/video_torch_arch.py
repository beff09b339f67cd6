#!/usr/bin/env python3
"""The native video model's architecture and loss, written in PyTorch, to time its training
against the native one (Scripts/bench bridge throughput; OrreryBench drives both).

    video_torch_arch.py EXPORT PICKS [--dtype float32|float64] [--threads 1] [--lr 0.002]
        [--size 64] [--channels 8] [--dim 32] [--window 2] [--hidden 128] [--horizon 6]

EXPORT is an Orrery dataset export (orrery_dataset.py loads it); PICKS a JSON file
{"batches": [[[rollout, start], …], …]} naming the training examples of each minibatch,
written by the native side so both train on the same examples in the same order. An
example is `window` context frames and the `horizon` frames after them.

The network mirrors Sources/WorldKit/ModelFamilies/Video (window variant, memory 0,
anchored frames; docs/models.md §9):
  encoder: conv 4×4/2 (3→c), ReLU, conv 4×4/2 (c→2c), ReLU, conv 4×4/2 (2c→2c), ReLU,
           flatten, dense → z (dim)
  decoder: dense (dim → 2c·(S/8)²), ReLU, unflatten, convT 4×4/2 (2c→2c), ReLU,
           convT 4×4/2 (2c→c), ReLU, convT 4×4/2 (c→3), sigmoid
  dynamics: MLP [window·dim, hidden (tanh), hidden (tanh), dim]; z_{t+1} = z_t + f(z_t … z_{t−window+1})
  loss: the context frames are encoded, the dynamics unroll `horizon` steps on their own
        latents, every latent is decoded; pixel MSE over all frames, the predicted ones
        anchored (F_last + D(z_t) − D(z_last)).
Optimiser: Adam, as the native trainer (its gradient clipping by global norm included).

Prints one JSON line: examples, CPU seconds of the timed loop (time.process_time), examples
per second, the parameter count and each tensor's size in the native network's order (to check
the architectures match) and the last loss.
"""
import argparse
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "external"))
import orrery_dataset  # noqa: E402


class NativeVideoNetwork(nn.Module):
    def __init__(self, size, channels, dim, window, hidden):
        super().__init__()
        c, self.grid, self.channels, self.window, self.dim = channels, size // 8, channels, window, dim
        flat = 2 * c * self.grid * self.grid
        self.down = nn.ModuleList([nn.Conv2d(3, c, 4, 2, 1), nn.Conv2d(c, 2 * c, 4, 2, 1), nn.Conv2d(2 * c, 2 * c, 4, 2, 1)])
        self.encoder = nn.Linear(flat, dim)
        self.decoder = nn.Linear(dim, flat)
        self.up = nn.ModuleList([nn.ConvTranspose2d(2 * c, 2 * c, 4, 2, 1), nn.ConvTranspose2d(2 * c, c, 4, 2, 1),
                                 nn.ConvTranspose2d(c, 3, 4, 2, 1)])
        self.dynamics = nn.Sequential(nn.Linear(window * dim, hidden), nn.Tanh(), nn.Linear(hidden, hidden), nn.Tanh(),
                                      nn.Linear(hidden, dim))
        with torch.no_grad():
            self.dynamics[-1].weight.mul_(0.1)   # start near "nothing changes", as the native network does

    def encode(self, frames):
        x = frames
        for layer in self.down:
            x = torch.relu(layer(x))
        return self.encoder(x.flatten(1))

    def decode(self, z):
        x = torch.relu(self.decoder(z)).view(z.shape[0], 2 * self.channels, self.grid, self.grid)
        for i, layer in enumerate(self.up):
            x = layer(x)
            x = torch.relu(x) if i < len(self.up) - 1 else torch.sigmoid(x)
        return x

    def sequence_loss(self, clip, context, horizon):
        """clip: (T, B, 3, S, S) with T = context + horizon; the native sequenceLoss."""
        t, b = clip.shape[0], clip.shape[1]
        zc = self.encode(clip[:context].reshape(context * b, *clip.shape[2:]))
        zs = list(zc.view(context, b, -1).unbind(0))
        for s in range(context - 1, t - 1):
            window = torch.cat([zs[max(0, s - k)] for k in range(self.window)], 1)   # newest first
            nxt = zs[s] + self.dynamics(window)
            if s + 1 >= context:
                zs.append(nxt)
        y = self.decode(torch.cat(zs, 0)).view(t, b, *clip.shape[2:])
        anchor = clip[context - 1] - y[context - 1]
        predicted = anchor.unsqueeze(0) + y[context:]
        squared = torch.cat([(y[:context] - clip[:context]) ** 2, (predicted - clip[context:]) ** 2], 0)
        return squared.mean()


def main(argv):
    p = argparse.ArgumentParser()
    p.add_argument("export")
    p.add_argument("picks")
    p.add_argument("--dtype", choices=["float32", "float64"], default="float32")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--lr", type=float, default=2e-3)
    p.add_argument("--clip", type=float, default=0, help="global gradient-norm clip (0: none)")
    p.add_argument("--size", type=int, default=64)
    p.add_argument("--channels", type=int, default=8)
    p.add_argument("--dim", type=int, default=32)
    p.add_argument("--window", type=int, default=2)
    p.add_argument("--hidden", type=int, default=128)
    p.add_argument("--horizon", type=int, default=6)
    p.add_argument("--seed", type=int, default=0)
    args = p.parse_args(argv)
    torch.manual_seed(args.seed)
    torch.set_num_threads(args.threads)
    dtype = getattr(torch, args.dtype)
    data = orrery_dataset.load(args.export)
    with open(args.picks) as f:
        batches = json.load(f)["batches"]
    model = NativeVideoNetwork(args.size, args.channels, args.dim, args.window, args.hidden).to(dtype)
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    context, length = args.window, args.window + args.horizon

    def clip_of(batch):
        frames = np.stack([data.frames[r][s:s + length] for r, s in batch], 1)   # (T, B, S, S, 3)
        return torch.from_numpy(frames).to(dtype).div_(255).permute(0, 1, 4, 2, 3).contiguous()

    # The first minibatch untimed (first calls allocate and pick kernels), then the others timed.
    def step(batch):
        loss = model.sequence_loss(clip_of(batch), context, args.horizon)
        optimiser.zero_grad()
        loss.backward()
        if args.clip > 0:
            nn.utils.clip_grad_norm_(model.parameters(), args.clip)
        optimiser.step()
        return loss.item()

    step(batches[0])
    examples = 0
    started = time.process_time()
    for batch in batches[1:]:
        loss = step(batch)
        examples += len(batch)
    seconds = time.process_time() - started
    print(json.dumps({"dtype": args.dtype, "threads": args.threads, "examples": examples, "cpu_seconds": seconds,
                      "examples_per_second": examples / seconds, "loss": loss,
                      "parameters": sum(t.numel() for t in model.parameters()),
                      # In the native network's tensor order (down…, encoder, decoder, up…, dynamics).
                      "tensor_sizes": [t.numel() for t in model.parameters()]}))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
