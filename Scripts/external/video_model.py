#!/usr/bin/env python3
"""A reference video world model in PyTorch: a convolutional GRU predicting the next frame.

    python3 video_model.py train DATA [--out model.pt] [--steps N] [--seed S] [--context C]
    python3 video_model.py serve (--model model.pt | --data DATA [train options])

`train` reads an Orrery export (`export(data, "name")`, loaded by orrery_dataset.py) and
writes a checkpoint; `serve` speaks the external-model protocol, version 2, on
stdin/stdout (docs/external-protocol.md): it takes frames only (no body states) and
gives frames only. `serve --data DATA` trains first, then serves.

Architecture (the survey's explicit, latent-state family): an encoder of two strided
4×4 convolutions (64×64×3 → 16×16×32), a ConvGRU cell (3×3) holding a 16×16×32 state,
and a decoder of two 4×4 transposed convolutions back to 64×64×3 with a sigmoid. A step
eats a frame and the state and predicts the next frame. Training: the context is teacher-forced, then the model
eats its own predictions for `--horizon` steps (it is scored that way too); loss is pixel
MSE. CPU by default (one thread, deterministic for a seed); `--device cuda` when present.

The state the host keeps is {"h": base64 float32 hidden state, "frame": base64 uint8 frame},
so the program keeps nothing between requests and the host can branch rollouts.
"""
import argparse
import base64
import json
import os
import sys
import time

import numpy as np
import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import orrery_dataset  # noqa: E402
import orrery_frames  # noqa: E402

PROTOCOL_VERSION = 2


