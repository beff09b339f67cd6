#!/usr/bin/env python3
"""A reference video world model in PyTorch: a convolutional GRU predicting the next frame.

    python3 video_model.py train DATA [--out model.pt] [--steps N] [--seed S] [--context C]
    python3 video_model.py serve (--model model.pt | --data DATA [train options])

`train` reads an Orrery export (`export(data, "name")`, loaded by orrery_dataset.py) and
writes a checkpoint; `serve` speaks the external-model protocol, version 2, on
stdin/stdout (docs/external-protocol.md): it takes frames only (no body states) and
gives frames only. `serve --data DATA` trains first, then serves.

Architecture (the survey's explicit, latent-state family): a step sees the current frame
and its change since the previous frame (6 channels; `--inputs frame` gives the frame
alone), an encoder of two strided 4×4 convolutions (64×64 → 16×16×2c), a ConvGRU cell
(3×3) holding a 16×16×`hidden` state, and a decoder of two 4×4 transposed convolutions back
to 64×64; a last 3×3 convolution sees those features beside the full-resolution input (a
skip; `--no-skip` drops it) and gives the change to the current frame, clamped to [0, 1].
The last layer starts at zero, so the untrained model repeats the last frame and training
moves it from that baseline. Training: the context is teacher-forced, then the model eats
its own predictions for `--horizon` steps (it is scored that way too); the loss is pixel
MSE, with `--motion-weight W` adding W to the weight of pixels that change in the true next
frame (the balls are a few pixels of a 64×64 frame: unweighted, the background dominates).
CPU by default (one thread, deterministic for a seed); `--device cuda` when present.
`train` prints one JSON line (the settings and the training loop's CPU seconds).

The state the host keeps is {"h": base64 float32 hidden state, "previous", "frame": base64
uint8 frames}, so the program keeps nothing between requests and the host can branch rollouts.
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
    """A step eats the current frame, its change since the previous frame and the state,
    and predicts the next frame as the current one plus a decoded change."""

    def __init__(self, width=64, height=64, channels=16, hidden=32, inputs="diff", skip=True):
        super().__init__()
        self.width, self.height, self.channels, self.hidden_channels = width, height, channels, hidden
        self.inputs, self.skip = inputs, skip
        given = 6 if inputs == "diff" else 3
        self.encoder = nn.Sequential(
            nn.Conv2d(given, channels, 4, stride=2, padding=1), nn.ReLU(),
            nn.Conv2d(channels, 2 * channels, 4, stride=2, padding=1), nn.ReLU())
        self.cell = ConvGRUCell(2 * channels, hidden)
        out = channels if skip else 3
        self.decoder = nn.Sequential(
            nn.ConvTranspose2d(hidden, channels, 4, stride=2, padding=1), nn.ReLU(),
            nn.ConvTranspose2d(channels, out, 4, stride=2, padding=1))
        # The skip: full-resolution features meet the input frame (and its change) in a last
        # 3×3 convolution, so edges can move by less than a pixel.
        self.head = nn.Conv2d(channels + given, 3, 3, padding=1) if skip else None
        last = self.head if skip else self.decoder[-1]
        # Start as "nothing changes" (repeat the last frame) and learn the change from there.
        nn.init.zeros_(last.weight)
        nn.init.zeros_(last.bias)

    def initial(self, batch, device):
        return torch.zeros(batch, self.hidden_channels, self.height // 4, self.width // 4, device=device)

    def forward(self, frame, previous, h):
        """frame, previous: (B, 3, H, W) in [0, 1]; returns the next frame's prediction and the new state."""
        x = torch.cat([frame, frame - previous], 1) if self.inputs == "diff" else frame
        h = self.cell(self.encoder(x), h)
        d = self.decoder(h)
        if self.head is not None:
            d = self.head(torch.cat([torch.relu(d), x], 1))
        # Predict a change to the current frame: the background stays put for free.
        return torch.clamp(frame + d, 0, 1), h

    def config(self):
        return {"width": self.width, "height": self.height, "channels": self.channels, "hidden": self.hidden_channels,
                "inputs": self.inputs, "skip": self.skip}


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


def to_frame(prediction):
    """A (3, H, W) prediction in [0, 1] as the uint8 (H, W, 3) frame the host is given."""
    return (prediction.movedim(0, -1).cpu().numpy() * 255).round().astype(np.uint8)


def motion_weights(target, current, weight):
    """1 everywhere plus `weight` where the true next frame differs from the current true
    frame (dilated by a pixel): the few moving pixels count as much as the background."""
    moved = (target - current).abs().amax(1, keepdim=True) > 0.5 / 255
    moved = torch.nn.functional.max_pool2d(moved.float(), 3, stride=1, padding=1)
    return 1 + weight * moved