class ConvGRUCell(nn.Module):
    def __init__(self, channels, hidden, kernel=3):
        super().__init__()
        self.hidden = hidden
        self.gates = nn.Conv2d(channels + hidden, 2 * hidden, kernel, padding=kernel // 2)
        self.candidate = nn.Conv2d(channels + hidden, hidden, kernel, padding=kernel // 2)

    def forward(self, x, h):
        z, r = torch.sigmoid(self.gates(torch.cat([x, h], 1))).chunk(2, 1)
        n = torch.tanh(self.candidate(torch.cat([x, r * h], 1)))
        return (1 - z) * h + z * n


class VideoModel(nn.Module):
    def __init__(self, width=64, height=64, channels=16, hidden=32):
        super().__init__()
        self.width, self.height, self.channels, self.hidden_channels = width, height, channels, hidden
        self.encoder = nn.Sequential(
            nn.Conv2d(3, channels, 4, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(channels, 2 * channels, 4, stride=2, padding=1), nn.ReLU())
        self.cell = ConvGRUCell(2 * channels, hidden)
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(hidden, channels, 4, stride=2, padding=1), nn.ReLU(),
            nn.ConvTranspose2d(channels, 3, 4, stride=2, padding=1))

    def initial(self, batch, device):
        return torch.zeros(batch, self.hidden_channels, self.height // 4, self.width // 4, device=device)

    def forward(self, frame, h):
        """frame: (B, 3, H, W) in [0, 1]; returns the next frame's prediction and the new state."""
        h = self.cell(self.encoder(frame), h)
        # Predict a change to the current frame: the background stays put for free.
        return torch.clamp(frame + self.decoder(h), 0, 1), h

    def config(self):
        return {"width": self.width, "height": self.height, "channels": self.channels, "hidden": self.hidden_channels}


def setup(seed, device, threads):
    torch.manual_seed(seed)
    np.random.seed(seed & 0xFFFFFFFF)
    if device == "cpu":
        torch.set_num_threads(threads)
        torch.use_deterministic_algorithms(True)
    return torch.device(device)


def default_device():
    return "cuda" if torch.cuda.is_available() else "cpu"


def to_tensor(frames, device):
    """uint8 (..., H, W, 3) -> float (..., 3, H, W) in [0, 1]."""
    t = torch.from_numpy(np.ascontiguousarray(frames)).to(device=device, dtype=torch.float32) / 255
    return t.movedim(-1, -3)


def train(args):
    device = setup(args.seed, args.device or default_device(), args.threads)
    data = orrery_dataset.load(args.data)
    train_ids = data.train or list(range(len(data)))
    frames = [data.frames[i] for i in train_ids]
    _, height, width, _ = frames[0].shape
    model = VideoModel(width, height, args.channels, args.hidden).to(device)
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    window = args.context + args.horizon
    # Every window start of every training rollout, sampled with a seeded generator.
    starts = [(r, t) for r, f in enumerate(frames) for t in range(0, len(f) - window)]
    if not starts:
        raise SystemExit(f"video_model: rollouts of {len(frames[0])} frames are shorter than context + horizon = {window + 1}")
    rng = np.random.default_rng(args.seed)
    started = time.monotonic()
    for step in range(args.steps):
        picks = rng.integers(0, len(starts), size=args.batch)
        clip = to_tensor(np.stack([frames[starts[p][0]][starts[p][1]:starts[p][1] + window + 1] for p in picks]), device)
        h = model.initial(args.batch, device)
        loss = 0.0
        frame = clip[:, 0]
        for t in range(window):
            # Teacher forcing through the context, then the model eats its own output.
            if t < args.context:
                frame = clip[:, t]
            prediction, h = model(frame, h)
            if t >= args.context - 1:
                loss = loss + torch.mean((prediction - clip[:, t + 1]) ** 2)
            frame = prediction
        loss = loss / (args.horizon + 1)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if args.verbose and (step % 20 == 0 or step == args.steps - 1):
            print(f"step {step} loss {loss.item():.6f} ({time.monotonic() - started:.1f} s)", file=sys.stderr)
    model.eval()
    return model.cpu(), {"context": args.context, "seed": args.seed, "steps": args.steps}


def save(model, info, path):
    torch.save({"config": model.config(), "state": model.state_dict(), "info": info}, path)


def load(path):
    saved = torch.load(path, map_location="cpu", weights_only=True)
    c = saved["config"]
    model = VideoModel(c["width"], c["height"], c["channels"], c["hidden"])
    model.load_state_dict(saved["state"])
    model.eval()
    return model, saved["info"]


# MARK: - Serving (protocol version 2)

def pack(h, frame):
    return {"h": base64.b64encode(h.numpy().astype("<f4").tobytes()).decode("ascii"),
            "frame": base64.b64encode(frame.tobytes()).decode("ascii")}


def unpack(model, state):
    h = np.frombuffer(base64.b64decode(state["h"]), dtype="<f4").copy()
    h = torch.from_numpy(h).reshape(1, model.hidden_channels, model.height // 4, model.width // 4)
    frame = np.frombuffer(base64.b64decode(state["frame"]), dtype=np.uint8).reshape(model.height, model.width, 3)
    return h, frame


def serve(model, info, encoding):
    context = info["context"]

    def reply(obj):
        # One write for the whole line: a 16 KB frame through the 8 KB text buffer would
        # reach the host in pieces, each a wake-up on a busy machine.
        sys.stdout.buffer.write((json.dumps(obj, separators=(",", ":")) + "\n").encode())
        sys.stdout.buffer.flush()

    @torch.no_grad()
    def advance(h, frame):
        prediction, h = model(to_tensor(frame[None], "cpu"), h)
        out = (prediction[0].movedim(0, -1).numpy() * 255).round().astype(np.uint8)
        return h, out

    for line in sys.stdin:
        try:
            request = json.loads(line)
            kind = request.get("type")
            if kind == "hello":
                size = [model.width, model.height]
                reply({"type": "hello", "version": PROTOCOL_VERSION, "name": "ConvGRU video model (PyTorch)",
                       "context": context,
                       "takes": {"bodies": False, "frames": size, "encoding": encoding},
                       "gives": {"bodies": False, "frames": size},
                       "taxonomy": {"state": "explicit", "memory": "latent",
                                    "summary": "a ConvGRU over strided-convolution features predicting the next frame (PyTorch)"}})
            elif kind == "start":
                frames = [orrery_frames.decode(o["frame"]) for o in request["context"]]
                h = model.initial(1, "cpu")
                for f in frames[:-1]:
                    h, _ = advance(h, f)
                reply({"type": "state", "step": request["context"][-1]["step"], "state": pack(h, frames[-1])})
            elif kind == "step":
                h, frame = unpack(model, request["state"])
                h, frame = advance(h, frame)
                reply({"type": "state", "state": pack(h, frame)})
            elif kind == "decode":
                _, frame = unpack(model, request["state"])
                reply({"type": "decoded", "frame": orrery_frames.encode(frame, "raw")})
            elif kind == "shutdown":
                reply({"type": "bye"})
                return 0
            else:
                reply({"type": "error", "message": f"'{kind}' is not supported by this model"})
        except (KeyError, ValueError, TypeError) as e:
            reply({"type": "error", "message": f"bad request: {e}"})
    return 0


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("train", "serve"):
        p = sub.add_parser(name)
        if name == "train":
            p.add_argument("data")
            p.add_argument("--out", default="video_model.pt")
        else:
            p.add_argument("--model")
            p.add_argument("--data")
            p.add_argument("--encoding", choices=["raw", "png"], default="raw")
        p.add_argument("--steps", type=int, default=300, help="optimiser steps")
        p.add_argument("--batch", type=int, default=8)
        p.add_argument("--lr", type=float, default=2e-3)
        p.add_argument("--context", type=int, default=8)
        p.add_argument("--horizon", type=int, default=6, help="closed-loop steps trained after the context")
        p.add_argument("--channels", type=int, default=16)
        p.add_argument("--hidden", type=int, default=32)
        p.add_argument("--seed", type=int, default=0)
        p.add_argument("--device", choices=["cpu", "cuda"])
        p.add_argument("--threads", type=int, default=1, help="CPU threads (results are bit-identical for a seed at a given count)")
        p.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "train":
        model, info = train(args)
        save(model, info, args.out)
        return 0
    if args.model:
        model, info = load(args.model)
        torch.set_num_threads(args.threads)
    elif args.data:
        model, info = train(args)
    else:
        parser.error("serve needs --model FILE or --data EXPORT")
    return serve(model, info, args.encoding)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