def train(args):
    device = setup(args.seed, args.device or default_device(), args.threads)
    data = orrery_dataset.load(args.data)
    train_ids = data.train or list(range(len(data)))
    frames = [data.frames[i] for i in train_ids]
    _, height, width, _ = frames[0].shape
    model = VideoModel(width, height, args.channels, args.hidden, args.inputs, not args.no_skip).to(device)
    optimiser = torch.optim.Adam(model.parameters(), lr=args.lr)
    window = args.context + args.horizon
    # Every window start of every training rollout, sampled with a seeded generator.
    starts = [(r, t) for r, f in enumerate(frames) for t in range(0, len(f) - window)]
    if not starts:
        raise SystemExit(f"video_model: rollouts of {len(frames[0])} frames are shorter than context + horizon = {window + 1}")
    rng = np.random.default_rng(args.seed)
    started = time.process_time()
    for step in range(args.steps):
        picks = rng.integers(0, len(starts), size=args.batch)
        clip = to_tensor(np.stack([frames[starts[p][0]][starts[p][1]:starts[p][1] + window + 1] for p in picks]), device)
        h = model.initial(args.batch, device)
        loss = 0.0
        previous, frame = clip[:, 0], clip[:, 0]
        for t in range(window):
            # Teacher forcing through the context, then the model eats its own output.
            if t < args.context:
                previous, frame = (clip[:, t - 1] if t > 0 else clip[:, 0]), clip[:, t]
            prediction, h = model(frame, previous, h)
            if t >= args.context - 1:
                target = clip[:, t + 1]
                squared = (prediction - target) ** 2
                if args.motion_weight > 0:
                    squared = squared * motion_weights(target, clip[:, t], args.motion_weight)
                loss = loss + torch.mean(squared)
            previous, frame = frame, prediction
        loss = loss / (args.horizon + 1)
        optimiser.zero_grad()
        loss.backward()
        optimiser.step()
        if args.verbose and (step % 50 == 0 or step == args.steps - 1):
            print(f"step {step} loss {loss.item():.7f} ({time.process_time() - started:.1f} s CPU)", file=sys.stderr)
    model.eval()
    info = {"context": args.context, "seed": args.seed, "steps": args.steps, "motion_weight": args.motion_weight,
            "horizon": args.horizon}
    # Kept out of `info`: the checkpoint's bytes are the same for a seed, whatever the machine's load.
    model.cpu_seconds = round(time.process_time() - started, 3)
    return model.cpu(), info


@torch.no_grad()
def advance(model, h, previous, frame):
    """One step from uint8 frames: the new state and the predicted frame (uint8), as served."""
    prediction, h = model(to_tensor(frame[None], "cpu"), to_tensor(previous[None], "cpu"), h)
    return h, to_frame(prediction[0])


def start(model, context):
    """The state after a context of uint8 frames: (h, previous frame, last frame)."""
    h = model.initial(1, "cpu")
    previous = context[0]
    for f in context[:-1]:
        h, _ = advance(model, h, previous, f)
        previous = f
    return h, previous, context[-1]


def save(model, info, path):
    torch.save({"config": model.config(), "state": model.state_dict(), "info": info}, path)


def load(path):
    saved = torch.load(path, map_location="cpu", weights_only=True)
    c = saved["config"]
    model = VideoModel(c["width"], c["height"], c["channels"], c["hidden"], c.get("inputs", "frame"), c.get("skip", False))
    model.load_state_dict(saved["state"])
    model.eval()
    return model, saved["info"]


# MARK: - Serving (protocol version 2)

def pack(h, previous, frame):
    b64 = lambda a: base64.b64encode(a.tobytes()).decode("ascii")
    return {"h": b64(h.numpy().astype("<f4")), "previous": b64(previous), "frame": b64(frame)}


def unpack(model, state):
    h = np.frombuffer(base64.b64decode(state["h"]), dtype="<f4").copy()
    h = torch.from_numpy(h).reshape(1, model.hidden_channels, model.height // 4, model.width // 4)
    shape = (model.height, model.width, 3)
    previous = np.frombuffer(base64.b64decode(state["previous"]), dtype=np.uint8).reshape(shape)
    frame = np.frombuffer(base64.b64decode(state["frame"]), dtype=np.uint8).reshape(shape)
    return h, previous, frame


def serve(model, info, encoding):
    context = info["context"]

    def reply(obj):
        # One write for the whole line: a 16 KB frame through the 8 KB text buffer would
        # reach the host in pieces, each a wake-up on a busy machine.
        sys.stdout.buffer.write((json.dumps(obj, separators=(",", ":")) + "\n").encode())
        sys.stdout.buffer.flush()

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
                reply({"type": "state", "step": request["context"][-1]["step"], "state": pack(*start(model, frames))})
            elif kind == "step":
                h, previous, frame = unpack(model, request["state"])
                h, prediction = advance(model, h, previous, frame)
                reply({"type": "state", "state": pack(h, frame, prediction)})
            elif kind == "decode":
                _, _, frame = unpack(model, request["state"])
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
        p.add_argument("--inputs", choices=["diff", "frame"], default="diff",
                       help="diff: the encoder sees the frame and its change since the previous frame")
        p.add_argument("--no-skip", action="store_true", help="no full-resolution skip into the last layer")
        p.add_argument("--motion-weight", type=float, default=0.0,
                       help="extra loss weight on pixels that move in the true next frame")
        p.add_argument("--seed", type=int, default=0)
        p.add_argument("--device", choices=["cpu", "cuda"])
        p.add_argument("--threads", type=int, default=1, help="CPU threads (results are bit-identical for a seed at a given count)")
        p.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "train":
        model, info = train(args)
        save(model, info, args.out)
        print(json.dumps(dict(info, cpu_seconds=model.cpu_seconds)))   # one line: what was trained, and its CPU seconds
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
